// From the model's paths (inspect) or the probe's matrix cells (session) to "traces": the list of
// places a request passes that the picture draws (stations), with its verdict and hop chain.
import type { ExplainStep } from '../explain/types';
import type { InspectResult } from '../inspect/types';
import type { Inventory } from '../inventory/types';
import type { Hop, Origin, PredictedPath, Prediction } from '../prediction/types';
import { cellOriginKey, type PathResult, type Session } from '../probe/session-types';
import type { Label } from './labels';
import type { EdgeVerdict, OriginChoice, TopoHop, TopologyView } from './types';

export type PodRole = 'endpoint' | 'echo' | 'client' | 'ingress' | 'other';

export type Station =
  | { t: 'desktop'; address: string | null }
  | { t: 'relay'; name: string; address: string | null }
  | { t: 'lb'; address: string }
  | { t: 'badge'; node: string }
  /** A sender inside the cluster whose pod is not known by name (the model's "a pod on node2"). */
  | { t: 'client'; node: string; address: string | null; process: boolean; backend?: string }
  | { t: 'snat'; node: string | null; at: string; address: string; hop: TopoHop; rewrite: 'snat' | 'proxy' }
  | { t: 'pod'; node: string | null; name: string; address: string | null; role: PodRole };

export interface Trace {
  id: string;
  origin: string;
  verdict: EdgeVerdict;
  predicted: EdgeVerdict | null;
  observed: EdgeVerdict | null;
  mismatch: boolean;
  /** The request went no further than the last station. */
  blocked: boolean;
  stations: Station[];
  hops: TopoHop[];
  targetLabel: string;
  observedAddress: string | null;
  explanation: ExplainStep[];
  note: ExplainStep[];
}

export interface PodRef {
  name: string;
  node: string | null;
  address: string | null;
  role: PodRole;
}

/** Every pod the input knows, by address and by name; the most specific role wins. */
export class PodIndex {
  readonly byAddress = new Map<string, PodRef>();
  readonly byName = new Map<string, PodRef>();
  private static readonly RANK: Record<PodRole, number> = { endpoint: 4, echo: 4, ingress: 3, client: 2, other: 1 };

  add(ref: PodRef): void {
    const prev = (ref.address && this.byAddress.get(ref.address)) || this.byName.get(ref.name);
    if (prev && PodIndex.RANK[prev.role] > PodIndex.RANK[ref.role]) return;
    const merged: PodRef = { ...ref, node: ref.node ?? prev?.node ?? null, address: ref.address ?? prev?.address ?? null };
    if (merged.address) this.byAddress.set(merged.address, merged);
    this.byName.set(merged.name, merged);
  }

  find(address: string | null, name: string | null): PodRef | null {
    return (address ? this.byAddress.get(address) : undefined) ?? (name ? this.byName.get(name) : undefined) ?? null;
  }

  /** Distinct pods (by name), sorted by name. */
  all(): PodRef[] {
    return [...this.byName.values()].sort((a, b) => cmp(a.name, b.name));
  }
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function indexInventoryPods(index: PodIndex, inv: Inventory): void {
  for (const p of inv.pods) index.add({ name: p.name, node: p.nodeName, address: p.ip, role: 'other' });
  for (const c of inv.ingressControllers) for (const p of c.pods) index.add({ name: p.name, node: p.nodeName, address: p.ip, role: 'ingress' });
  for (const e of inv.endpoints) index.add({ name: e.targetRef?.name ?? e.address, node: e.nodeName, address: e.address, role: 'endpoint' });
}

function topoHop(h: Hop, index: number): TopoHop {
  return { index, kind: h.at.kind, name: h.at.name, address: h.at.address, action: h.action, sourceBefore: h.sourceBefore, sourceAfter: h.sourceAfter, destination: h.destination, rule: h.rule, factRef: h.factRef };
}

// ---- origins --------------------------------------------------------------------------------

export function originKey(o: Origin): string {
  switch (o.kind) {
    case 'external':
      return 'desktop';
    case 'pod':
      return o.backend ? `backend:${o.backend}` : `pod:${o.node}`;
    case 'node':
      return `node:${o.node}`;
    case 'relay':
      return `relay:${o.relay.name}`;
  }
}


export function originLabel(key: string, label: Label): string {
  const [kind, ...rest] = key.split(':');
  const value = rest.join(':');
  if (kind === 'pod') return label('origin.pod', { node: value });
  if (kind === 'backend') return label('origin.backend', { pod: value });
  if (kind === 'node') return label('origin.node', { node: value });
  if (kind === 'relay') return label('origin.relay', { name: value });
  return label('origin.desktop');
}

function sortOrigins(keys: Iterable<string>, label: Label): OriginChoice[] {
  const rank = (k: string) => (k === 'desktop' ? 0 : k.startsWith('relay:') ? 1 : k.startsWith('pod:') ? 2 : k.startsWith('backend:') ? 3 : 4);
  return [...new Set(keys)].sort((a, b) => rank(a) - rank(b) || cmp(a, b)).map((key) => ({ key, label: originLabel(key, label) }));
}

export function inspectOrigins(result: InspectResult, label: Label): OriginChoice[] {
  return sortOrigins(
    result.answers.map((a) => originKey(a.prediction.origin)),
    label,
  );
}

export function sessionOrigins(session: Session, label: Label): OriginChoice[] {
  return sortOrigins(session.paths.map((c) => cellOriginKey(c.origin)), label);
}

// ---- inspect --------------------------------------------------------------------------------

function changed(h: Hop | TopoHop): boolean {
  return h.sourceAfter !== h.sourceBefore;
}

function targetLabel(p: Prediction, label: Label): string {
  const t = p.target;
  switch (t.kind) {
    case 'nodePort':
      return label('target.nodePort', { port: t.port });
    case 'loadBalancer':
      return label('target.lb', { address: `${t.address ?? p.paths[0]?.entry?.address ?? '?'}:${t.port}` });
    case 'clusterIP':
      return label('target.clusterIP', { address: `${t.address ?? p.paths[0]?.entry?.address ?? ''}:${t.port}` });
    case 'ingress':
      // In through the controller's Service: its port, not the backend's.
      return label('target.ingress', { host: t.host ?? '*', path: t.path, port: p.paths[0]?.entry?.port ?? '?' });
  }
}

function originStation(o: Origin, clientAddress: string | null): Station {
  switch (o.kind) {
    case 'external':
    case 'relay':
      return { t: 'desktop', address: o.clientAddress ?? clientAddress };
    case 'pod':
      return { t: 'client', node: o.node, address: o.podIP ?? null, process: false, ...(o.backend ? { backend: o.backend } : {}) };
    case 'node':
      return { t: 'client', node: o.node, address: null, process: true };
  }
}

export function traceFromPath(answerId: string, p: Prediction, path: PredictedPath, pods: PodIndex, target: string): Trace {
  const hops = path.hops.map(topoHop);
  const stations: Station[] = [originStation(p.origin, null)];
  const entersByNode = p.target.kind === 'nodePort' || p.target.kind === 'loadBalancer' || p.target.kind === 'ingress';
  let entered = false;
  let lastPodNode: string | null = null;
  const hasNodeStation = (node: string) => stations.some((s) => 'node' in s && s.node === node);
  for (const h of hops.slice(1)) {
    const rewrite = (h.action === 'snat' || h.action === 'proxy') && changed(h);
    switch (h.kind) {
      case 'relay':
        stations.push({ t: 'relay', name: h.name, address: h.address });
        if (rewrite) stations.push({ t: 'snat', node: null, at: `relay:${h.name}`, address: h.sourceAfter, hop: h, rewrite: 'proxy' });
        break;
      case 'lb':
        stations.push({ t: 'lb', address: h.address });
        if (rewrite) stations.push({ t: 'snat', node: null, at: `lb:${h.address}`, address: h.sourceAfter, hop: h, rewrite: h.action === 'snat' ? 'snat' : 'proxy' });
        break;
      case 'node':
        if (!entered && entersByNode && path.entry?.node === h.name) {
          stations.push({ t: 'badge', node: h.name });
          entered = true;
        }
        if (rewrite) stations.push({ t: 'snat', node: h.name, at: h.name, address: h.sourceAfter, hop: h, rewrite: 'snat' });
        if ((h.action === 'drop' || h.action === 'reject') && !hasNodeStation(h.name)) stations.push({ t: 'badge', node: h.name });
        break;
      case 'pod':
        if (h.action === 'deliver') {
          const ref = pods.find(h.address, h.name);
          lastPodNode = ref?.node ?? null;
          stations.push({ t: 'pod', node: ref?.node ?? null, name: ref?.name ?? h.name, address: h.address, role: ref?.role ?? 'endpoint' });
        }
        break;
      case 'ingress':
        if (rewrite) stations.push({ t: 'snat', node: pods.find(h.address, h.name)?.node ?? lastPodNode, at: h.name, address: h.sourceAfter, hop: h, rewrite: 'proxy' });
        break;
      case 'client':
        break;
    }
  }
  return {
    id: `${answerId}|${path.id}`,
    origin: originKey(p.origin),
    verdict: path.verdict,
    predicted: path.verdict,
    observed: null,
    mismatch: false,
    blocked: path.outcome === 'dropped' || path.outcome === 'rejected',
    stations,
    hops,
    targetLabel: target,
    observedAddress: path.observed.address,
    explanation: path.explanation,
    note: [...path.warnings],
  };
}

export function inspectTraces(result: InspectResult, origin: string | null, pods: PodIndex, label: Label): Trace[] {
  const out: Trace[] = [];
  for (const a of result.answers) {
    if (originKey(a.prediction.origin) !== origin) continue;
    // Through a relay the client addresses the relay; the nodePort it forwards to is on the next leg.
    const o = a.prediction.origin;
    const target = o.kind === 'relay' ? label('target.relay', { address: o.relay.address }) : targetLabel(a.prediction, label);
    for (const path of a.prediction.paths) out.push(traceFromPath(a.id, a.prediction, path, pods, target));
  }
  return out;
}

// ---- session --------------------------------------------------------------------------------

/** The rules the explanation names at a node (the flow's steps carry them as parameters). */
function rulesAt(steps: readonly ExplainStep[], node: string): string[] {
  const out: string[] = [];
  for (const s of steps) {
    const params = s.params ?? {};
    if (params.node === node && typeof params.rule === 'string' && !out.includes(params.rule)) out.push(params.rule);
  }
  return out;
}

// source-ip-facts §1: KUBE-MARK-MASQ sets mark 0x4000, KUBE-POSTROUTING masquerades marked packets.
const POSTROUTING = 'KUBE-POSTROUTING: mark 0x4000 → MASQUERADE';

function cellTargetLabel(c: PathResult, label: Label): string {
  const t = c.target;
  switch (t.kind) {
    case 'nodePort':
      return label('target.nodePortPolicy', { policy: c.service.policy, port: t.port });
    case 'clusterIP':
      return `${label('target.clusterIP', { address: `${t.address}:${t.port}` })} (${c.service.policy})`;
    case 'loadBalancer':
      return `${label('target.lb', { address: `${t.address}:${t.port}` })} (${c.service.policy})`;
    case 'relay':
      return label('target.relay', { address: `${t.address}:${t.port}` });
    case 'ingress':
      return label('target.ingress', { host: c.ingress?.host ?? t.address, path: c.ingress?.path ?? '/', port: t.port });
  }
}

function echoPodOf(c: PathResult, session: Session, byObservation: Map<string, Session['observations'][number]>): PodRef | null {
  for (const id of c.observationIds) {
    const o = byObservation.get(id);
    if (o?.echoPod?.name) return { name: o.echoPod.name, node: o.echoPod.node, address: o.echoPod.ip, role: 'echo' };
  }
  // The predicted path id ends in the endpoint address ("node2>198.19.1.6").
  const ip = c.predicted.pathId?.split('>').pop() ?? null;
  const echo = session.echoPods.find((e) => e.ip === ip) ?? (session.echoPods.length === 1 ? session.echoPods[0] : undefined);
  return echo ? { name: echo.name, node: echo.node, address: echo.ip, role: 'echo' } : null;
}

export function traceFromCell(c: PathResult, session: Session, view: TopologyView, byObservation: Map<string, Session['observations'][number]>, label: Label): Trace {
  const verdict: EdgeVerdict = view === 'observed' ? c.observed.verdict : c.predicted.verdict;
  const clientAddress = c.origin.address ?? '<client>';
  const t = c.target;
  const hops: TopoHop[] = [];
  const stations: Station[] = [];
  let source = clientAddress;
  const hop = (kind: TopoHop['kind'], name: string, address: string, action: TopoHop['action'], rule: string, after = source) => {
    hops.push({ index: hops.length, kind, name, address, action, sourceBefore: source, sourceAfter: after, destination: `${t.address}:${t.port}`, rule, factRef: 'source-ip-facts §1' });
    source = after;
  };

  if (c.origin.kind === 'pod') {
    stations.push({ t: 'pod', node: c.origin.node, name: c.origin.pod, address: c.origin.address, role: 'client' });
    hop('pod', c.origin.pod, clientAddress, 'send', 'socket');
  } else {
    stations.push({ t: 'desktop', address: c.origin.address });
    hop('client', 'client', clientAddress, 'send', 'socket');
  }
  // A cell the probe could not complete ends where it stopped, whatever the model predicted.
  const blocked = verdict === 'dropped' || verdict === 'rejected' || (view === 'observed' && c.okRequests === 0);

  if (t.kind === 'relay') {
    // Named after the declared relay listening there; two relays on one host stay two.
    const declared = session.plan.relays?.find((r) => r.listen && r.listen.address === t.address && r.listen.port === t.port);
    const name = c.origin.kind === 'relay' ? c.origin.relay : (declared?.name ?? t.address);
    stations.push({ t: 'relay', name, address: t.address });
    hop('relay', name, t.address, 'proxy', 'proxy');
  } else if (t.kind === 'loadBalancer') {
    stations.push({ t: 'lb', address: t.address });
    hop('lb', `LB ${t.address}`, t.address, blocked ? 'drop' : 'forward', 'load balancer');
  }
  const entryNode = t.kind === 'nodePort' ? t.node : t.kind === 'clusterIP' && c.origin.kind === 'pod' ? c.origin.node : null;
  if (entryNode) {
    const rules = rulesAt(c.explanation, entryNode);
    const address = t.kind === 'nodePort' ? t.address : (session.inventory.nodes.find((n) => n.name === entryNode)?.addresses.internalIPs[0] ?? '');
    if (t.kind === 'nodePort' || blocked) stations.push({ t: 'badge', node: entryNode });
    const action = verdict === 'dropped' ? 'drop' : verdict === 'rejected' ? 'reject' : 'dnat';
    hop('node', entryNode, address, action, rules.join(' ; ') || 'kube-proxy');
  }

  const rewrite =
    view === 'observed'
      ? c.observed.rewritingHop && c.observedSource
        ? { kind: c.observed.rewritingHop.kind, name: c.observed.rewritingHop.name, address: c.observedSource }
        : null
      : c.predicted.rewrittenBy && c.predicted.address
        ? { kind: c.predicted.rewrittenBy.kind, name: c.predicted.rewrittenBy.name, address: c.predicted.address }
        : null;
  if (rewrite && !blocked) {
    const masq = rulesAt(c.explanation, rewrite.name).find((r) => r.includes('KUBE-MARK-MASQ'));
    const rule = rewrite.kind === 'node' ? (masq ? `${masq}; ${POSTROUTING}` : POSTROUTING) : 'proxy';
    const node = session.inventory.nodes.find((n) => n.name === rewrite.name);
    hop(rewrite.kind, rewrite.name, node?.addresses.internalIPs[0] ?? rewrite.address, rewrite.kind === 'node' ? 'snat' : 'proxy', rule, rewrite.address);
    const last = hops[hops.length - 1]!;
    stations.push({
      t: 'snat',
      node: rewrite.kind === 'node' ? rewrite.name : null,
      at: rewrite.kind === 'node' ? rewrite.name : `${rewrite.kind}:${rewrite.name}`,
      address: rewrite.address,
      hop: last,
      rewrite: rewrite.kind === 'node' ? 'snat' : 'proxy',
    });
  }
  if (!blocked) {
    const echo = echoPodOf(c, session, byObservation);
    if (echo) {
      if (view === 'observed' && c.observedSource) source = c.observedSource;
      // The probe's echo stands in for the user's backend: never its object name (issue 13).
      hop('pod', echo.role === 'echo' && echo.node ? label('probeEcho', { node: echo.node }) : echo.name, echo.address ?? '', 'deliver', 'socket');
      stations.push({ t: 'pod', node: echo.node, name: echo.name, address: echo.address, role: 'echo' });
    }
  }
  return {
    id: c.id,
    origin: cellOriginKey(c.origin),
    verdict,
    predicted: c.predicted.verdict,
    observed: c.observed.verdict,
    mismatch: !c.matches,
    blocked,
    stations,
    hops,
    targetLabel: cellTargetLabel(c, label),
    observedAddress: view === 'observed' ? c.observedSource : c.predicted.address,
    explanation: c.explanation,
    note: c.note,
  };
}

export function sessionTraces(session: Session, view: TopologyView, origin: string | null, label: Label): Trace[] {
  const byObservation = new Map(session.observations.map((o) => [o.id, o] as const));
  return session.paths.filter((c) => cellOriginKey(c.origin) === origin).map((c) => traceFromCell(c, session, view, byObservation, label));
}

export function indexSessionPods(index: PodIndex, session: Session): void {
  indexInventoryPods(index, session.inventory);
  for (const p of session.clientPods) index.add({ name: p.name, node: p.node, address: p.ip, role: 'client' });
  for (const p of session.echoPods) index.add({ name: p.name, node: p.node, address: p.ip, role: 'echo' });
}
