// Merges one group's files with kubectl's rules and lists its contexts, each with a stable id
// and whatever keeps it from working (a missing cluster or user) — per context, so one broken
// context never hides the others.
import { createHash } from 'node:crypto';
import { ClusterError } from './cluster-error';
import type { KubeconfigGroup } from './kubeconfig-sources';
import { stripUserinfo } from './url-userinfo';
import { isRecord, type ParsedKubeconfig, type RawEntry } from './kubeconfig-parse';

export interface MergedKubeconfig {
  group: KubeconfigGroup;
  currentContext: string | null;
  clusters: Map<string, { body: RawEntry; file: string }>;
  users: Map<string, { body: RawEntry; file: string }>;
  contexts: Map<string, { body: RawEntry; file: string }>;
}

export interface ContextEntry {
  id: string;
  name: string;
  /** The file that defines the context. */
  file: string;
  groupKey: string;
  groupKind: KubeconfigGroup['kind'];
  isCurrent: boolean;
  namespace: string | null;
  clusterName: string;
  userName: string;
  server: string | null;
  auth: AuthFlags;
  /** Why this context cannot be used as is, if anything. */
  problem: ClusterError | null;
}

export interface AuthFlags {
  kind: 'token' | 'token-file' | 'client-certificate' | 'exec' | 'auth-provider' | 'basic' | 'none';
  execCommand: string | null;
  authProvider: string | null;
  insecureSkipTlsVerify: boolean;
  proxyUrl: boolean;
}

export function mergeGroup(group: KubeconfigGroup, parsed: ParsedKubeconfig[]): MergedKubeconfig {
  const merged: MergedKubeconfig = { group, currentContext: null, clusters: new Map(), users: new Map(), contexts: new Map() };
  for (const file of parsed) {
    merged.currentContext ??= file.currentContext;
    for (const [name, body] of file.clusters) if (!merged.clusters.has(name)) merged.clusters.set(name, { body, file: file.file });
    for (const [name, body] of file.users) if (!merged.users.has(name)) merged.users.set(name, { body, file: file.file });
    for (const [name, body] of file.contexts) if (!merged.contexts.has(name)) merged.contexts.set(name, { body, file: file.file });
  }
  return merged;
}

export function contextId(groupKey: string, file: string, context: string): string {
  return createHash('sha256').update(`${groupKey}\0${file}\0${context}`).digest('hex').slice(0, 16);
}

export function listContexts(merged: MergedKubeconfig): ContextEntry[] {
  const out: ContextEntry[] = [];
  for (const [name, { body, file }] of merged.contexts) {
    const clusterName = str(body.cluster) ?? '';
    const userName = str(body.user) ?? '';
    const cluster = merged.clusters.get(clusterName);
    const user = merged.users.get(userName);
    let problem: ClusterError | null = null;
    if (!cluster) problem = new ClusterError('context.cluster-missing', { context: name, cluster: clusterName || '(none)' });
    else if (!user && userName !== '') problem = new ClusterError('context.user-missing', { context: name, user: userName });
    else if (!str(cluster.body.server)) problem = new ClusterError('context.no-server', { cluster: clusterName });
    else if (user && isRecord(user.body['auth-provider']) && ['gcp', 'azure'].includes(String(user.body['auth-provider'].name))) {
      problem = new ClusterError('auth.provider-removed', { user: userName, provider: String(user.body['auth-provider'].name) });
    } else if (!isServerUrl(str(cluster.body.server)!)) problem = new ClusterError('context.bad-server', { cluster: clusterName, server: stripUserinfo(str(cluster.body.server)!).slice(0, 200) });
    out.push({
      id: contextId(merged.group.key, file, name),
      name,
      file,
      groupKey: merged.group.key,
      groupKind: merged.group.kind,
      isCurrent: merged.currentContext === name,
      namespace: str(body.namespace),
      clusterName,
      userName,
      // Never the password of https://user:pw@host (kubectl masks it too).
      server: cluster && str(cluster.body.server) ? stripUserinfo(str(cluster.body.server)!) : null,
      auth: authFlags(user?.body ?? {}, cluster?.body ?? {}),
      problem,
    });
  }
  return out;
}

export function authFlags(user: RawEntry, cluster: RawEntry): AuthFlags {
  const exec = isRecord(user.exec) ? user.exec : null;
  const provider = isRecord(user['auth-provider']) ? user['auth-provider'] : null;
  const kind: AuthFlags['kind'] = exec
    ? 'exec'
    : provider
      ? 'auth-provider'
      : str(user.token)
        ? 'token'
        : str(user['token-file']) || str(user.tokenFile)
          ? 'token-file'
          : str(user['client-certificate']) || str(user['client-certificate-data'])
            ? 'client-certificate'
            : str(user.username)
              ? 'basic'
              : 'none';
  return {
    kind,
    execCommand: exec ? (str(exec.command) ?? '') : null,
    authProvider: provider ? (str(provider.name) ?? 'unknown') : null,
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] === true,
    proxyUrl: Boolean(str(cluster['proxy-url'])),
  };
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** http(s)://host[:port][/path] — anything else (file:, javascript:, a bare host:port) is refused. */
export function isServerUrl(server: string): boolean {
  if (!/^https?:\/\/[^/?#\s]/i.test(server)) return false;
  try {
    return new URL(server).hostname !== '';
  } catch {
    return false;
  }
}
