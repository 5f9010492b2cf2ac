// Everything about "which clusters can I talk to": the kubeconfig groups, their contexts (each a
// connection with a stable id), connection tests with classified errors, and a client per
// context. Credentials never leave this module's objects; callers get summaries.
import { homedir } from 'node:os';
import { ClusterError } from './cluster-error';
import { checkServerVersion, classifyError } from './classify-error';
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
  read?: ReadText;
  /** Environment for exec plugins (resolved login shell env in the desktop app); called once. */
  execEnv?: () => Promise<Record<string, string>>;
  watch?: WatchFiles;
  onChange?: () => void;
  /** Timeout for connection tests. */
  testTimeoutMs?: number;
}

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
}

export class ContextsService {
  private groups: LoadedGroup[] | null = null;
  private loading: Promise<LoadedGroup[]> | null = null;
  private readonly connections = new Map<string, Connection>();
  private execEnvPromise: Promise<Record<string, string>> | null = null;
  private stopWatching: (() => void) | null = null;

  constructor(private readonly options: ContextsServiceOptions) {}

  async snapshot(): Promise<ContextsSnapshot> {
    const groups = await this.load();
    return {
      contexts: groups.flatMap((g) => g.contexts),
      problems: groups.flatMap((g) => g.problems),
      files: groups.flatMap((g) => g.group.files),
    };
  }

  /** Forget cached files and connections (files changed, or the user added/removed one). */
  invalidate(): void {
    this.groups = null;
    this.loading = null;
    for (const c of this.connections.values()) c.client.close();
    this.connections.clear();
  }

  async find(id: string): Promise<{ entry: ContextEntry; group: LoadedGroup }> {
    for (const group of await this.load()) {
      const entry = group.contexts.find((c) => c.id === id);
      if (entry) return { entry, group };
    }
    throw new ClusterError('context.missing', { context: id, file: 'the loaded kubeconfig files' });
  }

  async connect(id: string): Promise<Connection> {
    const cached = this.connections.get(id);
    if (cached) return cached;
    const { entry, group } = await this.find(id);
    const execEnv = entry.auth.kind === 'exec' ? await this.execEnv() : {};
    // Loaded on the first connection: @kubernetes/client-node is most of the main process's code,
    // and listing contexts or opening a session does not need it (start-up, docs/benchmarks.md).
    const { buildConnectionConfig } = await import('./connection-config');
    const build = () => buildConnectionConfig(entry, group.merged, { execEnv });
    const config = build();
    const url = new URL(config.server);
    const clusterBody = group.merged.clusters.get(entry.clusterName)?.body ?? {};
    const userBody = group.merged.users.get(entry.userName)?.body ?? {};
    const files = [clusterBody['certificate-authority'], userBody['client-certificate'], userBody['client-key'], userBody['token-file'], userBody.tokenFile].filter((f): f is string => typeof f === 'string' && f !== '');
    const ctx = { host: url.hostname, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)), user: entry.userName || 'anonymous', execCommand: entry.auth.execCommand, proxyUrl: config.proxyUrl, files };
    const refreshable = entry.auth.kind === 'exec' || entry.auth.kind === 'auth-provider';
    const client = createKubeClient(config, refreshable ? { refresh: build } : {});
    const connection: Connection = { entry, client, classify: (e) => classifyError(e, ctx) };
    this.connections.set(id, connection);
    return connection;
  }

  /** GET /version: reachability, TLS, credentials and the server version in one request. */
  async test(id: string): Promise<ConnectionTest> {
    let connection: Connection;
    try {
      connection = await this.connect(id);
    } catch (e) {
      return { ok: false, version: null, error: e instanceof ClusterError ? e : classifyError(e, { host: '', port: 0, user: '', execCommand: null }) };
    }
    try {
      const version = await connection.client.request<{ major?: string; minor?: string; gitVersion?: string }>({ path: '/version', timeoutMs: this.options.testTimeoutMs ?? 10_000 });
      // /version is readable anonymously on most clusters: prove the credentials too.
      await connection.client.request({ path: '/api', timeoutMs: this.options.testTimeoutMs ?? 10_000 });
      const tooOld = checkServerVersion(version ?? {});
      return { ok: tooOld === null, version: version?.gitVersion ?? null, error: tooOld };
    } catch (e) {
      return { ok: false, version: null, error: connection.classify(e) };
    }
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
      const added = await this.options.addedFiles();
      const groups = kubeconfigGroups(this.options.env ?? process.env, this.options.home ?? homedir(), added);
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
