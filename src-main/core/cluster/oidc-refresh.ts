// kubectl's `auth-provider: oidc` (k8s.io/client-go/plugin/pkg/client/auth/oidc/oidc.go): the
// id-token is sent as a bearer token while it is valid; once it expires (its exp claim, with
// client-go's 10 s expiryDelta), the refresh-token is exchanged at the
// issuer's token endpoint (OpenID Connect Discovery 1.0 §4 for the endpoint; RFC 6749 §6 for the
// refresh grant; client authentication client_secret_basic when there is a secret, §2.3.1), and
// the new id-token (and refresh-token, when the issuer rotates it) is written back to the
// kubeconfig file that defined the user, as kubectl's persister does.
// client-node 1.4 hands openid-client a string where it needs a URL and never refreshes.
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isMap, isSeq, parseDocument } from 'yaml';

export interface OidcConfig {
  user: string;
  clientId: string;
  clientSecret: string | null;
  idToken: string | null;
  refreshToken: string | null;
  issuer: string | null;
  /** PEM of idp-certificate-authority(-data), if any. */
  issuerCa: string | null;
  extraScopes: string[];
}

export class OidcError extends Error {
  constructor(
    readonly kind: 'expired' | 'issuer' | 'config',
    message: string,
  ) {
    super(message);
    this.name = 'OidcError';
  }
}

/** Seconds since the epoch of the JWT's exp claim, or null when it has none or is not a JWT. */
export function jwtExpiry(token: string): number | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp : null;
  } catch {
    return null;
  }
}

/** client-go: valid while now is before exp (with a small margin for clock skew). */
export function idTokenUsable(token: string | null, now = Date.now()): boolean {
  if (!token) return false;
  const exp = jwtExpiry(token);
  if (exp === null) return false;
  return now + 10_000 < exp * 1000;
}

export interface RefreshOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

export async function refreshOidc(config: OidcConfig, options: RefreshOptions): Promise<{ idToken: string; refreshToken: string | null }> {
  if (!config.refreshToken) throw new OidcError('expired', `the OIDC id-token of user "${config.user}" has expired and there is no refresh-token`);
  if (!config.issuer) throw new OidcError('config', `user "${config.user}" has a refresh-token but no idp-issuer-url`);
  if (!config.clientId) throw new OidcError('config', `user "${config.user}" has no client-id for the OIDC refresh`);
  const issuer = config.issuer.replace(/\/+$/, '');
  const discovery = await getJson(`${issuer}/.well-known/openid-configuration`, config, options, 'GET');
  const endpoint = typeof discovery.token_endpoint === 'string' ? discovery.token_endpoint : '';
  if (!/^https?:\/\//i.test(endpoint)) throw new OidcError('issuer', `the OIDC issuer ${issuer} names no token_endpoint in its discovery document`);
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: config.refreshToken });
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
  if (config.clientSecret) {
    headers.Authorization = `Basic ${Buffer.from(`${encodeURIComponent(config.clientId)}:${encodeURIComponent(config.clientSecret)}`).toString('base64')}`;
  } else form.set('client_id', config.clientId);
  if (config.extraScopes.length) form.set('scope', ['openid', ...config.extraScopes].join(' '));
  const answer = await getJson(endpoint, config, options, 'POST', form.toString(), headers);
  const idToken = typeof answer.id_token === 'string' && answer.id_token !== '' ? answer.id_token : null;
  if (!idToken) throw new OidcError('issuer', `the OIDC issuer's token response did not contain an id_token`);
  const refreshToken = typeof answer.refresh_token === 'string' && answer.refresh_token !== '' ? answer.refresh_token : config.refreshToken;
  return { idToken, refreshToken };
}

function getJson(url: string, config: OidcConfig, options: RefreshOptions, method: 'GET' | 'POST', body?: string, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return reject(new OidcError('config', `idp-issuer-url is not a URL`));
    }
    const https = u.protocol === 'https:';
    const send = https ? httpsRequest : httpRequest;
    const where = `${u.origin}${u.pathname}`;
    const req = send(
      u,
      { method, headers: { ...headers, ...(body ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}) }, ...(https && config.issuerCa ? { ca: config.issuerCa } : {}) },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
          if (text.length > 1024 * 1024) req.destroy(new Error('answer larger than 1 MiB'));
        });
        res.on('end', () => {
          clearTimeout(timer);
          const status = res.statusCode ?? 0;
          let json: Record<string, unknown> | null = null;
          try {
            const v = JSON.parse(text) as unknown;
            if (typeof v === 'object' && v !== null && !Array.isArray(v)) json = v as Record<string, unknown>;
          } catch {
            json = null;
          }
          if (status < 200 || status > 299) {
            const err = json && typeof json.error === 'string' ? `${json.error}${typeof json.error_description === 'string' ? `: ${json.error_description.slice(0, 160)}` : ''}` : `HTTP ${status}`;
            return reject(new OidcError('issuer', `the OIDC issuer answered ${status} at ${where} (${err})${json?.error === 'invalid_grant' ? '; the refresh-token is no longer valid, log in again' : ''}`));
          }
          if (!json) return reject(new OidcError('issuer', `the OIDC issuer's answer at ${where} is not JSON`));
          resolve(json);
        });
      },
    );
    const timer = setTimeout(() => req.destroy(Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' })), options.timeoutMs);
    const onAbort = () => req.destroy(new Error('cancelled'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      reject(new OidcError('issuer', `the OIDC issuer ${u.origin} cannot be reached: ${e.code ?? ''} ${e.message}`.replace(/\s+/g, ' ').trim()));
    });
    req.end(body);
  });
}

/**
 * Writes the refreshed tokens into the file that defined the user, keeping everything else
 * (comments, order, other users) as written: kubectl's persister updates the same two keys.
 */
export async function persistOidcTokens(file: string, userName: string, tokens: { idToken: string; refreshToken: string | null }): Promise<boolean> {
  const text = await readFile(file, 'utf8');
  const doc = parseDocument(text, { version: '1.1', merge: true });
  const users = doc.get('users');
  if (!isSeq(users)) return false;
  for (const item of users.items) {
    if (!isMap(item) || item.get('name') !== userName) continue;
    const path = ['user', 'auth-provider', 'config'];
    if (!isMap(item.getIn(path))) return false;
    item.setIn([...path, 'id-token'], tokens.idToken);
    if (tokens.refreshToken) item.setIn([...path, 'refresh-token'], tokens.refreshToken);
    const mode = (await stat(file)).mode & 0o777;
    const tmp = `${file}.snatscope-${process.pid}.tmp`;
    await writeFile(tmp, doc.toString(), { mode });
    await rename(tmp, file);
    return true;
  }
  return false;
}
