// previewWhatIf(inventory, changes): predict the service's questions before and after a
// hypothetical change, without touching the cluster, and report the difference. Pure.
import type { ExplainStep } from '../explain/types';
import { defaultQuestions, entryNodeSample, representativeNodes, type OriginSpec, type Question } from '../inspect/questions';
import type { Answer } from '../inspect/types';
import type { Inventory } from '../inventory/types';
import { predict } from '../prediction/predict';
import type { Prediction } from '../prediction/types';
import { ALLOCATED_PORT, applyWhatIf } from './apply';
import { comparePaths, endpointSpread, healthCheck, proxyBreaks, startsDropping } from './compare';
import type { WhatIfInput, WhatIfMessage, WhatIfResult } from './types';

export interface WhatIfOptions {
  origins?: OriginSpec[];
  clientAddress?: string;
}

/** Desktop → each Ingress rule that routes to the service (only asked when ingress-nginx settings change). */
function ingressQuestions(inv: Inventory): Question[] {
  const svc = inv.service;
  if (!svc) return [];
  const out: Question[] = [];
  for (const ing of inv.ingresses) {
    if (ing.namespace !== svc.namespace) continue;
    for (const r of ing.rules)
      for (const p of r.paths)
        if (p.backend.service === svc.name) out.push({ id: `desktop>ingress:${r.host ?? '*'}${p.path}`, origin: { kind: 'external' }, target: { kind: 'ingress', host: r.host, path: p.path } });
  }
  return out.filter((q, i) => out.findIndex((x) => x.id === q.id) === i);
}

function answer(inv: Inventory, questions: Question[]): Answer[] {
  const sample = entryNodeSample(inv);
  return questions.map((q) => {
    const everyNode = (q.target.kind === 'nodePort' && !q.target.node && !q.target.address) || q.target.kind === 'loadBalancer';
    const restrict = sample && everyNode ? sample : null;
    return {
      id: q.id,
      prediction: predict(inv, q.origin, q.target, restrict ? { entryNodes: restrict } : {}),
      coverage: restrict ? { entryNodes: inv.nodes.length, predictedEntryNodes: restrict.length } : null,
    };
  });
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
  const ingressKeys = input.changes.some((c) => ['use-forwarded-headers', 'compute-full-forwarded-for', 'use-proxy-protocol', 'proxy-real-ip-cidr'].includes(c.key));
  const questions = (inv: Inventory, rel: typeof relays) => [...defaultQuestions(inv, origins, opts.clientAddress, rel), ...(ingressKeys ? ingressQuestions(inv) : [])];
  const before = answer(inventory, questions(inventory, relays));
  let after = answer(applied.inventory, questions(applied.inventory, applied.relays));
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
