// Issue 17 item 2: a session whose cluster strings are hostile renders to HTML with no element or
// attribute the report did not write itself, no code span or fence broken out of, and no control
// or bidi character left, in either language.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Lexer, marked, type Token, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { markdownReport } from './markdown';
import { hasControls } from './markdown-text';
import { parseSession } from './session-file';

const TEXT = readFileSync(join(import.meta.dirname, '../../../resources/sample/seed-session.json'), 'utf8');
const XSS = '<img src=x onerror=alert(1)>';
const ESC = '\u001b]0;pwned\u0007\u001b[2J';
const BIDI = '\u202e\u2066';

function hostileSession() {
  const doc = JSON.parse(TEXT) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  doc.cluster.context = 'ctx``` `a``b\n# injected heading\n' + XSS;
  doc.plan.target = { namespace: `ns${XSS}`, name: `svc${ESC}` };
  doc.plan.namespace = 'snatscope-`x`';
  doc.plan.image = `img${XSS}`;
  doc.plan.echoNodes = [`node${XSS}`];
  doc.status = 'failed';
  doc.error = { code: 'api', message: `admission webhook said ${XSS} [click](javascript:alert(1)) ${ESC}${BIDI}` };
  doc.inventory.nodes[0].name = `${XSS}${BIDI}`;
  doc.inventory.proxy.mode = `| broken | table ${XSS}`;
  doc.paths[0].service.name = `echo${XSS}|x`;
  doc.paths[0].observedSource = `1.2.3.4${XSS}`;
  doc.fixes = [
    {
      id: 'etp-local',
      title: { code: 'fix.etpLocal.title', params: {} },
      description: [],
      tradeoffs: [],
      snippets: [{ language: 'shell" onmouseover="alert(1)', label: { code: 'fix.etpLocal.title', params: {} }, text: `kubectl patch\n\`\`\`\n${XSS}\n<script>alert(1)</script>\n\`\`\`\`\n${ESC}` }],
    },
  ];
  return parseSession(JSON.stringify(doc));
}

// What the report writes itself: headings, lists, the table, code, emphasis, and one image.
// The raw observations sit in a collapsed <details> block the report writes itself.
const ALLOWED_TAGS = new Set(['h1', 'h2', 'h3', 'p', 'strong', 'em', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'pre', 'blockquote', 'img', 'details', 'summary']);
const OWN_HTML = /^(<details>|<summary>[^<>]*<\/summary>|<\/details>)\s*$/;

function elements(html: string): { tag: string; attrs: string }[] {
  return Array.from(html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g), (m) => ({ tag: m[1]!.toLowerCase(), attrs: m[2]!.trim() }));
}

function walk(tokens: Token[], visit: (t: Token) => void) {
  for (const t of tokens) {
    visit(t);
    const nested = (t as { tokens?: Token[]; items?: Token[]; rows?: { tokens: Token[] }[][]; header?: { tokens: Token[] }[] });
    if (nested.tokens) walk(nested.tokens, visit);
    if (nested.items) walk(nested.items, visit);
    if (nested.header) for (const c of nested.header) walk(c.tokens, visit);
    if (nested.rows) for (const r of nested.rows) for (const c of r) walk(c.tokens, visit);
  }
}

describe.each(['en', 'zh-CN'] as const)('a report from a hostile session (%s)', (locale) => {
  const md = markdownReport(hostileSession(), { locale, pngFile: 'diagram.png' });
  const html = marked.parse(md, { async: false });
  const tokens = Lexer.lex(md);

  it('renders no element or attribute the report did not write', () => {
    for (const { tag, attrs } of elements(html)) {
      expect(ALLOWED_TAGS.has(tag), `<${tag}>`).toBe(true);
      if (tag === 'img') expect(attrs).toBe(`src="diagram.png" alt="${locale === 'en' ? 'diagram' : '拓扑图'}"`);
      else if (tag === 'code') expect(attrs).toMatch(/^(class="language-[A-Za-z0-9_+-]+")?$/);
      else if (tag === 'th' || tag === 'td') expect(attrs).toMatch(/^(align="(left|center|right)")?$/);
      else expect(attrs, `<${tag} ${attrs}>`).toBe('');
    }
    expect(html).not.toMatch(/<img src=x|<script|href="javascript/i);
    const html_ = tokens.filter((t): t is Tokens.HTML => t.type === 'html').map((t) => t.raw);
    for (const raw of html_) for (const line of raw.split('\n').filter((l) => l.trim())) expect(line, line).toMatch(OWN_HTML);
  });

  it('keeps one heading per section: nothing injected a heading or ended a fence early', () => {
    const h1 = tokens.filter((t): t is Tokens.Heading => t.type === 'heading' && t.depth === 1);
    expect(h1).toHaveLength(1);
    let headings = 0;
    walk(tokens, (t) => t.type === 'heading' && (t as Tokens.Heading).text.includes('injected heading') && headings++);
    expect(headings).toBe(0);
    // The file's own snippet is never used: fixes are rebuilt in main from their ids (issue 13).
    expect(md).not.toContain('<script>alert(1)</script>');
    expect(md).not.toContain('onmouseover');
    const fences = tokens.filter((t): t is Tokens.Code => t.type === 'code').map((t) => t.lang);
    expect(fences.slice(-2)).toEqual(['mermaid', 'json']);
    for (const lang of fences) expect(lang).toMatch(/^[a-z]+$/);
  });

  it('shows the context name as one code span, newlines folded', () => {
    let spans: string[] = [];
    walk(tokens, (t) => t.type === 'codespan' && spans.push((t as Tokens.Codespan).text));
    spans = spans.filter((s) => s.startsWith('ctx'));
    expect(spans[0]).toBe('ctx``` `a``b # injected heading <img src=x onerror=alert(1)>');
    expect(html).toContain('<code>ctx``` `a``b # injected heading &lt;img src=x onerror=alert(1)&gt;</code>');
  });

  it('has no control or bidi characters left', () => {
    expect(hasControls(md)).toBe(false);
    expect(hasControls(JSON.stringify(hostileSession()))).toBe(true);
  });

  it('the table still has one row per path and eight columns', () => {
    const table = tokens.find((t): t is Tokens.Table => t.type === 'table')!;
    expect(table.rows).toHaveLength(JSON.parse(TEXT).paths.length);
    expect(table.header).toHaveLength(8);
    for (const row of table.rows) expect(row).toHaveLength(8);
  });
});
