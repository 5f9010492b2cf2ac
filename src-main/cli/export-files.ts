// Writes a session's exports into a directory (`probe --out`, `export --out`): report.md with
// diagram.png beside it (the report links it), diagram.svg and session.json. The files come from
// the same core function as the app's Export dialog.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXPORT_FORMATS, renderExports, type ExportFormat } from '../core/export/render';
import type { Session } from '../core/probe/session-types';
import type { Lang } from './output';

export const CLI_EXPORT_FORMATS: readonly ExportFormat[] = ['markdown', 'png', 'svg', 'json'];

export interface WriteExportsOptions {
  locale: Lang;
  theme: 'light' | 'dark';
  redact: boolean;
  formats?: readonly ExportFormat[];
}

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
  const { files } = await renderExports(session, { formats: options.formats ?? CLI_EXPORT_FORMATS, locale: options.locale, theme: options.theme, redact: options.redact });
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const f of files) {
    const path = join(dir, f.name);
    await writeFile(path, 'text' in f ? f.text : Buffer.from(f.base64, 'base64'));
    written.push(path);
  }
  return written;
}
