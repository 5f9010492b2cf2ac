import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Lexer, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { markdownReport } from './markdown';
import { mermaidGraph } from './mermaid';
import { redactSession } from './redact';
import { parseSession } from './session-file';

const session = parseSession(readFileSync(join(import.meta.dirname, '../../../resources/sample/seed-session.json'), 'utf8'));

describe('Markdown report', () => {
  const md = markdownReport(session, { locale: 'en', pngFile: 'diagram.png' });
  const tokens = Lexer.lex(md);

  it('leads with the one-sentence finding', () => {
    expect(md).toContain('Client IPs are lost on paths entering via');
    expect(md).toContain('kube-proxy masquerades Cluster-policy NodePort traffic');
  });

  it('contains the results matrix as a table, one row per cell', () => {
    const table = tokens.find((t): t is Tokens.Table => t.type === 'table')!;
    expect(table.header.map((h) => h.text)).toEqual(['Origin', 'Entry', 'Service (policy)', 'Result', 'Source seen by the backend', 'Verdict', 'Predicted', 'As predicted']);
    expect(table.rows).toHaveLength(session.paths.length);
    const node2 = table.rows.find((r) => r[1]!.text.startsWith('node2') && r[2]!.text.includes('Cluster') && r[0]!.text.startsWith('desktop'))!;
    expect(node2[4]!.text).toBe('198.18.0.12');
    expect(node2[5]!.text).toContain('198.18.0.12');
  });

  it('has a Mermaid flowchart whose nodes and edges match the desktop paths', () => {
    const block = tokens.find((t): t is Tokens.Code => t.type === 'code' && t.lang === 'mermaid')!;
    expect(block.text.split('\n')[0]).toBe('flowchart LR');
    const { nodes, edges } = mermaidGraph(session);
    for (const [id] of nodes) expect(block.text).toMatch(new RegExp(`^  ${id}\\["`, 'm'));
    const desktop = session.paths.filter((p) => p.origin.kind === 'desktop' && p.target.kind !== 'clusterIP');
    const fromDesktop = edges.filter((e) => e.from === 'n_desktop');
    expect(fromDesktop).toHaveLength(desktop.length);
    const drawn = block.text.split('\n').filter((l) => /-->|-\.->|--x/.test(l));
    expect(drawn).toHaveLength(edges.length);
    expect(drawn.some((l) => l.includes('--x') && l.includes('Local: dropped'))).toBe(true);
    expect(drawn.some((l) => l.includes('-.->') && l.includes('SNAT → 198.18.0.12'))).toBe(true);
  });

  it('renders in Chinese and redacts like the session', () => {
    const zh = markdownReport(session, { locale: 'zh-CN' });
    expect(zh).toContain('客户端源 IP 报告');
    expect(zh).toContain('经由');
    const red = markdownReport(redactSession(session), { locale: 'en' });
    expect(red).not.toMatch(/198\.18\.0\.12|node2|snatscope-[0-9a-f]{6}/);
    expect(red).toContain('Names and addresses in this report are aliases');
  });
});

describe('the plain flow under the finding (issue 14: like the original report)', () => {
  it('puts the worst path from outside as one line, in both languages', () => {
    const en = markdownReport(session, { locale: 'en' });
    const line = en.split('\n').find((l) => l.startsWith('`203.0.113.1 →'));
    expect(line).toBe('`203.0.113.1 → node2:30950 ⇄ SNAT → 198.18.0.12 → node1 → probe echo on node1 sees 198.18.0.12`');
    expect(en.indexOf(line!)).toBeLessThan(en.indexOf('## Cluster facts'));
    expect(markdownReport(session, { locale: 'zh-CN' })).toContain('⇄ SNAT → 198.18.0.12 → node1 → node1 上的探测回显 Pod 看到 198.18.0.12');
  });
});
