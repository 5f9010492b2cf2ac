// Model → picture: buildTopology turns an inspection (the model's prediction) or a probe session
// (observed, with the prediction to compare) into graph elements with deterministic positions.
// Pure: same input and options ⇒ same ids, labels and positions (no clock, no randomness).
import type { InspectResult } from '../inspect/types';
import type { Session } from '../probe/session-types';
import { makeId } from './ids';
import { labeller, type Label } from './labels';
import { layoutScene } from './layout';
import { buildScene, type InfoNode } from './scene';
import { VERDICT_ORDER, VERDICT_STYLE } from './style';
import { cmp, indexInventoryPods, indexSessionPods, inspectOrigins, inspectTraces, PodIndex, sessionOrigins, sessionTraces, type Trace } from './traces';
import type { EdgeVerdict, LegendEntry, OriginChoice, Topology, TopologyInput, TopologyOptions, TopologyView } from './types';

export type * from './types';
export { TOPO_METRICS, TOPO_PALETTES, VERDICT_STYLE, VERDICT_ORDER, type TopoPalette, type VerdictStyle } from './style';
export { labelSize } from './layout';
export { edgeLabelSize } from './place-labels';
export { layoutProblems, nodeRect } from './geometry';
export { pathSummary, worstPath, summaryText } from './summary';
export { TOPOLOGY_LABELS, labeller } from './labels';

export const DEFAULT_COLLAPSE_THRESHOLD = 12;
export const DEFAULT_MAX_PODS_PER_NODE = 6;

function pickOrigin(origins: OriginChoice[], wanted: string | null | undefined): string | null {
  if (wanted && origins.some((o) => o.key === wanted)) return wanted;
  return origins.find((o) => o.key === 'desktop')?.key ?? origins[0]?.key ?? null;
}

function inspectInfo(result: InspectResult, label: Label): { info: InfoNode[]; nodePortText: string | null; nodePorts: number[] } {
  const inv = result.inventory;
  const info: InfoNode[] = [];
  const svc = inv.service;
  const nodePorts = new Set<number>();
  if (svc) {
    for (const p of svc.ports) if (p.nodePort) nodePorts.add(p.nodePort);
    const ports = svc.ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}`).join(', ');
    const name = `${svc.namespace}/${svc.name}`;
    const policies = `eTP ${svc.externalTrafficPolicy} · iTP ${svc.internalTrafficPolicy}`;
    info.push({
      id: makeId('svc', svc.namespace, svc.name),
      kind: 'service',
      label: `${label('service', { name })}\n${svc.type} ${ports}\n${policies}`,
      name,
      address: svc.clusterIPs[0] ?? null,
      facts: [`${svc.type} ${ports}`, policies, ...(svc.clusterIPs.length ? [`ClusterIP ${svc.clusterIPs.join(', ')}`] : []), ...(svc.healthCheckNodePort ? [`healthCheckNodePort ${svc.healthCheckNodePort}`] : [])],
    });
    for (const ing of svc.loadBalancer.ingress) {
      const address = ing.ip ?? ing.hostname;
      if (!address) continue;
      info.push({ id: makeId('lb', address), kind: 'lb', label: `${label('lb')}\n${address}`, name: address, address, facts: ing.ipMode ? [`ipMode ${ing.ipMode}`] : [] });
    }
  }
  for (const a of result.answers) if (a.prediction.target.kind === 'nodePort') nodePorts.add(a.prediction.target.port);
  // Paths through an Ingress enter at the controller's NodePort: the badge lists it too.
  for (const a of result.answers) if (a.prediction.target.kind === 'ingress') for (const p of a.prediction.paths) if (p.entry?.port && p.entry.node) nodePorts.add(p.entry.port);
  for (const c of inv.ingressControllers) {
    const name = c.workload ? `${c.workload.namespace}/${c.workload.name}` : c.className;
    info.push({ id: makeId('ingress', name), kind: 'ingress', label: `${label('ingress')}\n${name}\n${label('ingressClass', { name: c.className })}`, name, address: null, facts: [c.controller, ...(c.hostNetwork ? ['hostNetwork'] : [])] });
  }
  for (const a of result.answers) {
    const o = a.prediction.origin;
    if (o.kind !== 'relay') continue;
    const id = makeId('relay', o.relay.name);
    if (info.some((i) => i.id === id)) continue;
    info.push({
      id,
      kind: 'relay',
      label: `${label('relay', { name: o.relay.name })}\n${o.relay.address}\n${label('relayMode', { mode: o.relay.mode.toUpperCase() })}`,
      name: o.relay.name,
      address: o.relay.address,
      facts: [`→ ${o.relay.forwardsTo.node}:${o.relay.forwardsTo.port}`, ...(o.relay.proxyProtocol ? [`PROXY ${o.relay.proxyProtocol}`] : []), ...(o.relay.addsXForwardedFor ? ['X-Forwarded-For'] : [])],
    });
  }
  const sorted = [...nodePorts].sort((p, q) => p - q);
  return { info, nodePortText: sorted.length ? sorted.join(' · ') : null, nodePorts: sorted };
}

function sessionInfo(session: Session, label: Label): { info: InfoNode[]; nodePortText: string | null; nodePorts: number[] } {
  const info: InfoNode[] = [];
  // A probe's services are throwaway copies of the user's: the box says whose copy it is, and the
  // copy's own namespace/name (gone once the probe ends) is only a fact in the details (issue 13).
  const target = session.plan.target ? `${session.plan.target.namespace}/${session.plan.target.name}` : null;
  for (const s of [...session.services].sort((a, b) => cmp(a.name, b.name))) {
    const name = `${session.plan.namespace}/${s.name}`;
    const lines = [target && !session.prediction ? label('probeCopy', { name: target }) : label('service', { name: target ?? s.name }), `${s.type}${s.nodePort ? ` ${s.nodePort}` : ''} · eTP ${s.policy}`];
    const facts = [...(s.clusterIP ? [`ClusterIP ${s.clusterIP}`] : []), ...s.lbAddresses.map((a) => `LB ${a}`), ...(session.prediction ? [] : [`probe object ${name}`])];
    info.push({ id: makeId('svc', session.plan.namespace, s.name), kind: 'service', label: lines.join('\n'), name, address: s.clusterIP, facts });
    for (const address of s.lbAddresses) {
      const id = makeId('lb', address);
      if (!info.some((i) => i.id === id)) info.push({ id, kind: 'lb', label: `${label('lb')}\n${address}`, name: address, address, facts: [] });
    }
  }
  const withPorts = session.services.filter((s) => s.nodePort !== null).sort((a, b) => (a.nodePort ?? 0) - (b.nodePort ?? 0));
  return {
    info,
    nodePortText: withPorts.length ? withPorts.map((s) => `${s.nodePort} ${s.policy}`).join(' · ') : null,
    nodePorts: withPorts.map((s) => s.nodePort!),
  };
}

function legend(topologyEdges: { verdict: EdgeVerdict; mismatch: boolean }[], markers: { snat: boolean; proxy: boolean }, hasGroup: boolean, label: Label): LegendEntry[] {
  const present = new Set(topologyEdges.map((e) => e.verdict));
  const out: LegendEntry[] = [];
  // The main verdicts are always explained, so the legend reads the same from picture to picture.
  for (const v of VERDICT_ORDER) {
    if (!present.has(v) && v !== 'preserved' && v !== 'snat' && v !== 'dropped') continue;
    const s = VERDICT_STYLE[v];
    out.push({ key: v, label: label(`legend.${v}`), symbol: s.symbol, line: s.line, arrow: s.arrow, color: v });
  }
  if (markers.snat) out.push({ key: 'snat-marker', label: label('legend.snat-marker'), symbol: 'SNAT →', line: null, arrow: null, color: 'marker' });
  if (markers.proxy) out.push({ key: 'proxy-marker', label: label('legend.proxy-marker'), symbol: label('proxy', { address: '' }).trim(), line: null, arrow: null, color: 'proxyMarker' });
  if (topologyEdges.some((e) => e.mismatch)) out.push({ key: 'mismatch', label: label('legend.mismatch'), symbol: '≠', line: null, arrow: null, color: 'mismatch' });
  if (hasGroup) out.push({ key: 'node-group', label: label('legend.node-group'), symbol: '+N', line: null, arrow: null, color: 'group' });
  return out;
}

function entryLine(counts: Record<string, number>, total: number, label: Label): string | null {
  if (total < 2) return null;
  // Worst first, as the summary line reads.
  const order: EdgeVerdict[] = ['dropped', 'rejected', 'snat', 'broken', 'proxied', 'unknown', 'preserved'];
  const parts = order.filter((v) => counts[v]).map((v) => label('entry.of', { count: counts[v]!, total, what: label(`entry.${v}`) }));
  return parts.length ? parts.join(' · ') : null;
}

function markerKinds(scene: ReturnType<typeof buildScene>): { snat: boolean; proxy: boolean } {
  const out = { snat: false, proxy: false };
  for (const n of scene.nodes.values()) if (n.data.kind === 'snat') out[n.data.rewrite === 'proxy' ? 'proxy' : 'snat'] = true;
  return out;
}

export function buildTopology(input: TopologyInput, options: TopologyOptions = {}): Topology {
  const label = labeller(options.locale ?? 'en');
  const view: TopologyView = input.kind === 'session' ? (options.view ?? 'observed') : 'predicted';
  const pods = new PodIndex();
  let origins: OriginChoice[];
  let origin: string | null;
  let traces: Trace[];
  let extra: ReturnType<typeof inspectInfo>;
  let nodes;
  if (input.kind === 'inspect') {
    indexInventoryPods(pods, input.result.inventory);
    origins = inspectOrigins(input.result, label);
    origin = pickOrigin(origins, options.origin);
    traces = inspectTraces(input.result, origin, pods, label);
    extra = inspectInfo(input.result, label);
    nodes = input.result.inventory.nodes;
  } else {
    indexSessionPods(pods, input.session);
    origins = sessionOrigins(input.session, label);
    origin = pickOrigin(origins, options.origin);
    traces = sessionTraces(input.session, view, origin, label);
    extra = sessionInfo(input.session, label);
    nodes = input.session.inventory.nodes;
  }
  const scene = buildScene(
    {
      nodes,
      traces,
      pods,
      info: extra.info,
      nodePortText: extra.nodePortText,
      nodePorts: extra.nodePorts,
      view,
      collapseThreshold: options.collapseThreshold ?? DEFAULT_COLLAPSE_THRESHOLD,
      maxPodsPerNode: options.maxPodsPerNode ?? DEFAULT_MAX_PODS_PER_NODE,
    },
    label,
  );
  const { elements, width, height, labelKey } = layoutScene(scene);
  const kinds = new Set([...scene.nodes.values()].map((n) => n.data.kind));
  return {
    elements,
    width,
    height,
    legend: legend([...scene.edges.values()], markerKinds(scene), kinds.has('node-group'), label),
    origins,
    origin,
    view,
    nodeBoxes: scene.nodeBoxes,
    collapsedNodes: scene.collapsedNodes,
    labelKey,
    paths: scene.paths,
    entryLine: entryLine(scene.entryCounts, scene.entryTotal, label),
  };
}
