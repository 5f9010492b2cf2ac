// Watch streams: chunked JSON lines {"type","object"}, resumable from a resourceVersion (410 Gone
// as an ERROR event when it is older than the history, as the real apiserver does), bookmarks
// when asked, selector transitions reported as ADDED/DELETED, and faults that cut the stream.
import type { ServerResponse } from 'node:http';
import type { ResourceDef } from './resources';
import { groupVersion } from './resources';
import type { Obj, Store, StoreEvent } from './store';
import { matchFields, matchLabels, type FieldRequirement, type LabelRequirement } from './selectors';
import { fieldsOf } from './fields';
import { errors } from './status';

export interface WatchOptions {
  res: ResourceDef;
  namespace?: string;
  labels: LabelRequirement[];
  fields: FieldRequirement[];
  resourceVersion?: string;
  allowBookmarks: boolean;
  sendInitialEvents?: boolean;
  timeoutSeconds?: number;
  bookmarkIntervalMs: number;
  cutAfterEvents?: number;
  /** Render objects differently (kubectl get -w asks for one-row Tables). */
  render?: (obj: Obj) => string;
}

const jsonCache = new WeakMap<object, string>();
function objJson(o: Obj): string {
  let j = jsonCache.get(o);
  if (j === undefined) jsonCache.set(o, (j = JSON.stringify(o)));
  return j;
}

export class WatchHub {
  private readonly active = new Set<() => void>();

  constructor(private readonly store: Store) {}

  get count(): number {
    return this.active.size;
  }

  /** End every open watch (lab shutdown). */
  closeAll(): void {
    for (const close of [...this.active]) close();
  }

  /** Validate before headers are sent; throws ApiError for bad resourceVersions. */
  static parseRv(rv: string | undefined): number | undefined {
    if (rv === undefined || rv === '' || rv === '0') return undefined;
    const n = Number(rv);
    if (!Number.isInteger(n) || n < 0) throw errors.badRequest(`invalid resource version: ${rv}`);
    return n;
  }

  serve(out: ServerResponse, o: WatchOptions, onEnd: (events: number) => void): void {
    const { res } = o;
    const inScope = (obj: Obj) =>
      (!res.namespaced || o.namespace === undefined || obj.metadata.namespace === o.namespace) &&
      matchLabels(o.labels, obj.metadata.labels) &&
      (o.fields.length === 0 || matchFields(o.fields, fieldsOf(res.plural, res.namespaced, obj)));
    let sent = 0;
    let ended = false;
    let timer: NodeJS.Timeout | undefined;
    let timeout: NodeJS.Timeout | undefined;

    out.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    out.flushHeaders();

    const end = () => {
      if (ended) return;
      ended = true;
      unsubscribe();
      this.active.delete(end);
      if (timer) clearInterval(timer);
      if (timeout) clearTimeout(timeout);
      out.end();
      onEnd(sent);
    };
    const write = (type: string, objText: string, counts = true) => {
      if (ended) return;
      out.write(`{"type":"${type}","object":${objText}}\n`);
      if (counts) {
        sent++;
        if (o.cutAfterEvents !== undefined && sent >= o.cutAfterEvents) end();
      }
    };
    const bookmark = (extraAnnotations?: Record<string, string>) => {
      const meta: Record<string, unknown> = { resourceVersion: String(this.store.resourceVersion) };
      if (extraAnnotations) meta.annotations = extraAnnotations;
      write('BOOKMARK', JSON.stringify({ kind: res.kind, apiVersion: groupVersion(res), metadata: meta }), false);
    };
    const render = o.render;
    const text = (obj: Obj) => (render ? render(obj) : objJson(obj));
    const deliver = (e: StoreEvent) => {
      if (e.res !== res) return;
      const now = inScope(e.obj);
      const before = e.prev ? inScope(e.prev) : false;
      if (e.type === 'ADDED') {
        if (now) write('ADDED', text(e.obj));
      } else if (e.type === 'DELETED') {
        if (now || before) write('DELETED', text(e.obj));
      } else if (now && before) write('MODIFIED', text(e.obj));
      else if (now) write('ADDED', text(e.obj));
      else if (before) write('DELETED', text({ ...e.prev!, metadata: { ...e.prev!.metadata, resourceVersion: e.obj.metadata.resourceVersion } }));
    };

    // Subscribe and read the starting state in the same tick: nothing can slip in between.
    const queue: StoreEvent[] = [];
    let live = false;
    const unsubscribe = this.store.onEvent((e) => (live ? deliver(e) : queue.push(e)));
    this.active.add(end);
    out.on('close', end);

    const rv = WatchHub.parseRv(o.resourceVersion);
    if (rv !== undefined && !o.sendInitialEvents) {
      const past = this.store.eventsSince(rv);
      if (!past) {
        const gone = errors.gone(`too old resource version: ${rv} (${this.store.oldestWatchableRv})`).status;
        write('ERROR', JSON.stringify(gone));
        return end();
      }
      for (const e of past) deliver(e);
    } else {
      const c = this.store.collection(res);
      const [lo, hi] = c.range(res.namespaced ? o.namespace : undefined);
      for (let i = lo; i < hi && !ended; i++) {
        const key = c.keys[i]!;
        if (o.labels.length === 0 && o.fields.length === 0 && !render) write('ADDED', c.getJson(key)!);
        else {
          const obj = c.getObj(key)!;
          if (inScope(obj)) write('ADDED', text(obj));
        }
      }
      if (o.sendInitialEvents && o.allowBookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
    }
    if (ended) return;
    live = true;
    for (const e of queue.splice(0)) deliver(e);
    if (o.allowBookmarks) timer = setInterval(() => bookmark(), o.bookmarkIntervalMs);
    if (o.timeoutSeconds) timeout = setTimeout(end, o.timeoutSeconds * 1000);
  }
}
