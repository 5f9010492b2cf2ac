// Browser mode: the same main-side services behind a local HTTP + WebSocket bridge, serving the
// built renderer. Binds 127.0.0.1 only; see access.ts for who may call it.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_SESSION_TEXT } from '../contract/constants';
import { contentSecurityPolicy } from '../core/security/csp';
import type { EventBus } from '../core/events/event-bus';
import type { Dispatcher } from '../core/rpc/dispatcher';
import { bearerToken, checkAccess, checkHostAndOrigin, wsToken, WS_PROTOCOL } from './access';
import { contentTypeFor, resolveStaticPath } from './static-files';

export interface BridgeOptions {
  dispatcher: Dispatcher;
  bus: EventBus;
  /** Directory holding the built renderer (index.html); null serves the API only. */
  staticDir: string | null;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token for tests; normally a fresh random one per run. */
  token?: string;
  log?: (line: string) => void;
  /** Called when a static file has been sent in full (browser mode uses it to schedule warm-up work). */
  onStaticServed?: (file: string) => void;
}

export interface Bridge {
  port: number;
  origin: string;
  token: string;
  /** The URL to open: the token travels in the fragment, so it is never sent in a request line or Referer. */
  url: string;
  close(): Promise<void>;
}

// Sessions travel through here (open, export) as a JSON string inside the request: the same
// maximum as the app and the CLI (MAX_SESSION_TEXT, bytes of the file), doubled because quoting
// a JSON file's text escapes each `"`, `\` and newline into two bytes, plus room for the envelope.
export const MAX_BODY = 2 * MAX_SESSION_TEXT + 1024 * 1024;

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const log = options.log ?? (() => undefined);
  let port = options.port ?? 0;
  const sockets = new Set<WebSocket>();

  const securityHeaders = (res: ServerResponse) => {
    res.setHeader('Content-Security-Policy', contentSecurityPolicy({ connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] }));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  };

  const sendJson = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  const reject = (res: ServerResponse, status: number, reason: string) => {
    sendJson(res, status, { ok: false, error: { code: `http-${status}`, message: reason } });
  };

  async function handleApi(req: IncomingMessage, res: ServerResponse, pathname: string) {
    const verdict = checkAccess(
      { token, port },
      { host: req.headers.host, origin: req.headers.origin, token: bearerToken(req.headers.authorization) },
    );
    if (!verdict.ok) {
      log(`bridge: rejected ${req.method} ${pathname}: ${verdict.reason}`);
      return reject(res, verdict.status, verdict.reason);
    }
    const match = /^\/api\/invoke\/([a-zA-Z0-9.]{1,64})$/.exec(pathname);
    if (!match) return reject(res, 404, 'no such endpoint');
    if (req.method !== 'POST') return reject(res, 405, 'use POST');
    // Exactly application/json (parameters allowed): `\b` also let `application/json+x` through.
    if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) return reject(res, 415, 'send application/json');
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (error) {
      return reject(res, (error as { status?: number }).status ?? 400, (error as Error).message || 'invalid JSON');
    }
    sendJson(res, 200, await options.dispatcher.dispatch(match[1], body));
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, pathname: string) {
    const hostOrigin = checkHostAndOrigin({ token, port }, req.headers.host, undefined);
    if (!hostOrigin.ok) return reject(res, hostOrigin.status, hostOrigin.reason);
    if (req.method !== 'GET' && req.method !== 'HEAD') return reject(res, 405, 'method not allowed');
    if (!options.staticDir) return reject(res, 404, 'no renderer build to serve');
    let file = resolveStaticPath(options.staticDir, pathname);
    if (!file) return reject(res, 404, 'not found');
    let info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      // Unknown routes without an extension fall back to the app shell (client-side views).
      if (/\.[a-z0-9]+$/i.test(pathname)) return reject(res, 404, 'not found');
      file = resolveStaticPath(options.staticDir, '/index.html')!;
      info = await stat(file).catch(() => null);
      if (!info?.isFile()) return reject(res, 404, 'renderer not built: run npm run build');
    }
    res.writeHead(200, {
      'Content-Type': contentTypeFor(file),
      'Content-Length': info.size,
      'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'public, max-age=3600',
    });
    if (req.method === 'HEAD') return res.end();
    const served = file;
    if (options.onStaticServed) res.once('finish', () => options.onStaticServed?.(served));
    createReadStream(file).pipe(res);
  }

  const server = createServer((req, res) => {
    securityHeaders(res);
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const work = pathname.startsWith('/api/') ? handleApi(req, res, pathname) : handleStatic(req, res, pathname);
    work.catch((error: unknown) => {
      log(`bridge: ${req.method} ${pathname} failed: ${(error as Error).message}`);
      if (!res.headersSent) reject(res, 500, 'internal error');
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });

  server.on('upgrade', (req, socket, head) => {
    // A reset during the handshake is this connection's problem only.
    socket.on('error', () => socket.destroy());
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const protocols = new Set(
      String(req.headers['sec-websocket-protocol'] ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    );
    const verdict = checkAccess({ token, port }, { host: req.headers.host, origin: req.headers.origin, token: wsToken(protocols) });
    if (pathname !== '/api/events' || !verdict.ok || !protocols.has(WS_PROTOCOL)) {
      const status = pathname !== '/api/events' ? 404 : verdict.ok ? 400 : verdict.status;
      log(`bridge: rejected websocket ${pathname}: ${verdict.ok ? 'bad path or protocol' : verdict.reason}`);
      socket.end(`HTTP/1.1 ${status} Rejected\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      // A malformed frame (unmasked, over maxPayload, bad UTF-8) is an 'error' on this socket; an
      // unhandled one would end the process and abandon a running probe. Drop just this socket.
      ws.on('error', (error) => {
        log(`bridge: websocket closed after a bad frame: ${error.message}`);
        sockets.delete(ws);
        ws.terminate();
      });
      // The event socket is one-way: anything the page sends is ignored.
      ws.on('message', () => undefined);
    });
  });

  const unlisten = options.bus.listen((event, payload) => {
    const frame = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(frame);
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    port,
    origin,
    token,
    url: `${origin}/#token=${token}`,
    async close() {
      unlisten();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const DRAIN_LIMIT = 2 * MAX_BODY;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, rejectBody) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Over the limit: keep draining (so the client reads our 413 instead of a reset), but
      // stop buffering; a client that keeps sending far beyond the limit is cut off.
      if (size > DRAIN_LIMIT) req.destroy();
      else if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY) rejectBody(Object.assign(new Error('request body too large'), { status: 413 }));
      else resolveBody(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', rejectBody);
  });
}
