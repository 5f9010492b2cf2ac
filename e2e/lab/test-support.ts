// Helpers for the lab's own tests: a lab in a throw-away state dir, kubectl against it, and raw
// HTTPS requests with a user's token.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request, Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLab, type LabHandle, type StartLabOptions } from './index';

export const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';
export const hasKubectl = existsSync(KUBECTL);

export interface TestLab extends LabHandle {
  stateDir: string;
}

export async function startTestLab(opts: StartLabOptions = {}): Promise<TestLab> {
  const stateDir = mkdtempSync(join(tmpdir(), 'sslab-test-'));
  try {
    const lab = await startLab({ ...opts, stateDir });
    const stop = lab.stop;
    return Object.assign(lab, {
      stateDir,
      stop: async () => {
        await stop();
        rmSync(stateDir, { recursive: true, force: true });
      },
    });
  } catch (e) {
    rmSync(stateDir, { recursive: true, force: true });
    throw e;
  }
}

export function kubectl(lab: LabHandle, args: string[], opts: { context?: string; timeoutMs?: number } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = ['--kubeconfig', lab.kubeconfigPath, '--cache-dir', join(lab.runDir, 'kubectl-cache'), ...(opts.context ? ['--context', opts.context] : [])];
  return new Promise((resolve) => {
    execFile(KUBECTL, [...base, ...args], { timeout: opts.timeoutMs ?? 30000, env: { ...process.env, HOME: lab.runDir } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException).code === 'number' ? ((err as unknown as { code: number }).code) : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const agents = new WeakMap<LabHandle, Agent>();

export function raw(lab: LabHandle, method: string, path: string, opts: { token?: string | null; body?: unknown; contentType?: string; accept?: string } = {}): Promise<RawResponse> {
  let agent = agents.get(lab);
  if (!agent) agents.set(lab, (agent = new Agent({ ca: lab.caPem, keepAlive: true })));
  const token = opts.token === undefined ? lab.users[0]!.token : opts.token;
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (opts.accept) headers.Accept = opts.accept;
  let data: string | undefined;
  if (opts.body !== undefined) {
    data = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['Content-Type'] = opts.contentType ?? 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = request(`${lab.server}${path}`, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (data !== undefined) req.write(data);
    req.end();
  });
}

export function closeAgent(lab: LabHandle): void {
  agents.get(lab)?.destroy();
}

export async function waitFor<T>(fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
