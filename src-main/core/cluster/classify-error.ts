// Turns whatever went wrong talking to a cluster into a ClusterError the user can act on.
import { statSync } from 'node:fs';
import { ClusterError } from './cluster-error';
import { KubeApiError } from './kube-api-error';
import { ExecPluginError } from './exec-plugin';
import { KubeAuthError, KubeClientCertError, KubeTransportError } from './kube-client';
import { OidcError } from './oidc-refresh';
import { ProxyError } from './proxy-tunnel';
import { stripUserinfoInText } from './url-userinfo';

export interface ErrorContext {
  host: string;
  port: number;
  user: string;
  execCommand: string | null;
  /** Files the context names (CA, client certificate and key, token file), to say which one failed. */
  files?: string[];
}

const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

export function classifyError(error: unknown, ctx: ErrorContext): ClusterError {
  if (error instanceof ClusterError) return error;
  const host = ctx.host;
  if (error instanceof ProxyError) return classifyProxy(error);
  if (error instanceof KubeAuthError) return classifyAuth(error.cause, ctx);
  if (error instanceof KubeTransportError) {
    const code = error.code;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return new ClusterError('net.dns', { host });
    if (code === 'ECONNREFUSED') return new ClusterError('net.refused', { host, port: ctx.port });
    if (code === 'ETIMEDOUT') return new ClusterError('net.timeout', { host, port: ctx.port, seconds: Math.round((error.timeoutMs ?? 30_000) / 1000) });
    if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new ClusterError('net.unreachable', { host });
    if (code === 'ECONNRESET' || code === 'EPIPE') return new ClusterError('net.reset', { host });
    if (UNKNOWN_AUTHORITY.has(code)) return new ClusterError('tls.unknown-authority', { host });
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return new ClusterError('tls.hostname-mismatch', { host });
    if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return new ClusterError('tls.expired', { host });
    if (code === 'EBADJSON') return new ClusterError('server.unexpected', { host, reason: error.message });
    if (code === 'EPROXY') return new ClusterError('net.proxy', { proxy: error.host, reason: error.message });
    if (/proxy/i.test(error.message)) return new ClusterError('net.proxy', { proxy: host, reason: error.message });
    // The server asked for a client certificate this user does not send, or did not trust it (RFC 8446 §4.4.2.4 alerts).
    if (/alert certificate required|alert bad certificate|alert unknown ca|certificate required/i.test(error.message)) {
      return new ClusterError('tls.client-cert', { user: ctx.user, reason: 'the server requires a client certificate it trusts, and this user sends none (or one it does not accept)' });
    }
    if (code === 'EPROTO' && /wrong version number|packet length too long|http request/i.test(error.message)) {
      return new ClusterError('tls.other', { host, reason: 'the server does not speak TLS on this port (is it http:// rather than https://?)' });
    }
    if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.startsWith('ERR_OSSL') || code === 'EPROTO') return new ClusterError('tls.other', { host, reason: tlsText(code, error.message) });
    return new ClusterError('server.unexpected', { host, reason: `${code}: ${error.message}` });
  }
  if (error instanceof KubeApiError) return classifyStatus(error, ctx);
  return new ClusterError('server.unexpected', { host, reason: error instanceof Error ? error.message : String(error) });
}

function classifyProxy(e: ProxyError): ClusterError {
  if (e.failure === 'auth') return new ClusterError('net.proxy-auth', { proxy: e.proxy, reason: e.message });
  return new ClusterError('net.proxy', { proxy: e.proxy, reason: e.message });
}

function classifyExec(e: ExecPluginError, ctx: ErrorContext): ClusterError {
  const command = ctx.execCommand ?? '';
  switch (e.kind) {
    case 'missing':
      return new ClusterError('auth.exec-missing', { command, ...(e.installHint ? { hint: e.installHint } : {}) });
    case 'timeout':
      return new ClusterError('auth.exec-timeout', { command, seconds: Number(/within (\d+) s/.exec(e.message)?.[1] ?? 0) });
    case 'needs-terminal':
      return new ClusterError('auth.exec-needs-terminal', { command, reason: e.message.replace(/^.*, but /, '') });
    case 'cancelled':
      return new ClusterError('auth.exec-cancelled', { command });
    case 'bad-output':
      return new ClusterError('auth.exec-output', { command, reason: e.message });
    case 'config':
      return new ClusterError('auth.exec-config', { user: ctx.user, reason: e.message });
    default:
      return new ClusterError('auth.exec-failed', { command, stderr: e.stderr.trim() ? trimStderr(e.stderr) : e.message });
  }
}

function classifyAuth(cause: unknown, ctx: ErrorContext): ClusterError {
  if (cause instanceof ClusterError) return cause;
  if (cause instanceof ExecPluginError) return classifyExec(cause, ctx);
  if (cause instanceof OidcError) return new ClusterError('auth.oidc', { user: ctx.user, reason: stripUserinfoInText(cause.message) });
  if (cause instanceof KubeClientCertError) return new ClusterError('tls.client-cert', { user: ctx.user, reason: trimStderr(cause.message) });
  const e = cause as NodeJS.ErrnoException & { path?: string };
  if (ctx.execCommand !== null) {
    if (e?.code === 'ENOENT' && (e.syscall?.startsWith('spawn') ?? false)) return new ClusterError('auth.exec-missing', { command: ctx.execCommand });
    if (e?.code === 'EACCES' && (e.syscall?.startsWith('spawn') ?? false)) return new ClusterError('auth.exec-failed', { command: ctx.execCommand, stderr: 'permission denied (is it executable?)' });
    if (!e?.syscall) return new ClusterError('auth.exec-failed', { command: ctx.execCommand, stderr: trimStderr(e?.message ?? String(cause)) });
  }
  // A file named in the kubeconfig (CA, client certificate/key) that cannot be read.
  if (e?.path) return new ClusterError('context.file-unreadable', { path: String(e.path).slice(0, 300), reason: e.code ?? e.message });
  if (e?.code === 'EISDIR' || e?.code === 'ENOENT' || e?.code === 'EACCES') {
    const culprit = (ctx.files ?? []).find((f) => unreadable(f)) ?? '(a file named in the kubeconfig)';
    return new ClusterError('context.file-unreadable', { path: culprit.slice(0, 300), reason: e.code });
  }
  // Anything else is not known to be about the client certificate: say what it was, unlabelled.
  return new ClusterError('server.unexpected', { host: ctx.host, reason: stripUserinfoInText(trimStderr(e?.message ?? String(cause))) });
}

// e.g. `pods is forbidden: User "alice" cannot create resource "pods" in API group "" in the namespace "default"`
const FORBIDDEN = /User "([^"]*)" cannot (\w+) resource "([^"]+)"(?: in API group "([^"]*)")?(?: in the namespace "([^"]+)")?/;

function classifyStatus(error: KubeApiError, ctx: ErrorContext): ClusterError {
  if (error.status === 401) return new ClusterError('auth.unauthorized', { user: ctx.user }, { status: 401, message: error.message });
  if (error.status === 403) {
    const m = FORBIDDEN.exec(error.message);
    if (m) {
      const resource = m[4] ? `${m[3]}.${m[4]}` : m[3]!;
      return new ClusterError('auth.forbidden', { user: m[1] || ctx.user, verb: m[2]!, resource, namespace: m[5] ?? '' });
    }
    return new ClusterError('auth.forbidden', { user: ctx.user, verb: error.method.toLowerCase(), resource: error.path, namespace: '', ...(error.message && error.message !== 'HTTP 403' ? { reason: clip(error.message) } : {}) });
  }
  if (error.status >= 300 && error.status < 400) {
    return new ClusterError('server.redirect', { host: ctx.host, status: error.status, location: error.location ? stripUserinfoInText(clip(error.location)) : '(no Location header)' });
  }
  if (error.status === 429) return new ClusterError('server.rate-limited', { seconds: error.retryAfterSeconds ?? 1 });
  if (error.status >= 500) return new ClusterError('server.error', { status: error.status, reason: error.reason || error.message.slice(0, 120) });
  if (error.html) return new ClusterError('server.unexpected', { host: ctx.host, reason: `${error.status} with an HTML page: the server URL points at a web server or a login portal, not a Kubernetes API server` });
  return new ClusterError('server.unexpected', { host: ctx.host, reason: `${error.status} ${clip(error.message)}` });
}

function clip(text: string): string {
  // eslint-disable-next-line no-control-regex
  const t = text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, ' ').trim();
  return t.length > 160 ? `${t.slice(0, 160)}…` : t;
}

/** OpenSSL's internal text ("error:0A000086:SSL routines::...") in words where it is known. */
function tlsText(code: string, message: string): string {
  if (/alert certificate required|alert bad certificate|alert unknown ca|sslv3 alert/i.test(message)) return 'the server did not accept a client certificate (it requires one this user does not send, or does not trust it)';
  if (/unsupported protocol|no protocols available|version too low/i.test(message)) return 'the server and SNATScope share no TLS version';
  if (/handshake failure/i.test(message)) return 'the server refused the handshake (no common cipher, or it wants a client certificate)';
  return `${code}: ${clip(message.replace(/error:[0-9A-F]+:[^:]*:[^:]*:/g, ''))}`;
}

function unreadable(file: string): boolean {
  try {
    return !statSync(file).isFile();
  } catch {
    return true;
  }
}

function trimStderr(text: string): string {
  const t = text.trim().split('\n').filter(Boolean).slice(-3).join(' / ');
  return t.length > 300 ? `${t.slice(0, 300)}…` : t || '(no output)';
}

/** kubectl-style version check: SNATScope needs EndpointSlice v1 (Kubernetes 1.21+). */
export const MINIMUM_VERSION = { major: 1, minor: 21 };

export function checkServerVersion(version: { major?: string; minor?: string; gitVersion?: string }): ClusterError | null {
  const major = parseInt(version.major ?? '', 10);
  const minor = parseInt((version.minor ?? '').replace(/\D.*$/, ''), 10);
  if (!Number.isFinite(major) || !Number.isFinite(minor)) return null;
  if (major > MINIMUM_VERSION.major || (major === MINIMUM_VERSION.major && minor >= MINIMUM_VERSION.minor)) return null;
  return new ClusterError('server.too-old', { version: version.gitVersion ?? `${major}.${minor}`, minimum: `${MINIMUM_VERSION.major}.${MINIMUM_VERSION.minor}` });
}
