// How to reach one context's API server and what to send, from a merged kubeconfig view, with
// the rules of kubectl 1.32 (k8s.io/client-go/tools/clientcmd: validation.go for the conflicts it
// refuses, client_config.go for what it sends):
// - certificate-authority-data and certificate-authority both set, or client-certificate(-data),
//   client-key(-data) both set: refused with kubectl's message (data would win in client-go; the
//   client-node library preferred the file);
// - insecure-skip-tls-verify together with a CA: refused, as kubectl does;
// - a plain http:// server gets no user credentials at all (client-go applies the user's
//   token/certificate/exec/OIDC/impersonation only to TLS transports), so exec plugins do not run;
// - the proxy is proxy-url, else HTTPS_PROXY/HTTP_PROXY/NO_PROXY (proxy-env.ts);
// - userinfo in the server URL is removed from everything shown (url-userinfo.ts).
import { readFileSync } from 'node:fs';
import { ClusterError } from './cluster-error';
import type { CredentialPlan } from './credentials';
import { execSpecFrom, ExecPluginError, type ExecClusterInfo } from './exec-plugin';
import { isServerUrl, type ContextEntry, type MergedKubeconfig } from './kubeconfig-merge';
import { isRecord, type RawEntry } from './kubeconfig-parse';
import { proxyFromEnvironment } from './proxy-env';
import type { ProxyError } from './proxy-tunnel';
import { parseProxyUrl } from './proxy-tunnel';
import { stripUserinfo, userinfoOf } from './url-userinfo';

export interface ConnectionConfigOptions {
  /** Environment for exec credential plugins (e.g. the login shell's); merged over process.env. */
  execEnv?: Record<string, string>;
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read (default process.env). */
  proxyEnv?: NodeJS.ProcessEnv;
}

export interface ConnectionConfig {
  /** The server URL without userinfo and trailing slash: safe to show. */
  server: string;
  userName: string;
  namespace: string;
  insecure: boolean;
  /** The proxy to use (proxy-url or the environment's), with its credentials; null for none. */
  proxyUrl: string | null;
  /** Where the proxy came from. */
  proxySource: 'kubeconfig' | 'env' | null;
  tlsServerName: string | null;
  /** certificate-authority-data as given (base64), or null. */
  caData: string | null;
  caFile: string | null;
  /** Whether user credentials are sent (not for http:// servers, as kubectl). */
  sendsCredentials: boolean;
  credentials: CredentialPlan;
  /** What provideClusterInfo passes to an exec plugin. */
  execCluster: ExecClusterInfo;
}

export function buildConnectionConfig(entry: ContextEntry, merged: MergedKubeconfig, options: ConnectionConfigOptions = {}): ConnectionConfig {
  if (entry.problem) throw entry.problem;
  const cluster = merged.clusters.get(entry.clusterName);
  if (!cluster) throw new ClusterError('context.cluster-missing', { context: entry.name, cluster: entry.clusterName });
  const user = entry.userName ? merged.users.get(entry.userName) : { body: {}, file: entry.file };
  if (!user) throw new ClusterError('context.user-missing', { context: entry.name, user: entry.userName });
  const c = cluster.body;
  const rawServer = str(c.server);
  if (!rawServer) throw new ClusterError('context.no-server', { cluster: entry.clusterName });
  // http(s) with a host only: a file:, javascript: or bare "host:port" server parses as a URL with an empty host, and node would send the credentials in clear text to localhost:80.
  if (!isServerUrl(rawServer)) throw new ClusterError('context.bad-server', { cluster: entry.clusterName, server: stripUserinfo(rawServer).slice(0, 200) });
  const serverUrl = new URL(rawServer);
  const serverUserinfo = userinfoOf(serverUrl);
  const server = stripUserinfo(rawServer).replace(/\/+$/, '');

  const insecure = c['insecure-skip-tls-verify'] === true;
  const caData = str(c['certificate-authority-data']);
  const caFile = str(c['certificate-authority']);
  if (caData && caFile) conflict(`certificate-authority-data and certificate-authority are both specified for ${entry.clusterName}. certificate-authority-data will override.`);
  if (insecure && (caData || caFile)) conflict('specifying a root certificates file with the insecure flag is not allowed');

  const u = user.body;
  for (const [data, file, label] of [
    ['client-certificate-data', 'client-certificate', 'client-cert'],
    ['client-key-data', 'client-key', 'client-key'],
  ] as const) {
    if (str(u[data]) && str(u[file])) conflict(`${label}-data and ${label} are both specified for ${entry.userName}. ${label}-data will override.`);
  }

  const https = serverUrl.protocol === 'https:';
  const kubeconfigProxy = str(c['proxy-url']);
  const proxyUrl = kubeconfigProxy ?? proxyFromEnvironment(server, options.proxyEnv ?? process.env);
  if (proxyUrl) {
    try {
      parseProxyUrl(proxyUrl);
    } catch (e) {
      const p = e as ProxyError;
      throw new ClusterError('net.proxy', { proxy: stripUserinfo(proxyUrl).slice(0, 200), reason: p.message });
    }
  }

  const execCluster: ExecClusterInfo = {
    server,
    ...(str(c['tls-server-name']) ? { 'tls-server-name': str(c['tls-server-name'])! } : {}),
    ...(insecure ? { 'insecure-skip-tls-verify': true } : {}),
    ...(caData ? { 'certificate-authority-data': caData } : {}),
    ...(kubeconfigProxy ? { 'proxy-url': kubeconfigProxy } : {}),
    ...execExtension(c),
  };

  return {
    server,
    userName: entry.userName || 'anonymous',
    namespace: entry.namespace ?? 'default',
    insecure,
    proxyUrl,
    proxySource: kubeconfigProxy ? 'kubeconfig' : proxyUrl ? 'env' : null,
    tlsServerName: str(c['tls-server-name']),
    caData,
    caFile,
    sendsCredentials: https,
    credentials: https ? credentialPlan(entry, u, user.file, options.execEnv ?? {}, serverUserinfo) : validatedEmptyPlan(entry, u),
    execCluster,
  };
}

function conflict(reason: string): never {
  throw new ClusterError('context.conflict', { reason });
}

function execExtension(c: RawEntry): { config?: unknown } {
  // client-go: the cluster's extension named client.authentication.k8s.io/exec becomes spec.cluster.config.
  if (!Array.isArray(c.extensions)) return {};
  const ext = c.extensions.find((e): e is Record<string, unknown> => isRecord(e) && e.name === 'client.authentication.k8s.io/exec');
  return ext && ext.extension !== undefined ? { config: ext.extension } : {};
}

/** http:// sends no credentials, but kubectl still refuses a bad exec section. */
function validatedEmptyPlan(entry: ContextEntry, u: RawEntry): CredentialPlan {
  if (isRecord(u.exec)) {
    try {
      execSpecFrom(entry.userName || 'anonymous', u.exec, {});
    } catch (e) {
      if (e instanceof ExecPluginError) throw new ClusterError('auth.exec-config', { user: entry.userName || 'anonymous', reason: e.message });
      throw e;
    }
  }
  return emptyPlan();
}

function emptyPlan(): CredentialPlan {
  return { token: null, tokenFile: null, basic: null, certData: null, certFile: null, keyData: null, keyFile: null, exec: null, oidc: null, impersonate: { user: null, uid: null, groups: [], extra: {} } };
}

function credentialPlan(entry: ContextEntry, u: RawEntry, file: string, execEnv: Record<string, string>, serverUserinfo: { username: string; password: string } | null): CredentialPlan {
  const name = entry.userName || 'anonymous';
  let exec = null;
  if (isRecord(u.exec)) {
    try {
      exec = execSpecFrom(name, u.exec, execEnv);
    } catch (e) {
      if (e instanceof ExecPluginError) throw new ClusterError('auth.exec-config', { user: name, reason: e.message });
      throw e;
    }
  }
  const provider = isRecord(u['auth-provider']) ? u['auth-provider'] : null;
  // OIDC only: gcp/azure ran commands through a shell and were removed from kubectl in 1.26 (flagged in kubeconfig-merge.ts).
  const pc = provider && provider.name === 'oidc' && isRecord(provider.config) ? provider.config : null;
  const caData = pc ? str(pc['idp-certificate-authority-data']) : null;
  const extraScopes = pc && typeof pc['extra-scopes'] === 'string' ? pc['extra-scopes'].split(',').map((s) => s.trim()).filter(Boolean) : [];
  const tokenFile = str(u['token-file']) ?? str(u.tokenFile);
  // A token file that cannot be read is named now, before any connection (re-read later for rotation).
  if (tokenFile && !str(u.token)) readOrFail(tokenFile);
  const basic = str(u.username) ? { username: u.username as string, password: typeof u.password === 'string' ? u.password : '' } : serverUserinfo;
  return {
    token: str(u.token),
    tokenFile,
    basic,
    certData: decodeData(u['client-certificate-data']),
    certFile: str(u['client-certificate']),
    keyData: decodeData(u['client-key-data']),
    keyFile: str(u['client-key']),
    exec,
    oidc:
      provider && provider.name === 'oidc'
        ? {
            user: name,
            kubeconfigUser: entry.userName,
            file,
            clientId: pc ? (str(pc['client-id']) ?? '') : '',
            clientSecret: pc ? str(pc['client-secret']) : null,
            idToken: pc ? str(pc['id-token']) : null,
            refreshToken: pc ? str(pc['refresh-token']) : null,
            issuer: pc ? str(pc['idp-issuer-url']) : null,
            issuerCa: caData ? Buffer.from(caData, 'base64').toString('utf8') : pc && str(pc['idp-certificate-authority']) ? readIssuerCa(str(pc['idp-certificate-authority'])!) : null,
            extraScopes,
          }
        : null,
    impersonate: {
      user: str(u.as),
      uid: str(u['as-uid']),
      groups: Array.isArray(u['as-groups']) ? u['as-groups'].filter((g): g is string => typeof g === 'string') : [],
      extra: isRecord(u['as-user-extra'])
        ? Object.fromEntries(Object.entries(u['as-user-extra']).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : [String(v)]]))
        : {},
    },
  };
}

function readOrFail(path: string): string {
  return readIssuerCa(path);
}

function readIssuerCa(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new ClusterError('context.file-unreadable', { path: path.slice(0, 300), reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
  }
}

function decodeData(v: unknown): string | null {
  const s = str(v);
  if (!s) return null;
  // Not base64 (kubectl: "illegal base64 data"): kept as is, so the PEM check names it as unusable instead of it silently vanishing.
  if (!/^[A-Za-z0-9+/=\s]+$/.test(s)) return s;
  return Buffer.from(s, 'base64').toString('utf8');
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}
