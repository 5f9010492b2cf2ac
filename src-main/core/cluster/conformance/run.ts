// Runs conformance cases through SNATScope's connection test and through kubectl, reducing each
// outcome to the same coarse class (cases.ts). Shared by conformance.test.ts and
// scripts/kubeconfig-conformance.ts.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { ClusterError } from '../cluster-error';
import { ContextsService } from '../contexts-service';
import type { ConformanceCase, Outcome } from './cases';

export const KUBECTL_KILL_MS = 8_000;

export interface OurResult {
  outcome: Outcome;
  code: string | null;
  message: string;
  ms: number;
  bound: number;
}

export interface KubectlResult {
  outcome: Outcome;
  text: string;
  ms: number;
}

export function outcomeOf(error: ClusterError | null): Outcome {
  if (!error) return 'ok';
  const code = error.code.replace(/^k8s\./, '');
  const table: Record<string, Outcome> = {
    'net.refused': 'refused',
    'net.timeout': 'timeout',
    'tls.unknown-authority': 'tls-authority',
    'tls.hostname-mismatch': 'tls-hostname',
    'tls.client-cert': 'tls-client-cert',
    'auth.unauthorized': 'unauthorized',
    'auth.forbidden': 'forbidden',
    'server.rate-limited': 'rate-limited',
    'server.error': 'server-error',
    'server.unexpected': 'not-api',
    'server.redirect': 'redirect',
    'net.proxy': 'proxy',
    'net.proxy-auth': 'proxy-auth',
    'auth.exec-missing': 'exec-missing',
    'auth.exec-failed': 'exec-failed',
    'auth.exec-output': 'exec-output',
    'auth.exec-timeout': 'exec-timeout',
    'auth.exec-needs-terminal': 'exec-needs-terminal',
    'auth.oidc': 'oidc',
    'context.conflict': 'config',
    'auth.exec-config': 'config',
  };
  if (code.startsWith('kubeconfig.')) return 'config';
  return table[code] ?? 'other';
}

/** kubectl's exit status and words, reduced to the same classes. */
export function kubectlOutcome(exit: number | null, killed: boolean, stdout: string, stderr: string): Outcome {
  if (killed) return 'hang';
  if (exit === 0) {
    try {
      const v = JSON.parse(stdout) as { serverVersion?: unknown };
      return typeof v === 'object' && v !== null && v.serverVersion ? 'ok' : 'not-api';
    } catch {
      return 'not-api';
    }
  }
  const t = stderr;
  const rules: [RegExp, Outcome][] = [
    [/error loading config file|invalid configuration|are both specified|is not allowed|interactiveMode must be specified|invalid apiVersion|duplicate name/, 'config'],
    [/Proxy Authentication Required/, 'proxy-auth'],
    [/proxyconnect|socks connect/, 'proxy'],
    [/executable \S+ not found/, 'exec-missing'],
    [/configured to use API version|didn't return a status|getting credentials: decoding stdout|ExecCredential/, 'exec-output'],
    [/exec: executable .* failed with exit code/, 'exec-failed'],
    [/not a terminal|interactive mode/i, 'exec-needs-terminal'],
    [/oidc|refresh token|oauth2|id-token|id_token/i, 'oidc'],
    [/certificate signed by unknown authority/, 'tls-authority'],
    [/certificate is valid for|not valid for any names|doesn't contain any IP SANs/, 'tls-hostname'],
    [/certificate required|bad certificate/, 'tls-client-cert'],
    [/Unauthorized|must be logged in/, 'unauthorized'],
    [/Forbidden/, 'forbidden'],
    [/TooManyRequests|[Tt]oo many requests/, 'rate-limited'],
    [/InternalError|an error on the server/, 'server-error'],
    [/refused/, 'refused'],
    [/timeout|deadline exceeded|Client\.Timeout|i\/o timeout/i, 'timeout'],
    [/unable to parse the server version|invalid character '<'|could not parse|NotFound/, 'not-api'],
  ];
  return rules.find(([re]) => re.test(t))?.[1] ?? 'other';
}

export async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

export async function runOurs(c: ConformanceCase, home: string, deadlines: { testTimeoutMs: number; execTimeoutMs: number; oidcTimeoutMs: number }): Promise<OurResult> {
  const env = { ...(c.env ?? {}) };
  const svc = new ContextsService({ env, home, addedFiles: async () => [], onlyFile: c.file, proxyEnv: env, ...deadlines, interaction: () => ({ kind: 'none', reason: 'standard input is not a terminal' }) });
  const started = Date.now();
  try {
    const snap = await svc.snapshot();
    const entry = snap.contexts.find((x) => x.name === c.context);
    const error = entry ? (await svc.test(entry.id)).error : (snap.problems[0]?.error ?? null);
    return { outcome: outcomeOf(error), code: error?.code ?? null, message: error?.message ?? '', ms: Date.now() - started, bound: svc.testBoundMs() };
  } finally {
    svc.close();
  }
}

export function runKubectl(kubectl: string, c: ConformanceCase, home: string): Promise<KubectlResult> {
  return new Promise((done) => {
    const started = Date.now();
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(home, 'home'), ...(c.env ?? {}) };
    const child = execFile(
      kubectl,
      ['--kubeconfig', c.kubectlFile, '--context', c.context, 'version', '-o', 'json', '--request-timeout=3s'],
      { env, timeout: KUBECTL_KILL_MS, killSignal: 'SIGKILL', encoding: 'utf8' },
      (error, stdout, stderr) => {
        const killed = Boolean(error && (error as { killed?: boolean }).killed);
        const exit = error ? ((error as { code?: number }).code ?? null) : 0;
        done({ outcome: kubectlOutcome(typeof exit === 'number' ? exit : null, killed, stdout, stderr), text: stderr.trim().split('\n').slice(-2).join(' / ').slice(0, 300), ms: Date.now() - started });
      },
    );
    // No terminal and nothing to read: like CI.
    child.stdin?.end();
  });
}

