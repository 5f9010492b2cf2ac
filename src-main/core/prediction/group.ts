// Aggregates paths that look the same to the user, e.g. "via node2 → any endpoint: SNAT to
// 198.18.0.12", so a UI can show one line per entry node and outcome.
import { step, term, type ExplainStep } from '../explain/types';
import { classTerm } from './finish';
import type { PathGroup, PredictedPath } from './types';

export function groupPaths(paths: PredictedPath[]): PathGroup[] {
  const groups = new Map<string, PathGroup>();
  const perEntry = new Map<string, number>();
  for (const p of paths) {
    const entry = p.entry?.node ?? null;
    perEntry.set(entry ?? '', (perEntry.get(entry ?? '') ?? 0) + 1);
    const rewriter = p.verdict === 'snat' ? (p.clientLostAt ?? p.rewrittenBy) : p.rewrittenBy;
    const key = [entry ?? '-', p.outcome, p.verdict, p.observed.address ?? '-', p.observed.class, rewriter?.name ?? '-', p.forwarded.clientCarrier ?? '-'].join('|');
    const g = groups.get(key);
    if (g) {
      g.pathIds.push(p.id);
      g.probability = g.probability !== null && p.probability !== null ? g.probability + p.probability : null;
    } else {
      groups.set(key, {
        key,
        entryNode: entry,
        outcome: p.outcome,
        verdict: p.verdict,
        observedAddress: p.observed.address,
        observedClass: p.observed.class,
        rewrittenBy: rewriter ? { kind: rewriter.kind, name: rewriter.name } : null,
        pathIds: [p.id],
        probability: p.probability,
        summary: step('group.preserved'), // replaced below
      });
    }
  }
  const byId = new Map(paths.map((p) => [p.id, p]));
  for (const g of groups.values()) {
    const members = g.pathIds.map((id) => byId.get(id)).filter((p): p is PredictedPath => p !== undefined);
    const all = (perEntry.get(g.entryNode ?? '') ?? 0) === members.length;
    const endpoints = all ? term('term.anyEndpoint') : members.map((m) => m.endpoint?.address ?? '?').join(', ');
    const via = g.entryNode ?? '-';
    const first = members[0];
    let summary: ExplainStep;
    switch (g.verdict) {
      case 'preserved':
        summary = step('group.preserved', { via, endpoints });
        break;
      case 'snat':
        summary = step('group.snat', { via, endpoints, address: g.observedAddress ?? '?', class: classTerm(g.observedClass), hop: g.rewrittenBy?.name ?? '?' });
        break;
      case 'proxied':
        summary = step('group.proxied', { via, endpoints, address: g.observedAddress ?? '?', client: first?.clientAddress ?? '?' });
        break;
      case 'dropped':
        summary = step('group.dropped', { via, rule: first?.outcomeRule ?? '' });
        break;
      case 'rejected':
        summary = step('group.rejected', { via, rule: first?.outcomeRule ?? '' });
        break;
      case 'broken':
        summary = step('group.broken', { via, rule: first?.outcomeRule ?? '' });
        break;
    }
    g.summary = summary;
  }
  return [...groups.values()];
}
