import { describe, expect, it } from 'vitest';
import { emptyRelayForm, parseFixedNodePorts, parseRelayForm } from './relay-form';

const form = (patch: Partial<ReturnType<typeof emptyRelayForm>>) => ({ ...emptyRelayForm(), name: 'public', address: '203.0.113.10', node: 'node1', port: '30091', ...patch });

describe('parseRelayForm', () => {
  it('turns a complete form into the contract relay', () => {
    expect(parseRelayForm(form({ mode: 'l7', addsXForwardedFor: true, listenAddress: '203.0.113.11', listenPort: '9091' }), [])).toEqual({
      ok: true,
      relay: { name: 'public', address: '203.0.113.10', mode: 'l7', proxyProtocol: null, addsXForwardedFor: true, forwardsTo: { node: 'node1', port: 30091 }, listen: { address: '203.0.113.11', port: 9091 } },
    });
  });

  it('drops X-Forwarded-For on an L4 relay, keeps the PROXY protocol, and normalises IPv6', () => {
    const r = parseRelayForm(form({ address: '2001:DB8:0:0::10', addsXForwardedFor: true, proxyProtocol: 'v2' }), []);
    expect(r).toMatchObject({ ok: true, relay: { address: '2001:db8::10', addsXForwardedFor: false, proxyProtocol: 'v2', listen: null } });
  });

  it('names each wrong field', () => {
    expect(parseRelayForm(form({ name: 'Public Server', address: '203.0.113.300', node: '', port: '70000' }), [])).toEqual({
      ok: false,
      errors: { name: 'nameFormat', address: 'ip', node: 'nodeName', port: 'port' },
    });
    expect(parseRelayForm(form({}), ['public'])).toEqual({ ok: false, errors: { name: 'nameTaken' } });
    expect(parseRelayForm(form({ listenPort: '9090' }), [])).toEqual({ ok: false, errors: { listenAddress: 'listenPair' } });
    expect(parseRelayForm(form({ listenAddress: 'example.com', listenPort: '0' }), [])).toEqual({ ok: false, errors: { listenAddress: 'ip', listenPort: 'port' } });
    expect(parseRelayForm(form({ address: 'fe80::1%eth0' }), [])).toEqual({ ok: false, errors: { address: 'ip' } });
  });
});

describe('parseFixedNodePorts', () => {
  it('keeps the ports typed, refuses junk and one port for both services', () => {
    expect(parseFixedNodePorts({ Cluster: '', Local: ' 30091 ' })).toEqual({ ok: true, value: { Local: 30091 } });
    expect(parseFixedNodePorts({ Cluster: '30090', Local: '30091' })).toEqual({ ok: true, value: { Cluster: 30090, Local: 30091 } });
    expect(parseFixedNodePorts({ Cluster: '3009x', Local: '' })).toEqual({ ok: false, error: 'nodePort' });
    expect(parseFixedNodePorts({ Cluster: '30090', Local: '30090' })).toEqual({ ok: false, error: 'samePort' });
  });
});
