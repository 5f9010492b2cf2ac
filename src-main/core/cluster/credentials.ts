// The credential a request carries, from a kubeconfig user, as client-go builds it
// (k8s.io/client-go/tools/clientcmd/client_config.go, transport/round_trippers.go): a bearer
// token (token, tokenFile, exec plugin or OIDC), basic auth, a client certificate and key
// (from files or data, or from an exec plugin), plus the impersonation headers
// (Impersonate-User, -Group, -Uid, -Extra-<key>).
// Exec credentials are cached until their expirationTimestamp, or for the whole process/session
// when they have none (client-go caches them in the authenticator); concurrent requests wait for
// one refresh instead of each running the plugin.
import { readFile } from 'node:fs/promises';
import { runExecPlugin, type ExecClusterInfo, type ExecInteraction, type ExecResult, type ExecSpec } from './exec-plugin';
import { idTokenUsable, persistOidcTokens, refreshOidc, type OidcConfig } from './oidc-refresh';

export interface Credentials {
  headers: Record<string, string>;
  cert: string | null;
  key: string | null;
  /** Which credential this is: a 401 only invalidates the one it was answered to. */
  generation: number;
}

export interface CredentialSource {
  get(signal?: AbortSignal): Promise<Credentials>;
  /**
   * After a 401 to the credential of `generation`: drop it; true when asking again can give
   * another credential. Many requests refused at once drop it once, so the plugin runs once.
   */
  invalidate(generation: number): boolean;
}

export interface Impersonation {
  user: string | null;
  uid: string | null;
  groups: string[];
  extra: Record<string, string[]>;
}

export interface CredentialPlan {
  token: string | null;
  tokenFile: string | null;
  basic: { username: string; password: string } | null;
  certData: string | null;
  certFile: string | null;
  keyData: string | null;
  keyFile: string | null;
  exec: ExecSpec | null;
  oidc: (OidcConfig & { file: string; kubeconfigUser: string }) | null;
  impersonate: Impersonation;
}

export interface CredentialRuntime {
  baseEnv: Record<string, string | undefined>;
  cluster: ExecClusterInfo;
  interaction: () => ExecInteraction;
  execTimeoutMs: number;
  interactiveTimeoutMs: number;
  oidcTimeoutMs: number;
  onExecStderr?: (text: string) => void;
  now?: () => number;
}

/** Header names per client-go's impersonation round tripper. */
export function impersonationHeaders(i: Impersonation): Record<string, string> {
  const h: Record<string, string> = {};
  if (i.user) h['Impersonate-User'] = i.user;
  if (i.uid) h['Impersonate-Uid'] = i.uid;
  // node joins repeated values of an array header into several header lines.
  if (i.groups.length) (h as Record<string, string | string[]>)['Impersonate-Group'] = i.groups;
  for (const [k, values] of Object.entries(i.extra)) {
    // Extra keys are case-insensitive header suffixes; non-token characters are percent-encoded (client-go: legacyHeaderToken escaping).
    (h as Record<string, string | string[]>)[`Impersonate-Extra-${encodeURIComponent(k).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`] = values;
  }
  return h;
}

export function credentialSource(plan: CredentialPlan, rt: CredentialRuntime): CredentialSource {
  const now = rt.now ?? Date.now;
  let execCached: ExecResult | null = null;
  let execInflight: Promise<ExecResult> | null = null;
  let oidcToken: string | null = plan.oidc?.idToken ?? null;
  let oidcRefresh: string | null = plan.oidc?.refreshToken ?? null;
  let oidcInflight: Promise<string> | null = null;
  let fileToken: { value: string; readAt: number } | null = null;
  let staticTls: Promise<{ cert: string | null; key: string | null }> | null = null;
  let generation = 0;

  const execCredential = (signal?: AbortSignal): Promise<ExecResult> => {
    // Reuse until 10 s before expiry; without expirationTimestamp, for as long as this process lives.
    if (execCached && (execCached.expiresAt === null || execCached.expiresAt - 10_000 > now())) return Promise.resolve(execCached);
    execInflight ??= runExecPlugin(plan.exec!, {
      baseEnv: rt.baseEnv,
      cluster: rt.cluster,
      interaction: rt.interaction(),
      timeoutMs: rt.execTimeoutMs,
      interactiveTimeoutMs: rt.interactiveTimeoutMs,
      ...(signal ? { signal } : {}),
      ...(rt.onExecStderr ? { onStderr: rt.onExecStderr } : {}),
    }).then(
      (r) => {
        execCached = r;
        execInflight = null;
        return r;
      },
      (e: unknown) => {
        execInflight = null;
        throw e;
      },
    );
    return execInflight;
  };

  const oidcIdToken = (signal?: AbortSignal): Promise<string> => {
    if (idTokenUsable(oidcToken, now())) return Promise.resolve(oidcToken!);
    oidcInflight ??= refreshOidc({ ...plan.oidc!, idToken: oidcToken, refreshToken: oidcRefresh }, { timeoutMs: rt.oidcTimeoutMs, ...(signal ? { signal } : {}) }).then(
      async (t) => {
        oidcToken = t.idToken;
        oidcRefresh = t.refreshToken;
        oidcInflight = null;
        // Like kubectl's persister; a file that cannot be written still leaves this session working.
        await persistOidcTokens(plan.oidc!.file, plan.oidc!.kubeconfigUser, t).catch(() => false);
        return t.idToken;
      },
      (e: unknown) => {
        oidcInflight = null;
        throw e;
      },
    );
    return oidcInflight;
  };

  const readTokenFile = async (): Promise<string> => {
    // client-go re-reads tokenFile periodically (cached for a minute) so rotated tokens are picked up.
    if (fileToken && now() - fileToken.readAt < 60_000) return fileToken.value;
    const value = (await readFile(plan.tokenFile!, 'utf8')).trim();
    fileToken = { value, readAt: now() };
    return value;
  };

  const tlsMaterial = () => {
    staticTls ??= (async () => ({
      cert: plan.certData ?? (plan.certFile ? await readFile(plan.certFile, 'utf8') : null),
      key: plan.keyData ?? (plan.keyFile ? await readFile(plan.keyFile, 'utf8') : null),
    }))();
    // A failed read is retried next time (the file may be restored).
    staticTls.catch(() => (staticTls = null));
    return staticTls;
  };

  return {
    async get(signal) {
      const headers: Record<string, string> = impersonationHeaders(plan.impersonate);
      let { cert, key } = await tlsMaterial();
      if (plan.exec) {
        const r = await execCredential(signal);
        if (r.token) headers.Authorization = `Bearer ${r.token}`;
        if (r.clientCertificateData) {
          cert = r.clientCertificateData;
          key = r.clientKeyData;
        }
      } else if (plan.oidc) {
        headers.Authorization = `Bearer ${await oidcIdToken(signal)}`;
      } else if (plan.token) headers.Authorization = `Bearer ${plan.token}`;
      else if (plan.tokenFile) headers.Authorization = `Bearer ${await readTokenFile()}`;
      else if (plan.basic) headers.Authorization = `Basic ${Buffer.from(`${plan.basic.username}:${plan.basic.password}`).toString('base64')}`;
      return { headers, cert, key, generation };
    },
    invalidate(used) {
      // Already replaced since that request was sent: the next attempt uses the new one.
      if (used !== generation) return true;
      generation++;
      if (plan.exec) {
        execCached = null;
        return true;
      }
      if (plan.oidc) {
        // The id-token looked valid but the server refused it: refresh if we can.
        const could = oidcRefresh !== null;
        if (could) oidcToken = null;
        return could;
      }
      if (plan.tokenFile) {
        fileToken = null;
        return true;
      }
      return false;
    },
  };
}
