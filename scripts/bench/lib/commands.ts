// Running a set of commands the way an SRE would: one after another (each a fresh process), or
// all at once (the best a shell can do), with the lab's own serving time for exactly those requests.
import { join } from 'node:path';
import type { LabHandle } from '../../../e2e/lab/index';
import { runMeasured, type ProcessResult } from './measure';
import type { BenchContext } from './types';

export interface Command {
  cmd: string;
  args: string[];
  /** Exit codes that mean "worked" (snatscope exits 1 when it finds SNAT). */
  okCodes?: number[];
}

export interface SetResult {
  wallMs: number;
  /** Sequential: the largest single process; parallel: the sum (they are alive together). */
  peakRssMb: number | null;
  rssSource: ProcessResult['rssSource'];
  serveMs: number;
  requests: number;
  bytes: number;
  results: ProcessResult[];
}

export function display(c: Command): string {
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return [c.cmd, ...c.args].map(quote).join(' ');
}

function check(c: Command, r: ProcessResult): void {
  const ok = c.okCodes ?? [0];
  if (r.code === null || !ok.includes(r.code)) {
    throw new Error(`${display(c)} failed (exit ${r.code ?? r.signal}):\n${r.stderr.slice(-2000)}`);
  }
}

export async function runSet(ctx: BenchContext, lab: LabHandle, env: NodeJS.ProcessEnv, commands: Command[], mode: 'sequential' | 'parallel', stdoutFiles?: (string | undefined)[]): Promise<SetResult> {
  const mark = lab.requests.mark();
  const one = (c: Command, i: number) => runMeasured(c.cmd, c.args, { env, tmp: ctx.tmp, cleanup: ctx.cleanup, stdoutFile: stdoutFiles?.[i] ?? join(ctx.tmp, `stdout-${i}.txt`), timeoutMs: 300_000 });
  const t0 = performance.now();
  const results: ProcessResult[] = [];
  if (mode === 'sequential') {
    for (const [i, c] of commands.entries()) results.push(await one(c, i));
  } else {
    results.push(...(await Promise.all(commands.map(one))));
  }
  const elapsed = performance.now() - t0;
  commands.forEach((c, i) => check(c, results[i]!));
  const summary = lab.requests.summary(mark);
  const rss = results.map((r) => r.peakRssMb);
  const known = rss.every((r) => r !== null) ? (rss as number[]) : null;
  return {
    // Sequential: the sum of the processes' own wall times (the gaps are the harness's, not kubectl's).
    wallMs: mode === 'sequential' ? results.reduce((s, r) => s + r.wallMs, 0) : elapsed,
    peakRssMb: known ? (mode === 'sequential' ? Math.max(...known) : known.reduce((a, b) => a + b, 0)) : null,
    rssSource: results[0]?.rssSource ?? null,
    serveMs: summary.serveMsTotal,
    requests: summary.requests,
    bytes: summary.bytes,
    results,
  };
}
