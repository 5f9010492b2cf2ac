// Runs a kubeconfig exec credential plugin the way client-go does
// (k8s.io/client-go/plugin/pkg/client/auth/exec/exec.go, KEP-541), with what client-go lacks and
// an app needs: a deadline, cancellation, a live view of the plugin's stderr, and never echoing
// its stdout (it carries the credential).
// - apiVersion must be client.authentication.k8s.io/v1 or v1beta1; v1 requires interactiveMode.
// - interactiveMode Never: stdin is not given; IfAvailable: interactive when a terminal (CLI) or a
//   prompt (app) is available; Always: fails fast without one.
// - KUBERNETES_EXEC_INFO carries the ExecCredential request: spec.interactive and, with
//   provideClusterInfo, spec.cluster (server, tls-server-name, insecure-skip-tls-verify,
//   certificate-authority-data, proxy-url, config from the cluster's exec extension).
// - The answer must be an ExecCredential of the configured apiVersion with a status holding a
//   token or a client certificate and key; expirationTimestamp says until when to reuse it.
import { spawn } from 'node:child_process';

export const EXEC_API_VERSIONS = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'] as const;

export interface ExecSpec {
  /** The kubeconfig user's name, for messages. */
  user: string;
  command: string;
  args: string[];
  env: { name: string; value: string }[];
  apiVersion: string;
  interactiveMode: 'Never' | 'IfAvailable' | 'Always';
  installHint: string | null;
  provideClusterInfo: boolean;
}

export interface ExecClusterInfo {
  server: string;
  'tls-server-name'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'certificate-authority-data'?: string;
  'proxy-url'?: string;
  config?: unknown;
}

export interface ExecResult {
  token: string | null;
  clientCertificateData: string | null;
  clientKeyData: string | null;
  /** null: no expirationTimestamp, valid for the whole process/session (as in client-go). */
  expiresAt: number | null;
}

/** How an interactive plugin talks to the user. */
export type ExecInteraction =
  /** CLI with a terminal: stdin and stderr are the terminal's. */
  | { kind: 'terminal' }
  /** The app: stderr is shown live in a prompt; `respond` would feed stdin. */
  | { kind: 'prompt'; onStart(info: { command: string; user: string }): { onStderr(text: string): void; done(): void; signal: AbortSignal; stdin?: (write: (text: string) => void) => void } }
  | { kind: 'none'; reason: string };

export interface RunExecOptions {
  baseEnv: Record<string, string | undefined>;
  cluster: ExecClusterInfo;
  interaction: ExecInteraction;
  /** Non-interactive deadline. */
  timeoutMs: number;
  /** Deadline while a user is being asked (login in a browser, MFA). */
  interactiveTimeoutMs: number;
  signal?: AbortSignal;
  /** Live stderr when not interactive (the CLI forwards it like kubectl). */
  onStderr?: (text: string) => void;
}

/** Why the plugin could not give a credential; `kind` is what the user can do about it. */
export class ExecPluginError extends Error {
  constructor(
    readonly kind: 'missing' | 'failed' | 'timeout' | 'cancelled' | 'bad-output' | 'config' | 'needs-terminal',
    message: string,
    readonly stderr = '',
    readonly installHint: string | null = null,
  ) {
    super(message);
    this.name = 'ExecPluginError';
  }
}

/** Validates the exec section of a kubeconfig user like client-go's validation. */
export function execSpecFrom(user: string, exec: Record<string, unknown>, extraEnv: Record<string, string>): ExecSpec {
  const apiVersion = typeof exec.apiVersion === 'string' ? exec.apiVersion : '';
  if (!(EXEC_API_VERSIONS as readonly string[]).includes(apiVersion)) {
    throw new ExecPluginError('config', `exec plugin: invalid apiVersion "${apiVersion.slice(0, 100)}" (use client.authentication.k8s.io/v1 or v1beta1)`);
  }
  const command = typeof exec.command === 'string' ? exec.command : '';
  if (command === '') throw new ExecPluginError('config', `exec plugin of user "${user}" has no command`);
  let mode = exec.interactiveMode;
  if (mode === undefined || mode === null || mode === '') {
    // client-go: required in v1; v1beta1 defaults to IfAvailable.
    if (apiVersion.endsWith('/v1')) throw new ExecPluginError('config', `interactiveMode must be specified for ${user} to use exec authentication plugin`);
    mode = 'IfAvailable';
  }
  if (mode !== 'Never' && mode !== 'IfAvailable' && mode !== 'Always') {
    throw new ExecPluginError('config', `invalid interactiveMode "${String(mode).slice(0, 40)}" for ${user} (Never, IfAvailable or Always)`);
  }
  const declared = Array.isArray(exec.env)
    ? exec.env.filter((e): e is { name: string; value: string } => typeof e === 'object' && e !== null && typeof (e as { name?: unknown }).name === 'string').map((e) => ({ name: e.name, value: String(e.value ?? '') }))
    : [];
  return {
    user,
    command,
    args: Array.isArray(exec.args) ? exec.args.map(String) : [],
    env: [...Object.entries(extraEnv).map(([name, value]) => ({ name, value })), ...declared],
    apiVersion,
    interactiveMode: mode,
    installHint: typeof exec.installHint === 'string' && exec.installHint.trim() !== '' ? exec.installHint.trim().slice(0, 500) : null,
    provideClusterInfo: exec.provideClusterInfo === true,
  };
}

/** One terminal: interactive plugins take turns on it (contexts --check runs several contexts at once). */
let terminalTurn: Promise<unknown> = Promise.resolve();

export async function runExecPlugin(spec: ExecSpec, options: RunExecOptions): Promise<ExecResult> {
  const interactive = spec.interactiveMode === 'Always' || (spec.interactiveMode === 'IfAvailable' && options.interaction.kind !== 'none');
  if (interactive && options.interaction.kind === 'terminal') {
    const turn = terminalTurn.then(() => runOnce(spec, options));
    terminalTurn = turn.catch(() => undefined);
    return turn;
  }
  return runOnce(spec, options);
}

function runOnce(spec: ExecSpec, options: RunExecOptions): Promise<ExecResult> {
  const canInteract = options.interaction.kind !== 'none';
  const interactive = spec.interactiveMode === 'Always' || (spec.interactiveMode === 'IfAvailable' && canInteract);
  if (spec.interactiveMode === 'Always' && options.interaction.kind === 'none') {
    return Promise.reject(new ExecPluginError('needs-terminal', `exec plugin "${spec.command}" needs an interactive login (interactiveMode: Always), but ${options.interaction.reason}`));
  }
  const info = {
    apiVersion: spec.apiVersion,
    kind: 'ExecCredential',
    spec: { interactive, ...(spec.provideClusterInfo ? { cluster: options.cluster } : {}) },
  };
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.baseEnv)) if (v !== undefined) env[k] = v;
  for (const e of spec.env) env[e.name] = e.value;
  env.KUBERNETES_EXEC_INFO = JSON.stringify(info);

  const terminal = interactive && options.interaction.kind === 'terminal';
  const prompt = interactive && options.interaction.kind === 'prompt' ? options.interaction.onStart({ command: spec.command, user: spec.user }) : null;
  const timeoutMs = interactive ? options.interactiveTimeoutMs : options.timeoutMs;

  return new Promise<ExecResult>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let settled = false;
    const child = spawn(spec.command, spec.args, {
      env,
      // Non-interactive plugins get no stdin (client-go leaves it nil); a terminal is passed through.
      stdio: [terminal ? 'inherit' : prompt?.stdin ? 'pipe' : 'ignore', 'pipe', terminal ? 'inherit' : 'pipe'],
      windowsHide: true,
    });
    const finish = (error: Error | null, result?: ExecResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      prompt?.signal.removeEventListener('abort', onAbort);
      prompt?.done();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      if (error) reject(error);
      else resolve(result!);
    };
    const onAbort = () => finish(new ExecPluginError('cancelled', `exec plugin "${spec.command}" was cancelled`, stderr));
    const timer = setTimeout(
      () => finish(new ExecPluginError('timeout', `exec plugin "${spec.command}" gave no credential within ${Math.round(timeoutMs / 1000)} s${interactive ? '' : ' (it may be waiting for input: set interactiveMode: IfAvailable and run it in a terminal)'}`, stderr)),
      timeoutMs,
    );
    if (options.signal?.aborted || prompt?.signal.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    prompt?.signal.addEventListener('abort', onAbort, { once: true });
    if (prompt?.stdin && child.stdin) prompt.stdin((text) => child.stdin?.write(text));
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.length > 1024 * 1024) finish(new ExecPluginError('bad-output', `exec plugin "${spec.command}" wrote more than 1 MiB to stdout`, stderr));
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-8192);
      prompt?.onStderr(chunk);
      if (!prompt) options.onStderr?.(chunk);
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') {
        finish(new ExecPluginError('missing', `exec: executable ${spec.command} not found`, '', spec.installHint));
      } else if (e.code === 'EACCES') {
        finish(new ExecPluginError('failed', `exec plugin "${spec.command}" cannot be run: permission denied (is it executable?)`, '', spec.installHint));
      } else finish(new ExecPluginError('failed', `exec plugin "${spec.command}" cannot be run: ${e.code ?? e.message}`));
    });
    child.on('close', (code, signal) => {
      if (settled) return;
      if (code !== 0) {
        finish(new ExecPluginError('failed', `exec plugin "${spec.command}" exited with ${signal ? `signal ${signal}` : `status ${code}`}`, stderr));
        return;
      }
      try {
        finish(null, parseCredential(spec, stdout));
      } catch (e) {
        finish(e as Error);
      }
    });
  });
}

/** The plugin's stdout holds the credential: errors describe it, never quote it. */
export function parseCredential(spec: ExecSpec, stdout: string): ExecResult {
  let out: unknown;
  try {
    out = JSON.parse(stdout);
  } catch {
    throw new ExecPluginError('bad-output', `exec plugin "${spec.command}" did not print an ExecCredential JSON object (${stdout.length} bytes of other output on stdout)`);
  }
  if (typeof out !== 'object' || out === null || Array.isArray(out)) throw new ExecPluginError('bad-output', `exec plugin "${spec.command}" did not print an ExecCredential JSON object`);
  const o = out as Record<string, unknown>;
  if (o.kind !== 'ExecCredential') throw new ExecPluginError('bad-output', `exec plugin "${spec.command}" printed kind ${JSON.stringify(String(o.kind ?? '')).slice(0, 60)}, expected ExecCredential`);
  if (o.apiVersion !== spec.apiVersion) {
    throw new ExecPluginError('bad-output', `exec plugin is configured to use API version ${spec.apiVersion}, plugin returned version ${String(o.apiVersion ?? '(none)').slice(0, 80)}`);
  }
  const status = o.status;
  if (typeof status !== 'object' || status === null || Array.isArray(status)) throw new ExecPluginError('bad-output', `exec plugin "${spec.command}" didn't return a status field`);
  const s = status as Record<string, unknown>;
  const token = typeof s.token === 'string' && s.token !== '' ? s.token : null;
  const cert = typeof s.clientCertificateData === 'string' && s.clientCertificateData !== '' ? s.clientCertificateData : null;
  const key = typeof s.clientKeyData === 'string' && s.clientKeyData !== '' ? s.clientKeyData : null;
  if ((cert === null) !== (key === null)) throw new ExecPluginError('bad-output', `exec plugin "${spec.command}" returned ${cert ? 'clientCertificateData without clientKeyData' : 'clientKeyData without clientCertificateData'}`);
  if (token === null && cert === null) throw new ExecPluginError('bad-output', `exec plugin "${spec.command}" returned neither a token nor a client certificate and key`);
  let expiresAt: number | null = null;
  if (s.expirationTimestamp !== undefined && s.expirationTimestamp !== null) {
    expiresAt = Date.parse(String(s.expirationTimestamp));
    if (!Number.isFinite(expiresAt)) throw new ExecPluginError('bad-output', `exec plugin "${spec.command}" returned an expirationTimestamp that is not a time`);
  }
  return { token, clientCertificateData: cert, clientKeyData: key, expiresAt };
}
