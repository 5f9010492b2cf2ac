// A GUI-launched app does not inherit the login shell's environment (on macOS especially), so
// exec credential plugins installed via Homebrew, asdf, gcloud etc. are not on its PATH. Resolve
// the login shell's environment once, the way VS Code does: run `$SHELL -ilc env` with markers.
import { spawn } from 'node:child_process';

const START = '__SNATSCOPE_ENV_START__';
const END = '__SNATSCOPE_ENV_END__';

export interface LoginShellOptions {
  shell?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  platform?: NodeJS.Platform;
}

export type LoginShellResult = { ok: true; env: Record<string, string> } | { ok: false; reason: string };

export function parseEnvDump(output: string): Record<string, string> | null {
  const start = output.indexOf(START);
  const end = output.lastIndexOf(END);
  if (start < 0 || end < 0 || end < start) return null;
  const body = output.slice(start + START.length, end);
  const env: Record<string, string> = {};
  for (const entry of body.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

export function resolveLoginShellEnv(options: LoginShellOptions = {}): Promise<LoginShellResult> {
  const platform = options.platform ?? process.platform;
  if (platform === 'win32') return Promise.resolve({ ok: false, reason: 'not needed on Windows' });
  const env = options.env ?? process.env;
  const shell = options.shell ?? env.SHELL ?? '/bin/sh';
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve) => {
    let out = '';
    let settled = false;
    const done = (result: LoginShellResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const child = spawn(shell, ['-ilc', `command printf '%s' '${START}'; command env -0; command printf '%s' '${END}'`], {
      env: { ...env, SNATSCOPE_RESOLVING_ENVIRONMENT: '1' },
      stdio: ['ignore', 'pipe', 'ignore'],
      detached: false,
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done({ ok: false, reason: `${shell} did not print its environment within ${timeoutMs} ms` });
    }, timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    child.on('error', (e) => done({ ok: false, reason: `${shell}: ${e.message}` }));
    child.on('close', () => {
      const parsed = parseEnvDump(out);
      if (!parsed) done({ ok: false, reason: `${shell} output had no environment dump` });
      else {
        delete parsed.SNATSCOPE_RESOLVING_ENVIRONMENT;
        done({ ok: true, env: parsed });
      }
    });
  });
}
