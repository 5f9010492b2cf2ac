// Plain-text output helpers for the CLI (kubectl-like tables) and error reporting.
import { AppError } from '../core/rpc/app-error';

export type Lang = 'en' | 'zh-CN';

export function cliLanguage(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  const v = flag ?? env.SNATSCOPE_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  return /^zh/i.test(v) ? 'zh-CN' : 'en';
}

export function table(rows: string[][], header: string[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('   ').trimEnd()).join('\n');
}

/** Prints an error the user can act on; returns the exit code (2 = error, per the CLI contract). */
export function reportError(error: unknown, lang: Lang, json: boolean): number {
  const contract = error instanceof AppError ? error.toContract() : { code: 'internal', message: error instanceof Error ? error.message : String(error) };
  if (json) {
    process.stdout.write(`${JSON.stringify({ error: contract }, null, 2)}\n`);
  } else {
    const local = lang !== 'en' ? contract.localized?.[lang] : undefined;
    const message = local?.message ?? contract.message;
    const action = local?.action ?? contract.action;
    process.stderr.write(`error: ${message}\n${action ? `  → ${action}\n` : ''}`);
  }
  return 2;
}
