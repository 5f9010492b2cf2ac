// The what-if preview against the fact sheet: each row states, from docs/source-ip-facts.md and
// not from running the model, what a change does to the paths, the health check, the endpoint
// spread and to callers without a PROXY header. Inventories are the lab seed's (test-inventory).
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../inventory/types';
import { makeEndpoint, makeIngress, makeIngressController, makeInventory, makeNode, makeService } from '../prediction/test-inventory';
import type { RelayDecl } from '../prediction/types';
import { parseWhatIfs } from './parse';
import type { PathChange, WhatIfResult } from './types';
import { previewWhatIf, type WhatIfOptions } from './what-if';

function preview(inv: Inventory, texts: string[], relays: RelayDecl[] = [], opts: WhatIfOptions = {}): WhatIfResult {
  const parsed = parseWhatIfs(texts);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  const r = previewWhatIf(inv, { changes: parsed.changes, relays }, opts);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.result;
}

const desktopNodePort = (c: PathChange) => c.origin.kind === 'external' && c.target.kind === 'nodePort';
const only = (c: PathChange[], entry: string, pick: (c: PathChange) => boolean) => c.filter((x) => x.entryNode === entry && pick(x));

const lbService = (extra: Parameters<typeof makeService>[0] = {}) =>
  makeService({
    type: 'LoadBalancer',
    loadBalancer: { ingress: [{ ip: '203.0.113.100', hostname: null, ipMode: null }], loadBalancerClass: null, sourceRanges: [], proxyProtocol: null },
    annotations: { 'metallb.universe.tf/ip-allocated-from-pool': 'outside' },
    ...extra,
  });

describe('what-if: externalTrafficPolicy (source-ip-facts §1, §2)', () => {
  it('seed Cluster → Local: node1 keeps the client instead of the bridge gateway, node2 drops instead of SNAT to its address', () => {
    const r = preview(makeInventory(), ['etp=Local']);
    const n1 = only(r.diff.changed, 'node1', desktopNodePort);
    const n2 = only(r.diff.changed, 'node2', desktopNodePort);
    expect(n1).toHaveLength(1);
    expect(n1[0]!.before.map((o) => [o.verdict, o.observedAddress, o.observedClass])).toEqual([['snat', '198.19.1.1', 'bridge-gateway']]);
    expect(n1[0]!.after.map((o) => [o.verdict, o.observedClass])).toEqual([['preserved', 'client']]);
    expect(n2[0]!.before.map((o) => [o.verdict, o.observedAddress])).toEqual([['snat', '198.18.0.12']]);
    expect(n2[0]!.after.map((o) => o.verdict)).toEqual(['dropped']);
    // Only node2 has no local endpoint, so only node2 starts dropping (KUBE-EXTERNAL-SERVICES).
    expect(r.diff.startsDropping.map((d) => d.node)).toEqual(['node2']);
    expect(r.diff.startsDropping[0]!.answerIds).toContain('desktop>nodePort:30080/TCP');
    // NodePort service: no load balancer, no health check.
    expect(r.diff.healthCheck).toBeNull();
    expect(r.notes).toEqual([{ code: 'whatif.note.set', params: { what: 'default/echo externalTrafficPolicy', before: 'Cluster', after: 'Local' } }]);
  });

  it('under Local a pod calling its own node’s NodePort is not dropped: KUBE-EXT sends pod traffic to KUBE-SVC (§1)', () => {
    const r = preview(makeInventory(), ['etp=Local']);
    const own = r.after.find((a) => a.id === 'pod:node2>nodePort:30080/TCP')!.prediction.paths.filter((p) => p.entry?.node === 'node2');
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((p) => p.outcome === 'delivered' && p.verdict === 'preserved')).toBe(true);
    // A pod on node1 calling node2's NodePort is DNATed on node2 without SNAT; the reply goes
    // straight back to node1 and is never un-DNATed (the model's asymmetric-return case).
    const other = r.after.find((a) => a.id === 'pod:node1>nodePort:30080/TCP')!.prediction.paths.filter((p) => p.entry?.node === 'node2');
    expect(other.map((p) => p.outcome)).toEqual(['dropped']);
    expect(other[0]!.outcomeRule).toMatch(/bypasses node2/);
    expect(r.diff.startsDropping).toEqual([{ node: 'node2', answerIds: ['desktop>nodePort:30080/TCP', 'pod:node1>nodePort:30080/TCP'] }]);
  });

  it('Local → Cluster: every node answers again, the client is lost everywhere', () => {
    const inv = makeInventory({ service: makeService({ externalTrafficPolicy: 'Local' }) });
    const r = preview(inv, ['externalTrafficPolicy=cluster']);
    expect(only(r.diff.changed, 'node2', desktopNodePort)[0]!.after.map((o) => o.verdict)).toEqual(['snat']);
    expect(only(r.diff.changed, 'node1', desktopNodePort)[0]!.after.map((o) => o.verdict)).toEqual(['snat']);
    expect(r.diff.startsDropping).toEqual([]);
  });

  it('LoadBalancer → Local: the API allocates healthCheckNodePort, nodes without endpoints fail it, Local spreads unevenly', () => {
    const inv = makeInventory({
      nodes: [makeNode('node1', '198.18.0.11', '198.19.1.0/24'), makeNode('node2', '198.18.0.12', '198.19.2.0/24'), makeNode('node3', '198.18.0.13', '198.19.3.0/24')],
      service: lbService(),
      endpoints: [makeEndpoint('198.19.1.5', 'node1'), makeEndpoint('198.19.1.6', 'node1'), makeEndpoint('198.19.2.5', 'node2')],
    });
    const r = preview(inv, ['etp=Local']);
    expect(r.diff.healthCheck).toEqual({ before: { port: null, active: false }, after: { port: null, active: true, allocated: true }, takenOut: ['node3'], healthy: ['node1', 'node2'] });
    expect(r.notes.map((n) => n.code)).toContain('whatif.note.hcAllocated');
    // The LB only sends to healthy nodes: node3 is no LB entry any more (not a drop).
    const lbAfter = r.after.find((a) => a.id === 'desktop>lb:203.0.113.100:80/TCP')!;
    expect([...new Set(lbAfter.prediction.paths.map((p) => p.entry?.node))].sort()).toEqual(['node1', 'node2']);
    expect(lbAfter.prediction.paths.every((p) => p.verdict === 'preserved')).toBe(true);
    // Explanations do not invent a port number the API server has not allocated yet.
    expect(JSON.stringify(lbAfter.prediction.paths.flatMap((p) => p.explanation))).toContain('"port":"<allocated>"');
    // Cluster: 1/3 per endpoint. Local, nodes spread evenly: node1's two share 1/2, node2's one has 1/2.
    const spread = r.diff.spread!;
    expect(spread.rows.map((x) => [x.node, x.endpoints, x.perEndpointBefore, x.perEndpointAfter])).toEqual([
      ['node1', 2, 1 / 3, 1 / 4],
      ['node2', 1, 1 / 3, 1 / 2],
    ]);
    expect(spread.imbalanceBefore).toBe(1);
    expect(spread.imbalanceAfter).toBe(2);
  });

  it('LoadBalancer Local → Cluster releases the health check port', () => {
    const inv = makeInventory({ service: lbService({ externalTrafficPolicy: 'Local', healthCheckNodePort: 32000 }) });
    const r = preview(inv, ['etp=Cluster']);
    expect(r.diff.healthCheck).toMatchObject({ before: { port: 32000, active: true }, after: { port: null, active: false }, takenOut: [] });
    expect(r.notes.map((n) => n.code)).toContain('whatif.note.hcReleased');
  });
});

describe('what-if: internalTrafficPolicy and endpoints (§1)', () => {
  it('itp=Local: a pod on a node without an endpoint can no longer reach the ClusterIP', () => {
    const r = preview(makeInventory(), ['itp=Local']);
    const c = r.diff.changed.find((x) => x.answerId === 'pod:node2>clusterIP:80/TCP')!;
    expect(c.before.map((o) => o.verdict)).toEqual(['preserved']);
    expect(c.after.map((o) => o.verdict)).toEqual(['dropped']);
    // externalTrafficPolicy is untouched: outside paths keep their outcome.
    expect(r.diff.changed.filter(desktopNodePort)).toEqual([]);
  });

  it('endpoints-on=node2 with Local policy: node2 stops dropping, the spread evens out', () => {
    const inv = makeInventory({ service: makeService({ externalTrafficPolicy: 'Local' }) });
    const r = preview(inv, ['endpoints-on=node2']);
    const n2 = only(r.diff.changed, 'node2', desktopNodePort)[0]!;
    expect(n2.before.map((o) => o.verdict)).toEqual(['dropped']);
    expect(n2.after.map((o) => o.verdict)).toEqual(['preserved']);
    expect(r.notes).toEqual([{ code: 'whatif.note.endpointAdded', params: { node: 'node2', address: '198.19.2.250' } }]);
    expect(r.diff.spread!.rows.map((x) => [x.node, x.perEndpointBefore, x.perEndpointAfter])).toEqual([
      ['node1', 1, 1 / 2],
      ['node2', null, 1 / 2],
    ]);
  });

  it('asks the same questions before and after, even when the new endpoint changes the representative nodes', () => {
    const inv = makeInventory({ nodes: [...makeInventory().nodes, makeNode('node3', '198.18.0.13', '198.19.3.0/24')] });
    const r = preview(inv, ['endpoints-on=node3']);
    expect(r.after.map((a) => a.id)).toEqual(r.before.map((a) => a.id));
    expect(r.after.map((a) => a.id)).toContain('pod:node3>clusterIP:80/TCP');
  });
});

describe('what-if: PROXY protocol (§4)', () => {
  it('lb-proxy=v2: outside callers carry the client in PROXY, in-cluster callers of the LB IP bypass the LB and send none', () => {
    const inv = makeInventory({ service: lbService() });
    const r = preview(inv, ['lb-proxy=v2']);
    const outside = r.after.find((a) => a.id === 'desktop>lb:203.0.113.100:80/TCP')!;
    expect(outside.prediction.paths.every((p) => p.forwarded.proxyProtocol?.version === 'v2')).toBe(true);
    const shortCircuit = r.diff.proxyBreaks.filter((b) => b.reason === 'lb-short-circuit').map((b) => b.answerId);
    expect(shortCircuit.sort()).toEqual(['pod:node1>lb:203.0.113.100:80/TCP', 'pod:node2>lb:203.0.113.100:80/TCP']);
    // Pods on the ClusterIP never pass the LB either.
    expect(r.diff.proxyBreaks.filter((b) => b.reason === 'no-proxy-header').map((b) => b.answerId)).toContain('pod:node2>clusterIP:80/TCP');
    expect(r.notes.map((n) => n.code)).toEqual(['whatif.note.set', 'whatif.note.lbProxyHow']);
  });

  it('relay-proxy on a declared L4 relay: the client travels in the PROXY header instead of being lost at the relay', () => {
    const relay: RelayDecl = { name: 'public', address: '203.0.113.10', mode: 'l4', proxyProtocol: null, addsXForwardedFor: false, forwardsTo: { node: 'node1', port: 30080 } };
    const inv = makeInventory({ service: makeService({ externalTrafficPolicy: 'Local' }) });
    const r = preview(inv, ['relay-proxy=public:v1'], [relay], { clientAddress: '203.0.113.1' });
    const c = r.diff.changed.find((x) => x.origin.kind === 'relay')!;
    expect(c.before.map((o) => [o.verdict, o.observedAddress])).toEqual([['snat', '203.0.113.10']]);
    expect(c.after.map((o) => [o.verdict, o.clientCarrier])).toEqual([['proxied', 'proxy-protocol']]);
    // The input relay is not modified.
    expect(relay.proxyProtocol).toBeNull();
    expect(r.diff.proxyBreaks.length).toBeGreaterThan(0);
  });
});

describe('what-if: ingress-nginx settings (§4, ING)', () => {
  const ingressInv = (cfg: Partial<ReturnType<typeof makeIngressController>['config']> = {}) => {
    const ctrl = makeIngressController();
    ctrl.serviceInfo = { ...ctrl.serviceInfo!, externalTrafficPolicy: 'Local' };
    ctrl.config = { ...ctrl.config, ...cfg };
    return makeInventory({ ingressControllers: [ctrl], ingresses: [makeIngress()] });
  };

  it('proxy-real-ip-cidr narrows who may set X-Forwarded-For: the default 0.0.0.0/0 lets anyone forge it', () => {
    const r = preview(ingressInv({ useForwardedHeaders: true }), ['proxy-real-ip-cidr=203.0.113.0/24']);
    const c = r.diff.changed.find((x) => x.target.kind === 'ingress')!;
    expect(c.before.every((o) => o.spoofable)).toBe(true);
    expect(c.after.every((o) => !o.spoofable)).toBe(true);
    expect(r.before.some((a) => a.id === 'desktop>ingress:echo.example.test/')).toBe(true);
  });

  it('use-proxy-protocol=true without PROXY in front: the controller cannot parse plain requests (broken)', () => {
    const r = preview(ingressInv(), ['use-proxy-protocol=true']);
    const c = r.diff.changed.find((x) => x.target.kind === 'ingress')!;
    expect(c.before.every((o) => o.verdict !== 'broken')).toBe(true);
    expect(c.after.map((o) => o.verdict)).toContain('broken');
  });
});

describe('what-if: input is not modified', () => {
  it('leaves the inventory untouched', () => {
    const inv = makeInventory();
    const copy = JSON.stringify(inv);
    preview(inv, ['etp=Local', 'itp=Local', 'endpoints-on=node2']);
    expect(JSON.stringify(inv)).toBe(copy);
  });
});
