// Builds a @kubernetes/client-node KubeConfig holding exactly one context, from a merged
// kubeconfig view. Doing it per context (instead of KubeConfig.loadFromDefault) gives kubectl's
// merge semantics, one token cache per (file, context, user) — client-node caches exec
// credentials by user name, so the user is renamed to a unique name — and a place to give exec
// plugins the login shell's environment and KUBERNETES_EXEC_INFO like kubectl does.
// The config module only: the package root re-exports the whole generated API (MBs of code).
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import type { Cluster, Context, User } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { ClusterError } from './cluster-error';
import { isServerUrl, type ContextEntry, type MergedKubeconfig } from './kubeconfig-merge';
import { isRecord, type RawEntry } from './kubeconfig-parse';

export interface ConnectionConfigOptions {
  /** Environment for exec credential plugins (e.g. the login shell's); merged over process.env. */
  execEnv?: Record<string, string>;
}

export interface ConnectionConfig {
  kubeConfig: KubeConfig;
  server: string;
  userName: string;
  namespace: string;
  insecure: boolean;
  proxyUrl: string | null;
  tlsServerName: string | null;
}

export function buildConnectionConfig(entry: ContextEntry, merged: MergedKubeconfig, options: ConnectionConfigOptions = {}): ConnectionConfig {
  if (entry.problem) throw entry.problem;
  const cluster = merged.clusters.get(entry.clusterName);
  if (!cluster) throw new ClusterError('context.cluster-missing', { context: entry.name, cluster: entry.clusterName });
  const user = entry.userName ? merged.users.get(entry.userName) : { body: {}, file: entry.file };
  if (!user) throw new ClusterError('context.user-missing', { context: entry.name, user: entry.userName });
  const c = cluster.body;
  const server = str(c.server);
  if (!server) throw new ClusterError('context.no-server', { cluster: entry.clusterName });
  // http(s) with a host only: a file:, javascript: or bare "host:port" server parses as a URL with an empty host, and node would send the credentials in clear text to localhost:80.
  if (!isServerUrl(server)) throw new ClusterError('context.bad-server', { cluster: entry.clusterName, server: server.slice(0, 200) });

  const uniqueUser = `${entry.id}/${entry.userName || 'anonymous'}`;
  const clusterOut: Cluster = {
    name: entry.clusterName,
    server: server.replace(/\/+$/, ''),
    skipTLSVerify: c['insecure-skip-tls-verify'] === true,
    ...(str(c['certificate-authority-data']) ? { caData: str(c['certificate-authority-data'])! } : {}),
    ...(str(c['certificate-authority']) ? { caFile: str(c['certificate-authority'])! } : {}),
    ...(str(c['tls-server-name']) ? { tlsServerName: str(c['tls-server-name'])! } : {}),
    ...(str(c['proxy-url']) ? { proxyUrl: str(c['proxy-url'])! } : {}),
  };
  const userOut = userFrom(uniqueUser, user.body, options.execEnv ?? {}, entry.userName);
  const contextOut: Context = { name: entry.name, cluster: entry.clusterName, user: uniqueUser, ...(entry.namespace ? { namespace: entry.namespace } : {}) };

  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({ clusters: [clusterOut], users: [userOut], contexts: [contextOut], currentContext: entry.name });
  return {
    kubeConfig,
    server: clusterOut.server,
    userName: entry.userName || 'anonymous',
    namespace: entry.namespace ?? 'default',
    insecure: clusterOut.skipTLSVerify,
    proxyUrl: clusterOut.proxyUrl ?? null,
    tlsServerName: clusterOut.tlsServerName ?? null,
  };
}

function userFrom(name: string, u: RawEntry, execEnv: Record<string, string>, displayName: string): User {
  const out: Record<string, unknown> = { name };
  if (str(u['client-certificate-data'])) out.certData = u['client-certificate-data'];
  if (str(u['client-certificate'])) out.certFile = u['client-certificate'];
  if (str(u['client-key-data'])) out.keyData = u['client-key-data'];
  if (str(u['client-key'])) out.keyFile = u['client-key'];
  if (str(u.username)) {
    out.username = u.username;
    out.password = typeof u.password === 'string' ? u.password : '';
  }
  if (str(u.as)) out.impersonateUser = u.as;
  const tokenFile = str(u['token-file']) ?? str(u.tokenFile);
  if (str(u.token)) out.token = u.token;
  else if (tokenFile) {
    try {
      out.token = readFileSync(tokenFile, 'utf8').trim();
    } catch (e) {
      void displayName;
      throw new ClusterError('context.file-unreadable', { path: tokenFile.slice(0, 300), reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
    }
  }
  // OIDC only: client-node's gcp/azure providers run cmd-path + cmd-args through a shell (execSync), so a hostile kubeconfig could inject commands; kubectl removed both in 1.26.
  if (isRecord(u['auth-provider']) && u['auth-provider'].name === 'oidc') out.authProvider = u['auth-provider'];
  if (isRecord(u.exec)) out.exec = execWithEnv(u.exec, execEnv);
  return out as unknown as User;
}

function execWithEnv(exec: Record<string, unknown>, execEnv: Record<string, string>): Record<string, unknown> {
  const declared = Array.isArray(exec.env) ? exec.env.filter((e): e is { name: string; value: string } => isRecord(e) && typeof e.name === 'string' && typeof e.value === 'string') : [];
  // kubectl passes the ExecCredential request to the plugin; some plugins require it.
  const info = JSON.stringify({ apiVersion: str(exec.apiVersion) ?? 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', spec: { interactive: false } });
  const env = [...Object.entries(execEnv).map(([n, v]) => ({ name: n, value: v })), ...declared, { name: 'KUBERNETES_EXEC_INFO', value: info }];
  return { ...exec, args: Array.isArray(exec.args) ? exec.args.map(String) : [], env };
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}
