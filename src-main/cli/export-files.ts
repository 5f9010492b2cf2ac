// Writes a session's exports into a directory (`probe --out`, `export --out`): report.md with
// diagram.png beside it (the report links it), diagram.svg and session.json. The files come from
// the same core function as the app's Export dialog.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CjkFontCheck } from '../core/export/fonts';
import { EXPORT_FORMATS, renderExports, type ExportFormat, type ExportWarning } from '../core/export/render';
import type { Session } from '../core/probe/session-types';
import type { Lang } from './output';

export const CLI_EXPORT_FORMATS: readonly ExportFormat[] = ['markdown', 'png', 'svg', 'json'];

export interface WriteExportsOptions {
  locale: Lang;
  theme: 'light' | 'dark';
  redact: boolean;
  formats?: readonly ExportFormat[];
  /** Told about anything the user should know (the files are written regardless). */
  warn?: (text: string) => void;
  /** Whether the PNG can draw CJK text (default: ask this machine). */
  cjkFonts?: CjkFontCheck;
}

const WARNINGS: Record<ExportWarning, Record<Lang, string>> = {
  'png-missing-cjk-font': {
    en: 'the PNG has Chinese text but this machine has no CJK font, so it shows empty boxes there; install one (e.g. apt install fonts-noto-cjk) and export again, or use the SVG',
    'zh-CN': 'PNG 中有中文，但本机没有中文字体，这些文字会显示为空白方框；请安装中文字体（例如 apt install fonts-noto-cjk）后重新导出，或使用 SVG',
  },
};

export function parseTheme(value: string | undefined): 'light' | 'dark' {
  if (value === undefined || value === 'light') return 'light';
  if (value === 'dark') return 'dark';
  throw new Error(`--theme ${JSON.stringify(value)}: expected light or dark`);
}

export function parseFormats(value: string | undefined): ExportFormat[] {
  if (!value) return [...CLI_EXPORT_FORMATS];
  const out = value.split(',').map((f) => f.trim());
  for (const f of out) if (!(EXPORT_FORMATS as readonly string[]).includes(f)) throw new Error(`--format ${JSON.stringify(f)}: expected ${EXPORT_FORMATS.join(', ')}`);
  return out as ExportFormat[];
}

/** Renders and writes the files; returns their paths. */
export async function writeExports(session: Session, dir: string, options: WriteExportsOptions): Promise<string[]> {
  const { files, warnings } = await renderExports(session, { formats: options.formats ?? CLI_EXPORT_FORMATS, locale: options.locale, theme: options.theme, redact: options.redact, ...(options.cjkFonts ? { cjkFonts: options.cjkFonts } : {}) });
  for (const w of warnings) options.warn?.(WARNINGS[w][options.locale]);
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const f of files) {
    const path = join(dir, f.name);
    await writeFile(path, 'text' in f ? f.text : Buffer.from(f.base64, 'base64'));
    written.push(path);
  }
  return written;
}
