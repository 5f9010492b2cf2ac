// Who may talk to the browser-mode bridge: requests must carry the per-run token, name this
// server in Host (blocks DNS rebinding) and, when a browser sends Origin, come from our origin
// (blocks other web pages, which cannot read the token but could still send requests).
import { timingSafeEqual } from 'node:crypto';

export interface AccessPolicy {
  token: string;
  port: number;
}

export type AccessVerdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function allowedOrigins(port: number): string[] {
  return allowedHosts(port).map((h) => `http://${h}`);
}

export function tokenMatches(expected: string, presented: string | undefined | null): boolean {
  if (!presented) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(presented, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function checkHostAndOrigin(policy: AccessPolicy, host: string | undefined, origin: string | undefined): AccessVerdict {
  if (!host || !allowedHosts(policy.port).includes(host.toLowerCase())) {
    return { ok: false, status: 403, reason: 'Host header does not name this server' };
  }
  if (origin !== undefined && !allowedOrigins(policy.port).includes(origin)) {
    return { ok: false, status: 403, reason: 'Origin not allowed' };
  }
  return { ok: true };
}

export function checkAccess(
  policy: AccessPolicy,
  req: { host: string | undefined; origin: string | undefined; token: string | undefined | null },
): AccessVerdict {
  const hostOrigin = checkHostAndOrigin(policy, req.host, req.origin);
  if (!hostOrigin.ok) return hostOrigin;
  if (!tokenMatches(policy.token, req.token)) return { ok: false, status: 401, reason: 'missing or wrong token' };
  return { ok: true };
}

/** Token from `Authorization: Bearer <t>`. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  return m?.[1] ?? null;
}

/** Browsers cannot set headers on a WebSocket, so the token rides in a subprotocol. */
export const WS_PROTOCOL = 'snatscope.v1';
export const WS_TOKEN_PREFIX = 'token.';

export function wsToken(protocols: Set<string>): string | null {
  for (const p of protocols) if (p.startsWith(WS_TOKEN_PREFIX)) return p.slice(WS_TOKEN_PREFIX.length);
  return null;
}
