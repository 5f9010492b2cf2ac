// Building the CI report from each command's results: check (one case per expectation and
// path), probe (one case per measured cell) and scan (one case per hazard). Words come from the
// explanation catalogs, so JUnit/TAP/Markdown read in the user's language.
import { renderExplanation, renderFix, renderStep } from '../explain/render';
import type { Fix, Locale } from '../explain/types';
import type { CaseResult } from '../expectations/evaluate';
import { expectationText } from '../expectations/evaluate';
import type { Hazard } from '../scan/scan';
import { cellOriginText, type Session } from '../probe/session-types';
import type { ReportCase, TestReport } from './test-report';

const WORDS = {
  en: { sep: '; ', colon: ': ', expected: 'expected', seen: 'seen', fix: 'Fix', predicted: 'predicted', verdict: 'verdict', noMatch: 'NOT as predicted', why: 'Why' },
  'zh-CN': { sep: '；', colon: '：', expected: '期望', seen: '所见', fix: '修复', predicted: '预测', verdict: '判定', noMatch: '与预测不符', why: '原因' },
};

const SEVERITY_ZH: Record<Hazard['severity'], string> = { high: '高', medium: '中', low: '低' };
/** What an expectation's clientIP asks for, in words (English keeps the file's own value). */
const EXPECT_ZH: Record<string, string> = {
  preserved: '后端看到客户端地址',
  'x-forwarded-for': '客户端地址在 X-Forwarded-For 中',
  'x-real-ip': '客户端地址在 X-Real-IP 中',
  'proxy-protocol': '客户端地址在 PROXY protocol 头中',
  visible: '后端能得知客户端地址（直接看到或经请求头）',
  snat: '源地址被改写（SNAT）',
  dropped: '请求被丢弃或拒绝',
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
      message: `${w.expected}${opts.locale === 'zh-CN' ? `：${EXPECT_ZH[r.expectation.clientIP] ?? r.expectation.clientIP}` : ` ${r.expectation.clientIP}`}${w.sep}${w.seen}${w.colon}${r.seen}`,
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
    const origin = cellOriginText(p.origin);
    const entry = `${p.target.kind}${p.target.node ? ` ${p.target.node}` : ''} ${p.target.address}:${p.target.port}`;
    // In-cluster cells are informational (like the exit code, which only counts outside clients).
    const counted = p.origin.kind !== 'pod';
    const ok = p.observed.verdict === 'preserved' || p.observed.verdict === 'proxied';
    // English keeps the verdict codes (what --json says); Chinese says them in words.
    const verdict = (v: string) => (locale === 'en' ? v : renderStep({ code: `term.verdict.${v}` as never, params: {} }, locale));
    const message = `${w.verdict}${w.colon}${verdict(p.observed.verdict)}${p.observedSource ? ` (${p.observedSource})` : ''}${p.observed.rewritingHop ? ` @ ${p.observed.rewritingHop.name}` : ''}${w.sep}${w.predicted}${w.colon}${verdict(p.predicted.verdict)}${p.matches ? '' : ` — ${w.noMatch}`}`;
    return {
      name: `${origin} → ${entry} (${p.service.name}, ${p.service.policy})`,
      classname: `snatscope.probe.${session.plan.target ? `${session.plan.target.namespace}/${session.plan.target.name}` : 'matrix'}`,
      status: !counted || ok ? 'passed' : 'failed',
      message,
      details: !counted || ok ? [] : [...p.note.map((s) => renderStep(s, locale)), ...renderExplanation(p.explanation, locale), ...fixLines(p.fixIds.map((id) => fixes.get(id as Fix['id'])).filter((f): f is Fix => Boolean(f)), locale)],
    };
  });
  const error = (locale !== 'en' ? session.error?.localized?.[locale] : undefined) ?? session.error;
  if (session.status !== 'completed') cases.push({ name: 'probe run', classname: 'snatscope.probe', status: 'error', message: error?.message ?? session.status, details: error?.action ? [error.action] : [] });
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
      message: locale === 'zh-CN' ? `[${SEVERITY_ZH[h.severity]}] ${h.why.map((s) => renderStep(s, locale)).join('')}` : `[${h.severity}] ${h.why.map((s) => renderStep(s, locale)).join(' ')}`,
      details: [...h.why.map((s) => renderStep(s, locale)), ...fixLines(h.fixes, locale), `(${h.factRef})`],
    };
  });
  if (!cases.length) cases.push({ name: `${servicesScanned} services: no hazard`, classname: 'snatscope.scan', status: 'passed', message: null, details: [] });
  return { name: 'snatscope scan', suites: [{ name: 'hazards', cases }], durationSeconds: null, timestamp };
}
