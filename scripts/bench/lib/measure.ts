// One fresh process, measured from the outside: wall time from spawn to exit and peak RSS.
// Peak RSS comes from the kernel's rusage (ru_maxrss via GNU time's wait4) when /usr/bin/time
// exists; otherwise /proc/<pid>/status VmHWM is polled, which can miss growth in the last few
// milliseconds (the report says which was used).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Cleanup } from './cleanup';

export const GNU_TIME = '/usr/bin/time';

export interface ProcessResult {
  wallMs: number;
  peakRssMb: number | null;
  rssSource: 'rusage' | 'polled' | null;
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** stdout goes to this file (as a shell redirect would), else to /dev/null. */
  stdoutFile?: string;
  timeoutMs?: number;
  /** Each stderr line with the milliseconds since spawn when it arrived. */
  onStderrLine?: (line: string, atMs: number) => void;
  /** Scratch dir for GNU time's output file. */
  tmp: string;
  cleanup?: Cleanup;
  /** Force the /proc polling fallback (tests). */
  poll?: boolean;
}

let seq = 0;

export function parseGnuTimeKb(text: string): number | null {
  // GNU time may write "Command exited with non-zero status N" before the format's output.
  const lines = text.trim().split('\n').reverse();
  for (const l of lines) if (/^\d+$/.test(l.trim())) return Number(l.trim());
  return null;
}

export function readVmHwmKb(pid: number): number | null {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export function runMeasured(cmd: string, args: string[], opts: RunOptions): Promise<ProcessResult> {
  const useTime = !opts.poll && existsSync(GNU_TIME);
  const timeFile = join(opts.tmp, `time-${process.pid}-${++seq}.txt`);
  const out = opts.stdoutFile ? openSync(opts.stdoutFile, 'w') : 'ignore';
  const argv = useTime ? ['-f', '%M', '-o', timeFile, cmd, ...args] : args;
  const started = performance.now();
  // Own process group, so a timeout or the bench's cleanup can end the command and its children.
  const child = spawn(useTime ? GNU_TIME : cmd, argv, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', out, 'pipe'], detached: true });
  if (typeof out === 'number') closeSync(out);
  const killGroup = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const unregister = opts.cleanup?.add(`process ${cmd}`, killGroup);
  let stderr = '';
  let partial = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    const at = performance.now() - started;
    stderr += chunk;
    if (stderr.length > 4_000_000) stderr = stderr.slice(-2_000_000);
    if (!opts.onStderrLine) return;
    partial += chunk;
    let nl: number;
    while ((nl = partial.indexOf('\n')) >= 0) {
      opts.onStderrLine(partial.slice(0, nl), at);
      partial = partial.slice(nl + 1);
    }
  });
  let polledKb: number | null = null;
  const poller =
    !useTime && child.pid
      ? setInterval(() => {
          const kb = readVmHwmKb(child.pid!);
          if (kb !== null) polledKb = Math.max(polledKb ?? 0, kb);
        }, 5)
      : null;
  const timer = opts.timeoutMs ? setTimeout(killGroup, opts.timeoutMs) : null;
  return new Promise<ProcessResult>((resolve, reject) => {
    child.once('error', (e) => {
      if (poller) clearInterval(poller);
      if (timer) clearTimeout(timer);
      if (unregister) opts.cleanup?.forget(unregister);
      reject(e);
    });
    child.once('close', (code, signal) => {
      const wallMs = performance.now() - started;
      if (poller) clearInterval(poller);
      if (timer) clearTimeout(timer);
      if (partial && opts.onStderrLine) opts.onStderrLine(partial, wallMs);
      // Unregister without running the kill: the group id may be reused once the group is empty.
      if (unregister) opts.cleanup?.forget(unregister);
      let kb: number | null = polledKb;
      if (useTime) {
        kb = existsSync(timeFile) ? parseGnuTimeKb(readFileSync(timeFile, 'utf8')) : null;
        rmSync(timeFile, { force: true });
        // GNU time reports the command's status in its own exit code.
      }
      resolve({ wallMs, peakRssMb: kb === null ? null : kb / 1024, rssSource: kb === null ? null : useTime ? 'rusage' : 'polled', code, signal, stderr });
    });
  });
}
