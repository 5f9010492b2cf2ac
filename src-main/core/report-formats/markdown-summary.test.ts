import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { markdownSummary } from './markdown-summary';
import type { TestReport } from './test-report';

const report: TestReport = {
  name: 'snatscope check e.yaml',
  timestamp: null,
  durationSeconds: null,
  suites: [
    {
      name: 'default/frontend',
      cases: [
        { name: 'ok one', classname: 'c', status: 'passed', message: 'seen: preserved', details: [] },
        { name: 'pod | <img src=x onerror=alert(1)> [link](https://evil.example) @team *x*', classname: 'c', status: 'failed', message: 'seen: SNAT\u202E', details: ['1. why <b>', 'Fix: `kubectl patch`'] },
      ],
    },
  ],
};

describe('Markdown summary', () => {
  it('renders a headline, one table row per case and the failures, with cluster strings inert', () => {
    const md = markdownSummary(report, 'en');
    expect(md.split('\n')[0]).toBe('### ❌ snatscope check e\\.yaml: 1 of 2 checks fail');
    const html = marked.parse(md, { async: false });
    // The hostile name renders as text: no image, no link, no emphasis, and the table keeps 4 columns.
    expect(html).not.toMatch(/<img|<a |<em>|<b>/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const rows = html.match(/<tr>[\s\S]*?<\/tr>/g)!;
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r.match(/<t[dh]/g)).toHaveLength(4);
    expect(md).not.toContain('\u202E');
    expect(html).toContain('<details>');
  });

  it('speaks Simplified Chinese', () => {
    expect(markdownSummary({ ...report, suites: [{ name: 's', cases: [report.suites[0]!.cases[0]!] }] }, 'zh-CN').split('\n')[0]).toBe('### ✅ snatscope check e\\.yaml: 全部 1 项检查通过');
  });
});

describe('Markdown summary snippets', () => {
  it('indented detail lines (fix snippets) become one fenced block that backticks in cluster text cannot close', () => {
    const md = markdownSummary({ name: 'x', timestamp: null, durationSeconds: null, suites: [{ name: 's', cases: [{ name: 'n', classname: 'c', status: 'failed', message: 'm', details: ['Fix: set Local', 'kubectl patch:', '  kubectl -n default patch svc "a```b"', '  metadata:', '    name: x'] }] }] }, 'en');
    const html = marked.parse(md, { async: false });
    const pre = html.match(/<pre><code>([\s\S]*?)<\/code><\/pre>/g)!;
    expect(pre).toHaveLength(1);
    expect(pre[0]).toContain('kubectl -n default patch svc &quot;a```b&quot;\nmetadata:\n  name: x');
    expect(md).toContain('\n````\n');
  });
});
