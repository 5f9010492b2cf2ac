// The difference between two sets of answers for the same questions: which entry points change
// their outcome, which nodes start dropping, who loses the PROXY header. Pure.
import type { Answer } from '../inspect/types';
import type { Inventory, ServiceInfo } from '../inventory/types';
import { categorize } from '../prediction/service-path';
import type { PredictedPath } from '../prediction/types';
import type { EndpointSpread, HealthCheckReport, PathChange, PathOutcome, ProxyBreak, SpreadRow, StartsDropping } from './types';

const outcomeKey = (o: PathOutcome) => `${o.verdict}|${o.observedAddress ?? ''}|${o.observedClass}|${o.clientCarrier ?? ''}|${o.spoofable ? 'spoofable' : ''}`;

/** Distinct outcomes of one entry node's paths, with the share of requests each gets. */
function outcomes(paths: PredictedPath[]): PathOutcome[] {
  const byKey = new Map<string, PathOutcome>();
  for (const p of paths) {
    const o: PathOutcome = { verdict: p.verdict, observedAddress: p.observed.address, observedClass: p.observed.class, clientCarrier: p.forwarded.clientCarrier, spoofable: p.forwarded.spoofable, probability: p.probability };
    const prior = byKey.get(outcomeKey(o));
    if (prior) prior.probability = prior.probability === null || o.probability === null ? null : prior.probability + o.probability;
    else byKey.set(outcomeKey(o), o);
  }
  return [...byKey.values()].sort((a, b) => (outcomeKey(a) < outcomeKey(b) ? -1 : 1));
}

function byEntry(a: Answer): Map<string, PredictedPath[]> {
  const m = new Map<string, PredictedPath[]>();
  for (const p of a.prediction.paths) {
    const k = p.entry?.node ?? '';
    m.set(k, [...(m.get(k) ?? []), p]);
  }
  return m;
}

export function comparePaths(before: Answer[], after: Answer[]): { changed: PathChange[]; unchanged: number } {
  const changed: PathChange[] = [];
  let unchanged = 0;
  const beforeById = new Map(before.map((a) => [a.id, a]));
  for (const a of after) {
    const b = beforeById.get(a.id);
    const be = b ? byEntry(b) : new Map<string, PredictedPath[]>();
    const ae = byEntry(a);
    for (const entry of [...new Set([...be.keys(), ...ae.keys()])].sort()) {
      const bo = outcomes(be.get(entry) ?? []);
      const ao = outcomes(ae.get(entry) ?? []);
      if (bo.map(outcomeKey).join(',') === ao.map(outcomeKey).join(',')) {
        unchanged++;
        continue;
      }
      changed.push({ answerId: a.id, origin: a.prediction.origin, target: a.prediction.target, entryNode: entry === '' ? null : entry, before: bo, after: ao });
    }
  }
  return { changed, unchanged };
}

export function startsDropping(changed: PathChange[]): StartsDropping[] {
  const nodes = new Map<string, string[]>();
  for (const c of changed) {
    if (c.entryNode === null) continue;
    if (c.after.some((o) => o.verdict === 'dropped') && !c.before.some((o) => o.verdict === 'dropped')) nodes.set(c.entryNode, [...(nodes.get(c.entryNode) ?? []), c.answerId]);
  }
  return [...nodes.entries()].sort(([x], [y]) => (x < y ? -1 : 1)).map(([node, answerIds]) => ({ node, answerIds }));
}

/** Nodes an external load balancer may send to (the exclude label takes a node out of every LB). */
function lbEligible(inv: Inventory): string[] {
  return inv.nodes.filter((n) => n.ready && !Object.prototype.hasOwnProperty.call(n.labels, 'node.kubernetes.io/exclude-from-external-load-balancers')).map((n) => n.name);
}

const hcActive = (s: ServiceInfo) => s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local' && s.healthCheckNodePort !== null;

/**
 * healthCheckNodePort answers 503 on nodes without a local endpoint, and the LB stops sending
 * there (fact sheet §1, KP-IPT healthcheck package; §2 E2E loadbalancer.go).
 */
export function healthCheck(before: Inventory, after: Inventory, allocated: boolean): HealthCheckReport | null {
  const bs = before.service;
  const as = after.service;
  if (!bs || !as || as.type !== 'LoadBalancer') return null;
  const active = hcActive(as);
  const eligible = lbEligible(after);
  const healthy = active ? eligible.filter((n) => categorize(after.endpoints, n).local.length > 0) : eligible;
  return {
    before: { port: bs.healthCheckNodePort, active: hcActive(bs) },
    after: { port: allocated ? null : as.healthCheckNodePort, active, allocated },
    takenOut: active ? eligible.filter((n) => !healthy.includes(n)) : [],
    healthy,
  };
}

/** Share of outside traffic each endpoint gets, per node (kube-proxy picks endpoints uniformly). */
function shares(inv: Inventory): Map<string, { endpoints: number; perEndpoint: number }> | null {
  const svc = inv.service;
  if (!svc) return null;
  const ready = inv.endpoints.filter((e) => e.ready && e.nodeName !== null);
  if (ready.length === 0) return null;
  const perNode = new Map<string, number>();
  for (const e of ready) perNode.set(e.nodeName!, (perNode.get(e.nodeName!) ?? 0) + 1);
  const out = new Map<string, { endpoints: number; perEndpoint: number }>();
  for (const [node, n] of perNode) {
    // Cluster: any endpoint from any node, 1/N each. Local: traffic is spread over the nodes that
    // answer, and each node only uses its own endpoints (the imbalance of metallb/metallb#2475).
    out.set(node, { endpoints: n, perEndpoint: svc.externalTrafficPolicy === 'Local' ? 1 / perNode.size / n : 1 / ready.length });
  }
  return out;
}

function imbalance(m: Map<string, { perEndpoint: number }> | null): number | null {
  if (!m || m.size === 0) return null;
  const v = [...m.values()].map((x) => x.perEndpoint);
  return Math.max(...v) / Math.min(...v);
}

export function endpointSpread(before: Inventory, after: Inventory): EndpointSpread | null {
  const s = after.service;
  if (!s || !(s.type === 'NodePort' || s.type === 'LoadBalancer' || s.externalIPs.length > 0)) return null;
  const b = shares(before);
  const a = shares(after);
  if (!a && !b) return null;
  const nodes = [...new Set([...(b?.keys() ?? []), ...(a?.keys() ?? [])])].sort();
  const rows: SpreadRow[] = nodes.map((node) => ({
    node,
    endpoints: a?.get(node)?.endpoints ?? 0,
    perEndpointBefore: b?.get(node)?.perEndpoint ?? null,
    perEndpointAfter: a?.get(node)?.perEndpoint ?? null,
  }));
  return { rows, imbalanceBefore: imbalance(b), imbalanceAfter: imbalance(a) };
}

const carriesProxy = (p: PredictedPath) => p.outcome === 'delivered' && p.forwarded.proxyProtocol !== null;

/**
 * Once PROXY protocol reaches the backend, the backend must require it, and every caller that
 * reaches the same backend without the header breaks: in-cluster clients of the LB IP are
 * short-circuited by kube-proxy past the LB (fact sheet §4, VIPS), pods calling the ClusterIP or
 * a NodePort never pass the relay. Ingress answers are left out: the controller consumes PROXY.
 */
export function proxyBreaks(before: Answer[], after: Answer[]): ProxyBreak[] {
  const direct = (as: Answer[]) => as.filter((a) => a.prediction.target.kind !== 'ingress');
  if (direct(before).some((a) => a.prediction.paths.some(carriesProxy))) return [];
  if (!direct(after).some((a) => a.prediction.paths.some(carriesProxy))) return [];
  const out: ProxyBreak[] = [];
  const seen = new Set<string>();
  for (const a of direct(after)) {
    for (const p of a.prediction.paths) {
      if (p.outcome !== 'delivered' || carriesProxy(p)) continue;
      const key = `${a.id}|${p.entry?.node ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        answerId: a.id,
        origin: a.prediction.origin,
        target: a.prediction.target,
        entryNode: p.entry?.node ?? null,
        reason: p.warnings.some((w) => w.code === 'warn.ppShortCircuit') ? 'lb-short-circuit' : 'no-proxy-header',
      });
    }
  }
  return out;
}
