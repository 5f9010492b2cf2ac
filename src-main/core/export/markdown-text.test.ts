// The escaping helpers on their own: what each one keeps readable and what it neutralises.
import { Lexer, marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { mdCode, mdFence, mdLinkTarget, mdNumbered, mdText, stripControls } from './markdown-text';

const html = (md: string) => marked.parse(md, { async: false });

describe('Markdown text helpers', () => {
  it('strip C0/C1 and bidi controls but keep tabs and newlines', () => {
    expect(stripControls('a\u001b]0;title\u0007b\u009bc\u202ed\u2066e\u200ff\tg\nh')).toBe('a]0;titlebcdef\tg\nh');
  });

  it('mdText keeps addresses readable and renders back to the same words', () => {
    expect(mdText('node1 198.18.0.11:30091 — echo-local (Local)')).toBe('node1 198.18.0.11:30091 — echo-local (Local)');
    expect(mdText('198.18.0.1 is a node')).toBe('198.18.0.1 is a node');
    for (const raw of ['a *b* _c_ [d](e) `f` |g| ~h~ \\i', '# not a heading', '#', '- not a list', '12. not a list', '3) neither', '<b>x</b> & y']) {
      const tokens = Lexer.lex(mdText(raw));
      expect(tokens).toHaveLength(1);
      expect(tokens[0]!.type, raw).toBe('paragraph');
      expect(html(mdText(raw)).replace(/<\/?p>\n?/g, ''), raw).toBe(raw.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    }
  });

  it('mdText leaves no raw HTML', () => {
    expect(html(mdText('<img src=x onerror=alert(1)>'))).toBe('<p>&lt;img src=x onerror=alert(1)&gt;</p>\n');
    expect(html(mdText('<!-- x --><script>alert(1)</script>'))).not.toMatch(/<script|<!--/);
  });

  it('mdNumbered keeps the report’s own marker only', () => {
    expect(Lexer.lex(mdNumbered('3. <b>x</b> sends'))[0]).toMatchObject({ type: 'list', ordered: true, start: 3 });
    expect(html(mdNumbered('3. <b>x</b>'))).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it('mdCode cannot be closed by the backticks or newlines inside', () => {
    for (const raw of ['plain', 'a`b', 'a``b', '`start', 'end`', 'x\n# Heading\n`` y', '````']) {
      const tokens = Lexer.lex(`- ${mdCode(raw)}`);
      const item = (tokens[0] as { items: { tokens: { tokens: { type: string; text: string }[] }[] }[] }).items[0]!;
      const inline = item.tokens[0]!.tokens;
      expect(inline, raw).toHaveLength(1);
      expect(inline[0]!.type, raw).toBe('codespan');
      expect(inline[0]!.text, raw).toBe(raw.replace(/\n/g, ' ').replace(/&/g, '&amp;'));
    }
  });

  it('mdFence cannot be closed by a snippet that contains a fence', () => {
    const snippet = 'kubectl get svc\n```\n<script>alert(1)</script>\n````\nmore';
    const tokens = Lexer.lex(`${mdFence(snippet, 'sh')}\n\nafter`);
    expect(tokens[0]).toMatchObject({ type: 'code', lang: 'sh', text: snippet });
    expect(html(mdFence(snippet, 'sh'))).not.toContain('<script');
    expect(mdFence('x', 'sh" onclick="y')).toMatch(/^```shonclicky\n/);
  });

  it('mdLinkTarget never yields a scheme or ends the link early', () => {
    expect(mdLinkTarget('diagram.png')).toBe('diagram.png');
    expect(html(`![d](${mdLinkTarget('javascript:alert(1)')})`)).toBe('<p><img src="javascript%3Aalert%281%29" alt="d"></p>\n');
  });
});
