// The postmortem report as Markdown: finding first, then facts, the matrix, the numbered flows,
// the fixes, the diagram (PNG beside the file + Mermaid), and an appendix with the plan and the
// raw observations. The words come from report-model.ts (shared with the app's PDF report).
import type { Locale } from '../explain/types';
import type { Session } from '../probe/session-types';
import { mermaidFlowchart } from './mermaid';
import { reportModel, reportWords } from './report-model';

export { entryText, findingText, originText, verdictText } from './report-model';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Inline code that survives backticks in cluster strings. */
function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

export interface MarkdownOptions {
  locale: Locale;
  /** File name of the diagram PNG written beside the report, if any. */
  pngFile?: string;
}

export function markdownReport(session: Session, opts: MarkdownOptions): string {
  const m = reportModel(session, opts.locale);
  const t = m.headings;
  const out: string[] = [];
  out.push(`# ${m.title}`, '');
  if (m.redacted) out.push(`> ${m.redactedNote}`, '');
  out.push(`## ${t.finding}`, '', `**${m.finding}**`, '');
  out.push(`## ${t.facts}`, '');
  for (const f of m.facts) out.push(`- ${f.label}: ${f.code ? code(f.value) : f.value}`);
  out.push('');
  out.push(`## ${t.matrix}`, '');
  out.push(`| ${m.columns.join(' | ')} |`, `|${m.columns.map(() => '---').join('|')}|`);
  for (const r of m.rows) out.push(`| ${r.cells.map(cell).join(' | ')} |`);
  out.push('');
  out.push(`## ${t.why}`, '');
  for (const f of m.flows) {
    out.push(`### ${f.title}`, '');
    out.push(...f.steps);
    for (const n of f.notes) out.push(`   - ${n}`);
    out.push('');
  }
  if (m.fixes.length) {
    out.push(`## ${t.fixes}`, '');
    m.fixes.forEach((r, i) => {
      out.push(`### ${i + 1}. ${r.title}`, '', ...r.description, '');
      for (const tr of r.tradeoffs) out.push(`- ${t.tradeoff}: ${tr}`);
      out.push('');
      for (const s of r.snippets) out.push(`${s.label}:`, '', `\`\`\`${s.language === 'shell' ? 'sh' : s.language}`, s.text, '```', '');
    });
  }
  out.push(`## ${t.diagram}`, '');
  if (opts.pngFile) out.push(`![diagram](${opts.pngFile})`, '');
  out.push('```mermaid', mermaidFlowchart(session), '```', '');
  out.push(`## ${t.appendix}`, '', `### ${t.plan}`, '');
  out.push(`- namespace: ${code(session.plan.namespace)}, image: ${code(session.plan.image)}`);
  out.push(`- ${m.plan[1]}`);
  out.push(`- ${m.plan[2]}`, '');
  out.push(`### ${reportWords(opts.locale).observations}`, '', '```json', JSON.stringify(session.observations.map(compactObservation), null, 0).replace(/\},\{/g, '},\n{'), '```', '');
  out.push(`_${m.footer}_`, '');
  return out.join('\n');
}

function compactObservation(o: Session['observations'][number]) {
  return { id: o.id, origin: o.origin, target: o.target, service: o.service.name, result: o.result, source: o.source, headers: o.headers, proxy: o.proxyHeader, ms: o.timings.totalMs };
}
