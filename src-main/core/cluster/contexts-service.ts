// Everything about "which clusters can I talk to": the kubeconfig groups, their contexts (each a
// connection with a stable id), connection tests with classified errors, and a client per
// context. Credentials never leave this module's objects; callers get summaries.
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { ClusterError } from './cluster-error';
import { checkServerVersion, classifyError } from './classify-error';
import type { ExecInteraction } from './exec-plugin';
import type { WatchFiles } from './file-watcher';
import { createKubeClient, type KubeClient } from './kube-client';
import type { ContextEntry } from './kubeconfig-merge';
import { kubeconfigGroups } from './kubeconfig-sources';
import { loadGroup, readKubeconfigFile, type FileProblem, type LoadedGroup, type ReadText } from './kubeconfig-store';

export interface ContextsServiceOptions {
  env?: NodeJS.ProcessEnv;
  home?: string;
  /** Files the user added in the app (persisted in settings). */
  addedFiles: () => Promise<readonly string[]>;
  /** kubectl's --kubeconfig: exactly this one file (not split like KUBECONFIG; a missing file is an error). */
  onlyFile?: string;
  read?: ReadText;
  /** Environment for exec plugins (resolved login shell env in the desktop app); called once. */
  execEnv?: () => Promise<Record<string, string>>;
  watch?: WatchFiles;
  onChange?: () => void;
  /** Timeout for each request of a connection test (default 10 s). */
  testTimeoutMs?: number;
  /** Deadline of a non-interactive exec credential plugin (default 30 s). */
  execTimeoutMs?: number;
  /** Deadline while an interactive plugin waits for the user (default 5 min). */
  interactiveTimeoutMs?: number;
  /** How interactive exec plugins of a context reach the user: a terminal (CLI), a prompt (app) or not at all. */
  interaction?: (context: { id: string; name: string }) => ExecInteraction;
  /** A non-interactive plugin's stderr, live (the CLI shows it like kubectl does). */
  onExecStderr?: (text: string) => void;
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read (default: env, else process.env). */
  proxyEnv?: NodeJS.ProcessEnv;
  /** Deadline for OIDC refreshes (default 15 s). */
  oidcTimeoutMs?: number;
}

/** How many contexts `testAll` checks at the same time. */
export const CHECK_CONCURRENCY = 8;

export interface ConnectionTest {
  ok: boolean;
  version: string | null;
  error: ClusterError | null;
}

export interface Connection {
  entry: ContextEntry;
  client: KubeClient;
  classify(error: unknown): ClusterError;
}

export interface ContextsSnapshot {
  contexts: ContextEntry[];
  problems: FileProblem[];
  files: string[];
  /** current-context of the first group (KUBECONFIG, --kubeconfig or ~/.kube/config), even when no context has that name. */
  currentContext: string | null;
}

export class ContextsService {
  private groups: LoadedGroup[] | null = null;
  private loading: Promise<LoadedGroup[]> | null = null;
  private readonly connections = new Map<string, Connection>();
  private readonly connecting = new Map<string, Promise<Connection>>();
  private epoch = 0;
  private execEnvPromise: Promise<Record<string, string>> | null = null;
  private stopWatching: (() => void) | null = null;

  constructor(private readonly options: ContextsServiceOptions) {}

  async snapshot(): Promise<ContextsSnapshot> {
    const groups = await this.load();
    return {
      contexts: groups.flatMap((g) => g.contexts),
      problems: groups.flatMap((g) => g.problems),
      files: groups.flatMap((g) => g.group.files),
      currentContext: groups[0]?.merged.currentContext ?? null,
    };
  }

  /** Forget cached files and connections (files changed, or the user added/removed one). */
  invalidate(): void {
    this.groups = null;
    this.loading = null;
    for (const c of this.connections.values()) c.client.close();
    this.connections.clear();
    this.connecting.clear();
    this.epoch++;
  }

  async find(id: string): Promise<{ entry: ContextEntry; group: LoadedGroup }> {
    for (const group of await this.load()) {
      const entry = group.contexts.find((c) => c.id === id);
      if (entry) return { entry, group };
    }
    throw new ClusterError('context.missing', { context: id, file: 'the loaded kubeconfig files' });
  }

  /** One connection per context, also when several callers ask at once (one credential cache, one plugin run). */
  connect(id: string): Promise<Connection> {
    const cached = this.connections.get(id);
    if (cached) return Promise.resolve(cached);
    let pending = this.connecting.get(id);
    if (!pending) {
      pending = this.open(id).finally(() => this.connecting.delete(id));
      this.connecting.set(id, pending);
    }
    return pending;
  }

  private async open(id: string): Promise<Connection> {
    const epoch = this.epoch;
    const { entry, group } = await this.find(id);
    const execEnv = entry.auth.kind === 'exec' ? await this.execEnv() : {};
    // Loaded on the first connection: listing contexts or opening a session needs none of the
    // connection code (start-up, docs/benchmarks.md). client-node is no longer used at runtime here.
    const { buildConnectionConfig } = await import('./connection-config');
    const { credentialSource } = await import('./credentials');
    const config = buildConnectionConfig(entry, group.merged, { execEnv, proxyEnv: this.options.proxyEnv ?? this.options.env ?? process.env });
    const url = new URL(config.server);
    const clusterBody = group.merged.clusters.get(entry.clusterName)?.body ?? {};
    const userBody = group.merged.users.get(entry.userName)?.body ?? {};
    const files = [clusterBody['certificate-authority'], userBody['client-certificate'], userBody['client-key'], userBody['token-file'], userBody.tokenFile].filter((f): f is string => typeof f === 'string' && f !== '');
    const ctx = { host: url.hostname, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)), user: entry.userName || 'anonymous', execCommand: entry.auth.execCommand, files };
    const credentials = credentialSource(config.credentials, {
      baseEnv: process.env,
      cluster: config.execCluster,
      interaction: () => this.options.interaction?.({ id: entry.id, name: entry.name }) ?? { kind: 'none', reason: 'there is no terminal or prompt to ask in' },
      execTimeoutMs: this.execTimeoutMs(),
      interactiveTimeoutMs: this.options.interactiveTimeoutMs ?? 300_000,
      oidcTimeoutMs: this.options.oidcTimeoutMs ?? 15_000,
      ...(this.options.onExecStderr ? { onExecStderr: this.options.onExecStderr } : {}),
    });
    const client = createKubeClient(config, credentials);
    const connection: Connection = { entry, client, classify: (e) => classifyError(e, ctx) };
    // Files changed while connecting: this connection is not kept for later callers.
    if (epoch === this.epoch) this.connections.set(id, connection);
    return connection;
  }

  /**
   * GET /version: reachability, TLS, credentials and the server version in one request. Bounded:
   * the credential step by the exec/OIDC deadline, each request by testTimeoutMs.
   */
  async test(id: string, signal?: AbortSignal): Promise<ConnectionTest> {
    let connection: Connection;
    try {
      connection = await this.connect(id);
    } catch (e) {
      return { ok: false, version: null, error: e instanceof ClusterError ? e : classifyError(e, { host: '', port: 0, user: '', execCommand: null }) };
    }
    const timeoutMs = this.options.testTimeoutMs ?? 10_000;
    // The whole test is bounded, whatever retries, 401 refreshes or plugins happen inside.
    const bound = this.testBoundMs();
    const all = new AbortController();
    let overrun = false;
    const timer = setTimeout(() => {
      overrun = true;
      all.abort();
    }, bound);
    const onOuter = () => all.abort();
    signal?.addEventListener('abort', onOuter, { once: true });
    const req = { timeoutMs, signal: all.signal, retries: 0 };
    try {
      const version = await connection.client.request<{ major?: string; minor?: string; gitVersion?: string }>({ path: '/version', ...req });
      // /version is readable anonymously on most clusters: prove the credentials too.
      await connection.client.request({ path: '/api', ...req });
      const tooOld = checkServerVersion(version ?? {});
      return { ok: tooOld === null, version: version?.gitVersion ?? null, error: tooOld };
    } catch (e) {
      if (overrun) {
        const url = new URL(connection.client.server);
        return { ok: false, version: null, error: new ClusterError('net.timeout', { host: url.hostname, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)), seconds: Math.round(bound / 1000) }) };
      }
      return { ok: false, version: null, error: connection.classify(e) };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onOuter);
    }
  }

  /**
   * Tests several contexts at once (at most `concurrency` at a time), reporting each result as it
   * completes: one context whose plugin or server hangs never holds up the others.
   */
  async testAll(ids: readonly string[], onResult: (id: string, result: ConnectionTest) => void, concurrency = CHECK_CONCURRENCY): Promise<Map<string, ConnectionTest>> {
    const results = new Map<string, ConnectionTest>();
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        const r = await this.test(id);
        results.set(id, r);
        onResult(id, r);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
    return results;
  }

  /** The longest a test() of one context can take, from the configured deadlines. */
  testBoundMs(): number {
    // Credential (exec or OIDC, the longer), then two requests, each with its deadline; test() enforces it.
    const canAsk = (this.options.interaction?.({ id: '', name: '' }).kind ?? 'none') !== 'none';
    const execMs = canAsk ? Math.max(this.execTimeoutMs(), this.options.interactiveTimeoutMs ?? 300_000) : this.execTimeoutMs();
    return Math.max(execMs, this.options.oidcTimeoutMs ?? 15_000) + 2 * (this.options.testTimeoutMs ?? 10_000);
  }

  private execTimeoutMs(): number {
    return this.options.execTimeoutMs ?? 30_000;
  }

  close(): void {
    this.stopWatching?.();
    this.stopWatching = null;
    this.invalidate();
  }

  private execEnv(): Promise<Record<string, string>> {
    this.execEnvPromise ??= this.options.execEnv ? this.options.execEnv() : Promise.resolve({});
    return this.execEnvPromise;
  }

  private load(): Promise<LoadedGroup[]> {
    if (this.groups) return Promise.resolve(this.groups);
    this.loading ??= (async () => {
      const only = this.options.onlyFile;
      const groups = only
        ? [{ kind: 'added' as const, key: `added:${resolve(only)}`, files: [resolve(only)] }]
        : kubeconfigGroups(this.options.env ?? process.env, this.options.home ?? homedir(), await this.options.addedFiles());
      const loaded = await Promise.all(groups.map((g) => loadGroup(g, this.options.read ?? readKubeconfigFile)));
      this.groups = loaded;
      this.rewatch(loaded.flatMap((g) => g.group.files));
      return loaded;
    })();
    return this.loading;
  }

  private rewatch(files: string[]) {
    if (!this.options.watch) return;
    this.stopWatching?.();
    this.stopWatching = this.options.watch(files, () => {
      this.invalidate();
      this.options.onChange?.();
    });
  }
}
