import { readFileSync } from 'node:fs';
import { retargetSession } from '../probe/target-map';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { Lexer, type Tokens } from 'marked';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { buildTopology } from '../topology/index';
import { PNG_SCALE, renderExports, renderReport, type ExportFile } from './render';
import { parseSession } from './session-file';

const TEXT = readFileSync(join(import.meta.dirname, '../../../resources/sample/seed-session.json'), 'utf8');
const session = parseSession(TEXT);
const ALL = ['markdown', 'json', 'svg', 'png', 'mermaid'] as const;
const content = (f: ExportFile) => ('text' in f ? f.text : Buffer.from(f.base64, 'base64').toString('latin1'));
const byName = (files: ExportFile[], suffix: string) => files.find((f) => f.name.endsWith(suffix))!;

describe('exports of one session', () => {
  it('writes every format; the PNG (resvg) decodes at twice the diagram’s size and is not blank', async () => {
    const { files, diagram } = await renderExports(session, { formats: ALL, locale: 'en', theme: 'light', redact: false });
    expect(files.map((f) => f.name)).toEqual(['report.md', 'session.json', 'diagram.svg', 'diagram.png', 'diagram.mmd']);
    const topology = buildTopology({ kind: 'session', session }, { locale: 'en' });
    expect(diagram.width).toBe(Math.ceil(topology.width));
    const png = PNG.sync.read(Buffer.from((byName(files, '.png') as { base64: string }).base64, 'base64'));
    expect([png.width, png.height]).toEqual([diagram.width * PNG_SCALE, diagram.height * PNG_SCALE]);
    // Not blank: many distinct colours (background, boxes, verdict colours, anti-aliased text).
    const colours = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4 * 7) colours.add(png.data.readUInt32BE(i));
    expect(colours.size).toBeGreaterThan(20);
    expect(XMLValidator.validate((byName(files, '.svg') as { text: string }).text)).toBe(true);
    // The saved session carries the answer rebuilt for the user's service (probe/target-map.ts).
    expect(parseSession((byName(files, '.json') as { text: string }).text)).toEqual(retargetSession(session));
    const md = (byName(files, '.md') as { text: string }).text;
    expect(md).toContain('![diagram](diagram.png)');
    expect(Lexer.lex(md).some((t) => t.type === 'table' && (t as Tokens.Table).rows.length === session.paths.length)).toBe(true);
    expect((byName(files, '.mmd') as { text: string }).text.startsWith('flowchart LR\n')).toBe(true);
  }, 30_000);

  it('warns when the PNG has Chinese text and the machine has no font for it (the files are written anyway)', async () => {
    const asked: string[] = [];
    const check = (answer: boolean | null) => async () => {
      asked.push(String(answer));
      return answer;
    };
    const zh = await renderExports(session, { formats: ['png', 'svg'], locale: 'zh-CN', theme: 'light', redact: false, cjkFonts: check(false), rasterize: async () => ({ png: new Uint8Array([1]), width: 1, height: 1 }) });
    expect(zh.warnings).toEqual(['png-missing-cjk-font']);
    expect(zh.files.map((f) => f.name)).toEqual(['diagram.svg', 'diagram.png']);
    expect((await renderExports(session, { formats: ['png'], locale: 'zh-CN', theme: 'light', redact: false, cjkFonts: check(true), rasterize: async () => ({ png: new Uint8Array([1]), width: 1, height: 1 }) })).warnings).toEqual([]);
    expect((await renderExports(session, { formats: ['png'], locale: 'zh-CN', theme: 'light', redact: false, cjkFonts: check(null), rasterize: async () => ({ png: new Uint8Array([1]), width: 1, height: 1 }) })).warnings).toEqual([]);
    // English labels, or no PNG at all: nothing to ask.
    asked.length = 0;
    expect((await renderExports(session, { formats: ['png'], locale: 'en', theme: 'light', redact: false, cjkFonts: check(false), rasterize: async () => ({ png: new Uint8Array([1]), width: 1, height: 1 }) })).warnings).toEqual([]);
    expect((await renderExports(session, { formats: ['svg', 'markdown'], locale: 'zh-CN', theme: 'light', redact: false, cjkFonts: check(false) })).warnings).toEqual([]);
    expect(asked).toEqual([]);
  });

  it('prefixes file names and links the PNG by its prefixed name; without a PNG there is no image link', async () => {
    const withPng = await renderExports(session, { formats: ['markdown', 'png'], locale: 'zh-CN', theme: 'dark', redact: false, prefix: 'snatscope-c3d97e-', rasterize: async () => ({ png: new Uint8Array([1]), width: 1, height: 1 }) });
    expect(withPng.files.map((f) => f.name)).toEqual(['snatscope-c3d97e-report.md', 'snatscope-c3d97e-diagram.png']);
    expect((withPng.files[0] as { text: string }).text).toContain('![拓扑图](snatscope-c3d97e-diagram.png)');
    expect((withPng.files[0] as { text: string }).text).toContain('客户端源 IP 报告');
    const alone = await renderExports(session, { formats: ['markdown'], locale: 'en', theme: 'light', redact: false });
    expect((alone.files[0] as { text: string }).text).not.toContain('![diagram]');
  });

  it('with redaction, no lab address, node name, namespace or service name is left in any file, and aliases agree across files', async () => {
    const { files } = await renderExports(session, { formats: ALL, locale: 'en', theme: 'light', redact: true });
    const secrets = [/\b198\.1[89]\.\d+\.\d+/, /\b203\.0\.113\.\d+/, /node[12]/, new RegExp(session.plan.namespace), /echo-cluster|echo-local/, new RegExp(session.cluster.context), /default\/frontend/];
    for (const f of files) for (const s of secrets) expect(content(f), `${f.name} ${s}`).not.toMatch(s);
    const red = parseSession((byName(files, '.json') as { text: string }).text);
    expect(red.redacted).toBe(true);
    const marker = red.paths.find((p) => p.origin.kind === 'desktop' && p.observed.verdict === 'snat' && p.observed.rewritingHop?.kind === 'node' && p.target.node === p.observed.rewritingHop.name)!;
    const alias = marker.observedSource!;
    expect(alias).toMatch(/^node-\d+-ip(-\d+)?$/); // named after the node that rewrote it (issue 14 item 6)
    for (const name of ['.md', '.svg', '.mmd']) expect(content(byName(files, name)), name).toContain(`SNAT → ${alias}`);
  }, 30_000);
});

describe('the printable report (export.report)', () => {
  it('carries the finding, the matrix rows, the flows and fixes, and a light diagram', () => {
    const { report, svg } = renderReport(session, { locale: 'en', redact: false });
    expect(report.finding).toContain('Client IPs are lost on paths entering via');
    expect(report.rows).toHaveLength(session.paths.length);
    expect(report.flows.length).toBeGreaterThan(0);
    expect(report.fixes.map((f) => f.id)).toContain('etp-local');
    expect(svg).toContain('SNAT → 198.18.0.12');
    expect(svg).toContain('fill="#ffffff"');
  });

  it('redacts like the files', () => {
    const { report, svg } = renderReport(session, { locale: 'zh-CN', redact: true });
    const all = JSON.stringify(report) + svg;
    expect(all).not.toMatch(/198\.1[89]\.|203\.0\.113\.|node[12]|snatscope-[0-9a-f]{6}/);
    expect(report.redactedNote).toContain('脱敏');
  });
});

describe('file names', () => {
  it('a prefix naming the probe run is redacted with everything else', async () => {
    const { files } = await renderExports(session, { formats: ['markdown', 'png'], locale: 'en', theme: 'light', redact: true, prefix: `${session.plan.namespace}-`, rasterize: async () => ({ png: new Uint8Array([1]), width: 1, height: 1 }) });
    for (const f of files) expect(f.name).not.toContain(session.plan.namespace);
    expect((files[0] as { text: string }).text).toContain(`![diagram](${files[1]!.name})`);
  });
});
