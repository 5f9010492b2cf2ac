// `snatscope inspect ns/svc --what-if key=value …`: parse the changes, preview them against the
// inventory inspect read, and print the predicted difference (text in en/zh-CN, or --json).
import { renderStep } from '../core/explain/render';
import type { Inventory } from '../core/inventory/types';
import type { OriginSpec } from '../core/inspect/questions';
import type { Answer } from '../core/inspect/types';
import type { RelayDecl } from '../core/prediction/types';
import { parseWhatIfs, previewWhatIf, renderWhatIf, type PathOutcome, type WhatIfChange, type WhatIfMessage, type WhatIfResult } from '../core/what-if';
import { whatIfError } from '../core/what-if/app-error';
import type { Lang } from './output';
import { renderAnswer, renderInventoryHeader, describeOrigin, describeTarget } from './render-prediction';

export const WHAT_IF_JSON_VERSION = 1;

const MARK: Record<string, string> = { preserved: '✓', snat: '✗', dropped: '⊘', rejected: '⊘', proxied: '~', broken: '!' };

function printError(e: WhatIfMessage, lang: Lang, json: boolean): number {
  if (json) process.stdout.write(`${JSON.stringify({ error: whatIfError(e).toContract() }, null, 2)}\n`);
  else process.stderr.write(`error: --what-if: ${renderWhatIf(e.code, e.params, lang)}\n`);
  return 2;
}

/** Parses the --what-if flags; on a bad one prints what is wrong and returns the exit code 2. */
export function parseWhatIfFlags(texts: readonly string[], lang: Lang, json: boolean): WhatIfChange[] | number {
  const r = parseWhatIfs(texts);
  if (!r.ok) return printError(r.error, lang, json);
  if (r.changes.length === 0) return printError({ code: 'whatif.err.noChanges', params: {} }, lang, json);
  return r.changes;
}

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);
const ratio = (x: number | null) => (x === null ? '—' : `${x.toFixed(1)}×`);

function outcome(o: PathOutcome, lang: Lang): string {
  const verdict = renderStep({ code: `term.verdict.${o.verdict}` as never, params: {} }, lang);
  const cls = renderStep({ code: `term.class.${o.observedClass}` as never, params: {} }, lang);
  const share = o.probability !== null && o.probability < 1 ? ` ${pct(o.probability)}` : '';
  const who = o.verdict === 'snat' || o.verdict === 'proxied' ? ` ${o.observedAddress ?? ''} (${cls})` : '';
  const forged = o.spoofable ? (lang === 'zh-CN' ? '，可被伪造' : ', forgeable') : '';
  return `${MARK[o.verdict] ?? '?'} ${verdict}${who}${forged}${share}`;
}

const changeLabel = (c: WhatIfChange) =>
  c.key === 'relay-proxy' ? `relay-proxy=${c.relay}:${c.value ?? 'off'}` : c.key === 'endpoints-on' ? `endpoints-on=${c.nodes.join(',')}` : `${c.key}=${Array.isArray(c.value) ? c.value.join(',') : c.value === null ? 'off' : String(c.value)}`;

export function renderWhatIfText(inv: Inventory, r: WhatIfResult, lang: Lang, brief: boolean): string[] {
  const t = (code: Parameters<typeof renderWhatIf>[0], params: Record<string, string | number> = {}) => renderWhatIf(code, params, lang);
  const answer = (id: string): Answer | undefined => r.after.find((a) => a.id === id) ?? r.before.find((a) => a.id === id);
  const question = (id: string, entry: string | null) => {
    const a = answer(id);
    const what = a ? `${describeOrigin(a.prediction, lang)} → ${describeTarget(a.prediction)}` : id;
    return entry ? `${what} ${t('whatif.via', { node: entry })}` : what;
  };
  const out: string[] = [...renderInventoryHeader(inv, lang), '', t('whatif.h.title', { changes: r.changes.map(changeLabel).join(', ') })];
  out.push(t('whatif.h.notes'), ...r.notes.map((n) => `  - ${t(n.code, n.params)}`), '');
  const total = r.diff.changed.length + r.diff.unchangedPaths;
  if (r.diff.changed.length === 0) out.push(t('whatif.h.unchanged', { total }));
  else {
    out.push(t('whatif.h.changed', { count: r.diff.changed.length, total }));
    for (const c of r.diff.changed) {
      out.push(`  ${question(c.answerId, c.entryNode)}:`);
      out.push(`      ${c.before.map((o) => outcome(o, lang)).join('; ') || '—'}`);
      out.push(`    → ${c.after.map((o) => outcome(o, lang)).join('; ') || '—'}`);
    }
  }
  out.push('', t('whatif.h.dropping'));
  if (r.diff.startsDropping.length === 0) out.push(`  ${t('whatif.none')}`);
  for (const d of r.diff.startsDropping) out.push(`  ${t('whatif.dropping.row', { node: d.node, count: d.answerIds.length, question: question(d.answerIds[0]!, null) })}`);
  const hc = r.diff.healthCheck;
  if (hc && (hc.before.active || hc.after.active)) {
    out.push('', t('whatif.h.healthCheck'));
    out.push(`  ${hc.after.active ? (hc.after.allocated ? t('whatif.hc.activeAllocated') : t('whatif.hc.active', { port: hc.after.port ?? '?' })) : t('whatif.hc.inactive')}`);
    if (hc.after.active) out.push(`  ${t('whatif.hc.takesOut', { nodes: hc.takenOut.join(', ') || t('whatif.none') })}`, `  ${t('whatif.hc.keeps', { nodes: hc.healthy.join(', ') || t('whatif.none') })}`);
  }
  const spread = r.diff.spread;
  if (spread && r.changes.some((c) => c.key === 'etp' || c.key === 'endpoints-on')) {
    out.push('', t('whatif.h.spread'));
    for (const row of spread.rows) out.push(`  ${t('whatif.spread.row', { node: row.node, endpoints: row.endpoints, before: pct(row.perEndpointBefore), after: pct(row.perEndpointAfter) })}`);
    out.push(`  ${t('whatif.spread.imbalance', { before: ratio(spread.imbalanceBefore), after: ratio(spread.imbalanceAfter) })}`);
  }
  if (r.diff.proxyBreaks.length > 0) {
    out.push('', t('whatif.h.proxyBreaks'));
    for (const b of r.diff.proxyBreaks) out.push(`  ${question(b.answerId, b.entryNode)}: ${t(`whatif.reason.${b.reason}`)}`);
  }
  if (!brief) {
    out.push('', t('whatif.h.after'));
    for (const a of r.after) out.push(...renderAnswer(a, lang, false));
  }
  return out;
}

/** Runs the preview and prints it; returns the exit code (inspect's, for the state after the change). */
export function printWhatIf(inv: Inventory, changes: WhatIfChange[], opts: { origins?: OriginSpec[]; relays: RelayDecl[]; lang: Lang; json: boolean; brief: boolean }): number {
  const r = previewWhatIf(inv, { changes, relays: opts.relays }, opts.origins ? { origins: opts.origins } : {});
  if (!r.ok) return printError(r.error, opts.lang, opts.json);
  if (opts.json) process.stdout.write(`${JSON.stringify({ version: WHAT_IF_JSON_VERSION, kind: 'snatscope.whatIf', service: inv.service ? { namespace: inv.service.namespace, name: inv.service.name } : null, ...r.result }, null, 2)}\n`);
  else process.stdout.write(`${renderWhatIfText(inv, r.result, opts.lang, opts.brief).join('\n').trimEnd()}\n`);
  return r.result.after.some((a) => a.prediction.paths.some((p) => p.verdict !== 'preserved')) ? 1 : 0;
}
