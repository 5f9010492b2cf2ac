// The data plane's only ways to touch the system: run a command to completion, or start a
// long-running process. Kept behind interfaces so logic can be tested with fakes.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string;
  /** Resolve with the non-zero exit code instead of throwing. */
  allowFailure?: boolean;
  timeoutMs?: number;
}

export interface CommandRunner {
  run(argv: string[], opts?: RunOptions): Promise<CommandResult>;
}

export class CommandError extends Error {
  constructor(
    readonly argv: string[],
    readonly result: CommandResult,
  ) {
    super(`${argv.join(' ')} failed (exit ${result.code}): ${result.stderr.trim() || result.stdout.trim()}`);
  }
}

// Lab commands are system tools; a fixed PATH keeps them independent of the caller's.
export const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export class SystemCommands implements CommandRunner {
  constructor(private readonly trace?: (line: string) => void) {}

  run(argv: string[], opts: RunOptions = {}): Promise<CommandResult> {
    const [cmd, ...args] = argv;
    if (!cmd) return Promise.reject(new Error('empty command'));
    this.trace?.(`$ ${argv.join(' ')}`);
    return new Promise((resolve, reject) => {
      const child = execFile(
        cmd,
        args,
        { env: { PATH: SYSTEM_PATH, LC_ALL: 'C' }, timeout: opts.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
        (error, stdout, stderr) => {
          const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 1) : 0;
          const result = { code, stdout, stderr };
          if (error && (error as { code?: unknown }).code === 'ENOENT') return reject(new Error(`${cmd}: not installed`));
          if (code !== 0 && !opts.allowFailure) return reject(new CommandError(argv, result));
          resolve(result);
        },
      );
      if (opts.input !== undefined) child.stdin?.end(opts.input);
      else child.stdin?.end();
    });
  }
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningProcess {
  readonly pid: number;
  readonly exited: Promise<ProcessExit>;
  /** Signal the process (main pid only). */
  signal(sig: NodeJS.Signals): void;
  /** Signal its whole process group (it was started as a group leader). */
  signalGroup(sig: NodeJS.Signals): void;
  /**
   * Whether the main pid has installed a handler for sig. A reload signal sent earlier (while a
   * container is still in its setup shell, or nginx has not reached its signal set-up) takes
   * the default action and kills it instead.
   */
  catches(sig: NodeJS.Signals): boolean;
  readonly done: boolean;
}

export interface StartOptions {
  env?: Record<string, string>;
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
}

export interface ProcessLauncher {
  start(argv: string[], opts?: StartOptions): RunningProcess;
}

export class SystemProcesses implements ProcessLauncher {
  start(argv: string[], opts: StartOptions = {}): RunningProcess {
    const [cmd, ...args] = argv;
    if (!cmd) throw new Error('empty command');
    // detached: the process leads its own group, so stop() can reach its workers too.
    const child: ChildProcess = spawn(cmd, args, { env: opts.env ?? { PATH: SYSTEM_PATH }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (c: string) => opts.onStdout?.(c));
    child.stderr?.on('data', (c: string) => opts.onStderr?.(c));
    let done = false;
    const exited = new Promise<ProcessExit>((resolve) => {
      child.once('error', () => {
        done = true;
        resolve({ code: 127, signal: null });
      });
      child.once('exit', (code, signal) => {
        done = true;
        resolve({ code, signal });
      });
    });
    const pid = child.pid ?? -1;
    return {
      pid,
      exited,
      get done() {
        return done;
      },
      signal(sig) {
        if (!done && pid > 0) tryKill(pid, sig);
      },
      signalGroup(sig) {
        if (pid > 0) tryKill(-pid, sig);
      },
      catches(sig) {
        return !done && pid > 0 && catchesSignal(pid, sig);
      },
    };
  }
}

export function tryKill(pid: number, sig: NodeJS.Signals | number): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether process pid has a handler installed for sig: the SigCgt mask in /proc/<pid>/status
 * (proc(5): bit n-1 stands for signal n). False when the process is gone.
 */
export function catchesSignal(pid: number, sig: NodeJS.Signals, readStatus: (pid: number) => string = (p) => readFileSync(`/proc/${p}/status`, 'utf8')): boolean {
  let status: string;
  try {
    status = readStatus(pid);
  } catch {
    return false;
  }
  const mask = /^SigCgt:\s*([0-9a-fA-F]+)\s*$/m.exec(status)?.[1];
  const n = constants.signals[sig];
  if (!mask || !n) return false;
  return ((BigInt(`0x${mask}`) >> BigInt(n - 1)) & 1n) === 1n;
}

/** argv for running a command inside a named network namespace. */
export function inNetns(netns: string, argv: string[]): string[] {
  return ['ip', 'netns', 'exec', netns, ...argv];
}

/** Quote for /bin/sh: everything inside single quotes, embedded quotes closed and escaped. */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
