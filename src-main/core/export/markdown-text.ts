// Cluster and session strings going into a Markdown report: a name like
// `<img src=x onerror=alert(1)>` must stay text wherever the report is rendered (GitHub, wikis,
// static-site generators all pass raw HTML through: CommonMark spec §6.6 "Raw HTML"), a context
// name with backticks or a newline must not end its code span, a snippet must not close its
// fence (§4.5: a fence closes with a run of at least as many backticks), and terminal or bidi
// control characters must not reach a reader's terminal or reorder what they see (Trojan Source,
// CVE-2021-42574). Every insertion point of markdown.ts goes through one of these.

// C0 except tab/newline, DEL, C1; bidi embeddings, overrides, isolates and marks; line/paragraph
// separators (both end a line in some renderers).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/** The text without control and bidi characters (tabs and newlines kept). */
/** Whether the text still has a control or bidi character that stripControls removes. */
export function hasControls(text: string): boolean {
  return new RegExp(CONTROLS.source).test(text);
}

export function stripControls(text: string): string {
  return text.replace(CONTROLS, '');
}

/** One line: controls removed, every kind of line break folded into a space. */
function oneLine(text: string): string {
  return stripControls(text).replace(/[\r\n\t]+/g, ' ');
}

/**
 * Text inside a line (a paragraph, a list item, a heading, a table cell): `< > &` as entities,
 * inline metacharacters backslash-escaped, and a block marker at the very start neutralised.
 * Dots, colons and slashes stay as they are so addresses and names still read naturally.
 */
export function mdText(text: string): string {
  const escaped = oneLine(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
  // "# x", "- x", "+ x", "=", "1. x", "1) x" would start a heading or a list if this text began
  // a line (each needs a space or the end after it: CommonMark §4.2, §5.2), so "198.18.0.1" stays.
  return escaped.replace(/^(\s*)(#{1,6}|[-+=]|\d{1,9}(?=[.)]))(?=[.)]?(\s|$))/, (_m, space: string, marker: string) => `${space}${/^\d/.test(marker) ? `${marker}\\` : `\\${marker}`}`);
}

/** A numbered line built by the report ("3. …"): the marker kept, the rest escaped. */
export function mdNumbered(line: string): string {
  const m = /^(\d{1,4}\. )([\s\S]*)$/.exec(line);
  return m ? `${m[1]}${mdText(m[2]!)}` : mdText(line);
}

/** Inline code that no backtick run inside can end (CommonMark §6.1). */
export function mdCode(text: string): string {
  const body = oneLine(text);
  const longest = Math.max(0, ...Array.from(body.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || body.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A fenced code block longer than any backtick run inside, with a safe info string. */
export function mdFence(text: string, language = ''): string {
  const body = stripControls(text).replace(/\r\n?/g, '\n');
  const longest = Math.max(0, ...Array.from(body.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const info = language.replace(/[^A-Za-z0-9_+-]/g, '').slice(0, 32);
  return `${fence}${info}\n${body}\n${fence}`;
}

/** A relative link target (a file written beside the report): percent-encoded, never a scheme. */
export function mdLinkTarget(file: string): string {
  return file
    .split('/')
    .map((part) => encodeURIComponent(stripControls(part)).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}
