import { mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeExports } from '../export-files';
import { parseSession } from '../../core/export/session-file';
import { exportSessionFile } from './export';

const SAMPLE = join(import.meta.dirname, '../../../resources/sample/seed-session.json');

describe('snatscope export <session.json> --out <dir>', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'snatscope-export-'));
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes report.md with diagram.png beside it, diagram.svg and session.json', async () => {
    expect(await exportSessionFile(SAMPLE, { out: join(dir, 'out'), theme: 'dark' })).toBe(0);
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['diagram.png', 'diagram.svg', 'report.md', 'session.json']);
    expect(await readFile(join(dir, 'out', 'report.md'), 'utf8')).toContain('![diagram](diagram.png)');
    const png = PNG.sync.read(await readFile(join(dir, 'out', 'diagram.png')));
    const svg = await readFile(join(dir, 'out', 'diagram.svg'), 'utf8');
    const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg)!;
    expect([png.width, png.height]).toEqual([Number(w) * 2, Number(h) * 2]);
    expect(svg).toContain('fill="#15171c"');
  }, 30_000);

  it('redacts every file with --redact', async () => {
    expect(await exportSessionFile(SAMPLE, { out: dir, redact: true, format: 'markdown,svg,json,mermaid' })).toBe(0);
    for (const name of await readdir(dir)) expect(await readFile(join(dir, name), 'utf8'), name).not.toMatch(/198\.18\.|node2|snatscope-[0-9a-f]{6}/);
  });

  it('refuses a malformed session with a clear error and exit code 2', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"kind":"snatscope.session","version":99}');
    const stderr = vi.mocked(process.stderr.write);
    expect(await exportSessionFile(bad, { out: join(dir, 'x'), lang: 'en' })).toBe(2);
    expect(String(stderr.mock.calls[0]?.[0])).toMatch(/newer SNATScope/);
    expect(await exportSessionFile(SAMPLE, { out: dir, theme: 'blue' })).toBe(2);
  });

  it('refuses a file over the shared maximum without reading it', async () => {
    const big = join(dir, 'big.json');
    await writeFile(big, '');
    await truncate(big, 10 * 1024 * 1024 * 1024); // sparse: 10 GiB on paper, nothing on disk
    const stderr = vi.mocked(process.stderr.write);
    const started = performance.now();
    expect(await exportSessionFile(big, { out: join(dir, 'x'), lang: 'en' })).toBe(2);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(String(stderr.mock.calls[0]?.[0])).toMatch(/larger than 64 MiB/);
  });

  it('tells, in the chosen language, when the PNG has Chinese text and no font draws it', async () => {
    const session = parseSession(await readFile(SAMPLE, 'utf8'));
    const warnings: string[] = [];
    const written = await writeExports(session, dir, { locale: 'zh-CN', theme: 'light', redact: false, formats: ['png'], cjkFonts: async () => false, warn: (t) => warnings.push(t) });
    expect(written).toEqual([join(dir, 'diagram.png')]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('fonts-noto-cjk');
    expect(warnings[0]).toContain('中文字体');
    await writeExports(session, dir, { locale: 'zh-CN', theme: 'light', redact: false, formats: ['png'], cjkFonts: async () => true, warn: (t) => warnings.push(t) });
    expect(warnings).toHaveLength(1);
  }, 30_000);
});
