// A summary for CI pages (GitHub Actions' $GITHUB_STEP_SUMMARY renders GitHub-flavoured
// Markdown): one headline, a table of every case, then the failures with their explanation and
// fix in <details>. Cluster strings are escaped; nothing becomes a link or HTML.
import type { Locale } from '../explain/types';
import { counts, type TestReport } from './test-report';
import { markdownInline, oneLine, stripControl, xmlText } from './text-safety';

const WORDS = {
  en: { passed: 'passed', failed: 'failed', error: 'error', skipped: 'skipped', status: 'Result', suite: 'Suite', name: 'Check', seen: 'Seen', failures: 'Failures', all: (n: number) => `all ${n} checks hold`, some: (f: number, n: number) => `${f} of ${n} checks fail` },
  'zh-CN': { passed: '通过', failed: '失败', error: '错误', skipped: '跳过', status: '结果', suite: '分组', name: '检查', seen: '所见', failures: '失败项', all: (n: number) => `全部 ${n} 项检查通过`, some: (f: number, n: number) => `${n} 项检查中 ${f} 项失败` },
};
const MARK = { passed: '✅', failed: '❌', error: '⚠️', skipped: '⏭️' } as const;

export function markdownSummary(report: TestReport, locale: Locale): string {
  const w = WORDS[locale];
  const all = report.suites.flatMap((s) => s.cases.map((c) => ({ suite: s.name, c })));
  const n = counts(all.map((x) => x.c));
  const bad = n.failures + n.errors;
  const out = [`### ${bad ? '❌' : '✅'} ${markdownInline(report.name)}: ${bad ? w.some(bad, n.tests) : w.all(n.tests)}`, '', `| ${w.status} | ${w.suite} | ${w.name} | ${w.seen} |`, '| --- | --- | --- | --- |'];
  for (const { suite, c } of all) out.push(`| ${MARK[c.status]} ${w[c.status]} | ${markdownInline(suite)} | ${markdownInline(c.name)} | ${markdownInline(c.message ?? '')} |`);
  const failing = all.filter((x) => x.c.status === 'failed' || x.c.status === 'error');
  if (failing.length) {
    out.push('', `#### ${w.failures}`, '');
    for (const { suite, c } of failing) {
      // Inside the HTML block Markdown is not parsed: HTML-escape instead.
      out.push('<details>', `<summary>${xmlText(oneLine(`${suite}: ${c.name}`))}</summary>`, '');
      if (c.message) out.push(markdownInline(c.message), '');
      out.push(...detailLines(c.details));
      out.push('', '</details>', '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/**
 * Prose lines become list items; runs of indented lines (fix snippets: commands, YAML) become one
 * fenced block, its fence longer than any backtick run inside so cluster text cannot close it.
 */
function detailLines(details: readonly string[]): string[] {
  const out: string[] = [];
  let code: string[] = [];
  const flush = () => {
    if (!code.length) return;
    const longest = Math.max(0, ...code.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((m) => m.length))));
    const fence = '`'.repeat(Math.max(3, longest + 1));
    out.push('', fence, ...code, fence, '');
    code = [];
  };
  for (const line of details) {
    if (/^ {2}/.test(line)) {
      code.push(stripControl(line.slice(2)).replace(/\n/g, ' '));
      continue;
    }
    flush();
    out.push(`- ${markdownInline(line)}`);
  }
  flush();
  return out;
}
