// Classification of observed sources (fact sheet §5 order, overlaps included) and comparison of
// observations with predictions.
import { describe, expect, it } from 'vitest';
import { renderStep } from '../explain/render';
import { predict } from '../prediction/predict';
import { makeInventory, makeNode, makePod, makeService } from '../prediction/test-inventory';
import type { ObservedClass, RelayDecl } from '../prediction/types';
import { classifyObservedSource, type ClassifyContext } from './classify';
import { compareWithPrediction } from './compare';

const relay: RelayDecl = { name: 'edge', address: '203.0.113.20', mode: 'l4', proxyProtocol: null, addsXForwardedFor: false, forwardsTo: { node: 'node1', port: 30080 } };
// A relay that runs on node1 itself: its address is also a node address.
const nodeRelay: RelayDecl = { ...relay, name: 'node1-nginx', address: '198.18.0.11' };

const context: ClassifyContext = {
  clientAddresses: ['203.0.113.1'],
  clientEgressOnLocalPath: '198.51.100.9',
  nodes: [
    makeNode('node1', '198.18.0.11', '198.19.1.0/24'),
    makeNode('node2', '198.18.0.12', '198.19.2.0/24', { tunnel: { kind: 'ipip', address: '198.19.2.128', source: 'projectcalico.org/IPv4IPIPTunnelAddr' } }),
  ],
  ingressPods: [makePod('ingress-nginx-controller-abc', '198.19.2.20', 'node2', { namespace: 'ingress-nginx' })],
  relays: [relay, nodeRelay],
  lbAddresses: ['198.18.100.1'],
};

describe('classifyObservedSource (fact sheet §5 order)', () => {
  it.each<[string, string, ObservedClass, string | null]>([
    ['the client’s own socket address', '203.0.113.1', 'client', null],
    ['the client address seen through a dual-stack socket', '::ffff:203.0.113.1', 'client', null],
    ['the client’s egress address (client behind its own NAT)', '198.51.100.9', 'client-egress', null],
    ['a node InternalIP: kube-proxy SNAT on that node', '198.18.0.12', 'node-ip', 'node2'],
    ['.1 of a pod CIDR: SNAT via the bridge', '198.19.1.1', 'bridge-gateway', 'node1'],
    ['.0 of a pod CIDR: SNAT via the flannel overlay', '198.19.1.0', 'overlay', 'node1'],
    ['a tunnel address: SNAT via tunl0', '198.19.2.128', 'overlay', 'node2'],
    ['an ingress pod: read the forwarded headers', '198.19.2.20', 'ingress-pod', 'node2'],
    ['a declared relay', '203.0.113.20', 'relay', null],
    ['a declared LB address', '198.18.100.1', 'lb', null],
    ['another pod of the cluster', '198.19.1.77', 'pod', 'node1'],
    ['anything else: unknown middlebox', '192.0.2.99', 'unknown', null],
  ])('%s', (_name, address, cls, node) => {
    const c = classifyObservedSource({ address }, context);
    expect(c.class).toBe(cls);
    expect(c.node).toBe(node);
    if (cls === 'relay') expect(c.relay).toBe('edge');
  });

  it('reports a node address that is also a relay as the node first, with the relay as an overlap', () => {
    const c = classifyObservedSource({ address: '198.18.0.11' }, context);
    expect(c).toMatchObject({ class: 'node-ip', node: 'node1', via: 'node-ip' });
    expect(c.also).toEqual([{ class: 'relay', node: null, via: null, relay: 'node1-nginx', pod: null }]);
  });

  it('reads X-Forwarded-For, X-Real-IP, Forwarded and the PROXY header', () => {
    const c = classifyObservedSource(
      {
        address: '198.19.2.20',
        headers: { 'X-Forwarded-For': '203.0.113.1, 198.18.0.11', 'x-real-ip': '203.0.113.1', Forwarded: 'for="[2001:db8::1]:4711";proto=http, for=198.18.0.11' },
      },
      context,
    );
    expect(c.forwarded).toMatchObject({
      xForwardedFor: ['203.0.113.1', '198.18.0.11'],
      xRealIp: '203.0.113.1',
      forwarded: ['2001:db8::1', '198.18.0.11'],
      headerClient: '203.0.113.1',
      headerClientIsClient: true,
    });
    const pp = classifyObservedSource({ address: '203.0.113.20', proxyHeader: { source: '203.0.113.1', destination: '203.0.113.20', version: 'v1' } }, context);
    expect(pp.forwarded).toMatchObject({ proxyProtocolSource: '203.0.113.1', headerClientIsClient: true });
  });

  it('explains the class in both languages', () => {
    const c = classifyObservedSource({ address: '192.0.2.99' }, context);
    expect(renderStep(c.explanation, 'en')).toContain('an unknown middlebox rewrote the source');
    expect(renderStep(c.explanation, 'zh-CN')).toContain('未知的中间设备');
  });
});

describe('compareWithPrediction', () => {
  const client = { kind: 'external' as const, clientAddress: '203.0.113.1' };
  const cluster = predict(makeInventory(), client, { kind: 'nodePort', port: 30080, node: 'node2' }).paths[0]!;
  const localInv = makeInventory({ service: makeService({ externalTrafficPolicy: 'Local' }) });
  const localNode1 = predict(localInv, client, { kind: 'nodePort', port: 30080, node: 'node1' }).paths[0]!;
  const localNode2 = predict(localInv, client, { kind: 'nodePort', port: 30080, node: 'node2' }).paths[0]!;
  const noEndpoints = predict(makeInventory({ endpoints: [] }), client, { kind: 'nodePort', port: 30080, node: 'node1' }).paths[0]!;
  const ok = (address: string, extra: Parameters<typeof classifyObservedSource>[0] = { address }) => ({
    outcome: 'ok' as const,
    source: extra,
    classification: classifyObservedSource(extra, context),
  });

  it('matches SNAT by node2 and names node2 as the rewriting hop', () => {
    const r = compareWithPrediction(cluster, ok('198.18.0.12'));
    expect(r).toMatchObject({ matches: true, verdict: 'snat', predicted: 'snat', rewritingHop: { kind: 'node', name: 'node2', address: '198.18.0.12' } });
  });

  it('says which node rewrote the source when it is not the predicted one', () => {
    const r = compareWithPrediction(cluster, ok('198.19.1.1'));
    expect(r.matches).toBe(false);
    expect(r.rewritingHop).toEqual({ kind: 'node', name: 'node1', address: '198.19.1.1' });
    expect(r.note.map((n) => n.code)).toEqual(['cmp.mismatch']);
  });

  it('does not force an unknown address into a class: "an unexpected hop rewrote the source to A"', () => {
    const r = compareWithPrediction(cluster, ok('192.0.2.99'));
    expect(r.matches).toBe(false);
    expect(r.rewritingHop).toBeNull();
    expect(renderStep(r.note[0]!, 'en')).toBe('An unexpected hop rewrote the source to 192.0.2.99 (predicted 198.18.0.12).');
  });

  it('reads a timeout on a Local path to a node without endpoints as "dropped by policy"', () => {
    const r = compareWithPrediction(localNode2, { outcome: 'timeout' });
    expect(r).toMatchObject({ matches: true, verdict: 'dropped' });
    expect(renderStep(r.note[0]!, 'en')).toMatch(/dropped by policy .*KUBE-EXTERNAL-SERVICES.*not unreachable/);
  });

  it('does not call the asymmetric return (a pod to another node\'s Local NodePort) a policy drop', () => {
    const asym = predict(localInv, { kind: 'pod', node: 'node1', podIP: '198.19.1.7' }, { kind: 'nodePort', port: 30080, node: 'node2' }).paths[0]!;
    const r = compareWithPrediction(asym, { outcome: 'timeout' });
    expect(r).toMatchObject({ matches: true, verdict: 'dropped' });
    expect(r.note.map((n) => n.code)).toEqual(['cmp.timeoutAsymmetric']);
    expect(renderStep(r.note[0]!, 'en')).not.toMatch(/policy/);
    expect(renderStep(r.note[0]!, 'en')).toContain('bypasses node2');
  });

  it('reads a refusal as "no endpoints or nothing listening"', () => {
    expect(compareWithPrediction(noEndpoints, { outcome: 'refused' })).toMatchObject({ matches: true, verdict: 'rejected' });
    const r = compareWithPrediction(localNode2, { outcome: 'refused' });
    expect(r.matches).toBe(false);
    expect(r.note.map((n) => n.code)).toEqual(['cmp.refusedInsteadOfDrop']);
  });

  it('flags outcomes the model did not predict', () => {
    expect(compareWithPrediction(localNode1, { outcome: 'timeout' }).note.map((n) => n.code)).toEqual(['cmp.unexpectedTimeout']);
    expect(compareWithPrediction(localNode2, ok('203.0.113.1')).note.map((n) => n.code)).toEqual(['cmp.deliveredUnexpectedly']);
    expect(compareWithPrediction(cluster, { outcome: 'reset' }).matches).toBe(false);
  });

  it('matches a preserved client, also when the client address was unknown before the probe', () => {
    expect(compareWithPrediction(localNode1, ok('203.0.113.1'))).toMatchObject({ matches: true, verdict: 'preserved', rewritingHop: null });
    const anon = predict(localInv, { kind: 'external' }, { kind: 'nodePort', port: 30080, node: 'node1' }).paths[0]!;
    expect(compareWithPrediction(anon, ok('203.0.113.1')).matches).toBe(true);
    expect(compareWithPrediction(anon, ok('198.18.0.12')).matches).toBe(false);
  });

  it('recognises the client carried in a PROXY header (proxied)', () => {
    const path = predict(localInv, { kind: 'relay', relay: { ...relay, proxyProtocol: 'v2' }, clientAddress: '203.0.113.1' }, { kind: 'nodePort', port: 30080 }).paths[0]!;
    const r = compareWithPrediction(path, ok('203.0.113.20', { address: '203.0.113.20', proxyHeader: { source: '203.0.113.1' } }));
    expect(r).toMatchObject({ matches: true, verdict: 'proxied', rewritingHop: { kind: 'relay', name: 'edge' } });
    const noHeader = compareWithPrediction(path, ok('203.0.113.20'));
    expect(noHeader).toMatchObject({ matches: false, verdict: 'snat' });
    expect(noHeader.note.map((n) => n.code)).toEqual(['cmp.headersDiffer']);
  });
});
