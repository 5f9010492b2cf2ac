// A small Kubernetes REST client: client-node supplies authentication (tokens, client
// certificates, exec plugins, OIDC) and TLS material; this module does the HTTP with a
// keep-alive agent, timeouts, paginated lists, watches and log streams, and raw error codes
// that classify-error.ts turns into actionable messages. client-node 1.4 builds a new agent for
// every request, which costs a TLS handshake per call on big clusters.
import type { KubeConfig } from '@kubernetes/client-node';
import { HttpsProxyAgent, HttpProxyAgent } from 'hpagent';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { SocksProxyAgent } from 'socks-proxy-agent';
import type { ConnectionConfig } from './connection-config';
import { KubeApiError } from './kube-api-error';

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
  /** Rebuilds the KubeConfig (fresh credential cache) after a 401 with a refreshable credential. */
  refresh?: () => ConnectionConfig;
}

const DEFAULT_TIMEOUT = 30_000;

export function createKubeClient(initial: ConnectionConfig, options: KubeClientOptions = {}): KubeClient {
  let config = initial;
  const url = new URL(config.server);
  const isHttps = url.protocol === 'https:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (isHttps ? 443 : 80));
  const basePath = url.pathname.replace(/\/+$/, '');
  const retries = options.retries ?? 2;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let agent: HttpAgent | null = null;
  let agentKey = '';

  async function prepare(): Promise<RequestOptions> {
    const opts: RequestOptions = {};
    try {
      await config.kubeConfig.applyToHTTPSOptions(opts);
    } catch (e) {
      // Credential plugins, token/cert files: fails before any network traffic.
      throw new KubeAuthError(e);
    }
    // Reuse one keep-alive agent while the TLS material stays the same.
    const key = [opts.ca, opts.cert, opts.key, opts.rejectUnauthorized].map((v) => (v === undefined ? '' : String(v).length + String(v).slice(-16))).join('|');
    if (!agent || key !== agentKey) {
      if (isHttps) checkTlsMaterial(opts, host, port);
      agent?.destroy();
      agentKey = key;
      agent = makeAgentOrFail(config, {
        keepAlive: true,
        maxSockets: 16,
        ...(opts.ca ? { ca: opts.ca } : {}),
        ...(opts.cert ? { cert: opts.cert } : {}),
        ...(opts.key ? { key: opts.key } : {}),
        ...(config.insecure ? { rejectUnauthorized: false } : {}),
        ...(config.tlsServerName ? { servername: config.tlsServerName } : {}),
      });
    }
    return { headers: { ...(opts.headers as Record<string, string> | undefined) }, ...(opts.auth ? { auth: opts.auth } : {}) };
  }

  function fullPath(path: string, query?: Query): string {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    const qs = q.toString();
    return `${basePath}${path}${qs ? `?${qs}` : ''}`;
  }

  function open(req: KubeRequest, accept = 'application/json'): Promise<IncomingMessage> {
    return prepare().then(
      (base) =>
        new Promise<IncomingMessage>((resolve, reject) => {
          const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT;
          const payload = req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
          const headers: Record<string, string> = { ...(base.headers as Record<string, string>), Accept: accept, 'User-Agent': 'snatscope' };
          if (payload !== undefined) {
            headers['Content-Type'] = req.contentType ?? 'application/json';
            headers['Content-Length'] = String(Buffer.byteLength(payload));
          }
          const send = isHttps ? httpsRequest : httpRequest;
          const r = send(
            { host, port, method: req.method ?? 'GET', path: fullPath(req.path, req.query), headers, agent: agent!, ...(base.auth ? { auth: base.auth } : {}) },
            (res) => {
              clearTimeout(timer);
              req.signal?.removeEventListener('abort', onAbort);
              resolve(res);
            },
          );
          const fail = (code: string, message: string, t: number | null = null) => reject(new KubeTransportError(message, code, host, port, t));
          const timer = setTimeout(() => {
            r.destroy();
            fail('ETIMEDOUT', `no answer within ${timeoutMs} ms`, timeoutMs);
          }, timeoutMs);
          const onAbort = () => {
            clearTimeout(timer);
            r.destroy();
            fail('ABORTED', 'request cancelled');
          };
          if (req.signal?.aborted) return onAbort();
          req.signal?.addEventListener('abort', onAbort, { once: true });
          r.on('error', (e: NodeJS.ErrnoException) => {
            clearTimeout(timer);
            req.signal?.removeEventListener('abort', onAbort);
            fail(e.code ?? 'EUNKNOWN', e.message);
          });
          r.end(payload);
        }),
    );
  }

  async function readAll(res: IncomingMessage): Promise<string> {
    res.setEncoding('utf8');
    let text = '';
    for await (const chunk of res) text += chunk as string;
    return text;
  }

  async function attempt<T>(req: KubeRequest): Promise<T> {
    const res = await open(req);
    const body = await readAll(res);
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) {
      if (body === '') return undefined as T;
      try {
        return JSON.parse(body) as T;
      } catch {
        throw new KubeTransportError(`answer is not JSON (${body.slice(0, 80)})`, 'EBADJSON', host, port);
      }
    }
    throw new KubeApiError({ status, method: req.method ?? 'GET', path: req.path, body, retryAfter: header(res, 'retry-after') });
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
        if (e instanceof KubeApiError && e.status === 401 && !refreshed && options.refresh) {
          // Expired exec/OIDC credentials: rebuild the config (fresh cache) and try once more.
          refreshed = true;
          config = options.refresh();
          continue;
        }
        const retryable =
          (e instanceof KubeApiError && (e.status === 429 || (idempotent && (e.status === 503 || e.status === 500 || e.status === 502 || e.status === 504)))) ||
          (e instanceof KubeTransportError && idempotent && (e.code === 'ECONNRESET' || e.code === 'EPIPE'));
        if (!retryable || i >= retries) throw e;
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
      const res = await open({ path, query: { ...query, watch: true }, timeoutMs: 30_000, ...(signal ? { signal } : {}) });
      if ((res.statusCode ?? 0) >= 300) {
        throw new KubeApiError({ status: res.statusCode ?? 0, method: 'GET', path, body: await readAll(res), retryAfter: header(res, 'retry-after') });
      }
      res.setEncoding('utf8');
      let buffer = '';
      const abort = () => res.destroy();
      signal?.addEventListener('abort', abort, { once: true });
      try {
        for await (const chunk of res) {
          buffer += chunk as string;
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl).trim();
            buffer = buffer.slice(nl + 1);
            if (line) onEvent(JSON.parse(line) as WatchEvent<T>);
          }
        }
      } catch (e) {
        if (!signal?.aborted) throw new KubeTransportError(`watch stream broke: ${(e as Error).message}`, (e as NodeJS.ErrnoException).code ?? 'ECONNRESET', host, port);
      } finally {
        signal?.removeEventListener('abort', abort);
      }
    },
    async stream(path: string, query: Query, onChunk: (text: string) => void, signal?: AbortSignal) {
      const res = await open({ path, query, timeoutMs: 30_000, ...(signal ? { signal } : {}) }, '*/*');
      if ((res.statusCode ?? 0) >= 300) throw new KubeApiError({ status: res.statusCode ?? 0, method: 'GET', path, body: await readAll(res) });
      res.setEncoding('utf8');
      const abort = () => res.destroy();
      signal?.addEventListener('abort', abort, { once: true });
      try {
        for await (const chunk of res) onChunk(chunk as string);
      } catch (e) {
        if (!signal?.aborted) throw e;
      } finally {
        signal?.removeEventListener('abort', abort);
      }
    },
    close() {
      agent?.destroy();
      agent = null;
    },
  };
}

function header(res: IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Loads the CA and the client certificate/key once, before any connection, so that unusable data
 * is named for what it is. Otherwise OpenSSL fails inside the request with a bare "PEM routines"
 * message that reads like a server problem. createSecureContext also checks that the key matches
 * the certificate.
 */
function checkTlsMaterial(opts: RequestOptions, host: string, port: number): void {
  if (opts.ca) {
    // OpenSSL skips what is not a certificate here, which would surface later as "unknown authority".
    const text = (Array.isArray(opts.ca) ? opts.ca : [opts.ca]).map((c) => c.toString()).join('\n');
    const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
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
  if (opts.cert || opts.key) {
    try {
      createSecureContext({ ...(opts.cert ? { cert: opts.cert } : {}), ...(opts.key ? { key: opts.key } : {}) });
    } catch (e) {
      throw new KubeAuthError(new KubeClientCertError((e as Error).message));
    }
  }
}

/** A proxy-url that cannot be used is a proxy problem, reported as such. */
function makeAgentOrFail(config: ConnectionConfig, tls: Record<string, unknown>): HttpAgent {
  try {
    return makeAgent(config, tls);
  } catch (e) {
    throw new KubeTransportError(`proxy-url ${JSON.stringify(config.proxyUrl ?? '')}: ${(e as Error).message}`, 'EPROXY', config.proxyUrl ?? '', 0);
  }
}

function makeAgent(config: ConnectionConfig, tls: Record<string, unknown>): HttpAgent {
  const proxy = config.proxyUrl;
  const isHttps = config.server.startsWith('https:');
  if (proxy) {
    if (/^socks/i.test(proxy)) return new SocksProxyAgent(proxy, tls) as unknown as HttpAgent;
    // kubectl's proxy-url: an HTTP(S) proxy that CONNECTs to the API server.
    return isHttps ? (new HttpsProxyAgent({ proxy, ...tls }) as unknown as HttpAgent) : (new HttpProxyAgent({ proxy, ...tls }) as unknown as HttpAgent);
  }
  return isHttps ? new HttpsAgent(tls) : new HttpAgent(tls);
}

export type { KubeConfig };
