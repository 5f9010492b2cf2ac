import type { Command } from 'commander';
import { readFile, stat } from 'node:fs/promises';
import { MAX_SESSION_BYTES, parseSession, sessionTooLarge } from '../../core/export/session-file';
import { parseFormats, parseTheme, writeExports } from '../export-files';
import { cliLanguage, reportError } from '../output';

interface Flags {
  out: string;
  redact?: boolean;
  theme?: string;
  format?: string;
  lang?: string;
}

/** Re-exports a saved session (exit 0 = written, 2 = error, e.g. an invalid file). */
export async function exportSessionFile(file: string, flags: Flags): Promise<number> {
  const lang = cliLanguage(flags.lang);
  try {
    // The same maximum as the app, checked before reading: a 10 GB file is not read into memory.
    if ((await stat(file)).size > MAX_SESSION_BYTES) sessionTooLarge();
    const session = parseSession(await readFile(file, 'utf8'));
    const written = await writeExports(session, flags.out, { locale: lang, theme: parseTheme(flags.theme), redact: Boolean(flags.redact), formats: parseFormats(flags.format), warn: (text) => process.stderr.write(`warning: ${text}\n`) });
    for (const path of written) process.stdout.write(`${path}\n`);
    return 0;
  } catch (error) {
    return reportError(error, lang, false);
  }
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .argument('<session.json>', 'a session saved by the app or written by `snatscope probe --json` / `--out`')
    .description('Write the postmortem report (Markdown + PNG), the diagram (SVG) and the session (JSON) for a saved session; no cluster needed')
    .requiredOption('--out <dir>', 'directory to write into (created if missing)')
    .option('--redact', 'replace IPs, node, namespace, service and pod names with stable aliases in every file')
    .option('--theme <theme>', 'diagram background: light (default) or dark')
    .option('--format <list>', 'comma-separated subset of markdown,png,svg,json,mermaid (default markdown,png,svg,json)')
    .action(async (file: string, opts: Flags, cmd: Command) => {
      process.exitCode = await exportSessionFile(file, { ...cmd.optsWithGlobals<Flags>(), ...opts });
    });
}
