// The questions inspect answers: declared relays join them when they forward to the service's
// nodePort, and their paths are predicted like the probe's relay cells (the same model).
import { describe, expect, it } from 'vitest';
import { makeInventory } from '../prediction/test-inventory';
import { answerQuestions } from './inspect';
import { defaultQuestions } from './questions';

const relay = { name: 'public', address: '203.0.113.10', mode: 'l7' as const, proxyProtocol: null, addsXForwardedFor: true, forwardsTo: { node: 'node1', port: 30080 } };

describe('defaultQuestions with relays', () => {
  it('asks one question per relay that forwards to a nodePort of the service, through its node', () => {
    const inv = makeInventory();
    const qs = defaultQuestions(inv, [{ kind: 'desktop' }], '203.0.113.1', [relay, { ...relay, name: 'elsewhere', forwardsTo: { node: 'node2', port: 31999 } }]);
    const relayQs = qs.filter((q) => q.origin.kind === 'relay');
    expect(relayQs.map((q) => q.id)).toEqual(['relay:public>nodePort:30080/TCP@node1']);
    expect(relayQs[0]!.target).toEqual({ kind: 'nodePort', port: 30080, node: 'node1', protocol: 'TCP' });
    expect(relayQs[0]!.origin).toEqual({ kind: 'relay', relay, clientAddress: '203.0.113.1' });
    expect(defaultQuestions(inv, [{ kind: 'desktop' }]).some((q) => q.origin.kind === 'relay')).toBe(false);
  });

  it('predicts the relay path as the probe judges it: node1 masquerades the relay to its bridge gateway, the client travels in X-Forwarded-For', () => {
    const [answer] = answerQuestions(makeInventory(), [], '203.0.113.1', [relay]);
    const path = answer!.prediction.paths[0]!;
    expect(path.hops.map((h) => h.sourceAfter)).toEqual(['203.0.113.1', '203.0.113.10', '203.0.113.10', '198.19.1.1', '198.19.1.1']);
    expect(path.hops[1]!.at).toMatchObject({ kind: 'relay', name: 'public' });
    expect(path.observed).toMatchObject({ address: '198.19.1.1', class: 'bridge-gateway', node: 'node1' });
    expect(path.verdict).toBe('proxied');
    expect(path.forwarded).toMatchObject({ xForwardedFor: '203.0.113.1', clientCarrier: 'x-forwarded-for' });
  });
});
