import { describe, expect, it } from 'vitest';
import { ProbeOptions } from '../contract/probe';
import { parseRelay } from './relay-spec';

describe('parseRelay', () => {
  it('reads every field, IPv6 test addresses in brackets, and passes the contract', () => {
    const relay = parseRelay('public=203.0.113.11,mode=l7,to=node1:30091,xff,listen=203.0.113.11:9091');
    expect(relay).toEqual({ name: 'public', address: '203.0.113.11', mode: 'l7', proxyProtocol: null, addsXForwardedFor: true, forwardsTo: { node: 'node1', port: 30091 }, listen: { address: '203.0.113.11', port: 9091 } });
    expect(parseRelay('edge=2001:db8::10,mode=l4,proxy=v2,to=node2:30090,listen=[2001:db8::11]:9090')).toMatchObject({ proxyProtocol: 'v2', listen: { address: '2001:db8::11', port: 9090 } });
    expect(ProbeOptions.safeParse({ contextId: '0123456789abcdef', target: { kind: 'matrix' }, relays: [relay] }).success).toBe(true);
  });

  it('says what is wrong', () => {
    expect(() => parseRelay('public=203.0.113.11,mode=l4')).toThrow(/expected name=address,mode=l4\|l7,to=node:port/);
    expect(() => parseRelay('public=relay.example.com,to=node1:30091')).toThrow(/"relay.example.com" is not an IP address/);
    expect(() => parseRelay('public=203.0.113.11,to=node1:30091,listen=localhost:9090')).toThrow(/listen address "localhost" is not an IP address/);
    expect(() => parseRelay('public=203.0.113.11,to=node1:70000')).toThrow(/expected name=address/);
    expect(() => parseRelay('public=203.0.113.11,mode=l5,to=node1:30091')).toThrow(/mode must be l4 or l7, not "l5"/);
  });
});
