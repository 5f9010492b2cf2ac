// Cluster strings are hostile text: before they reach a CI log, an XML file or a Markdown
// summary, control characters (which can rewrite a terminal line or break XML) and bidi
// controls (which can make a line read differently from what it says) are removed.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Keeps newlines and tabs, drops every other control and bidi character and lone surrogates. */
export function stripControl(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL, '');
}

/** One line: newlines and tabs become spaces too. */
export function oneLine(text: string): string {
  return stripControl(text).replace(/[\n\t]+/g, ' ');
}

export function xmlText(text: string): string {
  return stripControl(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function xmlAttr(text: string): string {
  // Newlines in attributes are normalised away by XML parsers; keep them as character references.
  return xmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/** Inline Markdown (GitHub flavour): every punctuation character that can start markup is escaped. */
export function markdownInline(text: string): string {
  return oneLine(text).replace(/[\\`*_{}[\]()#+.!|<>~&@:]/g, (c) => `\\${c}`);
}
