// Turns finished drafts into PredictedPaths: outcome, observed source and its class, the
// rewriting hop, the verdict, and the closing explanation steps.
import { step, term, type ExplainStep } from '../explain/types';
import type { Draft } from './draft';
import { isPlaceholder, type ForwardedInfo, type ObservedClass, type PredictedPath, type VerdictKind } from './types';

const CLASS_TERM = {
  client: 'term.class.client',
  'client-egress': 'term.class.client-egress',
  'node-ip': 'term.class.node-ip',
  'bridge-gateway': 'term.class.bridge-gateway',
  overlay: 'term.class.overlay',
  lb: 'term.class.lb',
  relay: 'term.class.relay',
  'ingress-pod': 'term.class.ingress-pod',
  pod: 'term.class.pod',
  unknown: 'term.class.unknown',
} as const satisfies Record<ObservedClass, string>;

export function classTerm(c: ObservedClass) {
  return term(CLASS_TERM[c]);
}

function forwardedOf(d: Draft): ForwardedInfo {
  const p = d.packet;
  const carrier: ForwardedInfo['clientCarrier'] =
    p.proxy?.source === d.client ? 'proxy-protocol' : p.xff.includes(d.client) ? 'x-forwarded-for' : p.xRealIp === d.client ? 'x-real-ip' : null;
  return {
    xForwardedFor: p.xff.length > 0 ? p.xff.join(', ') : null,
    xRealIp: p.xRealIp,
    proxyProtocol: p.proxy,
    clientCarrier: carrier,
    spoofable: p.spoofable,
  };
}

const CARRIER_TERM = {
  'proxy-protocol': 'term.carrier.proxy-protocol',
  'x-forwarded-for': 'term.carrier.x-forwarded-for',
  'x-real-ip': 'term.carrier.x-real-ip',
} as const;

function dedupe(steps: ExplainStep[]): ExplainStep[] {
  const seen = new Set<string>();
  return steps.filter((s) => {
    const k = JSON.stringify(s);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function finishDraft(d: Draft, id: string): PredictedPath {
  const outcome = d.outcome ?? 'delivered';
  const forwarded = forwardedOf(d);
  const p = d.packet;
  const steps = [...d.steps];
  let verdict: VerdictKind;
  let observed: PredictedPath['observed'];
  let rewrittenBy: PredictedPath['rewrittenBy'] = null;
  const hopRef = (i: number | null) => {
    const h = i === null ? undefined : d.hops[i];
    return h && i !== null ? { hop: i, kind: h.at.kind, name: h.at.name } : null;
  };

  if (outcome !== 'delivered') {
    verdict = outcome === 'dropped' ? 'dropped' : outcome === 'rejected' ? 'rejected' : 'broken';
    observed = { address: null, class: 'unknown', node: null, via: null, exact: true };
    steps.push(step(outcome === 'dropped' ? 'outcome.timeout' : outcome === 'rejected' ? 'outcome.refused' : 'outcome.broken'));
  } else {
    const preserved = p.src === d.client;
    const cls: ObservedClass = preserved ? 'client' : p.srcClass;
    observed = { address: p.src, class: cls, node: preserved ? null : p.srcClassNode, via: preserved ? null : p.srcVia, exact: p.srcExact };
    rewrittenBy = preserved ? null : hopRef(d.lastRewrite);
    if (preserved) {
      verdict = 'preserved';
      // An unknown client renders as "the client": say it once ("sees the client's own address").
      steps.push(isPlaceholder(p.src) ? step('backend.seesClientAnon') : step('backend.seesClient', { address: p.src }));
    } else if (forwarded.clientCarrier) {
      verdict = 'proxied';
      steps.push(step('backend.seesProxied', { address: p.src, client: d.client, carrier: term(CARRIER_TERM[forwarded.clientCarrier]) }));
    } else {
      verdict = 'snat';
      const lost = hopRef(d.clientLost) ?? rewrittenBy;
      steps.push(step('backend.seesRewritten', { address: p.src, class: classTerm(cls), hop: lost?.name ?? '?' }));
    }
  }
  return {
    id,
    entry: d.entry,
    endpoint: d.endpoint,
    probability: d.probability,
    hops: d.hops,
    outcome,
    outcomeRule: d.outcomeRule,
    observed: { ...observed },
    rewrittenBy,
    clientLostAt: verdict === 'snat' ? (hopRef(d.clientLost) ?? rewrittenBy) : null,
    forwarded,
    verdict,
    clientAddress: d.client,
    explanation: steps,
    assumptions: dedupe(d.assumptions),
    warnings: dedupe(d.warnings),
  };
}

export { dedupe };
