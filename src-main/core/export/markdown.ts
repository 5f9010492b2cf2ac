// The postmortem report as Markdown: finding first, then facts, the matrix, the numbered flows,
// the fixes, the diagram (PNG beside the file + Mermaid), and an appendix with the plan and the
// raw observations. The words come from report-model.ts (shared with the app's PDF report).
import type { Locale } from '../explain/types';
import type { Session } from '../probe/session-types';
import { mdCode, mdFence, mdLinkTarget, mdNumbered, mdText } from './markdown-text';
import { mermaidFlowchart } from './mermaid';
import { reportModel, reportWords } from './report-model';
import { retargetSession } from '../probe/target-map';

export { entryText, findingText, originText, verdictText } from './report-model';

export interface MarkdownOptions {
  locale: Locale;
  /** File name of the diagram PNG written beside the report, if any. */
  pngFile?: string;
}

export function markdownReport(recorded: Session, opts: MarkdownOptions): string {
  const session = retargetSession(recorded);
  const m = reportModel(session, opts.locale);
  const t = m.headings;
  const out: string[] = [];
  // Every string from the session or the cluster is inserted through markdown-text.ts.
  out.push(`# ${mdText(m.title)}`, '');
  if (m.predicted) out.push(`> **${mdText(m.predictedNote)}**`, '');
  if (m.redacted) out.push(`> ${mdText(m.redactedNote)}`, '');
  out.push(`## ${t.finding}`, '', `**${mdText(m.finding)}**`, '');
  if (m.path) out.push(mdCode(m.path), '');
  out.push(`## ${t.facts}`, '');
  for (const f of m.facts) out.push(`- ${mdText(f.label)}: ${f.code ? mdCode(f.value) : mdText(f.value)}`);
  out.push('');
  out.push(`## ${t.matrix}`, '');
  out.push(`| ${m.columns.map(mdText).join(' | ')} |`, `|${m.columns.map(() => '---').join('|')}|`);
  for (const r of m.rows) out.push(`| ${r.cells.map(mdText).join(' | ')} |`);
  out.push('');
  out.push(`## ${t.why}`, '');
  for (const f of m.flows) {
    out.push(`### ${mdText(f.title)}`, '');
    out.push(...f.steps.map(mdNumbered));
    for (const n of f.notes) out.push(`   - ${mdText(n)}`);
    out.push('');
  }
  if (m.assumptions.length) out.push(`## ${t.assumptions}`, '', ...m.assumptions.map((a) => `- ${mdText(a)}`), '');
  if (m.warnings.length) out.push(`## ${t.warnings}`, '', ...m.warnings.map((a) => `- ${mdText(a)}`), '');
  if (m.fixes.length) {
    out.push(`## ${t.fixes}`, '');
    m.fixes.forEach((r, i) => {
      out.push(`### ${i + 1}. ${mdText(r.title)}`, '', ...r.description.map(mdText), '');
      for (const tr of r.tradeoffs) out.push(`- ${t.tradeoff}: ${mdText(tr)}`);
      out.push('');
      for (const s of r.snippets) out.push(`${mdText(s.label)}:`, '', mdFence(s.text, s.language === 'shell' ? 'sh' : s.language), '');
    });
  }
  out.push(`## ${t.diagram}`, '');
  if (opts.pngFile) out.push(`![${mdText(reportWords(opts.locale).diagramAlt)}](${mdLinkTarget(opts.pngFile)})`, '');
  out.push(mdFence(mermaidFlowchart(session, 'desktop', opts.locale), 'mermaid'), '');
  if (!m.predicted) {
    out.push(`## ${t.appendix}`, '', `### ${t.plan}`, '');
    for (const line of m.plan) out.push(`- ${mdText(line)}`);
    out.push('');
    // The raw record is for whoever re-checks the table above: collapsed, stated once.
    out.push('<details>', `<summary>${mdText(reportWords(opts.locale).observations)} (${session.observations.length})</summary>`, '');
    out.push(mdFence(JSON.stringify(session.observations.map(compactObservation), null, 0).replace(/\},\{/g, '},\n{'), 'json'), '', '</details>', '');
  }
  out.push(`_${mdText(m.footer)}_`, '');
  return out.join('\n');
}

function compactObservation(o: Session['observations'][number]) {
  return { id: o.id, origin: o.origin, target: o.target, policy: o.service.policy, result: o.result, source: o.source, headers: o.headers, proxy: o.proxyHeader, ms: o.timings.totalMs };
}
