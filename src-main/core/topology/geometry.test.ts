// The geometric test: for every fixture, the sample session and synthetic clusters (seed,
// relays, ingress, Local at 200 nodes, 5,000 nodes), in every origin and both languages, no
// label overlaps another label, a box or a marker, and no path runs through a box it does not
// connect to. The lab's own sessions get the same check in e2e/integration/topology-geometry.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultQuestions } from '../inspect/questions';
import type { InspectResult } from '../inspect/types';
import type { Inventory } from '../inventory/types';
import { predict } from '../prediction/predict';
import { makeEndpoint, makeIngressController, makeInventory, makeNode, makePod, makeService } from '../prediction/test-inventory';
import type { RelayDecl } from '../prediction/types';
import type { Session } from '../probe/session-types';
import { layoutProblems } from './geometry';
import { buildTopology } from './index';
import type { TopologyInput, TopoElement, Topology, TopologyOptions } from './types';

const read = (p: string) => JSON.parse(readFileSync(join(import.meta.dirname, p), 'utf8')) as Session;
const fixture = read('fixtures/seed-session.json');
const sample = read('../../../resources/sample/seed-session.json');

function inspectOf(inv: Inventory, relays: RelayDecl[] = []): InspectResult {
  return { inventory: inv, answers: defaultQuestions(inv, undefined, undefined, relays).map((q) => ({ id: q.id, prediction: predict(inv, q.origin, q.target), coverage: null })), hazards: [] };
}

function cluster(n: number, policy: 'Cluster' | 'Local', endpointEvery: number): Inventory {
  const nodes = Array.from({ length: n }, (_, i) => makeNode(`node-${String(i).padStart(3, '0')}`, `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}`, `198.19.${i % 250}.0/24`));
  const endpoints = nodes.filter((_, i) => i % endpointEvery === 0).map((nd, i) => makeEndpoint(`198.19.${i % 250}.${10 + Math.floor(i / 250)}`, nd.name, { targetRef: { kind: 'Pod', name: `web-${i}`, namespace: 'default' } }));
  return makeInventory({ nodes, service: makeService({ externalTrafficPolicy: policy }), endpoints, pods: [] });
}

const relays: RelayDecl[] = [
  { name: 'public', address: '203.0.113.10', mode: 'l7', proxyProtocol: null, addsXForwardedFor: true, forwardsTo: { node: 'node1', port: 30080 } },
  { name: 'edge-l4', address: '203.0.113.11', mode: 'l4', proxyProtocol: 'v2', addsXForwardedFor: false, forwardsTo: { node: 'node2', port: 30080 } },
];

const inputs: [string, TopologyInput][] = [
  ['topology fixture (recorded seed probe)', { kind: 'session', session: fixture }],
  ['sample session', { kind: 'session', session: sample }],
  ['seed, predicted', { kind: 'inspect', result: inspectOf(makeInventory()) }],
  ['seed with two relays', { kind: 'inspect', result: inspectOf(makeInventory(), relays) }],
  ['seed with an ingress controller', { kind: 'inspect', result: inspectOf(makeInventory({ ingressControllers: [makeIngressController()], pods: [makePod('client-a', '198.19.2.9', 'node2')] })) }],
  ['Local policy, 200 nodes, endpoints on 40', { kind: 'inspect', result: inspectOf(cluster(200, 'Local', 5)) }],
  ['Cluster policy, 50 nodes', { kind: 'inspect', result: inspectOf(cluster(50, 'Cluster', 10)) }],
  ['5,000 nodes', { kind: 'inspect', result: inspectOf(cluster(5000, 'Cluster', 1000)) }],
];

function variants(input: TopologyInput): { name: string; t: Topology }[] {
  const first = buildTopology(input);
  const out: { name: string; t: Topology }[] = [];
  // Every origin on the small inputs; on the big ones this desktop, the relays and the first pod.
  const origins = first.origins.length > 6 ? first.origins.filter((o, i) => o.key === 'desktop' || o.key.startsWith('relay:') || i === 1) : first.origins;
  for (const origin of origins) {
    // Big inputs: Chinese for this desktop's view only (the other origins' labels are the same shapes).
    const locales = first.origins.length > 6 && origin.key !== 'desktop' ? (['en'] as const) : (['en', 'zh-CN'] as const);
    for (const locale of locales) {
      const views: TopologyOptions['view'][] = input.kind === 'session' ? ['observed', 'predicted'] : ['predicted'];
      for (const view of views) out.push({ name: `${origin.key} ${locale} ${view}`, t: buildTopology(input, { origin: origin.key, locale, view }) });
    }
  }
  return out;
}

describe('layout geometry: nothing overlaps what it must not', () => {
  for (const [name, input] of inputs) {
    it(name, { timeout: 30_000 }, () => {
      for (const v of variants(input)) {
        expect(layoutProblems(v.t), `${name}, ${v.name}`).toEqual([]);
        // Every labelled edge has its label placed, and the paths are routed.
        for (const e of v.t.elements) if (e.group === 'edges') expect(e.data.route.length, e.data.id).toBeGreaterThanOrEqual(2);
      }
    });
  }

  it('the check itself fails on a deliberately overlapping layout', () => {
    const t = buildTopology({ kind: 'session', session: sample });
    expect(layoutProblems(t)).toEqual([]);
    const els = JSON.parse(JSON.stringify(t.elements)) as TopoElement[];
    const edges = els.filter((e): e is Extract<TopoElement, { group: 'edges' }> => e.group === 'edges' && e.data.labelBox !== null);
    const marker = els.find((e): e is Extract<TopoElement, { group: 'nodes' }> => e.group === 'nodes' && e.data.kind === 'snat')!;
    // 1. One label on top of another.
    const [a, b] = edges;
    b!.data.labelBox = { ...a!.data.labelBox! };
    // 2. A label on the SNAT marker.
    edges[2]!.data.labelBox = { x1: marker.position.x - 5, y1: marker.position.y - 5, x2: marker.position.x + 5, y2: marker.position.y + 5 };
    // 3. A path straight through the marker although it does not connect to it.
    const other = els.find((e): e is Extract<TopoElement, { group: 'edges' }> => e.group === 'edges' && e.data.source !== marker.data.id && e.data.target !== marker.data.id)!;
    other.data.route = [
      { x: marker.position.x - 200, y: marker.position.y },
      { x: marker.position.x + 200, y: marker.position.y },
    ];
    const problems = layoutProblems({ elements: els });
    expect(problems).toContain(`label of ${b!.data.id} overlaps label of ${a!.data.id}`.replace(`${b!.data.id} overlaps label of ${a!.data.id}`, `${[a, b].sort((x, y) => els.indexOf(x!) - els.indexOf(y!))[0]!.data.id} overlaps label of ${[a, b].sort((x, y) => els.indexOf(x!) - els.indexOf(y!))[1]!.data.id}`));
    expect(problems).toContain(`label of ${edges[2]!.data.id} overlaps ${marker.data.id}`);
    expect(problems).toContain(`edge ${other.data.id} passes through ${marker.data.id}`);
  });

  it('is deterministic: same input, same routes and label places', () => {
    const one = buildTopology({ kind: 'session', session: sample });
    const two = buildTopology({ kind: 'session', session: JSON.parse(JSON.stringify(sample)) as Session });
    expect(JSON.stringify(two.elements)).toBe(JSON.stringify(one.elements));
  });
});
