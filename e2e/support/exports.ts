// Helpers for the export tests: collect the files the app downloads, check each format the way a
// reader would (the PNG decodes, the SVG is XML, the Markdown parses and its Mermaid block matches
// the paths, the PDF's text holds the finding), and read the picture's ids and positions.
import type { Download, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { Lexer, type Tokens } from 'marked';
import { PNG } from 'pngjs';
import type { Session } from '../../src-main/contract';

// As src-main/core/export/mermaid.ts writes them (reversible: `_` doubled, others as _<hex>_).
const mermaidId = (text: string) => `n_${text.replace(/[^A-Za-z0-9]/gu, (c) => (c === '_' ? '__' : `_${c.codePointAt(0)!.toString(16)}_`))}`;

export interface Saved {
  name: string;
  bytes: Buffer;
  text: string;
}

/** Runs `action` and waits for `count` downloads, saved into `dir`. */
export async function downloads(page: Page, dir: string, count: number, action: () => Promise<void>): Promise<Saved[]> {
  const seen: Download[] = [];
  const done = new Promise<void>((resolve) => {
    const on = (d: Download) => {
      seen.push(d);
      if (seen.length === count) {
        page.off('download', on);
        resolve();
      }
    };
    page.on('download', on);
  });
  await action();
  await done;
  const out: Saved[] = [];
  for (const d of seen) {
    const path = join(dir, d.suggestedFilename());
    await d.saveAs(path);
    const bytes = await readFile(path);
    out.push({ name: d.suggestedFilename(), bytes, text: bytes.toString('utf8') });
  }
  return out;
}

export function byName(files: Saved[], suffix: string): Saved {
  const f = files.find((x) => x.name.endsWith(suffix));
  if (!f) throw new Error(`no downloaded file ending in ${suffix}: ${files.map((x) => x.name).join(', ')}`);
  return f;
}

/** The SVG parses as XML; returns its declared size. */
export function checkSvg(svg: string): { width: number; height: number } {
  const valid = XMLValidator.validate(svg);
  if (valid !== true) throw new Error(`SVG is not well-formed XML: ${JSON.stringify(valid.err)}`);
  const m = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg);
  if (!m) throw new Error('SVG has no width/height');
  return { width: Number(m[1]), height: Number(m[2]) };
}

/** The PNG decodes; returns its size and how many distinct colours it has (a blank image has one). */
export function decodePng(bytes: Buffer): { width: number; height: number; colours: number } {
  const png = PNG.sync.read(bytes);
  const colours = new Set<number>();
  for (let i = 0; i < png.data.length; i += 4 * 5) colours.add(png.data.readUInt32BE(i));
  return { width: png.width, height: png.height, colours: colours.size };
}


/**
 * The Markdown parses, has the results matrix as a table (one row per cell) and a Mermaid block
 * whose edges from this desktop are exactly the desktop paths, drawn by verdict (SNAT dashed and
 * naming the address the backend saw, drops ending in x), with every node it uses declared.
 */
export function checkMarkdown(md: string, session: Session): string[] {
  const problems: string[] = [];
  const tokens = Lexer.lex(md);
  const table = tokens.find((t): t is Tokens.Table => t.type === 'table');
  if (!table) problems.push('no table');
  else if (table.rows.length !== session.paths.length) problems.push(`table has ${table.rows.length} rows, session has ${session.paths.length} cells`);
  const block = tokens.find((t): t is Tokens.Code => t.type === 'code' && t.lang === 'mermaid');
  if (!block) return [...problems, 'no mermaid block'];
  const lines = block.text.split('\n');
  if (lines[0] !== 'flowchart LR') problems.push(`mermaid starts with ${lines[0]}`);
  const declared = new Set(lines.map((l) => /^ {2}(n_\w+)\["/.exec(l)?.[1]).filter((x): x is string => Boolean(x)));
  const edges = lines
    .map((l) => /^ {2}(n_\w+) (-->|-\.->|--x)\|"([^"]*)"\| (n_\w+)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ from: m[1]!, arrow: m[2]!, label: m[3]!, to: m[4]! }));
  for (const e of edges) for (const id of [e.from, e.to]) if (!declared.has(id)) problems.push(`edge uses undeclared node ${id}`);
  const desktop = session.paths.filter((p) => p.origin.kind === 'desktop' && p.target.kind !== 'clusterIP');
  const fromDesktop = edges.filter((e) => e.from === 'n_desktop');
  if (fromDesktop.length !== desktop.length) problems.push(`${fromDesktop.length} edges from the desktop, ${desktop.length} desktop paths`);
  for (const p of desktop) {
    const entry = p.target.kind === 'relay' ? mermaidId(`relay ${p.target.address}:${p.target.port}`) : mermaidId(`node ${p.target.node ?? p.target.address}`);
    const candidates = fromDesktop.filter((e) => e.to === entry && e.label.includes(`${p.service.policy}:`));
    const want = p.observed.verdict === 'snat' ? { arrow: '-.->', text: `SNAT → ${p.observedSource}` } : p.observed.verdict === 'dropped' ? { arrow: '--x', text: 'dropped' } : p.observed.verdict === 'preserved' ? { arrow: '-->', text: 'preserved' } : null;
    if (!candidates.length) problems.push(`no desktop edge for ${p.id}`);
    else if (want && !candidates.some((e) => e.arrow === want.arrow && e.label.includes(want.text))) problems.push(`edge for ${p.id} is not drawn as ${want.arrow} "${want.text}": ${JSON.stringify(candidates)}`);
  }
  return problems;
}

/** The text of a PDF (poppler's pdftotext), whitespace collapsed. */
export function pdfText(path: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

/**
 * The PDF's text in content order, words broken at a hyphen kept apart ("node-" "1"): the default
 * mode joins a line break after a hyphen and invents words the page never shows (an alias
 * "node-1" wrapped in a narrow table cell came out as "node1"). For "this must not appear" checks.
 */
export function pdfRawText(path: string): string {
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

export interface Layout {
  nodes: { id: string; x: number; y: number }[];
  edges: { id: string; source: string; target: string }[];
}

/** Element ids and positions as cytoscape holds them in the page. */
export async function layout(page: Page): Promise<Layout> {
  return page.getByTestId('topology-canvas').evaluate((el) => {
    type Ele = { id(): string; position(): { x: number; y: number }; data(k: string): string };
    type Coll = { map<T>(fn: (e: Ele) => T): T[] };
    const cy = (el as HTMLElement & { __cy?: { nodes(): Coll; edges(): Coll } }).__cy;
    if (!cy) return { nodes: [], edges: [] };
    const nodes = cy.nodes().map((n) => ({ id: n.id(), x: Math.round(n.position().x * 10) / 10, y: Math.round(n.position().y * 10) / 10 }));
    const edges = cy.edges().map((e) => ({ id: e.id(), source: e.data('source'), target: e.data('target') }));
    return { nodes: nodes.sort((a, b) => (a.id < b.id ? -1 : 1)), edges: edges.sort((a, b) => (a.id < b.id ? -1 : 1)) };
  });
}

/** Every byte of every file, for greps (PNG and PDF too: their raw bytes). */
export function everything(files: Saved[]): { name: string; content: string }[] {
  return files.map((f) => ({ name: f.name, content: f.bytes.toString('latin1') + f.text }));
}
