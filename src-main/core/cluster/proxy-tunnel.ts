// Connections to the API server through a proxy, as node http(s) Agents whose createConnection
// opens the tunnel asynchronously. Node's own pooling (keepAlive, maxSockets, the queue of waiting
// requests) then works exactly as without a proxy: socks-proxy-agent/agent-base under keep-alive
// never handed the 17th parallel request a socket (issue 16 §3).
// Supported like client-go's proxy-url: http:// and https:// proxies (HTTP CONNECT, RFC 9110
// §9.3.6) and socks5:// (RFC 1928, user/password RFC 1929; the host name is resolved by the proxy,
// as golang.org/x/net/proxy does). Failures are ProxyErrors, so they are blamed on the proxy.
import { Agent as HttpAgent, type AgentOptions as HttpAgentOptions, type ClientRequestArgs } from 'node:http';
import { Agent as HttpsAgent, type AgentOptions as HttpsAgentOptions } from 'node:https';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { stripUserinfo, userinfoOf } from './url-userinfo';

export type ProxyFailure = 'refused' | 'unreachable' | 'dns' | 'timeout' | 'auth' | 'rejected' | 'protocol' | 'unsupported';

/** The proxy, not the API server, failed. `proxy` never contains credentials. */
export class ProxyError extends Error {
  readonly proxy: string;
  readonly failure: ProxyFailure;
  readonly code: string;
  constructor(proxy: URL, failure: ProxyFailure, reason: string, code = `EPROXY_${failure.toUpperCase()}`) {
    super(reason);
    this.name = 'ProxyError';
    this.proxy = stripUserinfo(proxy.toString()).replace(/\/$/, '');
    this.failure = failure;
    this.code = code;
  }
}

export const SUPPORTED_PROXY_SCHEMES = ['http:', 'https:', 'socks5:', 'socks5h:'];

export function parseProxyUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ProxyError(new URL('http://invalid'), 'unsupported', `proxy URL ${JSON.stringify(stripUserinfo(raw).slice(0, 200))} is not a valid URL`);
  }
  if (!SUPPORTED_PROXY_SCHEMES.includes(url.protocol)) {
    throw new ProxyError(url, 'unsupported', `unsupported proxy scheme "${url.protocol.replace(/:$/, '')}" (kubectl supports http, https and socks5)`);
  }
  return url;
}

interface TunnelOptions {
  /** Give up on the proxy handshake after this long. */
  timeoutMs: number;
}

/** A TCP stream to host:port through the proxy. */
export function openTunnel(proxy: URL, host: string, port: number, options: TunnelOptions): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    const proxyPort = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : proxy.protocol.startsWith('socks') ? 1080 : 80));
    const proxyHost = proxy.hostname.replace(/^\[|\]$/g, '');
    const socket: Socket =
      proxy.protocol === 'https:' ? tlsConnect({ host: proxyHost, port: proxyPort, servername: isIP(proxyHost) ? undefined : proxyHost }) : netConnect({ host: proxyHost, port: proxyPort });
    let done = false;
    const finish = (error: Error | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.removeListener('error', onError);
      if (error) {
        socket.destroy();
        reject(error);
      } else resolve(socket);
    };
    const onError = (e: NodeJS.ErrnoException) => finish(networkError(proxy, e));
    const timer = setTimeout(() => finish(new ProxyError(proxy, 'timeout', `no answer from the proxy within ${options.timeoutMs} ms`)), options.timeoutMs);
    socket.on('error', onError);
    socket.once(proxy.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      const handshake = proxy.protocol.startsWith('socks') ? socks5(socket, proxy, host, port) : httpConnect(socket, proxy, host, port);
      handshake.then(
        () => finish(null),
        (e: Error) => finish(e),
      );
    });
  });
}

function networkError(proxy: URL, e: NodeJS.ErrnoException): ProxyError {
  const code = e.code ?? '';
  if (code === 'ECONNREFUSED') return new ProxyError(proxy, 'refused', 'connection to the proxy was refused', 'EPROXY_REFUSED');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new ProxyError(proxy, 'dns', 'the proxy host name cannot be resolved', 'EPROXY_DNS');
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new ProxyError(proxy, 'unreachable', 'the proxy is unreachable', 'EPROXY_UNREACHABLE');
  if (code === 'ECONNRESET' || code === 'EPIPE') return new ProxyError(proxy, 'protocol', 'the proxy closed the connection', 'EPROXY_RESET');
  return new ProxyError(proxy, 'protocol', `${code || 'error'}: ${e.message}`);
}

/** Reads from the socket until `enough` says how many bytes form the answer. */
function readUntil(socket: Socket, proxy: URL, enough: (buf: Buffer) => number | null): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length > 16 * 1024) return fail(new ProxyError(proxy, 'protocol', 'the proxy answer is too long'));
      const n = enough(buf);
      if (n === null) return;
      cleanup();
      // Bytes after the handshake belong to the tunnel.
      if (buf.length > n) socket.unshift(buf.subarray(n));
      resolve(buf.subarray(0, n));
    };
    const onEnd = () => fail(new ProxyError(proxy, 'protocol', 'the proxy closed the connection during the handshake', 'EPROXY_RESET'));
    const fail = (e: Error) => {
      cleanup();
      reject(e);
    };
    const cleanup = () => {
      socket.removeListener('data', onData);
      socket.removeListener('end', onEnd);
      socket.removeListener('close', onEnd);
    };
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
  });
}

async function httpConnect(socket: Socket, proxy: URL, host: string, port: number): Promise<void> {
  const authority = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
  const creds = userinfoOf(proxy);
  const auth = creds ? `Proxy-Authorization: Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}\r\n` : '';
  socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth}\r\n`);
  const head = await readUntil(socket, proxy, (b) => {
    const i = b.indexOf('\r\n\r\n');
    return i < 0 ? null : i + 4;
  });
  const statusLine = head.toString('latin1').split('\r\n')[0] ?? '';
  const m = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!m) throw new ProxyError(proxy, 'protocol', 'the proxy did not answer like an HTTP proxy');
  const status = Number(m[1]);
  const text = printable(m[2] ?? '');
  if (status === 407) throw new ProxyError(proxy, 'auth', `the proxy requires authentication (407 ${text || 'Proxy Authentication Required'})${creds ? '; the user name or password in proxy-url was not accepted' : ''}`, 'EPROXY_AUTH');
  if (status < 200 || status > 299) throw new ProxyError(proxy, 'rejected', `the proxy refused to connect to ${authority} (${status}${text ? ` ${text}` : ''})`, 'EPROXY_REJECTED');
}

const SOCKS_REPLIES: Record<number, string> = {
  1: 'general SOCKS server failure',
  2: 'connection not allowed by ruleset',
  3: 'network unreachable',
  4: 'host unreachable',
  5: 'connection refused by the destination',
  6: 'TTL expired',
  7: 'command not supported',
  8: 'address type not supported',
};

async function socks5(socket: Socket, proxy: URL, host: string, port: number): Promise<void> {
  const creds = userinfoOf(proxy);
  socket.write(Buffer.from(creds ? [5, 2, 0, 2] : [5, 1, 0]));
  const choice = await readUntil(socket, proxy, (b) => (b.length >= 2 ? 2 : null));
  if (choice[0] !== 5) throw new ProxyError(proxy, 'protocol', 'the proxy did not answer like a SOCKS5 proxy');
  if (choice[1] === 0xff) throw new ProxyError(proxy, 'auth', creds ? 'the SOCKS5 proxy accepts none of the offered authentication methods' : 'the SOCKS5 proxy requires authentication (add user:password to proxy-url)', 'EPROXY_AUTH');
  if (choice[1] === 2) {
    if (!creds) throw new ProxyError(proxy, 'auth', 'the SOCKS5 proxy requires authentication', 'EPROXY_AUTH');
    const u = Buffer.from(creds.username);
    const p = Buffer.from(creds.password);
    socket.write(Buffer.concat([Buffer.from([1, u.length]), u, Buffer.from([p.length]), p]));
    const ok = await readUntil(socket, proxy, (b) => (b.length >= 2 ? 2 : null));
    if (ok[1] !== 0) throw new ProxyError(proxy, 'auth', 'the SOCKS5 proxy rejected the user name or password in proxy-url', 'EPROXY_AUTH');
  } else if (choice[1] !== 0) throw new ProxyError(proxy, 'protocol', `the SOCKS5 proxy chose an unknown authentication method ${choice[1]}`);
  const kind = isIP(host);
  const address =
    kind === 4
      ? Buffer.from([1, ...host.split('.').map(Number)])
      : kind === 6
        ? Buffer.concat([Buffer.from([4]), ipv6ToBuffer(host)])
        : Buffer.concat([Buffer.from([3, Buffer.byteLength(host)]), Buffer.from(host)]);
  socket.write(Buffer.concat([Buffer.from([5, 1, 0]), address, Buffer.from([port >> 8, port & 0xff])]));
  const reply = await readUntil(socket, proxy, (b) => {
    if (b.length < 5) return null;
    const len = b[3] === 1 ? 4 : b[3] === 4 ? 16 : b[3] === 3 ? 1 + b[4]! : 0;
    return b.length >= 4 + len + 2 ? 4 + len + 2 : null;
  });
  if (reply[1] !== 0) throw new ProxyError(proxy, 'rejected', `the SOCKS5 proxy could not connect to ${host}:${port} (${SOCKS_REPLIES[reply[1]!] ?? `reply ${reply[1]}`})`, 'EPROXY_REJECTED');
}

function ipv6ToBuffer(ip: string): Buffer {
  const [head, tail] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g || '0', 16), i * 2));
  return out;
}

function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').slice(0, 120);
}

/**
 * The tunnel as a stream that exists at once and carries data once the proxy handshake is done.
 * Returning it synchronously from createConnection matters: node's Agent counts a socket only
 * when createConnection hands it over, so an asynchronous tunnel would let every request that
 * arrives meanwhile open its own connection, ignoring maxSockets.
 */
class PendingTunnel extends Duplex {
  private socket: Socket | null = null;
  private queued: { chunk: Buffer; callback: (error?: Error | null) => void }[] = [];
  private ending: (() => void) | null = null;

  constructor(open: Promise<Socket>) {
    super();
    open.then(
      (socket) => {
        if (this.destroyed) return void socket.destroy();
        this.socket = socket;
        socket.on('data', (d: Buffer) => {
          if (!this.push(d)) socket.pause();
        });
        socket.on('end', () => this.push(null));
        socket.on('error', (e) => this.destroy(e));
        socket.on('close', () => this.destroy());
        for (const q of this.queued) socket.write(q.chunk, q.callback);
        this.queued = [];
        if (this.ending) socket.end(this.ending);
      },
      (e: Error) => this.destroy(e),
    );
  }
  override _read(): void {
    this.socket?.resume();
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.socket) this.socket.write(chunk, callback);
    else this.queued.push({ chunk, callback });
  }
  override _final(callback: () => void): void {
    if (this.socket) this.socket.end(callback);
    else this.ending = callback;
  }
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket?.destroy();
    callback(error);
  }
  // What node's http Agent and ClientRequest call on a socket.
  setKeepAlive(enable?: boolean, delay?: number): this {
    this.socket?.setKeepAlive(enable, delay);
    return this;
  }
  setNoDelay(noDelay?: boolean): this {
    this.socket?.setNoDelay(noDelay);
    return this;
  }
  setTimeout(ms: number, callback?: () => void): this {
    if (callback) this.once('timeout', callback);
    return this;
  }
  ref(): this {
    this.socket?.ref();
    return this;
  }
  unref(): this {
    this.socket?.unref();
    return this;
  }
}

/** An http.Agent (for http:// servers behind a SOCKS5 proxy) that dials through the tunnel. */
export class TunnelHttpAgent extends HttpAgent {
  constructor(
    private readonly proxy: URL,
    private readonly tunnelTimeoutMs: number,
    options: HttpAgentOptions,
  ) {
    super(options);
  }
  override createConnection(options: ClientRequestArgs): Duplex {
    return new PendingTunnel(openTunnel(this.proxy, String(options.host ?? 'localhost').replace(/^\[|\]$/g, ''), Number(options.port), { timeoutMs: this.tunnelTimeoutMs }));
  }
}

/** An https.Agent that opens the tunnel, then TLS to the API server inside it. */
export class TunnelHttpsAgent extends HttpsAgent {
  constructor(
    private readonly proxy: URL,
    private readonly tunnelTimeoutMs: number,
    options: HttpsAgentOptions,
  ) {
    super(options);
  }
  override createConnection(options: ClientRequestArgs): Duplex {
    const host = String(options.host ?? 'localhost').replace(/^\[|\]$/g, '');
    const tunnel = new PendingTunnel(openTunnel(this.proxy, host, Number(options.port), { timeoutMs: this.tunnelTimeoutMs }));
    const tlsOptions: ConnectionOptions = { ...(options as ConnectionOptions), socket: tunnel, servername: (options as ConnectionOptions).servername || (isIP(host) ? '' : host) };
    delete (tlsOptions as Record<string, unknown>).agent;
    const secure = tlsConnect(tlsOptions);
    // A proxy failure reaches the request as the ProxyError itself, not as a TLS error.
    tunnel.on('error', (e) => secure.destroy(e));
    return secure;
  }
}
