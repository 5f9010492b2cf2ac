// Compares what the probe observed on one path with what the model predicted. A mismatch is
// reported as such ("an unexpected hop rewrote the source to A") instead of being forced into
// a known class. Timeouts and refusals are read per fact sheet §5.
import { step, type ExplainStep } from '../explain/types';
import { normalizeIP, sameIP } from '../inventory/detect-address';
import { classTerm } from '../prediction/finish';
import { isPlaceholder, type HopKind, type PredictedPath, type VerdictKind } from '../prediction/types';
import type { Classification, ObservedSource } from './classify';

export type ProbeOutcome = 'ok' | 'timeout' | 'refused' | 'reset' | 'http-error';

export interface Observation {
  outcome: ProbeOutcome;
  source?: ObservedSource | null;
  /** classifyObservedSource() of `source`, when the caller has the context for it. */
  classification?: Classification | null;
  httpStatus?: number | null;
}

export type ObservedVerdict = VerdictKind | 'unknown';

export interface Comparison {
  matches: boolean;
  predicted: VerdictKind;
  verdict: ObservedVerdict;
  /** The hop that rewrote the source as observed (from the prediction when it matches). */
  rewritingHop: { kind: HopKind; name: string; address: string | null } | null;
  note: ExplainStep[];
}

function observedVerdictOk(path: PredictedPath, obs: Observation, address: string | null): ObservedVerdict {
  const c = obs.classification;
  if (address && !isPlaceholder(path.clientAddress) && sameIP(address, path.clientAddress)) return 'preserved';
  if (c && (c.class === 'client' || c.class === 'client-egress')) return 'preserved';
  const carried =
    c?.forwarded.headerClientIsClient === true ||
    (!isPlaceholder(path.clientAddress) && c !== null && c !== undefined && c.forwarded.headerClient !== null && sameIP(c.forwarded.headerClient, path.clientAddress));
  if (carried) return 'proxied';
  if (!address) return 'unknown';
  // Without a classification and an unknown client, a source equal to the prediction decides.
  if (path.observed.class === 'client' && isPlaceholder(path.clientAddress) && !c) return 'unknown';
  return 'snat';
}

function hopFromClassification(c: Classification): Comparison['rewritingHop'] {
  switch (c.class) {
    case 'node-ip':
    case 'bridge-gateway':
    case 'overlay':
      return c.node ? { kind: 'node', name: c.node, address: c.address } : null;
    case 'relay':
      return { kind: 'relay', name: c.relay ?? c.address, address: c.address };
    case 'lb':
      return { kind: 'lb', name: `LB ${c.address}`, address: c.address };
    case 'ingress-pod':
      return { kind: 'ingress', name: c.pod ?? c.address, address: c.address };
    case 'pod':
      return { kind: 'pod', name: c.node ? `pod on ${c.node}` : c.address, address: c.address };
    default:
      return null;
  }
}

export function compareWithPrediction(path: PredictedPath, observation: Observation): Comparison {
  const predicted = path.verdict;
  const note: ExplainStep[] = [];
  const mismatch = (verdict: ObservedVerdict, s: ExplainStep, hop: Comparison['rewritingHop'] = null): Comparison => ({
    matches: false,
    predicted,
    verdict,
    rewritingHop: hop,
    note: [...note, s],
  });

  switch (observation.outcome) {
    case 'timeout':
      if (predicted === 'dropped') {
        // An asymmetric return is not a policy drop: the reply went around the node that DNATed.
        const asymmetric = path.explanation.some((s) => s.code === 'kp.asymmetricReturn');
        return { matches: true, predicted, verdict: 'dropped', rewritingHop: null, note: [step(asymmetric ? 'cmp.timeoutAsymmetric' : 'cmp.droppedByPolicy', { rule: path.outcomeRule ?? '' })] };
      }
      return mismatch('dropped', step('cmp.unexpectedTimeout', { predicted: term(predicted) }));
    case 'refused':
      if (predicted === 'rejected') return { matches: true, predicted, verdict: 'rejected', rewritingHop: null, note: [step('cmp.refusedAsPredicted', { rule: path.outcomeRule ?? '' })] };
      if (predicted === 'dropped') return mismatch('rejected', step('cmp.refusedInsteadOfDrop'));
      return mismatch('rejected', step('cmp.unexpectedRefusal'));
    case 'reset':
      if (predicted === 'broken') return { matches: true, predicted, verdict: 'broken', rewritingHop: null, note: [step('cmp.brokenAsPredicted', { rule: path.outcomeRule ?? '' })] };
      return mismatch('broken', step('cmp.unexpectedReset'));
    case 'http-error': {
      const status = observation.httpStatus ?? 0;
      const viaIngress = path.hops.some((h) => h.at.kind === 'ingress');
      if ((predicted === 'broken' || (predicted === 'rejected' && viaIngress)) && status >= 400) {
        return { matches: true, predicted, verdict: predicted, rewritingHop: null, note: [step('cmp.httpErrorAsPredicted', { status })] };
      }
      return mismatch(predicted === 'rejected' || predicted === 'broken' ? predicted : 'unknown', step('cmp.httpError', { status }));
    }
    case 'ok':
      break;
  }

  if (path.outcome !== 'delivered') {
    return mismatch('unknown', step('cmp.deliveredUnexpectedly', { predicted: term(predicted) }));
  }
  const raw = observation.source?.address ?? null;
  const address = raw ? (normalizeIP(raw) ?? raw) : null;
  const c = observation.classification ?? null;
  const verdict = observedVerdictOk(path, observation, address);
  const predictedAddress = path.observed.address;

  let sameSource: boolean;
  if (address && predictedAddress && path.observed.exact && !isPlaceholder(predictedAddress)) sameSource = sameIP(address, predictedAddress);
  else if (path.observed.class === 'client') sameSource = verdict === 'preserved';
  else sameSource = c !== null && c.class === path.observed.class;

  const matches = sameSource && (verdict === predicted || verdict === 'unknown');
  if (matches) {
    const hop = path.rewrittenBy;
    return {
      matches: true,
      predicted,
      verdict: verdict === 'unknown' ? predicted : verdict,
      rewritingHop: hop ? { kind: hop.kind, name: hop.name, address } : null,
      note: [verdict === 'preserved' || (verdict === 'unknown' && predicted === 'preserved') ? step('cmp.matchPreserved', { address: address ?? '?' }) : step('cmp.match', { address: address ?? '?' })],
    };
  }
  if (!address) return mismatch(verdict, step('cmp.noSource'));
  if (sameSource) {
    // Same socket address, but the client travels (or not) in headers differently than predicted.
    return mismatch(verdict, step('cmp.headersDiffer', { predicted: term(predicted), observed: term(verdict) }), path.rewrittenBy ? { ...path.rewrittenBy, address } : null);
  }
  if (!c || c.class === 'unknown') {
    return mismatch(verdict, step('cmp.unexpectedHop', { address, predicted: predictedAddress ?? '?' }));
  }
  return mismatch(
    verdict,
    step('cmp.mismatch', { address, class: classTerm(c.class), owner: c.node ?? c.relay ?? c.pod ?? address, predicted: predictedAddress ?? '?' }),
    hopFromClassification(c),
  );
}

function term(v: ObservedVerdict) {
  return { t: `term.verdict.${v}` as const };
}
