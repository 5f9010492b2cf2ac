// The paths an expectation is checked against, from either source: a prediction (inspect's
// answers) or a probe session's measured cells. Both become the same small record so that one
// evaluator decides pass or fail the same way for --predict and --probe.
import type { ExplainStep, Fix } from '../explain/types';
import type { Answer } from '../inspect/types';
import type { Inventory } from '../inventory/types';
import type { PredictedPath, VerdictKind } from '../prediction/types';
import type { PathResult, Session } from '../probe/session-types';

export type Carrier = 'x-forwarded-for' | 'x-real-ip' | 'proxy-protocol';

export interface CheckCell {
  origin: { kind: 'desktop' } | { kind: 'pod'; node: string } | { kind: 'node'; node: string } | { kind: 'relay'; relay: string };
  entry: { kind: 'nodePort'; node: string | null; endpointNode: boolean } | { kind: 'load-balancer' } | { kind: 'cluster-ip' } | { kind: 'relay' } | { kind: 'other' };
  /** "desktop → node2 198.18.0.12:30080" */
  label: string;
  verdict: VerdictKind | 'unknown';
  observedAddress: string | null;
  carrier: Carrier | null;
  rewritingHop: string | null;
  explanation: ExplainStep[];
  fixes: Fix[];
}

function originLabel(o: CheckCell['origin']): string {
  return o.kind === 'desktop' ? 'desktop' : o.kind === 'relay' ? `relay ${o.relay}` : `${o.kind}@${o.node}`;
}

/** One cell per path group of each answer (a group: same entry node, same verdict and address). */
export function cellsFromPrediction(inventory: Inventory, answers: Answer[]): CheckCell[] {
  const endpointNodes = new Set(inventory.endpoints.map((e) => e.nodeName).filter((n): n is string => n !== null));
  const out: CheckCell[] = [];
  for (const a of answers) {
    const p = a.prediction;
    const origin: CheckCell['origin'] = p.origin.kind === 'external' ? { kind: 'desktop' } : p.origin.kind === 'relay' ? { kind: 'relay', relay: p.origin.relay.name } : { kind: p.origin.kind, node: p.origin.node };
    const byId = new Map(p.paths.map((x) => [x.id, x]));
    for (const g of p.groups) {
      const paths = g.pathIds.map((id) => byId.get(id)).filter((x): x is PredictedPath => Boolean(x));
      const first = paths[0];
      const carriers = new Set(paths.map((x) => x.forwarded.clientCarrier));
      const entry: CheckCell['entry'] =
        origin.kind === 'relay'
          ? { kind: 'relay' }
          : p.target.kind === 'nodePort'
            ? { kind: 'nodePort', node: g.entryNode, endpointNode: g.entryNode !== null && endpointNodes.has(g.entryNode) }
            : p.target.kind === 'loadBalancer'
              ? { kind: 'load-balancer' }
              : p.target.kind === 'clusterIP'
                ? { kind: 'cluster-ip' }
                : { kind: 'other' };
      const where = first?.entry ? `${p.target.kind === 'nodePort' ? (first.entry.node ?? 'node') : p.target.kind} ${first.entry.address}:${first.entry.port}` : `${p.target.kind}${g.entryNode ? ` ${g.entryNode}` : ''}`;
      out.push({
        origin,
        entry,
        label: `${originLabel(origin)} → ${origin.kind === 'relay' ? `${p.origin.kind === 'relay' ? p.origin.relay.address : ''} → ` : ''}${where}`,
        verdict: g.verdict,
        observedAddress: g.observedAddress,
        carrier: carriers.size === 1 ? ([...carriers][0] ?? null) : null,
        rewritingHop: g.rewrittenBy?.name ?? null,
        explanation: first?.explanation ?? [g.summary],
        fixes: p.fixes,
      });
    }
  }
  return out;
}

function carrierOf(p: PathResult, client: string | null): Carrier | null {
  if (!client) return null;
  const has = (v: string | null | undefined) => Boolean(v && v.split(',').some((x) => x.trim() === client));
  if (has(p.headers?.xForwardedFor)) return 'x-forwarded-for';
  if (has(p.headers?.xRealIp)) return 'x-real-ip';
  if (p.proxyHeader?.source && p.proxyHeader.source.replace(/:\d+$/, '') === client) return 'proxy-protocol';
  return null;
}

/**
 * The measured cells of a probe that mirrors one service: the mirror (the first probe service,
 * which carries the target's own policy), plus the relay cells that went through a declared relay.
 */
export function cellsFromSession(session: Session): CheckCell[] {
  const mirror = session.services[0]?.policy ?? null;
  const endpointNodes = new Set(session.echoPods.map((e) => e.node).filter((n): n is string => n !== null));
  const fixes = new Map(session.fixes.map((f) => [f.id, f]));
  const out: CheckCell[] = [];
  for (const p of session.paths) {
    const relay = p.target.kind === 'relay' ? (session.plan.relays ?? []).find((r) => r.listen?.address === p.target.address && r.listen.port === p.target.port) : undefined;
    if (!relay && p.service.policy !== mirror) continue;
    // Checks name origins by node; a backend's self-call (hairpin) and node processes are not check origins yet.
    if (p.origin.kind === 'pod' && (p.origin.backend || p.origin.hostNetwork)) continue;
    const origin: CheckCell['origin'] = relay ? { kind: 'relay', relay: relay.name } : p.origin.kind === 'pod' ? { kind: 'pod', node: p.origin.node } : p.origin.kind === 'relay' ? { kind: 'relay', relay: p.origin.relay } : { kind: 'desktop' };
    const entry: CheckCell['entry'] =
      origin.kind === 'relay'
        ? { kind: 'relay' }
        : p.target.kind === 'nodePort'
          ? { kind: 'nodePort', node: p.target.node, endpointNode: p.target.node !== null && endpointNodes.has(p.target.node) }
          : p.target.kind === 'loadBalancer'
            ? { kind: 'load-balancer' }
            : p.target.kind === 'clusterIP'
              ? { kind: 'cluster-ip' }
              : { kind: 'other' };
    const verdict = p.observed.verdict;
    out.push({
      origin,
      entry,
      label: `${originLabel(origin)} → ${p.target.node ? `${p.target.node} ` : ''}${p.target.address}:${p.target.port} (${p.service.name}, ${p.service.policy})`,
      verdict,
      observedAddress: p.observedSource,
      carrier: carrierOf(p, p.origin.address),
      rewritingHop: p.observed.rewritingHop?.name ?? null,
      explanation: p.explanation,
      fixes: p.fixIds.map((id) => fixes.get(id as Fix['id'])).filter((f): f is Fix => Boolean(f)),
    });
  }
  return out;
}
