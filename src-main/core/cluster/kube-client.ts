// A small Kubernetes REST client: credentials come from credentials.ts (tokens, client
// certificates, exec plugins, OIDC), TLS material and the proxy from connection-config.ts; this
// module does the HTTP with a keep-alive agent, a deadline on every request that covers the body
// too (a server that sends headers and then stalls is cut off), paginated lists, watches and log
// streams, and raw error codes that classify-error.ts turns into actionable messages.
// Its own agents: client-node 1.4 refused http:// servers, built a new agent per request and
// pooled SOCKS connections badly (issue 16 §1, §3).
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';
import { ClusterError } from './cluster-error';
import type { ConnectionConfig } from './connection-config';
import type { CredentialSource, Credentials } from './credentials';
import { KubeApiError } from './kube-api-error';
import { parseProxyUrl, ProxyError, TunnelHttpAgent, TunnelHttpsAgent } from './proxy-tunnel';
import { userinfoOf } from './url-userinfo';

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface KubeRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Query;
  body?: unknown;
  contentType?: string;
  /** Whole-request timeout (connect + answer); default 30 s. */
  timeoutMs?: number;
  /** Safe to repeat although not a GET (e.g. an access review, which changes nothing). */
  retryable?: boolean;
  /** Overrides the client's retry count for this request (0: one attempt). */
  retries?: number;
  signal?: AbortSignal;
}

export interface WatchEvent<T = unknown> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

export interface KubeList<T> {
  apiVersion?: string;
  kind?: string;
  metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

export interface KubeClient {
  readonly server: string;
  readonly userName: string;
  readonly namespace: string;
  request<T = unknown>(req: KubeRequest): Promise<T>;
  /** A GET of one object: anything but a JSON object is a transport-level error. */
  getObject<T extends object = Record<string, unknown>>(path: string, signal?: AbortSignal): Promise<T>;
  /** Every page of a list (limit/continue), yielding items page by page. */
  listPages<T = unknown>(path: string, query?: Query, pageSize?: number, signal?: AbortSignal): AsyncGenerator<KubeList<T>>;
  /** Streams watch events until the server ends the stream, `signal` aborts, or an error. */
  watch<T = unknown>(path: string, query: Query, onEvent: (e: WatchEvent<T>) => void, signal?: AbortSignal): Promise<void>;
  /** Streams a text response (pod logs with follow=true). */
  stream(path: string, query: Query, onChunk: (text: string) => void, signal?: AbortSignal): Promise<void>;
  close(): void;
}

/** Low-level failure before any HTTP status: carries Node's error code (ECONNREFUSED, ...). */
export class KubeTransportError extends Error {
  readonly code: string;
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number | null;
  constructor(message: string, code: string, host: string, port: number, timeoutMs: number | null = null) {
    super(message);
    this.name = 'KubeTransportError';
    this.code = code;
    this.host = host;
    this.port = port;
    this.timeoutMs = timeoutMs;
  }
}

/** Building credentials failed (exec plugin, OIDC refresh, unreadable cert/key/CA file). */
export class KubeAuthError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'KubeAuthError';
  }
}

/** The client certificate or key from the kubeconfig (or an exec plugin) cannot be used. */
export class KubeClientCertError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeClientCertError';
  }
}

export interface KubeClientOptions {
  /** Retries for idempotent requests on 429/503/connection reset (default 2). */
  retries?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Deadline for a proxy handshake (default 10 s). */
  tunnelTimeoutMs?: number;
  /** How long past its timeoutSeconds a silent watch is kept (default 30 s). */
  watchSlackMs?: number;
}

const DEFAULT_TIMEOUT = 30_000;
/** Largest answer read into memory (a list page of 500 big objects is a few MiB). */
const MAX_BODY = 64 * 1024 * 1024;

export function createKubeClient(config: ConnectionConfig, credentials: CredentialSource, options: KubeClientOptions = {}): KubeClient {
  const url = new URL(config.server);
  const isHttps = url.protocol === 'https:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (isHttps ? 443 : 80));
  const basePath = url.pathname.replace(/\/+$/, '');
  const retries = options.retries ?? 2;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const proxy = config.proxyUrl ? parseProxyUrl(config.proxyUrl) : null;
  // An http:// server behind an HTTP proxy is asked in absolute form (GET http://host/path), as Go does; everything else tunnels.
  const absoluteForm = proxy !== null && !isHttps && (proxy.protocol === 'http:' || proxy.protocol === 'https:');
  let agent: HttpAgent | null = null;
  let agentKey = '';
  let ca: Promise<string | null> | null = null;

  function loadCa(): Promise<string | null> {
    ca ??= (async () => {
      if (config.caData) return Buffer.from(config.caData, 'base64').toString('utf8');
      if (config.caFile) {
        try {
          return await readFile(config.caFile, 'utf8');
        } catch (e) {
          ca = null;
          throw new ClusterError('context.file-unreadable', { path: config.caFile.slice(0, 300), reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
        }
      }
      return null;
    })();
    return ca;
  }

  async function prepare(signal?: AbortSignal): Promise<{ headers: Record<string, string>; generation: number }> {
    let creds: Credentials;
    try {
      creds = await credentials.get(signal);
    } catch (e) {
      // Credential plugins, token/cert files, OIDC refresh: fails before any traffic to the server.
      if (e instanceof ClusterError) throw e;
      throw new KubeAuthError(e);
    }
    const caPem = isHttps ? await loadCa() : null;
    // Reuse one keep-alive agent while the TLS material stays the same.
    const key = [caPem, creds.cert, creds.key].map((v) => (v === null ? '' : String(v).length + String(v).slice(-16))).join('|');
    if (!agent || key !== agentKey) {
      if (isHttps) checkTlsMaterial(caPem, creds, host, port);
      agent?.destroy();
      agentKey = key;
      const tls = {
        keepAlive: true,
        maxSockets: 16,
        ...(caPem ? { ca: caPem } : {}),
        ...(creds.cert ? { cert: creds.cert } : {}),
        ...(creds.key ? { key: creds.key } : {}),
        ...(config.insecure ? { rejectUnauthorized: false } : {}),
        ...(config.tlsServerName ? { servername: config.tlsServerName } : {}),
      };
      const tunnelTimeout = options.tunnelTimeoutMs ?? 10_000;
      agent =
        proxy && !absoluteForm
          ? isHttps
            ? new TunnelHttpsAgent(proxy, tunnelTimeout, tls)
            : new TunnelHttpAgent(proxy, tunnelTimeout, { keepAlive: true, maxSockets: 16 })
          : isHttps
            ? new HttpsAgent(tls)
            : new HttpAgent({ keepAlive: true, maxSockets: 16 });
    }
    return { headers: creds.headers, generation: creds.generation };
  }

  function fullPath(path: string, query?: Query): string {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    const qs = q.toString();
    return `${basePath}${path}${qs ? `?${qs}` : ''}`;
  }

  /**
   * Gets the credential (an exec plugin or OIDC refresh has its own deadline), then sends the
   * request; resolves once headers arrive, with the deadline that also bounds reading the body.
   */
  async function open(req: KubeRequest, accept = 'application/json'): Promise<{ res: IncomingMessage; deadline: Deadline; generation: number }> {
    const base = await prepare(req.signal);
    const deadline = new Deadline(req.timeoutMs ?? DEFAULT_TIMEOUT, req.signal, host, port);
    try {
      const res = await new Promise<IncomingMessage>((resolve, reject) => {
          const payload = req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
          const headers: Record<string, string> = { ...base.headers, Accept: accept, 'User-Agent': 'snatscope' };
          if (payload !== undefined) {
            headers['Content-Type'] = req.contentType ?? 'application/json';
            headers['Content-Length'] = String(Buffer.byteLength(payload));
          }
          let target = { host, port, path: fullPath(req.path, req.query) };
          if (absoluteForm && proxy) {
            const creds = userinfoOf(proxy);
            if (creds) headers['Proxy-Authorization'] = `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`;
            target = { host: proxy.hostname.replace(/^\[|\]$/g, ''), port: Number(proxy.port || 80), path: `${url.protocol}//${url.host}${target.path}` };
          }
          const send = isHttps ? httpsRequest : httpRequest;
          const r = send({ ...target, method: req.method ?? 'GET', headers, agent: agent!, ...(config.tlsServerName && isHttps ? { servername: config.tlsServerName } : {}) }, (res) => {
            deadline.signal.removeEventListener('abort', onAbort);
            if (absoluteForm && res.statusCode === 407) {
              res.resume();
              return reject(new ProxyError(proxy!, 'auth', 'the proxy requires authentication (407)', 'EPROXY_AUTH'));
            }
            resolve(res);
          });
          const onAbort = () => {
            r.destroy();
            reject(deadline.error());
          };
          if (deadline.signal.aborted) return onAbort();
          deadline.signal.addEventListener('abort', onAbort, { once: true });
          r.on('error', (e: NodeJS.ErrnoException) => {
            deadline.signal.removeEventListener('abort', onAbort);
            if (e instanceof ProxyError) return reject(e);
            if (absoluteForm && e.code === 'ECONNREFUSED') return reject(new ProxyError(proxy!, 'refused', 'connection to the proxy was refused', 'EPROXY_REFUSED'));
            reject(new KubeTransportError(e.message, e.code ?? 'EUNKNOWN', host, port));
          });
          r.end(payload);
      });
      return { res, deadline, generation: base.generation };
    } catch (e) {
      deadline.dispose();
      throw e;
    }
  }

  async function readAll(res: IncomingMessage, deadline?: Deadline): Promise<string> {
    res.setEncoding('utf8');
    let text = '';
    const onAbort = () => res.destroy();
    deadline?.signal.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const chunk of res) {
        text += chunk as string;
        if (text.length > MAX_BODY) throw new KubeTransportError(`the answer is larger than ${MAX_BODY / 1024 / 1024} MiB`, 'EBADJSON', host, port);
      }
    } catch (e) {
      if (deadline?.signal.aborted) throw deadline.error();
      if (e instanceof KubeTransportError) throw e;
      throw new KubeTransportError(`the answer broke off: ${(e as Error).message}`, (e as NodeJS.ErrnoException).code ?? 'ECONNRESET', host, port);
    } finally {
      deadline?.signal.removeEventListener('abort', onAbort);
    }
    if (deadline?.signal.aborted) throw deadline.error();
    return text;
  }

  /** An error body of a stream, read within 10 s. */
  async function bounded(res: IncomingMessage): Promise<string> {
    const d = new Deadline(10_000, undefined, host, port);
    try {
      return await readAll(res, d);
    } finally {
      d.dispose();
    }
  }

  async function attempt<T>(req: KubeRequest): Promise<T> {
    const { res, deadline, generation } = await open(req);
    try {
      const body = await readAll(res, deadline);
      const status = res.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        if (body === '') return undefined as T;
        try {
          return JSON.parse(body) as T;
        } catch {
          throw new KubeTransportError(`the answer is not JSON (${describeBody(body, header(res, 'content-type'))})`, 'EBADJSON', host, port);
        }
      }
      throw Object.assign(new KubeApiError({ status, method: req.method ?? 'GET', path: req.path, body, retryAfter: header(res, 'retry-after'), location: header(res, 'location'), contentType: header(res, 'content-type') }), { generation });
    } finally {
      deadline.dispose();
    }
  }

  async function request<T>(req: KubeRequest): Promise<T> {
    // GET and DELETE may be repeated safely (a repeated DELETE answers 404, which callers accept).
    const idempotent = (req.method ?? 'GET') === 'GET' || req.method === 'DELETE' || req.retryable === true;
    let refreshed = false;
    for (let i = 0; ; i++) {
      try {
        return await attempt<T>(req);
      } catch (e) {
        if (req.signal?.aborted) throw e;
        if (e instanceof KubeApiError && e.status === 401 && !refreshed && credentials.invalidate((e as KubeApiError & { generation?: number }).generation ?? -1)) {
          // Expired exec/OIDC/token-file credentials: ask for a fresh one and try once more.
          refreshed = true;
          continue;
        }
        const retryable =
          (e instanceof KubeApiError && (e.status === 429 || (idempotent && (e.status === 503 || e.status === 500 || e.status === 502 || e.status === 504)))) ||
          (e instanceof KubeTransportError && idempotent && (e.code === 'ECONNRESET' || e.code === 'EPIPE'));
        if (!retryable || i >= (req.retries ?? retries)) throw e;
        const wait = e instanceof KubeApiError && e.retryAfterSeconds !== null ? Math.min(e.retryAfterSeconds, 10) * 1000 : 200 * 2 ** i;
        await sleep(wait);
      }
    }
  }

  return {
    server: config.server,
    userName: config.userName,
    namespace: config.namespace,
    request,
    async getObject<T extends object>(path: string, signal?: AbortSignal): Promise<T> {
      const obj = await request<T>({ path, ...(signal ? { signal } : {}) });
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new KubeTransportError(`the answer to ${path} is not a Kubernetes object`, 'EBADJSON', host, port);
      return obj;
    },
    async *listPages<T>(path: string, query: Query = {}, pageSize = 500, signal?: AbortSignal) {
      let cont: string | undefined;
      do {
        const page = await request<KubeList<T>>({ path, query: { ...query, limit: pageSize, continue: cont }, ...(signal ? { signal } : {}) });
        // A list answer must be an object with an items array (or no items at all).
        if (page === null || typeof page !== 'object' || Array.isArray(page) || (page.items !== undefined && page.items !== null && !Array.isArray(page.items))) {
          throw new KubeTransportError(`the answer to ${path} is not a Kubernetes list`, 'EBADJSON', host, port);
        }
        yield { ...page, items: (page.items ?? []).filter((i): i is T => i !== null && typeof i === 'object') };
        cont = typeof page.metadata?.continue === 'string' && page.metadata.continue !== '' ? page.metadata.continue : undefined;
      } while (cont);
    },
    async watch<T>(path: string, query: Query, onEvent: (e: WatchEvent<T>) => void, signal?: AbortSignal) {
      const { res, deadline } = await open({ path, query: { ...query, watch: true }, timeoutMs: 30_000, ...(signal ? { signal } : {}) });
      deadline.dispose();
      if ((res.statusCode ?? 0) >= 300) {
        throw new KubeApiError({ status: res.statusCode ?? 0, method: 'GET', path, body: await bounded(res), retryAfter: header(res, 'retry-after') });
      }
      res.setEncoding('utf8');
      let buffer = '';
      const abort = () => res.destroy();
      signal?.addEventListener('abort', abort, { once: true });
      // The server ends a watch after timeoutSeconds; a connection that goes silent for longer is dead.
      const seconds = Number(query.timeoutSeconds);
      const idle = idleTimer(res, (Number.isFinite(seconds) && seconds > 0 ? seconds : 300) * 1000 + (options.watchSlackMs ?? 30_000));
      try {
        for await (const chunk of res) {
          idle.touch();
          buffer += chunk as string;
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl).trim();
            buffer = buffer.slice(nl + 1);
            if (line) onEvent(JSON.parse(line) as WatchEvent<T>);
          }
        }
      } catch (e) {
        if (idle.fired()) throw new KubeTransportError(`the watch went silent for ${idle.ms} ms`, 'ETIMEDOUT', host, port, idle.ms);
        if (!signal?.aborted) throw new KubeTransportError(`watch stream broke: ${(e as Error).message}`, (e as NodeJS.ErrnoException).code ?? 'ECONNRESET', host, port);
      } finally {
        idle.stop();
        signal?.removeEventListener('abort', abort);
      }
      if (idle.fired()) throw new KubeTransportError(`the watch went silent for ${idle.ms} ms`, 'ETIMEDOUT', host, port, idle.ms);
    },
    async stream(path: string, query: Query, onChunk: (text: string) => void, signal?: AbortSignal) {
      const { res, deadline } = await open({ path, query, timeoutMs: 30_000, ...(signal ? { signal } : {}) }, '*/*');
      deadline.dispose();
      if ((res.statusCode ?? 0) >= 300) throw new KubeApiError({ status: res.statusCode ?? 0, method: 'GET', path, body: await bounded(res) });
      res.setEncoding('utf8');
      const abort = () => res.destroy();
      signal?.addEventListener('abort', abort, { once: true });
      // A log stream that stops sending without ending is cut off after a minute of silence.
      const idle = idleTimer(res, STREAM_IDLE_MS);
      try {
        for await (const chunk of res) {
          idle.touch();
          onChunk(chunk as string);
        }
      } catch (e) {
        if (idle.fired()) throw new KubeTransportError(`the stream went silent for ${idle.ms} ms`, 'ETIMEDOUT', host, port, idle.ms);
        if (!signal?.aborted) throw e;
      } finally {
        idle.stop();
        signal?.removeEventListener('abort', abort);
      }
      if (idle.fired()) throw new KubeTransportError(`the stream went silent for ${idle.ms} ms`, 'ETIMEDOUT', host, port, idle.ms);
    },
    close() {
      agent?.destroy();
      agent = null;
    },
  };
}

const STREAM_IDLE_MS = 60_000;

/** Destroys the response when no data arrived for `ms`; `touch` on every chunk. */
function idleTimer(res: IncomingMessage, ms: number) {
  let fired = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      fired = true;
      res.destroy();
    }, ms);
  };
  arm();
  return {
    ms,
    touch: arm,
    fired: () => fired,
    stop: () => {
      if (timer) clearTimeout(timer);
    },
  };
}

function header(res: IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Checks the CA and the client certificate/key once, before any connection, so that unusable data
 * is named for what it is. Otherwise OpenSSL fails inside the request with a bare "PEM routines"
 * message that reads like a server problem. createSecureContext also checks that the key matches
 * the certificate.
 */
function checkTlsMaterial(ca: string | null, creds: Credentials, host: string, port: number): void {
  if (ca) {
    // OpenSSL skips what is not a certificate here, which would surface later as "unknown authority".
    const blocks = ca.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
    let problem = blocks.length ? null : 'it holds no PEM certificate';
    for (const block of blocks) {
      try {
        new X509Certificate(block);
      } catch (e) {
        problem = (e as Error).message;
      }
    }
    if (problem) throw new KubeTransportError(`certificate-authority data cannot be used (${problem})`, 'ERR_TLS_BAD_CA', host, port);
  }
  if (creds.cert || creds.key) {
    if (!creds.cert || !creds.key) throw new KubeAuthError(new KubeClientCertError(creds.cert ? 'a client certificate without a client key' : 'a client key without a client certificate'));
    try {
      createSecureContext({ cert: creds.cert, key: creds.key });
    } catch (e) {
      throw new KubeAuthError(new KubeClientCertError(tlsReason(e as NodeJS.ErrnoException)));
    }
  }
}

/** OpenSSL's "error:1E08010C:DECODER routines::unsupported" in words. */
function tlsReason(e: NodeJS.ErrnoException): string {
  const m = e.message;
  if (/KEY_VALUES_MISMATCH|key values mismatch/i.test(m)) return 'the private key does not belong to the certificate';
  if (/no start line|PEM routines|DECODER routines|bad base64|ASN1|unsupported/i.test(m)) return 'the data is not a PEM certificate or private key';
  return m;
}

/** A deadline for one request: connect, credentials, headers and body together. */
class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private timedOut = false;
  private readonly onOuter = () => this.controller.abort();
  constructor(
    readonly ms: number,
    private readonly outer: AbortSignal | undefined,
    private readonly host: string,
    private readonly port: number,
  ) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, ms);
    if (outer?.aborted) this.controller.abort();
    else outer?.addEventListener('abort', this.onOuter, { once: true });
  }
  get signal(): AbortSignal {
    return this.controller.signal;
  }
  error(): KubeTransportError {
    return this.timedOut ? new KubeTransportError(`no complete answer within ${this.ms} ms`, 'ETIMEDOUT', this.host, this.port, this.ms) : new KubeTransportError('request cancelled', 'ABORTED', this.host, this.port);
  }
  dispose(): void {
    clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.onOuter);
  }
}

function describeBody(body: string, contentType: string | undefined): string {
  if (/html/i.test(contentType ?? '') || /^\s*<(!doctype|html)/i.test(body)) return 'an HTML page: the server URL points at a web server or a login portal, not a Kubernetes API server';
  return `${body.length} bytes of ${contentType ? contentType.split(';')[0] : 'text'}`;
}
