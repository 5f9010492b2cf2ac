// Building the CI report from each command's results: check (one case per expectation and
// path), probe (one case per measured cell) and scan (one case per hazard). Words come from the
// explanation catalogs, so JUnit/TAP/Markdown read in the user's language.
import { renderExplanation, renderFix, renderStep } from '../explain/render';
import type { Fix, Locale } from '../explain/types';
import type { CaseResult } from '../expectations/evaluate';
import { expectationText } from '../expectations/evaluate';
import type { Hazard } from '../scan/scan';
import type { Session } from '../probe/session-types';
import type { ReportCase, TestReport } from './test-report';

const WORDS = {
  en: { sep: '; ', colon: ': ', expected: 'expected', seen: 'seen', fix: 'Fix', predicted: 'predicted', verdict: 'verdict', noMatch: 'NOT as predicted', why: 'Why' },
  'zh-CN': { sep: '；', colon: '：', expected: '期望', seen: '所见', fix: '修复', predicted: '预测', verdict: '判定', noMatch: '与预测不符', why: '原因' },
};

function fixLines(fixes: Fix[], locale: Locale): string[] {
  const first = fixes[0];
  if (!first) return [];
  const r = renderFix(first, locale);
  return [`${WORDS[locale].fix}: ${r.title}`, ...r.description, ...r.snippets.flatMap((s) => [`${s.label}:`, ...s.text.split('\n').map((l) => `  ${l}`)])];
}

export function checkReport(results: CaseResult[], opts: { name: string; mode: 'predict' | 'probe'; locale: Locale; durationSeconds: number | null; timestamp: string | null }): TestReport {
  const w = WORDS[opts.locale];
  const suites = new Map<string, ReportCase[]>();
  for (const r of results) {
    const cases = suites.get(r.service) ?? [];
    const name = `${expectationText(r.expectation)}${r.cell ? ` [${r.cell.label}]` : ''}`;
    cases.push({
      name,
      classname: `snatscope.${opts.mode}.${r.service}`,
      status: r.pass ? 'passed' : 'failed',
      message: `${w.expected} ${r.expectation.clientIP}${w.sep}${w.seen}${w.colon}${r.seen}`,
      details: r.pass ? [] : [...renderExplanation(r.explanation, opts.locale), ...fixLines(r.fixes, opts.locale)],
    });
    suites.set(r.service, cases);
  }
  return { name: opts.name, suites: [...suites].map(([name, cases]) => ({ name, cases })), durationSeconds: opts.durationSeconds, timestamp: opts.timestamp };
}

/** A probe passes a cell when the client address arrives (socket or a header) — the exit-code rule. */
export function probeReport(session: Session, locale: Locale): TestReport {
  const w = WORDS[locale];
  const fixes = new Map(session.fixes.map((f) => [f.id, f]));
  const cases: ReportCase[] = session.paths.map((p) => {
    const origin = p.origin.kind === 'desktop' ? 'desktop' : p.origin.kind === 'pod' ? (p.origin.backend ? `backend ${p.origin.pod}@${p.origin.node}` : `pod@${p.origin.node}`) : `relay ${p.origin.relay}`;
    const entry = `${p.target.kind}${p.target.node ? ` ${p.target.node}` : ''} ${p.target.address}:${p.target.port}`;
    // In-cluster cells are informational (like the exit code, which only counts outside clients).
    const counted = p.origin.kind !== 'pod';
    const ok = p.observed.verdict === 'preserved' || p.observed.verdict === 'proxied';
    const message = `${w.verdict}: ${p.observed.verdict}${p.observedSource ? ` (${p.observedSource})` : ''}${p.observed.rewritingHop ? ` @ ${p.observed.rewritingHop.name}` : ''}; ${w.predicted}: ${p.predicted.verdict}${p.matches ? '' : ` — ${w.noMatch}`}`;
    return {
      name: `${origin} → ${entry} (${p.service.name}, ${p.service.policy})`,
      classname: `snatscope.probe.${session.plan.target ? `${session.plan.target.namespace}/${session.plan.target.name}` : 'matrix'}`,
      status: !counted || ok ? 'passed' : 'failed',
      message,
      details: !counted || ok ? [] : [...p.note.map((s) => renderStep(s, locale)), ...renderExplanation(p.explanation, locale), ...fixLines(p.fixIds.map((id) => fixes.get(id as Fix['id'])).filter((f): f is Fix => Boolean(f)), locale)],
    };
  });
  if (session.status !== 'completed') cases.push({ name: 'probe run', classname: 'snatscope.probe', status: 'error', message: session.error?.message ?? session.status, details: session.error?.action ? [session.error.action] : [] });
  return { name: `snatscope probe ${session.plan.namespace}`, suites: [{ name: session.plan.target ? `${session.plan.target.namespace}/${session.plan.target.name}` : 'NodePort matrix', cases }], durationSeconds: (Date.parse(session.finishedAt) - Date.parse(session.createdAt)) / 1000 || null, timestamp: session.createdAt };
}

/** One case per Service scanned is too many to read; one failing case per hazard, one passing case when there are none. */
export function scanReport(hazards: Hazard[], servicesScanned: number, locale: Locale, timestamp: string | null): TestReport {
  const cases: ReportCase[] = hazards.map((h) => {
    const where = h.service ? `${h.service.namespace}/${h.service.name}` : `ingressclass/${h.ingressClass}`;
    return {
      name: `${h.rule}: ${where}`,
      classname: `snatscope.scan.${h.severity}`,
      status: 'failed',
      message: `[${h.severity}] ${h.why.map((s) => renderStep(s, locale)).join(' ')}`,
      details: [...h.why.map((s) => renderStep(s, locale)), ...fixLines(h.fixes, locale), `(${h.factRef})`],
    };
  });
  if (!cases.length) cases.push({ name: `${servicesScanned} services: no hazard`, classname: 'snatscope.scan', status: 'passed', message: null, details: [] });
  return { name: 'snatscope scan', suites: [{ name: 'hazards', cases }], durationSeconds: null, timestamp };
}
