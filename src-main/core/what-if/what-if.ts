// previewWhatIf(inventory, changes): predict the service's questions before and after a
// hypothetical change, without touching the cluster, and report the difference. Pure.
import type { ExplainStep } from '../explain/types';
import { answerEach } from '../inspect/answer';
import { defaultQuestions, representativeNodes, type OriginSpec } from '../inspect/questions';
import type { Inventory } from '../inventory/types';
import type { Prediction } from '../prediction/types';
import { ALLOCATED_PORT, applyWhatIf } from './apply';
import { comparePaths, endpointSpread, healthCheck, proxyBreaks, startsDropping } from './compare';
import type { WhatIfInput, WhatIfMessage, WhatIfResult } from './types';

export interface WhatIfOptions {
  origins?: OriginSpec[];
  clientAddress?: string;
}

/** The allocated port is unknown before the change: explanations say so instead of "0". */
function markAllocated(p: Prediction): Prediction {
  const fix = (s: ExplainStep): ExplainStep => (s.code === 'lb.healthCheck' && s.params.port === ALLOCATED_PORT ? { ...s, params: { ...s.params, port: '<allocated>' } } : s);
  return { ...p, paths: p.paths.map((x) => ({ ...x, explanation: x.explanation.map(fix) })) };
}

export function previewWhatIf(inventory: Inventory, input: WhatIfInput, opts: WhatIfOptions = {}): { ok: true; result: WhatIfResult } | { ok: false; error: WhatIfMessage } {
  const relays = input.relays ?? [];
  const r = applyWhatIf(inventory, relays, input.changes);
  if (!r.ok) return r;
  const { applied } = r;
  // The same questions on both sides: representative nodes of before and after together.
  const reps = [...new Set([...representativeNodes(inventory), ...representativeNodes(applied.inventory)].map((n) => n.name))];
  const origins = opts.origins ?? [{ kind: 'desktop' as const }, ...reps.map((node) => ({ kind: 'pod' as const, node }))];
  // The desktop origin brings every Ingress rule that routes to the service (questions.ts).
  const before = answerEach(inventory, defaultQuestions(inventory, origins, opts.clientAddress, relays));
  let after = answerEach(applied.inventory, defaultQuestions(applied.inventory, origins, opts.clientAddress, applied.relays));
  if (applied.healthCheckAllocated) after = after.map((a) => ({ ...a, prediction: markAllocated(a.prediction) }));
  const { changed, unchanged } = comparePaths(before, after);
  return {
    ok: true,
    result: {
      changes: input.changes,
      notes: applied.notes,
      before,
      after,
      diff: {
        changed,
        unchangedPaths: unchanged,
        startsDropping: startsDropping(changed),
        healthCheck: healthCheck(inventory, applied.inventory, applied.healthCheckAllocated),
        spread: endpointSpread(inventory, applied.inventory),
        proxyBreaks: proxyBreaks(before, after),
      },
    },
  };
}
