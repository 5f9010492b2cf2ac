// Test-only: small servers on loopback that behave like the things a kubeconfig points at — an
// API server that answers, stalls, trickles, redirects or refuses; an HTTP CONNECT proxy and a
// SOCKS5 proxy (with optional credentials) that only ever connect to loopback; an OIDC issuer
// that hands out fresh id-tokens for a refresh-token. Each counts what it saw.
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer as createNetServer, isIP, type AddressInfo, type Socket } from 'node:net';
import type { Pem } from './tls-fixtures';

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function listen(server: Server | ReturnType<typeof createNetServer>, host: string, scheme: string): Promise<Listening> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve) => {
    server.listen(0, host, () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `${scheme}://${isIP(host) === 6 ? `[${host}]` : host}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

export function httpServer(handler: Handler, host = '127.0.0.1'): Promise<Listening> {
  return listen(createHttpServer(handler), host, 'http');
}

export function tlsServer(tls: Pem & { ca?: string; requestCert?: boolean }, handler: Handler, host = '127.0.0.1'): Promise<Listening> {
  const server = createHttpsServer({ cert: tls.cert, key: tls.key, ...(tls.ca ? { ca: tls.ca } : {}), ...(tls.requestCert ? { requestCert: true, rejectUnauthorized: true } : {}) }, handler);
  return listen(server, host, 'https');
}

/** What a Kubernetes API server answers to /version and /api. */
export function apiAnswer(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  const path = (req.url ?? '').split('?')[0]!;
  res.end(path.endsWith('/version') ? JSON.stringify({ major: '1', minor: '31', gitVersion: 'v1.31.0' }) : JSON.stringify({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] }));
}

export interface ProxyStats {
  tunnels: number;
  /** host:port each tunnel asked for. */
  targets: string[];
}

function loopbackOnly(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost';
}

/**
 * HTTP CONNECT proxy (and absolute-form GETs for http:// targets); `auth` demands Basic
 * credentials; `hosts` maps test names to loopback (the client never resolves them itself).
 */
export async function connectProxy(opts: { auth?: string; hosts?: Record<string, string> } = {}): Promise<Listening & { stats: ProxyStats }> {
  const stats: ProxyStats = { tunnels: 0, targets: [] };
  const server = createHttpServer((req, res) => {
    // Absolute form: GET http://127.0.0.1:port/path
    if (opts.auth && req.headers['proxy-authorization'] !== `Basic ${Buffer.from(opts.auth).toString('base64')}`) {
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="test"' });
      return res.end();
    }
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400);
      return res.end();
    }
    if (!loopbackOnly(target.hostname.replace(/^\[|\]$/g, ''))) {
      res.writeHead(403);
      return res.end();
    }
    stats.targets.push(target.host);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const up = createHttpServerRequest(target, req.method ?? 'GET', headers, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    if (opts.auth && req.headers['proxy-authorization'] !== `Basic ${Buffer.from(opts.auth).toString('base64')}`) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n');
      return;
    }
    const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(req.url ?? '');
    if (m && opts.hosts?.[m[1]!]) m[1] = opts.hosts[m[1]!]!;
    if (!m || !loopbackOnly(m[1]!)) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    stats.tunnels++;
    stats.targets.push(req.url ?? '');
    const up = connect(Number(m[2]), m[1]!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    up.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
    client.on('error', () => up.destroy());
  });
  return { ...(await listen(server, '127.0.0.1', 'http')), stats };
}

function createHttpServerRequest(target: URL, method: string, headers: IncomingMessage['headers'], onResponse: (r: IncomingMessage) => void) {
  return httpRequest({ host: target.hostname.replace(/^\[|\]$/g, ''), port: Number(target.port || 80), path: `${target.pathname}${target.search}`, method, headers }, onResponse);
}

/** SOCKS5 (RFC 1928) with optional user/password (RFC 1929); connects to loopback only. */
export async function socks5Proxy(opts: { user?: string; pass?: string } = {}): Promise<Listening & { stats: ProxyStats }> {
  const stats: ProxyStats = { tunnels: 0, targets: [] };
  const server = createNetServer((client) => {
    client.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    let stage: 'greet' | 'auth' | 'request' | 'done' = 'greet';
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (stage === 'greet') {
          if (buf.length < 2 || buf.length < 2 + buf[1]!) return;
          const methods = [...buf.subarray(2, 2 + buf[1]!)];
          buf = buf.subarray(2 + buf[1]!);
          const want = opts.user ? 2 : 0;
          if (!methods.includes(want)) return void client.end(Buffer.from([5, 0xff]));
          client.write(Buffer.from([5, want]));
          stage = opts.user ? 'auth' : 'request';
        } else if (stage === 'auth') {
          if (buf.length < 2) return;
          const ulen = buf[1]!;
          if (buf.length < 3 + ulen) return;
          const plen = buf[2 + ulen]!;
          if (buf.length < 3 + ulen + plen) return;
          const user = buf.subarray(2, 2 + ulen).toString();
          const pass = buf.subarray(3 + ulen, 3 + ulen + plen).toString();
          buf = buf.subarray(3 + ulen + plen);
          if (user !== opts.user || pass !== opts.pass) return void client.end(Buffer.from([1, 1]));
          client.write(Buffer.from([1, 0]));
          stage = 'request';
        } else if (stage === 'request') {
          if (buf.length < 5) return;
          const atyp = buf[3]!;
          const len = atyp === 1 ? 4 : atyp === 4 ? 16 : 1 + buf[4]!;
          if (buf.length < 4 + len + 2) return;
          const addr = atyp === 1 ? [...buf.subarray(4, 8)].join('.') : atyp === 4 ? '::1' : buf.subarray(5, 5 + buf[4]!).toString();
          const port = buf.readUInt16BE(4 + len);
          buf = buf.subarray(4 + len + 2);
          stage = 'done';
          client.removeListener('data', onData);
          if (!loopbackOnly(addr)) return void client.end(Buffer.from([5, 2, 0, 1, 0, 0, 0, 0, 0, 0]));
          stats.tunnels++;
          stats.targets.push(`${addr}:${port}`);
          const up = connect(port, addr === 'localhost' ? '127.0.0.1' : addr, () => {
            client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]));
            if (buf.length) up.write(buf);
            up.pipe(client);
            client.pipe(up);
          });
          up.on('error', () => client.end(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0])));
          client.on('close', () => up.destroy());
          return;
        } else return;
      }
    };
    client.on('data', onData);
  });
  return { ...(await listen(server, '127.0.0.1', 'socks5')), stats };
}

/** An unsigned JWT with the given exp (seconds); the API server fakes only compare strings. */
export function fakeJwt(exp: number, sub = 'alice'): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub, exp, iss: 'test' })}.sig`;
}

/** OIDC issuer: discovery + token endpoint exchanging `refreshToken` for a fresh id-token. */
export async function oidcIssuer(tls: Pem, opts: { refreshToken: string; clientId: string; clientSecret?: string; rotate?: boolean }): Promise<Listening & { issued: string[]; calls: number }> {
  const issued: string[] = [];
  const state = { calls: 0 };
  let base = '';
  const srv = await tlsServer(tls, (req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ issuer: base, token_endpoint: `${base}/token`, jwks_uri: `${base}/keys` }));
    }
    if (req.url === '/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        state.calls++;
        const form = new URLSearchParams(body);
        const basic = req.headers.authorization?.startsWith('Basic ') ? Buffer.from(req.headers.authorization.slice(6), 'base64').toString() : null;
        const clientOk = opts.clientSecret ? basic === `${opts.clientId}:${opts.clientSecret}` : form.get('client_id') === opts.clientId;
        if (form.get('grant_type') !== 'refresh_token' || form.get('refresh_token') !== opts.refreshToken || !clientOk) {
          res.writeHead(400, { 'Content-Type': 'application/json' });
          return res.end(JSON.stringify({ error: 'invalid_grant', error_description: 'refresh token is invalid or expired' }));
        }
        const token = fakeJwt(Math.floor(Date.now() / 1000) + 3600, `fresh-${issued.length}`);
        issued.push(token);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ id_token: token, access_token: 'unused', token_type: 'Bearer', expires_in: 3600, ...(opts.rotate ? { refresh_token: `${opts.refreshToken}-next` } : {}) }));
      });
      return;
    }
    res.writeHead(404);
    res.end();
  });
  base = srv.url;
  // A live count (Object.assign would copy a getter's value once).
  return Object.defineProperties(srv, { issued: { value: issued }, calls: { get: () => state.calls } }) as Listening & { issued: string[]; calls: number };
}
