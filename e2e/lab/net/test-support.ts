// Test harness for the data plane without the API server: a context with an object store,
// status sinks that record what kubelet would report, pod builders and a raw HTTP client that
// tells a timeout from a refusal.
import { connect } from 'node:net';
import type { DataPlaneContext, KObject, PodStatusSink } from '../data-plane';

export class RecordingSink implements PodStatusSink {
  status: Record<string, unknown> = {};
  readonly events: { reason: string; message: string; type: string }[] = [];
  readonly logs = new Map<string, string>();
  private waiters: (() => void)[] = [];
  update(status: Record<string, unknown>): void {
    this.status = status;
    this.notify();
  }
  event(reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal'): void {
    this.events.push({ reason, message, type });
    this.notify();
  }
  log(container: string, chunk: string): void {
    this.logs.set(container, (this.logs.get(container) ?? '') + chunk);
    this.notify();
  }
  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
  /** Resolve when the predicate holds (checked on every update), or fail after timeoutMs. */
  async until(what: string, pred: (s: this) => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred(this)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; status ${JSON.stringify(this.status)}; events ${JSON.stringify(this.events.slice(-5))}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }
  get containerStatuses(): Record<string, any>[] { // eslint-disable-line @typescript-eslint/no-explicit-any
    return (this.status.containerStatuses as Record<string, unknown>[] | undefined) ?? [];
  }
  get ready(): boolean {
    return ((this.status.conditions as { type: string; status: string }[] | undefined) ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  }
}

export class TestContext implements DataPlaneContext {
  readonly objects = new Map<string, KObject>();
  readonly lines: string[] = [];
  readonly tracked = new Map<string, Record<string, unknown> | undefined>();
  readonly prefix: string;
  constructor(
    readonly runId: string,
    readonly nodes: KObject[],
    readonly settings: Record<string, unknown>,
  ) {
    this.prefix = `sslab-${runId}`;
  }
  track(kind: string, name: string, info?: Record<string, unknown>): void {
    this.tracked.set(`${kind}/${name}`, info);
  }
  untrack(kind: string, name: string): void {
    this.tracked.delete(`${kind}/${name}`);
  }
  put(resource: string, obj: KObject): void {
    this.objects.set(`${resource}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`, obj);
  }
  get(resource: string, namespace: string | undefined, name: string): KObject | undefined {
    return this.objects.get(`${resource}/${namespace ?? ''}/${name}`);
  }
  log(line: string): void {
    this.lines.push(line);
    if (process.env.LAB_NET_VERBOSE) console.log(line);
  }
}

/** A small HTTP echo server (raw TCP, so it also shows a PROXY protocol line) for node pods. */
export const ECHO_SERVER = `
const net = require('net');
const port = Number(process.env.PORT || 8080);
net.createServer((s) => {
  let buf = '';
  s.setEncoding('latin1');
  s.on('error', () => {});
  s.on('data', (d) => {
    buf += d;
    let rest = buf, proxy = null;
    if (rest.startsWith('PROXY ')) { const i = rest.indexOf('\\r\\n'); if (i < 0) return; proxy = rest.slice(0, i); rest = rest.slice(i + 2); }
    const end = rest.indexOf('\\r\\n\\r\\n');
    if (end < 0) return;
    const lines = rest.slice(0, end).split('\\r\\n');
    const [method, path] = lines[0].split(' ');
    const headers = {};
    for (const l of lines.slice(1)) { const c = l.indexOf(':'); headers[l.slice(0, c).trim().toLowerCase()] = l.slice(c + 1).trim(); }
    const body = JSON.stringify({ pod: process.env.POD_NAME, podIP: process.env.POD_IP, node: process.env.NODE_NAME, remoteAddress: s.remoteAddress, remotePort: s.remotePort, proxyProtocol: proxy, method, path, headers });
    s.end('HTTP/1.1 200 OK\\r\\nContent-Type: application/json\\r\\nContent-Length: ' + Buffer.byteLength(body) + '\\r\\nConnection: close\\r\\n\\r\\n' + body);
  });
}).listen(port, '0.0.0.0', () => console.log('echo listening on ' + port));
process.on('SIGTERM', () => { console.log('echo got SIGTERM'); process.exit(0); });
`;

let uid = 0;
export function pod(name: string, nodeName: string, containers: object[], extra: { namespace?: string; spec?: object; labels?: Record<string, string> } = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: extra.namespace ?? 'default', uid: `uid-${name}-${++uid}-${process.pid}`, labels: extra.labels ?? { app: name } },
    spec: { nodeName, restartPolicy: 'Always', terminationGracePeriodSeconds: 5, containers, ...extra.spec },
  };
}

export function echoContainer(port = 8080): object {
  return {
    name: 'echo',
    image: 'node:20-alpine',
    command: ['node', '-e', ECHO_SERVER],
    env: [
      { name: 'PORT', value: String(port) },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
    ],
    ports: [{ name: 'http', containerPort: port }],
    readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 1 },
  };
}

export type HttpOutcome =
  | { kind: 'ok'; status: number; headers: Record<string, string>; body: string; json?: any } // eslint-disable-line @typescript-eslint/no-explicit-any
  | { kind: 'timeout' }
  | { kind: 'refused' }
  | { kind: 'reset' }
  | { kind: 'error'; message: string };

/** GET over a raw socket with a connect/read deadline; refused and timed out stay distinct. */
export function httpGet(host: string, port: number, opts: { path?: string; timeoutMs?: number; headers?: Record<string, string> } = {}): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    const sock = connect({ host, port });
    let data = '';
    let settled = false;
    const done = (o: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(o);
    };
    const timer = setTimeout(() => done({ kind: 'timeout' }), opts.timeoutMs ?? 3000);
    sock.setEncoding('utf8');
    sock.on('connect', () => {
      const extra = Object.entries(opts.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`).join('');
      sock.write(`GET ${opts.path ?? '/'} HTTP/1.1\r\nHost: ${host}:${port}\r\n${extra}Connection: close\r\n\r\n`);
    });
    sock.on('data', (c: string) => (data += c));
    sock.on('end', () => {
      const sep = data.indexOf('\r\n\r\n');
      const head = data.slice(0, sep).split('\r\n');
      const status = Number(head[0]?.split(' ')[1] ?? 0);
      const headers: Record<string, string> = {};
      for (const l of head.slice(1)) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
      const body = data.slice(sep + 4);
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      done({ kind: 'ok', status, headers, body, json });
    });
    sock.on('error', (err: NodeJS.ErrnoException) => done(err.code === 'ECONNREFUSED' ? { kind: 'refused' } : err.code === 'ECONNRESET' ? { kind: 'reset' } : { kind: 'error', message: err.message }));
  });
}

/** The same request made from inside a network namespace (a pod, a node), via the host's node. */
export const IN_NETNS_CLIENT = `
const net = require('net');
const [host, port, timeout] = process.argv.slice(1);
const s = net.connect({ host, port: Number(port) });
let data = '';
const t = setTimeout(() => { console.log(JSON.stringify({ kind: 'timeout' })); process.exit(0); }, Number(timeout));
s.setEncoding('utf8');
s.on('connect', () => s.write('GET / HTTP/1.1\\r\\nHost: ' + host + '\\r\\nConnection: close\\r\\n\\r\\n'));
s.on('data', (c) => (data += c));
s.on('end', () => { clearTimeout(t); const body = data.slice(data.indexOf('\\r\\n\\r\\n') + 4); console.log(JSON.stringify({ kind: 'ok', json: JSON.parse(body) })); });
s.on('error', (e) => { clearTimeout(t); console.log(JSON.stringify({ kind: e.code === 'ECONNREFUSED' ? 'refused' : 'error', message: e.message })); });
`;
