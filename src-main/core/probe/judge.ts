// From observations to verdicts: group the requests into matrix cells (origin × entry × probe
// service), predict each cell with the same model the app uses before probing, classify the
// source the echo saw (fact sheet §5) and compare. Pure.
import type { Observation } from '../../contract/probe';
import { step, type ExplainStep, type Fix } from '../explain/types';
import type { Inventory } from '../inventory/types';
import { predict } from '../prediction/predict';
import type { Origin, PredictedPath, Prediction, RelayDecl, Target } from '../prediction/types';
import { classifyObservedSource, type ClassifyContext } from '../verdict/classify';
import { compareWithPrediction, type ProbeOutcome as CompareOutcome } from '../verdict/compare';
import { cellOriginKey, type CellOrigin, type ObservedSplit, type PathResult } from './session-types';

export interface JudgeInput {
  /** One inventory per probe service (same cluster facts, that service and its endpoints). */
  inventories: Map<string, Inventory>;
  observations: Observation[];
  relays: (RelayDecl & { listen: { address: string; port: number } | null })[];
  lbAddresses: string[];
}

export interface JudgeOutput {
  paths: PathResult[];
  fixes: Fix[];
  finding: ExplainStep[];
}

function cellKey(o: Observation): string {
  const origin = cellOriginKey(o.origin);
  const via = o.ingress ? `|${o.ingress.host}${o.ingress.path}` : '';
  return `${origin}|${o.target.kind}:${o.target.node ?? o.target.address}:${o.target.port}|${o.service.name}${via}`;
}

function toCompareOutcome(r: Observation['result']): CompareOutcome {
  switch (r) {
    case 'ok':
    case 'timeout':
    case 'refused':
    case 'reset':
    case 'http-error':
      return r;
    case 'unreachable':
      return 'timeout';
    default:
      return 'reset';
  }
}

function majority<T extends string>(values: T[]): T {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}

export function modelOrigin(o: Observation, relays: JudgeInput['relays']): Origin {
  if (o.origin.kind === 'pod' && o.origin.hostNetwork) return { kind: 'node', node: o.origin.node };
  if (o.origin.kind === 'pod') return { kind: 'pod', node: o.origin.node, ...(o.origin.address ? { podIP: o.origin.address } : {}), ...(o.origin.backend ? { backend: o.origin.pod } : {}) };
  if (o.origin.kind === 'relay' || o.target.kind === 'relay') {
    const relay = relays.find((r) => r.listen && r.listen.address === o.target.address && r.listen.port === o.target.port);
    if (relay) return { kind: 'relay', relay, ...(o.origin.address ? { clientAddress: o.origin.address } : {}) };
  }
  return { kind: 'external', ...(o.origin.address ? { clientAddress: o.origin.address } : {}) };
}

export function modelTarget(o: Observation, relays: JudgeInput['relays']): Target {
  const t = o.target;
  if (t.kind === 'nodePort') return { kind: 'nodePort', port: t.port, ...(t.node ? { node: t.node } : {}), address: t.address };
  if (t.kind === 'loadBalancer') return { kind: 'loadBalancer', port: t.port, address: t.address };
  if (t.kind === 'clusterIP') return { kind: 'clusterIP', port: t.port, address: t.address };
  if (t.kind === 'ingress') {
    return { kind: 'ingress', host: o.ingress?.host ?? null, path: o.ingress?.path ?? '/', entry: t.node ? { kind: 'nodePort', node: t.node } : { kind: 'loadBalancer', address: t.address } };
  }
  const relay = relays.find((r) => r.listen && r.listen.address === t.address && r.listen.port === t.port);
  return { kind: 'nodePort', port: relay?.forwardsTo.port ?? t.port, ...(relay ? { node: relay.forwardsTo.node } : {}) };
}

function pickPath(prediction: Prediction, o: Observation | undefined): PredictedPath | null {
  const ip = o?.echoPod?.ip;
  if (ip) {
    const hit = prediction.paths.find((p) => p.endpoint?.address === ip);
    if (hit) return hit;
  }
  return prediction.paths[0] ?? null;
}

/**
 * The CNI was not detected, yet the source is the .0 of a node's pod CIDR: flannel VXLAN puts that
 * address on flannel.1 and the kernel picks it for traffic into the overlay
 * (github.com/flannel-io/flannel Documentation/backends.md). Say that detection missed it.
 */
function cniMissed(inventory: Inventory, source: string | null, c: { class: string; node: string | null } | null): ExplainStep[] {
  if (!source || !c || c.class !== 'overlay' || !c.node || inventory.cni.kind !== 'unknown') return [];
  const node = inventory.nodes.find((n) => n.name === c.node);
  if (!node || node.tunnel) return [];
  return [step('probe.cniMissed', { address: source, node: c.node })];
}

export function judge(input: JudgeInput): JudgeOutput {
  const cells = new Map<string, Observation[]>();
  for (const o of input.observations) {
    const key = cellKey(o);
    if (!cells.has(key)) cells.set(key, []);
    cells.get(key)!.push(o);
  }
  const paths: PathResult[] = [];
  const fixes = new Map<string, Fix>();
  for (const [key, list] of cells) {
    const first = list[0]!;
    const inventory = input.inventories.get(first.service.name);
    if (!inventory) continue;
    // The most frequent source stands for the cell; every other one is kept with its count (a
    // Cluster service with endpoints on two nodes, an LB that picks different nodes).
    const ok = bySourceFrequency(list.filter((o) => o.result === 'ok'));
    const sample = ok[0] ?? first;
    const prediction = predict(inventory, modelOrigin(sample, input.relays), modelTarget(sample, input.relays));
    for (const f of prediction.fixes) fixes.set(f.id, f);
    const path = pickPath(prediction, ok[0]);
    const result = majority(list.map((o) => o.result));
    const note: ExplainStep[] = [];
    const results = [...new Set(list.map((o) => o.result))];
    if (results.length > 1) note.push(step('probe.mixed', { requests: list.length, results: results.join(', ') }));
    const clientAddresses = [...new Set(list.map((o) => o.local?.ip ?? o.origin.address).filter((a): a is string => Boolean(a)))];
    const ctx: ClassifyContext = {
      clientAddresses,
      nodes: inventory.nodes,
      ingressPods: inventory.ingressControllers.flatMap((c) => c.pods),
      relays: input.relays,
      lbAddresses: input.lbAddresses,
    };
    const source = ok[0]?.source?.ip ?? null;
    const split = splitOf(ok, ctx);
    const classification = source
      ? classifyObservedSource(
          {
            address: source,
            ...(ok[0]?.source?.port !== null && ok[0]?.source?.port !== undefined ? { port: ok[0].source.port } : {}),
            headers: headersOf(ok[0]!),
            proxyHeader: ok[0]?.proxyHeader?.source ? { source: ok[0].proxyHeader.source } : null,
          },
          ctx,
        )
      : null;
    const origin: CellOrigin =
      first.origin.kind === 'pod'
        ? { kind: 'pod', node: first.origin.node, pod: first.origin.pod, address: first.origin.address, ...(first.origin.backend ? { backend: true as const } : {}), ...(first.origin.hostNetwork ? { hostNetwork: true as const } : {}) }
        : first.origin.kind === 'relay'
          ? { kind: 'relay', relay: first.origin.relay, address: first.origin.address }
          : { kind: 'desktop', address: clientAddresses[0] ?? null };
    const base = {
      id: key,
      origin,
      target: first.target,
      service: first.service,
      ...(first.ingress ? { ingress: first.ingress } : {}),
      observationIds: list.map((o) => o.id),
      result,
      requests: list.length,
      okRequests: ok.length,
      observedSource: source,
      observedSources: [...new Set(ok.map((o) => o.source?.ip).filter((a): a is string => Boolean(a)))],
      ...(split ? { observedSplit: split } : {}),
      headers: ok[0]?.headers ?? null,
      proxyHeader: ok[0]?.proxyHeader ?? null,
      fixIds: prediction.fixes.map((f) => f.id),
    };
    if (!path) {
      paths.push({
        ...base,
        predicted: { verdict: 'rejected', address: null, class: 'unknown', rewrittenBy: null, pathId: null },
        observed: { verdict: 'unknown', class: classification?.class ?? null, node: classification?.node ?? null, via: classification?.via ?? null, rewritingHop: null },
        matches: false,
        note,
        explanation: [],
      });
      continue;
    }
    const comparison = compareWithPrediction(path, {
      outcome: toCompareOutcome(result),
      ...(source ? { source: { address: source, headers: headersOf(ok[0]!) } } : {}),
      classification,
      httpStatus: ok[0]?.status ?? first.status,
    });
    paths.push({
      ...base,
      predicted: { verdict: path.verdict, address: path.observed.address, class: path.observed.class, rewrittenBy: path.rewrittenBy ? { kind: path.rewrittenBy.kind, name: path.rewrittenBy.name } : null, pathId: path.id },
      observed: { verdict: comparison.verdict, class: classification?.class ?? null, node: classification?.node ?? null, via: classification?.via ?? null, rewritingHop: comparison.rewritingHop },
      matches: comparison.matches,
      note: [...note, ...comparison.note, ...observedStep(result, source, classification?.class ?? null), ...(split ? [splitStep(ok.length, split)] : []), ...cniMissed(inventory, source, classification)],
      explanation: path.explanation,
    });
  }
  paths.sort((a, b) => a.id.localeCompare(b.id));
  return { paths, fixes: [...fixes.values()], finding: finding(paths) };
}

/** Observations ordered so that those of the most frequent source come first (stable otherwise). */
function bySourceFrequency(ok: Observation[]): Observation[] {
  const count = new Map<string, number>();
  for (const o of ok) count.set(o.source?.ip ?? '', (count.get(o.source?.ip ?? '') ?? 0) + 1);
  return ok.map((o, i) => ({ o, i, n: count.get(o.source?.ip ?? '') ?? 0 })).sort((a, b) => b.n - a.n || a.i - b.i).map((x) => x.o);
}

/** Every source the cell's requests saw, with its class, node and count — null unless there are several. */
function splitOf(ok: Observation[], ctx: ClassifyContext): ObservedSplit[] | null {
  const groups = new Map<string, Observation[]>();
  for (const o of ok) if (o.source?.ip) groups.set(o.source.ip, [...(groups.get(o.source.ip) ?? []), o]);
  if (groups.size < 2) return null;
  return [...groups].map(([address, obs]) => {
    const c = classifyObservedSource({ address, headers: headersOf(obs[0]!) }, ctx);
    return { address, count: obs.length, class: c.class, node: c.node };
  });
}

function splitStep(requests: number, split: ObservedSplit[]): ExplainStep {
  return step('probe.split', { requests, sources: split.map((s) => `${s.count}× ${s.address}${s.node ? ` @${s.node}` : ''}`).join(', ') });
}

function headersOf(o: Observation): Record<string, string> {
  const h: Record<string, string> = {};
  if (o.headers?.xForwardedFor) h['x-forwarded-for'] = o.headers.xForwardedFor;
  if (o.headers?.xRealIp) h['x-real-ip'] = o.headers.xRealIp;
  if (o.headers?.forwarded) h.forwarded = o.headers.forwarded;
  return h;
}

function observedStep(result: Observation['result'], source: string | null, cls: string | null): ExplainStep[] {
  if (result === 'ok' && source) return [cls === 'client' || cls === 'client-egress' ? step('probe.observedPreserved', { address: source }) : step('probe.observedRewrite', { address: source, class: { t: `term.class.${cls ?? 'unknown'}` as never } })];
  if (result === 'timeout') return [step('probe.observedTimeout')];
  if (result === 'refused') return [step('probe.observedRefused')];
  if (result === 'reset') return [step('probe.observedReset')];
  return [];
}

/** The one sentence a postmortem quotes, from the desktop's NodePort/LB paths. */
export function finding(paths: PathResult[]): ExplainStep[] {
  const outside = paths.filter((p) => p.origin.kind === 'desktop' && (p.target.kind === 'nodePort' || p.target.kind === 'loadBalancer'));
  if (outside.length === 0) return [];
  const out: ExplainStep[] = [];
  const lost = outside.filter((p) => p.observed.verdict === 'snat');
  const dropped = outside.filter((p) => p.observed.verdict === 'dropped' || (p.observed.verdict === 'unknown' && p.result === 'timeout'));
  const nodes = (ps: PathResult[]) => [...new Set(ps.map((p) => p.target.node ?? p.target.address))].sort().join(', ');
  if (lost.length) {
    const clusterMasq = lost.every((p) => p.service.policy === 'Cluster');
    const reason = clusterMasq ? 'finding.reason.clusterMasq' : 'finding.reason.other';
    const allLost = outside.every((p) => p.observed.verdict !== 'preserved');
    out.push(step(allLost && !dropped.length ? 'finding.lostAll' : 'finding.lost', { nodes: nodes(lost), reason: { t: reason } }));
  }
  if (dropped.length) out.push(step('finding.dropped', { nodes: nodes(dropped), reason: { t: 'finding.reason.localDrop' } }));
  if (!lost.length && !dropped.length) out.push(step('finding.preserved'));
  const mismatches = paths.filter((p) => !p.matches).length;
  if (mismatches) out.push(step('finding.mismatch', { count: mismatches }));
  return out;
}
