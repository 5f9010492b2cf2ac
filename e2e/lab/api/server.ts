// The lab's API server: HTTPS, bearer-token authentication, faults, RBAC, routing to discovery,
// objects, watches, logs and access reviews, and a request log with the lab's own serving time
// (also sent as the X-Lab-Serve-Ms response header).
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import YAML from 'yaml';
import { ApiError, errors, type StatusBody } from './status';
import { route, type Route } from './router';
import { authorize, authorizeNonResource, forbiddenMessage, type LabUser } from './rbac';
import type { Faults } from './faults';
import type { RequestLog, RequestRecord } from './request-log';
import type { ObjectApi, DeleteOptions } from './object-api';
import { WatchHub } from './watch';
import type { PodLogs } from './pod-logs';
import { formatLine } from './pod-logs';
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from './discovery';
import { buildTable, wantsTable } from './table';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import { allowedFields } from './fields';
import { groupVersion, type ResourceDef } from './resources';
import { accessReview, rulesReview } from './reviews';
import type { Obj } from './store';
import { decodeProtobufObject } from './protobuf';
import { openApi } from './openapi';

export interface ApiServerOptions {
  tls: { key: string; cert: string };
  users: LabUser[];
  faults: Faults;
  log: RequestLog;
  api: ObjectApi;
  podLogs: PodLogs;
  bookmarkIntervalMs?: number;
  /** Extra facts for GET /lab/v1/status (admins only). */
  labStatus?: () => Record<string, unknown>;
}

export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-snatscope-lab',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-01-01T00:00:00Z',
  goVersion: 'go1.23.4',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** Group of the internal user `lab status` uses to read /lab/v1/status. */
export const LAB_STATUS_GROUP = 'lab:status-readers';

const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version', '/version/']);
const MAX_BODY = 20 * 1024 * 1024;

class Reset extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(errors.internal('request entity too large', 413));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  if (contentType?.startsWith('application/vnd.kubernetes.protobuf')) return raw.length ? decodeProtobufObject(raw) : undefined;
  const text = raw.toString('utf8');
  if (!text.trim()) return undefined;
  try {
    if (contentType && /yaml/.test(contentType)) return YAML.parse(text);
    return JSON.parse(text);
  } catch (e) {
    throw errors.badRequest(`the object provided is unrecognized: ${(e as Error).message}`);
  }
}

function intParam(v: string | null): number | undefined {
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw errors.badRequest(`invalid integer: ${v}`);
  return n;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ApiServer {
  readonly server: Server;
  readonly hub: WatchHub;
  private readonly byToken = new Map<string, LabUser>();
  private address = '';
  private readonly extra: NetServer[] = [];

  constructor(private readonly o: ApiServerOptions) {
    for (const u of o.users) this.byToken.set(u.token, u);
    this.hub = new WatchHub(o.api.store);
    this.server = createServer({ key: o.tls.key, cert: o.tls.cert, keepAlive: true }, (req, res) => {
      void this.handle(req, res);
    });
    this.server.keepAliveTimeout = 30000;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const a = this.server.address();
    if (!a || typeof a === 'string') throw new Error('no address');
    this.address = `${host}:${a.port}`;
    return `https://${this.address}`;
  }

  /**
   * Also accept connections on another local address (the lab's host link, so processes inside
   * the lab's network namespaces — upstream kube-proxy — reach the API as pods reach a real one).
   * Same TLS server, same port when it is free there. Returns the URL.
   */
  async listenAlso(host: string, port: number): Promise<string> {
    const extra = createNetServer((socket) => this.server.emit('connection', socket));
    await new Promise<void>((resolve, reject) => {
      extra.once('error', reject);
      extra.listen(port, host, () => resolve());
    });
    this.extra.push(extra);
    const a = extra.address();
    if (!a || typeof a === 'string') throw new Error('no address');
    return `https://${host}:${a.port}`;
  }

  async close(): Promise<void> {
    for (const e of this.extra.splice(0)) e.close();
    this.hub.closeAll();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private authenticate(req: IncomingMessage): LabUser | null | undefined {
    const h = req.headers.authorization;
    if (!h) return undefined;
    const m = /^Bearer\s+(.+)$/i.exec(h);
    if (!m) return null;
    const u = this.byToken.get(m[1]!.trim());
    if (!u || this.o.faults.tokenExpired(u.name)) return null;
    return u;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const t0 = performance.now();
    let latency = 0;
    const url = new URL(req.url ?? '/', 'https://lab');
    const q = url.searchParams;
    const method = req.method ?? 'GET';
    const watch = q.get('watch') === 'true' || q.get('watch') === '1';
    const r = route(method, url.pathname, watch);
    const rec: RequestRecord = {
      seq: this.o.log.nextSeq(),
      at: Date.now(),
      method,
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      user: '',
      watch,
      status: 0,
      bytes: 0,
      serveMs: 0,
      totalMs: 0,
      faults: [],
      userAgent: req.headers['user-agent'],
    };
    if (r.kind === 'resource') Object.assign(rec, { verb: r.verb, resource: r.res.plural, subresource: r.subresource, namespace: r.namespace, name: r.name });
    let logged = false;
    const startBytes = req.socket.bytesWritten;
    const finish = () => {
      if (logged) return;
      logged = true;
      rec.totalMs = performance.now() - t0 - latency;
      if (rec.watch || rec.subresource === 'log') rec.bytes = req.socket.bytesWritten - startBytes;
      this.o.log.add(rec);
    };
    res.on('close', finish);
    res.on('finish', finish);

    const send = (status: number, body: string, contentType = 'application/json', headers: Record<string, string> = {}) => {
      rec.serveMs = performance.now() - t0 - latency;
      rec.status = status;
      rec.bytes = Buffer.byteLength(body);
      res.writeHead(status, {
        'Content-Type': contentType,
        'Content-Length': String(rec.bytes),
        'Cache-Control': 'no-cache, private',
        'Audit-Id': randomUUID(),
        'X-Lab-Serve-Ms': rec.serveMs.toFixed(3),
        ...headers,
      });
      res.end(method === 'HEAD' ? undefined : body);
    };
    const sendStatus = (s: StatusBody, headers: Record<string, string> = {}) => send(s.code, JSON.stringify(s), 'application/json', headers);

    try {
      const user = this.authenticate(req);
      if (user === null || (user === undefined && !PUBLIC_PATHS.has(url.pathname))) throw errors.unauthorized();
      rec.user = user?.name ?? 'system:anonymous';
      const d = this.o.faults.decide({
        method,
        path: url.pathname,
        user: user?.name,
        verb: r.kind === 'resource' ? r.verb : method === 'GET' ? 'get' : method.toLowerCase(),
        resource: r.kind === 'resource' ? r.res.plural : undefined,
        subresource: r.kind === 'resource' ? r.subresource : undefined,
        namespace: r.kind === 'resource' ? r.namespace : undefined,
      });
      rec.faults = d.rules;
      if (d.latencyMs) {
        await sleep(d.latencyMs);
        latency = d.latencyMs;
      }
      if (d.action?.kind === 'reset') throw new Reset();
      if (d.action?.kind === 'throttle') throw errors.tooManyRequests(d.action.retryAfterSeconds);
      if (d.action?.kind === 'error') {
        const message = d.action.message ?? `lab fault: injected ${d.action.status}`;
        throw d.action.status === 403 ? errors.forbidden(message) : errors.internal(message, d.action.status);
      }
      await this.dispatch(req, res, r, q, user, url.pathname, send, rec, d.cutWatchAfterEvents);
    } catch (e) {
      if (e instanceof Reset) {
        rec.status = 0;
        req.socket.destroy();
        finish();
        return;
      }
      if (res.headersSent) {
        res.end();
        return;
      }
      if (e instanceof ApiError) sendStatus(e.status, e.headers);
      else sendStatus(errors.internal(String((e as Error)?.stack ?? e)).status);
    }
  }

  private async dispatch(
    req: IncomingMessage,
    res: ServerResponse,
    r: Route,
    q: URLSearchParams,
    user: LabUser | undefined,
    path: string,
    send: (status: number, body: string, contentType?: string, headers?: Record<string, string>) => void,
    rec: RequestRecord,
    cutAfter: number | undefined,
  ): Promise<void> {
    const method = req.method ?? 'GET';
    if (r.kind === 'nonresource') {
      if (user && !authorizeNonResource(user, method === 'GET' ? 'get' : method.toLowerCase(), path).allowed && !path.startsWith('/lab/'))
        throw errors.forbidden(`forbidden: User "${user.name}" cannot ${method.toLowerCase()} path "${path}"`, {});
      if (path === '/version' || path === '/version/') return send(200, JSON.stringify(VERSION_INFO, null, 2));
      if (/^\/(healthz|livez|readyz)(\/.*)?$/.test(path)) return send(200, 'ok', 'text/plain; charset=utf-8');
      if (path === '/lab/v1/status') {
        if (!user?.groups.includes('system:masters') && !user?.groups.includes(LAB_STATUS_GROUP)) throw errors.forbidden('lab status is for admins', {});
        return send(200, JSON.stringify(this.o.labStatus?.() ?? {}));
      }
      const oapi = openApi(path);
      if (oapi) return send(200, JSON.stringify(oapi));
      throw errors.pathNotFound();
    }
    if (r.kind === 'unknown') throw errors.pathNotFound();
    if (r.kind === 'discovery') {
      const doc =
        r.doc === 'api' ? apiVersions(this.address) : r.doc === 'apis' ? apiGroupList() : r.doc === 'group' ? apiGroup(r.group) : apiResourceList(r.group, r.version);
      if (!doc) throw errors.pathNotFound();
      return send(200, JSON.stringify(doc));
    }
    const u = user!;
    const { res: rd, namespace, name, subresource, verb } = r;
    const decision = authorize(u, { verb, group: rd.group, resource: rd.plural, subresource, name, namespace: r.rbacNamespace });
    if (!decision.allowed) {
      const pluralQ = rd.group ? `${rd.plural}.${rd.group}` : rd.plural;
      throw errors.forbidden(forbiddenMessage(u, { verb, group: rd.group, resource: rd.plural, subresource, name, namespace: r.rbacNamespace }, pluralQ), {
        ...(name ? { name } : {}),
        group: rd.group,
        kind: rd.plural,
      });
    }
    const api = this.o.api;
    const accept = req.headers.accept;
    const table = wantsTable(accept);
    const fieldManager = q.get('fieldManager') ?? (req.headers['user-agent'] ?? 'unknown').split('/')[0];
    const dryRun = q.getAll('dryRun').includes('All');
    const body = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) ? parseBody(await readBody(req), req.headers['content-type']) : undefined;

    if (rd.virtual) {
      if (verb !== 'create') throw errors.methodNotAllowed();
      const out = rd.plural === 'selfsubjectaccessreviews' ? accessReview(u, (body ?? {}) as never) : rulesReview(u, (body ?? {}) as never);
      return send(201, JSON.stringify(out));
    }
    const one = (o: Obj) => (table ? JSON.stringify(buildTable(rd.plural, [o], { resourceVersion: o.metadata.resourceVersion }, q.get('includeObject') ?? undefined)) : JSON.stringify(o));

    switch (verb) {
      case 'get': {
        if (subresource === 'log') return this.serveLog(res, rd, namespace, name!, q, send, rec);
        if (table) return send(200, one(api.get(rd, namespace, name!)));
        return send(200, api.getJson(rd, namespace, name!));
      }
      case 'list': {
        const result = api.list(rd, namespace, { labelSelector: q.get('labelSelector') ?? undefined, fieldSelector: q.get('fieldSelector') ?? undefined, limit: intParam(q.get('limit')), continue: q.get('continue') ?? undefined });
        if (table) return send(200, JSON.stringify(buildTable(rd.plural, result.items(), result.metadata, q.get('includeObject') ?? undefined)));
        const head = `{"kind":"${rd.kind}List","apiVersion":"${groupVersion(rd)}","metadata":${JSON.stringify(result.metadata)},"items":[`;
        return send(200, `${head}${result.itemsJson.join(',')}]}`);
      }
      case 'watch': {
        const labels = parseLabelSelector(q.get('labelSelector') ?? undefined);
        const fields = parseFieldSelector(q.get('fieldSelector') ?? undefined, allowedFields(rd.plural, rd.namespaced), rd.plural);
        const rv = q.get('resourceVersion') ?? undefined;
        WatchHub.parseRv(rv);
        rec.status = 200;
        const started = performance.now();
        this.hub.serve(
          res,
          {
            res: rd,
            namespace,
            labels,
            fields,
            resourceVersion: rv,
            allowBookmarks: q.get('allowWatchBookmarks') === 'true',
            sendInitialEvents: q.get('sendInitialEvents') === 'true',
            timeoutSeconds: intParam(q.get('timeoutSeconds')),
            bookmarkIntervalMs: this.o.bookmarkIntervalMs ?? 10000,
            cutAfterEvents: cutAfter,
            ...(table ? { render: (o: Obj) => JSON.stringify(buildTable(rd.plural, [o], { resourceVersion: o.metadata.resourceVersion }, q.get('includeObject') ?? undefined)) } : {}),
          },
          () => undefined,
        );
        rec.serveMs = performance.now() - started;
        return;
      }
      case 'create': {
        const o = api.create(rd, namespace, body as Obj, { fieldManager, dryRun });
        return send(201, one(o));
      }
      case 'update': {
        const o = api.update(rd, namespace, name!, body as Obj, subresource, { fieldManager, dryRun });
        return send(200, one(o));
      }
      case 'patch': {
        const o = api.patch(rd, namespace, name!, req.headers['content-type'] ?? '', body, subresource, { fieldManager, dryRun });
        return send(200, one(o));
      }
      case 'delete': {
        const opts = this.deleteOptions(body, q);
        const o = api.delete(rd, namespace, name!, opts);
        return send(200, JSON.stringify(o));
      }
      case 'deletecollection': {
        const opts = this.deleteOptions(body, q);
        const result = api.list(rd, namespace, { labelSelector: q.get('labelSelector') ?? undefined, fieldSelector: q.get('fieldSelector') ?? undefined });
        const deleted = result.items().map((o) => api.delete(rd, o.metadata.namespace, o.metadata.name, opts));
        return send(200, JSON.stringify({ kind: `${rd.kind}List`, apiVersion: groupVersion(rd), metadata: { resourceVersion: String(api.store.resourceVersion) }, items: deleted }));
      }
      default:
        throw errors.methodNotAllowed();
    }
  }

  private deleteOptions(body: unknown, q: URLSearchParams): DeleteOptions {
    const b = (body ?? {}) as DeleteOptions;
    const opts: DeleteOptions = {};
    const g = intParam(q.get('gracePeriodSeconds')) ?? b.gracePeriodSeconds;
    if (g !== undefined && g !== null) opts.gracePeriodSeconds = g;
    const p = q.get('propagationPolicy') ?? b.propagationPolicy;
    if (p) opts.propagationPolicy = p;
    if (b.preconditions) opts.preconditions = b.preconditions;
    return opts;
  }

  private serveLog(
    res: ServerResponse,
    rd: ResourceDef,
    namespace: string | undefined,
    name: string,
    q: URLSearchParams,
    send: (status: number, body: string, contentType?: string) => void,
    rec: RequestRecord,
  ): void {
    const pod = this.o.api.get(rd, namespace, name);
    /* eslint-disable @typescript-eslint/no-explicit-any -- loosely typed pod JSON */
    const containers: string[] = ((pod.spec?.containers ?? []) as any[]).map((c) => c.name);
    const defaultContainer = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
    const container = q.get('container') || defaultContainer || (containers.length === 1 ? containers[0] : undefined);
    if (!container) throw errors.badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`);
    if (!containers.includes(container)) throw errors.badRequest(`container ${container} is not valid for pod ${name}`);
    const uid = pod.metadata.uid!;
    const logs = this.o.podLogs;
    if (!logs.hasOutput(uid, container)) {
      const cs = ((pod.status?.containerStatuses ?? []) as any[]).find((c) => c.name === container);
      const waiting = cs?.state?.waiting?.reason ?? (cs ? undefined : 'ContainerCreating');
      if (waiting) throw errors.badRequest(`container "${container}" in pod "${name}" is waiting to start: ${waiting}`);
    }
    /* eslint-enable @typescript-eslint/no-explicit-any */
    const timestamps = q.get('timestamps') === 'true';
    const limitBytes = intParam(q.get('limitBytes'));
    let text = logs
      .read(uid, container, { tailLines: intParam(q.get('tailLines')), sinceSeconds: intParam(q.get('sinceSeconds')) })
      .map((l) => formatLine(l, timestamps))
      .join('');
    if (limitBytes !== undefined) text = Buffer.from(text).subarray(0, limitBytes).toString('utf8');
    if (q.get('follow') !== 'true') return send(200, text, 'text/plain');
    rec.status = 200;
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked', 'X-Lab-Serve-Ms': '0' });
    res.write(text);
    let stop = () => {};
    const end = () => {
      stop();
      res.end();
    };
    stop = logs.follow(uid, container, (l) => res.write(formatLine(l, timestamps)), end);
    res.on('close', () => stop());
  }
}
