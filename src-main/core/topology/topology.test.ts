import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultQuestions } from '../inspect/questions';
import type { InspectResult } from '../inspect/types';
import type { Inventory } from '../inventory/types';
import { predict } from '../prediction/predict';
import { makeEndpoint, makeInventory, makeNode, makePod, makeService } from '../prediction/test-inventory';
import type { Session } from '../probe/session-types';
import { buildTopology, TOPO_METRICS, TOPOLOGY_LABELS } from './index';
import type { TopoEdgeData, TopoElement, TopoNodeData, Topology } from './types';

// Recorded with `snatscope probe default/frontend --json` against the lab's seed scenario
// (e2e/lab/scenarios/seed.yaml: echo pod on node1; Cluster and Local probe services; the plan's
// YAML trimmed). It includes a real mismatch: a pod on node1 → node2's Local NodePort timed out
// where the model predicted the pod short-circuit.
const seedSession = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'seed-session.json'), 'utf8')) as Session;

function inspectOf(inv: Inventory): InspectResult {
  return { inventory: inv, answers: defaultQuestions(inv).map((q) => ({ id: q.id, prediction: predict(inv, q.origin, q.target), coverage: null })), hazards: [] };
}

const nodesOf = (t: Topology) => t.elements.filter((e): e is Extract<TopoElement, { group: 'nodes' }> => e.group === 'nodes');
const edgesOf = (t: Topology) => t.elements.filter((e): e is Extract<TopoElement, { group: 'edges' }> => e.group === 'edges').map((e) => e.data);
const node = (t: Topology, id: string): TopoNodeData | undefined => nodesOf(t).find((n) => n.data.id === id)?.data;
const snatMarkers = (t: Topology) => nodesOf(t).filter((n) => n.data.kind === 'snat');

function expectConsistent(t: Topology) {
  const nodes = nodesOf(t);
  const ids = new Set(nodes.map((n) => n.data.id));
  expect(ids.size).toBe(nodes.length);
  for (const n of nodes) {
    if (n.data.parent) expect(ids.has(n.data.parent), n.data.id).toBe(true);
    // Everything lies inside the picture.
    expect(n.position.x - n.data.w / 2).toBeGreaterThanOrEqual(0);
    expect(n.position.y - n.data.h / 2).toBeGreaterThanOrEqual(0);
    expect(n.position.x + n.data.w / 2).toBeLessThanOrEqual(t.width);
    expect(n.position.y + n.data.h / 2).toBeLessThanOrEqual(t.height);
  }
  for (const e of edgesOf(t)) {
    expect(ids.has(e.source), e.id).toBe(true);
    expect(ids.has(e.target), e.id).toBe(true);
  }
  // A node box contains its children with the padding cytoscape will use.
  for (const n of nodes.filter((x) => x.data.parent)) {
    const box = nodes.find((b) => b.data.id === n.data.parent)!.data.bbox!;
    expect(n.position.x - n.data.w / 2).toBeGreaterThanOrEqual(box.x1 + TOPO_METRICS.boxPad - 0.1);
    expect(n.position.x + n.data.w / 2).toBeLessThanOrEqual(box.x2 + 0.1);
    expect(n.position.y - n.data.h / 2).toBeGreaterThanOrEqual(box.y1 + TOPO_METRICS.boxPad - 0.1);
    expect(n.position.y + n.data.h / 2).toBeLessThanOrEqual(box.y2 - TOPO_METRICS.boxPad + 0.1);
  }
}

describe('buildTopology: the seed situation, predicted', () => {
  const t = buildTopology({ kind: 'inspect', result: inspectOf(makeInventory()) });

  it('draws both nodes as boxes with a NodePort badge, the endpoint inside node1, and this desktop', () => {
    expectConsistent(t);
    expect(node(t, 'node:node1')!.label).toBe('node1\n198.18.0.11');
    expect(node(t, 'np:node1')).toMatchObject({ kind: 'nodeport', parent: 'node:node1', label: 'NodePort 30080' });
    expect(node(t, 'np:node2')).toMatchObject({ kind: 'nodeport', parent: 'node:node2' });
    expect(node(t, 'pod:node1:echo-5')).toMatchObject({ kind: 'pod', parent: 'node:node1', address: '198.19.1.5', role: 'endpoint' });
    expect(node(t, 'actor:desktop')?.kind).toBe('actor');
    expect(node(t, 'svc:default:echo')!.label).toContain('eTP Cluster · iTP Cluster');
    expect(t.origins.map((o) => o.key)).toEqual(['desktop', 'pod:node1', 'pod:node2', 'backend:echo-5']);
    expect(t.origin).toBe('desktop');
  });

  it('puts the SNAT marker with 198.18.0.12 inside node2, on the path desktop → node2 → endpoint', () => {
    const marker = node(t, 'snat:node2:198.18.0.12')!;
    expect(marker).toMatchObject({ kind: 'snat', parent: 'node:node2', address: '198.18.0.12', label: 'SNAT → 198.18.0.12', at: 'node2' });
    expect(marker.hop).toMatchObject({ kind: 'node', name: 'node2', action: 'snat', sourceAfter: '198.18.0.12' });
    expect(marker.hop!.rule).toContain('MASQUERADE');
    const edges = edgesOf(t);
    const chain = ['actor:desktop', 'np:node2', 'snat:node2:198.18.0.12', 'pod:node1:echo-5'];
    for (let i = 0; i < chain.length - 1; i++) {
      const e = edges.find((x) => x.source === chain[i] && x.target === chain[i + 1]);
      expect(e, `${chain[i]} → ${chain[i + 1]}`).toBeDefined();
      expect(e!.verdict).toBe('snat');
      expect(e!.line).toBe('dashed');
      expect(e!.hops.map((h) => h.name)).toContain('node2');
    }
    const deliver = edges.find((x) => x.source === 'snat:node2:198.18.0.12')!;
    expect(deliver.label).toBe('sees 198.18.0.12');
    expect(deliver.segment).toBe('deliver');
    // The hop chain carries the rule acting at each hop.
    expect(deliver.hops.find((h) => h.action === 'dnat')!.rule).toContain('KUBE-NODEPORTS');
    // node1's own masquerade goes to its bridge address, a different marker.
    expect(node(t, 'snat:node1:198.19.1.1')?.parent).toBe('node:node1');
  });

  it('draws the other origins: a pod on node2 enters through its own box', () => {
    const pod = buildTopology({ kind: 'inspect', result: inspectOf(makeInventory()) }, { origin: 'pod:node2' });
    expectConsistent(pod);
    expect(node(pod, 'client:node2:pod')).toMatchObject({ kind: 'client', parent: 'node:node2' });
    const clusterIp = edgesOf(pod).find((e) => e.source === 'client:node2:pod' && e.target === 'pod:node1:echo-5')!;
    expect(clusterIp.verdict).toBe('preserved');
    expect(clusterIp.label).toContain('ClusterIP 10.96.0.50:80');
    expect(node(pod, 'actor:desktop')).toBeUndefined();
  });

  it('draws a declared relay: desktop → relay → its own address as the source → the nodePort it forwards to', () => {
    const inv = makeInventory();
    const relay = { name: 'public', address: '203.0.113.10', mode: 'l7' as const, proxyProtocol: null, addsXForwardedFor: true, forwardsTo: { node: 'node1', port: 30080 } };
    const result: InspectResult = { inventory: inv, answers: defaultQuestions(inv, undefined, undefined, [relay]).map((q) => ({ id: q.id, prediction: predict(inv, q.origin, q.target), coverage: null })), hazards: [] };
    const viaRelay = buildTopology({ kind: 'inspect', result }, { origin: 'relay:public' });
    expectConsistent(viaRelay);
    expect(viaRelay.origins.map((o) => o.label)).toContain('Via relay public');
    expect(node(viaRelay, 'relay:public')).toMatchObject({ kind: 'relay', address: '203.0.113.10' });
    const edges = edgesOf(viaRelay);
    const first = edges.find((e) => e.source === 'actor:desktop' && e.target === 'relay:public')!;
    expect(first.label).toContain('relay 203.0.113.10');
    const rewrite = snatMarkers(viaRelay).find((m) => m.data.address === '203.0.113.10')!;
    expect(rewrite.data.label).toContain('proxy → 203.0.113.10');
    expect(edges.some((e) => e.source === rewrite.data.id && e.target === 'np:node1')).toBe(true);
    // The relay's box is drawn for the other origins too, without its paths.
    expect(node(buildTopology({ kind: 'inspect', result }), 'relay:public')).toBeDefined();
  });

  it('draws Local policy via node2 as blocked: dotted, tee arrow, "dropped" text, the DROP rule', () => {
    const local = buildTopology({ kind: 'inspect', result: inspectOf(makeInventory({ service: makeService({ externalTrafficPolicy: 'Local' }) })) });
    expectConsistent(local);
    const dropped = edgesOf(local).find((e) => e.source === 'actor:desktop' && e.target === 'np:node2')!;
    expect(dropped).toMatchObject({ verdict: 'dropped', segment: 'blocked', arrow: 'tee', line: 'dotted' });
    expect(dropped.label).toContain('✕ dropped');
    expect(dropped.rule).toContain('has no local endpoints');
    expect(snatMarkers(local)).toHaveLength(0);
    const preserved = edgesOf(local).find((e) => e.target === 'pod:node1:echo-5')!;
    expect(preserved).toMatchObject({ verdict: 'preserved', line: 'solid', arrow: 'triangle' });
    expect(preserved.label).toContain('✓ client IP preserved');
  });
});

describe('buildTopology: the recorded seed probe', () => {
  const observed = buildTopology({ kind: 'session', session: seedSession });

  it('shows what the probe saw: SNAT to 198.18.0.12 at node2 for Cluster, dropped for Local via node2', () => {
    expectConsistent(observed);
    expect(observed.view).toBe('observed');
    const marker = snatMarkers(observed).find((n) => n.data.address === '198.18.0.12')!;
    expect(marker.data).toMatchObject({ parent: 'node:node2', label: 'SNAT → 198.18.0.12' });
    const edges = edgesOf(observed);
    const cluster = edges.find((e) => e.source === 'actor:desktop' && e.target === 'np:node2' && e.verdict === 'snat')!;
    expect(cluster.label).toMatch(/^Cluster :\d+$/);
    expect(edges.find((e) => e.source === marker.data.id)).toMatchObject({ target: 'pod:node1:echo-0-node1', label: 'sees 198.18.0.12' });
    const local = edges.find((e) => e.source === 'actor:desktop' && e.target === 'np:node2' && e.verdict === 'dropped')!;
    expect(local).toMatchObject({ arrow: 'tee', segment: 'blocked', mismatch: false });
    expect(local.label).toMatch(/^Local :\d+\n✕ dropped$/);
    expect(local.rule).toContain('KUBE-EXTERNAL-SERVICES');
    expect(node(observed, 'actor:desktop')!.label).toBe('This desktop\n203.0.113.1');
    // Issue 13: the picture names the user's service and says which boxes are the probe's.
    expect(node(observed, 'pod:node1:echo-0-node1')!.label).toBe('probe echo on node1\n' + node(observed, 'pod:node1:echo-0-node1')!.address);
    const labels = observed.elements.map((e) => String(e.data.label ?? '')).join('\n');
    expect(labels).not.toMatch(/echo-cluster|echo-local|echo-0-|snatscope-/);
    expect(labels).toContain('copy of default/frontend (probe)');
    expect(node(observed, 'np:node1')!.nodePorts).toHaveLength(2);
  });

  it('draws two relays declared on one host as two relays, named as declared (older sessions: one, by address)', () => {
    // The shipped sample measured two relays on 203.0.113.11 (:9090 L4, :9091 L7); as a file from
    // before plan.relays existed, the same session draws one relay named by its address.
    const recorded = JSON.parse(readFileSync(join(import.meta.dirname, '../../../resources/sample/seed-session.json'), 'utf8')) as Session;
    const { relays: _relays, ...olderPlan } = recorded.plan;
    const sample: Session = { ...recorded, plan: olderPlan };
    const relayNodes = (t: Topology) => nodesOf(t).filter((n) => n.data.kind === 'relay').map((n) => n.data.label);
    expect(relayNodes(buildTopology({ kind: 'session', session: sample }))).toEqual(['Relay 203.0.113.11']);
    expect(relayNodes(buildTopology({ kind: 'session', session: recorded })).sort()).toEqual(['Relay probe-l4\n203.0.113.11', 'Relay probe-l7\n203.0.113.11']);
    const relay = (name: string, mode: 'l4' | 'l7', port: number) => ({ name, address: '203.0.113.11', mode, proxyProtocol: null, addsXForwardedFor: mode === 'l7', forwardsTo: { node: 'node1', port: 30091 }, listen: { address: '203.0.113.11', port } });
    const declared: Session = { ...sample, plan: { ...sample.plan, relays: [relay('edge-tcp', 'l4', 9090), relay('edge-http', 'l7', 9091)] } };
    const t = buildTopology({ kind: 'session', session: declared });
    expectConsistent(t);
    expect(relayNodes(t).sort()).toEqual(['Relay edge-http\n203.0.113.11', 'Relay edge-tcp\n203.0.113.11']);
    const edges = edgesOf(t);
    expect(edges.filter((e) => e.source === 'actor:desktop' && e.target.startsWith('relay:')).map((e) => e.target).sort()).toEqual(['relay:edge-http', 'relay:edge-tcp']);
  });

  it('highlights where the probe and the model disagree, in both views', () => {
    const fromPod = buildTopology({ kind: 'session', session: seedSession }, { origin: 'pod:node1' });
    const odd = edgesOf(fromPod).find((e) => e.mismatch)!;
    expect(odd).toMatchObject({ source: 'pod:node1:client-0-node1', target: 'np:node2', verdict: 'dropped', predicted: 'preserved', observed: 'dropped' });
    expect(odd.label).toContain('≠ predicted: preserved');
    expect(fromPod.legend.map((l) => l.key)).toContain('mismatch');
    const predicted = buildTopology({ kind: 'session', session: seedSession }, { origin: 'pod:node1', view: 'predicted' });
    const same = edgesOf(predicted).filter((e) => e.mismatch);
    expect(same.length).toBeGreaterThan(0);
    expect(same.every((e) => e.verdict === 'preserved')).toBe(true);
    expect(same.some((e) => e.label.includes('≠ probe saw: dropped'))).toBe(true);
  });

  it('is translated', () => {
    const zh = buildTopology({ kind: 'session', session: seedSession }, { locale: 'zh-CN' });
    expect(node(zh, 'actor:desktop')!.label).toBe('本机\n203.0.113.1');
    expect(edgesOf(zh).some((e) => e.label.includes('✕ 被丢弃'))).toBe(true);
    expect(zh.legend.find((l) => l.key === 'snat')!.label).toBe('源地址被改写（SNAT）');
    // Same picture, other words: ids are language-neutral.
    expect(edgesOf(zh).map((e) => e.id)).toEqual(edgesOf(observed).map((e) => e.id));
  });
});

describe('determinism', () => {
  it('same input ⇒ same ids and positions, whatever the order of the cluster’s lists', () => {
    const inv = makeInventory({ endpoints: [makeEndpoint('198.19.1.5', 'node1'), makeEndpoint('198.19.2.7', 'node2')] });
    const a = buildTopology({ kind: 'inspect', result: inspectOf(inv) });
    const b = buildTopology({ kind: 'inspect', result: inspectOf(inv) });
    expect(b).toEqual(a);
    const shuffled = { ...inv, nodes: [...inv.nodes].reverse(), endpoints: [...inv.endpoints].reverse() };
    const c = buildTopology({ kind: 'inspect', result: inspectOf(shuffled) });
    const pos = (t: Topology) => Object.fromEntries(nodesOf(t).map((n) => [n.data.id, n.position]));
    expect(pos(c)).toEqual(pos(a));
    expect(edgesOf(c).map((e) => e.id)).toEqual(edgesOf(a).map((e) => e.id));
    expect(buildTopology({ kind: 'session', session: seedSession })).toEqual(buildTopology({ kind: 'session', session: structuredClone(seedSession) }));
  });

  it('is plain JSON', () => {
    const t = buildTopology({ kind: 'session', session: seedSession });
    expect(JSON.parse(JSON.stringify(t))).toEqual(t);
  });
});

describe('hostile names', () => {
  it('keeps cluster strings as data and text, never in ids', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const inv = makeInventory({
      nodes: [makeNode(evil, '198.18.0.11', '198.19.1.0/24', { zone: '"><script>' }), makeNode('node2', '198.18.0.12', '198.19.2.0/24')],
      endpoints: [makeEndpoint('198.19.1.5', evil, { targetRef: { kind: 'Pod', namespace: 'default', name: 'a"b<c>' } })],
    });
    const t = buildTopology({ kind: 'inspect', result: inspectOf(inv) });
    expectConsistent(t);
    for (const e of t.elements) expect(e.data.id).toMatch(/^[A-Za-z0-9.:_-]+$/);
    const box = nodesOf(t).find((n) => n.data.kind === 'node' && n.data.name === evil)!;
    expect(box.data.label.startsWith(`${evil}\n198.18.0.11 · zone "><script>`)).toBe(true);
    expect(nodesOf(t).find((n) => n.data.kind === 'pod')!.data.label).toBe('a"b<c>\n198.19.1.5');
  });
});

describe('big clusters', () => {
  function bigInventory(n: number, policy: 'Cluster' | 'Local'): Inventory {
    const nodes = Array.from({ length: n }, (_, i) => makeNode(`node-${String(i).padStart(4, '0')}`, `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}`, `198.19.${i % 250}.0/24`));
    const endpointNodes = ['node-0007', 'node-2500', 'node-4999'];
    return makeInventory({
      nodes,
      service: makeService({ externalTrafficPolicy: policy }),
      endpoints: endpointNodes.map((name, i) => makeEndpoint(`198.19.${200 + i}.5`, name)),
      pods: Array.from({ length: 40 }, (_, i) => makePod(`other-${i}`, `198.19.7.${i + 10}`, 'node-0007')),
    });
  }

  // How fast: `npm run bench` (topology at 5,000 nodes), not a timed assertion here.
  it('collapses 5,000 nodes into a few boxes and groups with counts', () => {
    const inv = bigInventory(5000, 'Cluster');
    const result: InspectResult = { inventory: inv, answers: [{ id: 'desktop', prediction: predict(inv, { kind: 'external' }, { kind: 'nodePort', port: 30080 }), coverage: null }], hazards: [] };
    const t = buildTopology({ kind: 'inspect', result });
    expectConsistent(t);
    expect(t.nodeBoxes).toBeLessThanOrEqual(12);
    expect(t.nodeBoxes + t.collapsedNodes).toBe(5000);
    // Two endpoint nodes that behave alike are drawn; the third joins a group of its kind, with a count.
    for (const n of ['node-0007', 'node-2500']) expect(node(t, `node:${n}`), n).toBeDefined();
    expect(node(t, 'node:node-4999')).toBeUndefined();
    expect(nodesOf(t).find((x) => x.data.kind === 'node-group' && x.data.id.endsWith(':endpoint'))?.data.members).toEqual(['node-4999']);
    const groups = nodesOf(t).filter((x) => x.data.kind === 'node-group');
    expect(groups.reduce((s, g) => s + g.data.count!, 0)).toBe(t.collapsedNodes);
    expect(groups[0]!.data.label).toMatch(/^\d+ nodes · SNAT\n/);
    expect(t.elements.length).toBeLessThan(200);
    expect(node(t, 'pods:node-0007')).toMatchObject({ kind: 'pod-summary', count: 40 });
    // Merged paths from many entry nodes do not pretend to one address.
    const fromGroup = edgesOf(t).filter((e) => e.source.startsWith('group:') && e.verdict === 'snat');
    expect(fromGroup.length).toBeGreaterThan(0);
    for (const e of fromGroup) expect(e.label).toBe('sees each entry node’s own address');
    expect(t.legend.map((l) => l.key)).toContain('node-group');
  });

  it('keeps a representative of each behaviour: Local drops on nodes without endpoints', () => {
    const inv = bigInventory(300, 'Local');
    const t = buildTopology({ kind: 'inspect', result: inspectOf(inv) });
    expectConsistent(t);
    const dropped = edgesOf(t).filter((e) => e.verdict === 'dropped');
    expect(dropped.some((e) => e.target.startsWith('np:'))).toBe(true);
    expect(dropped.some((e) => e.target.startsWith('group:'))).toBe(true);
    const group = nodesOf(t).find((n) => n.data.kind === 'node-group' && n.data.id.includes('dropped'))!;
    expect(group.data.label).toMatch(/^\d+ nodes · DROPPED\nno local endpoint$/);
  });

  it('counts every node of a Local service without an endpoint as dropping, traced or not: "160/200 entry nodes drop"', () => {
    const nodes = Array.from({ length: 200 }, (_, i) => makeNode(`node-${String(i).padStart(3, '0')}`, `198.18.0.${i + 1}`, `198.19.${i}.0/24`));
    const endpoints = nodes.filter((_, i) => i % 5 === 0).map((n, i) => makeEndpoint(`198.19.${i * 5}.10`, n.name, { targetRef: { kind: 'Pod', name: `web-${i}`, namespace: 'default' } }));
    const inv = makeInventory({ nodes, service: makeService({ externalTrafficPolicy: 'Local' }), endpoints, pods: [] });
    const t = buildTopology({ kind: 'inspect', result: inspectOf(inv) });
    expectConsistent(t);
    expect(t.entryLine).toBe('160/200 entry nodes drop · 40/200 entry nodes keep the client IP');
    const groups = nodesOf(t).filter((n) => n.data.kind === 'node-group');
    // No grey "no paths" group: the nodes the prediction did not trace behave like those it did.
    expect(groups.some((g) => g.data.label.includes('no paths'))).toBe(false);
    const dropping = groups.find((g) => g.data.label.includes('DROPPED'))!;
    expect(dropping.data.label).toMatch(/^\d+ nodes · DROPPED\nno local endpoint$/);
    // The bundled edge into the group says how many nodes it stands for.
    const into = edgesOf(t).find((e) => e.target === dropping.data.id)!;
    expect(into.text).toContain(`×${dropping.data.count}`);
  });

  it('does not collapse small clusters', () => {
    const t = buildTopology({ kind: 'inspect', result: inspectOf(makeInventory()) }, { collapseThreshold: 2 });
    expect(t.collapsedNodes).toBe(0);
    const one = buildTopology({ kind: 'inspect', result: inspectOf(makeInventory()) }, { collapseThreshold: 1 });
    expect(one.nodeBoxes).toBe(1);
    expect(one.collapsedNodes).toBe(1);
    expect(edgesOf(one).every((e) => e.source !== e.target)).toBe(true);
  });
});

describe('edges carry what the details panel and exports need', () => {
  it('verdict, label, style, hop chain, rule and explanation on every edge', () => {
    const t = buildTopology({ kind: 'session', session: seedSession });
    for (const e of edgesOf(t) as TopoEdgeData[]) {
      expect(['preserved', 'snat', 'dropped', 'rejected', 'proxied', 'broken', 'unknown']).toContain(e.verdict);
      expect(e.hops.length).toBeGreaterThan(1);
      expect(e.explanation.length).toBeGreaterThan(0);
      expect(e.pathIds.length).toBe(e.pathCount);
      expect(['solid', 'dashed', 'dotted']).toContain(e.line);
    }
  });
});

describe('labels', () => {
  it('English and Chinese have the same keys and placeholders', () => {
    const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    const en = TOPOLOGY_LABELS.en;
    const zh = TOPOLOGY_LABELS['zh-CN'];
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const k of Object.keys(en) as (keyof typeof en)[]) expect(ph(zh[k]), k).toEqual(ph(en[k]));
  });
});

describe('buildTopology: a backend calling its own Service (issue 15, hairpin)', () => {
  it('offers the backend as an origin, labels the caller by its pod name and marks the hairpin SNAT on its node', () => {
    const result = inspectOf(makeInventory());
    const t = buildTopology({ kind: 'inspect', result }, { origin: 'backend:echo-5' });
    expect(t.origins.find((o) => o.key === 'backend:echo-5')?.label).toBe('Backend echo-5 calling its own Service');
    expect(t.origin).toBe('backend:echo-5');
    const caller = nodesOf(t).find((n) => n.data.kind === 'client')!;
    expect(caller.data.label).toBe('echo-5 (as caller)\n198.19.1.5');
    expect(caller.data.parent).toBe(node(t, caller.data.parent!)?.id);
    expect(snatMarkers(t).map((m) => m.data.address)).toContain('198.19.1.1');
    expectConsistent(t);
  });
});
