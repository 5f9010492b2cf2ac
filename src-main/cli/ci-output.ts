// CI outputs shared by check, probe and scan: --junit FILE (written beside the normal output),
// --tap and --summary markdown (either replaces the text on stdout).
import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import type { Locale } from '../core/explain/types';
import { junitXml } from '../core/report-formats/junit';
import { markdownSummary } from '../core/report-formats/markdown-summary';
import { tapReport } from '../core/report-formats/tap';
import type { TestReport } from '../core/report-formats/test-report';

export interface CiFlags {
  junit?: string;
  tap?: boolean;
  summary?: string;
}

export function addCiOptions(cmd: Command): Command {
  return cmd
    .option('--junit <file>', 'also write a JUnit XML report (one test case per path or hazard) to this file')
    .option('--tap', 'print TAP version 14 instead of the table')
    .option('--summary <format>', 'print a summary instead of the table: markdown (for $GITHUB_STEP_SUMMARY)');
}

/** Checks the flags before anything runs; returns an error message or null. */
export function ciFlagsProblem(flags: CiFlags, otherStdout: boolean): string | null {
  if (flags.summary !== undefined && flags.summary !== 'markdown') return `--summary ${JSON.stringify(flags.summary)}: the only format is markdown`;
  if (flags.tap && flags.summary) return '--tap and --summary both print to stdout: pick one';
  if ((flags.tap || flags.summary) && otherStdout) return '--tap/--summary print to stdout, as do --json and --markdown: pick one';
  return null;
}

/** True when --tap or --summary took over stdout. */
export function wantsCiStdout(flags: CiFlags): boolean {
  return Boolean(flags.tap || flags.summary);
}

export async function emitCi(report: TestReport, flags: CiFlags, locale: Locale): Promise<void> {
  if (flags.junit) await writeFile(flags.junit, junitXml(report), 'utf8');
  if (flags.tap) process.stdout.write(tapReport(report));
  else if (flags.summary === 'markdown') process.stdout.write(markdownSummary(report, locale));
}

/**
 * A run that could not produce results still leaves a JUnit file with one error case, so CI shows
 * the reason instead of "report not found". TAP/summary get the same case on stdout.
 */
export async function emitCiError(name: string, message: string, flags: CiFlags, locale: Locale): Promise<void> {
  if (!flags.junit && !flags.tap && !flags.summary) return;
  const report: TestReport = { name, suites: [{ name, cases: [{ name: 'run', classname: 'snatscope', status: 'error', message, details: [] }] }], durationSeconds: null, timestamp: new Date().toISOString() };
  try {
    await emitCi(report, flags, locale);
  } catch (e) {
    process.stderr.write(`warning: could not write ${flags.junit}: ${(e as Error).message}\n`);
  }
}
