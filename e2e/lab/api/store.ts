// The object store: one sorted collection per resource, a global resourceVersion, and a bounded
// event history so watches can resume from a resourceVersion (older ones get 410 Gone).
// Stored objects are immutable snapshots: writers replace, never mutate, so watch events and
// list pages can hold references safely.
import type { KObject } from '../data-plane';
import { resourceKey, type ResourceDef } from './resources';

export type Obj = KObject;

/** A synthetic entry (scale mode) renders its JSON lazily instead of holding an object. */
export interface SyntheticEntry {
  json(): string;
}

interface Entry {
  obj?: Obj;
  synth?: SyntheticEntry;
}

export interface StoreEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  res: ResourceDef;
  obj: Obj;
  /** The previous state (MODIFIED and DELETED). */
  prev?: Obj;
  rv: number;
}

export function objKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

function lowerBound(arr: string[], key: string): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class Collection {
  /** Keys in etcd order ("ns/name"), kept sorted so list pages never re-sort. */
  readonly keys: string[] = [];
  private readonly entries = new Map<string, Entry>();

  get size(): number {
    return this.keys.length;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  getObj(key: string): Obj | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.obj) return e.obj;
    return JSON.parse(e.synth!.json()) as Obj;
  }

  /** JSON text of the stored object (synthetic entries render without building an object). */
  getJson(key: string): string | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    return e.synth ? e.synth.json() : JSON.stringify(e.obj);
  }

  isSynthetic(key: string): boolean {
    return this.entries.get(key)?.synth !== undefined;
  }

  set(key: string, entry: Entry): void {
    if (!this.entries.has(key)) {
      const i = lowerBound(this.keys, key);
      this.keys.splice(i, 0, key);
    }
    this.entries.set(key, entry);
  }

  /** Bulk load (scale mode): add many entries, then sort the keys once. */
  loadMany(items: [string, Entry][]): void {
    for (const [k, e] of items) {
      if (!this.entries.has(k)) this.keys.push(k);
      this.entries.set(k, e);
    }
    this.keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Bulk load of keys already in sorted order (scale mode); falls back to insertion otherwise. */
  appendSorted(key: string, entry: Entry): void {
    const last = this.keys[this.keys.length - 1];
    if (last !== undefined && last >= key) return this.set(key, entry);
    this.keys.push(key);
    this.entries.set(key, entry);
  }

  delete(key: string): void {
    if (!this.entries.delete(key)) return;
    const i = lowerBound(this.keys, key);
    if (this.keys[i] === key) this.keys.splice(i, 1);
  }

  /** Index range [lo, hi) of keys in a namespace (all keys when namespace is undefined). */
  range(namespace: string | undefined): [number, number] {
    if (namespace === undefined) return [0, this.keys.length];
    const prefix = `${namespace}/`;
    const lo = lowerBound(this.keys, prefix);
    // '0' is the character after '/', so this is the first key past the prefix.
    const hi = lowerBound(this.keys, `${namespace}0`);
    return [lo, hi];
  }

  indexAfter(key: string): number {
    const i = lowerBound(this.keys, key);
    return this.keys[i] === key ? i + 1 : i;
  }
}

export class Store {
  private rv: number;
  private compactedRv: number;
  private readonly history: StoreEvent[] = [];
  private readonly collections = new Map<string, Collection>();
  private readonly listeners = new Set<(e: StoreEvent) => void>();

  constructor(
    private readonly historyLimit = 10000,
    initialRv = 1000,
  ) {
    this.rv = initialRv;
    this.compactedRv = initialRv;
  }

  get resourceVersion(): number {
    return this.rv;
  }

  /** The oldest resourceVersion a watch may resume from. */
  get oldestWatchableRv(): number {
    return this.compactedRv;
  }

  collection(res: ResourceDef): Collection {
    const k = resourceKey(res);
    let c = this.collections.get(k);
    if (!c) this.collections.set(k, (c = new Collection()));
    return c;
  }

  onEvent(fn: (e: StoreEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  get(res: ResourceDef, namespace: string | undefined, name: string): Obj | undefined {
    return this.collection(res).getObj(objKey(res.namespaced ? namespace : undefined, name));
  }

  list(res: ResourceDef, namespace?: string): Obj[] {
    const c = this.collection(res);
    const [lo, hi] = c.range(res.namespaced ? namespace : undefined);
    const out: Obj[] = [];
    for (let i = lo; i < hi; i++) out.push(c.getObj(c.keys[i]!)!);
    return out;
  }

  /** Objects that are not synthetic (scale mode's generated objects are skipped). */
  listReal(res: ResourceDef, namespace?: string): Obj[] {
    const c = this.collection(res);
    const [lo, hi] = c.range(res.namespaced ? namespace : undefined);
    const out: Obj[] = [];
    for (let i = lo; i < hi; i++) {
      const k = c.keys[i]!;
      if (!c.isSynthetic(k)) out.push(c.getObj(k)!);
    }
    return out;
  }

  /** Events after `rv` still in history, or undefined when `rv` is older than the history. */
  eventsSince(rv: number): StoreEvent[] | undefined {
    if (rv < this.compactedRv) return undefined;
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.history[mid]!.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.history.slice(lo);
  }

  /** Forget the event history: watches from any older resourceVersion now get 410 Gone. */
  compact(): void {
    this.history.length = 0;
    this.compactedRv = this.rv;
  }

  private bump(obj: Obj): [Obj, number] {
    const rv = ++this.rv;
    return [{ ...obj, metadata: { ...obj.metadata, resourceVersion: String(rv) } }, rv];
  }

  private emit(e: StoreEvent): void {
    this.history.push(e);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.compactedRv = dropped[dropped.length - 1]!.rv;
    }
    for (const l of [...this.listeners]) l(e);
  }

  /** Insert a new object (the caller checked it does not exist). Returns the stored object. */
  create(res: ResourceDef, obj: Obj): Obj {
    const [stored, rv] = this.bump(obj);
    this.collection(res).set(objKey(res.namespaced ? obj.metadata.namespace : undefined, obj.metadata.name), { obj: stored });
    this.emit({ type: 'ADDED', res, obj: stored, rv });
    return stored;
  }

  /** Replace an existing object. Returns the stored object. */
  update(res: ResourceDef, obj: Obj): Obj {
    const key = objKey(res.namespaced ? obj.metadata.namespace : undefined, obj.metadata.name);
    const c = this.collection(res);
    const prev = c.getObj(key);
    const [stored, rv] = this.bump(obj);
    c.set(key, { obj: stored });
    this.emit({ type: 'MODIFIED', res, obj: stored, prev, rv });
    return stored;
  }

  /** Remove an object; the DELETED event carries its last state with a new resourceVersion. */
  remove(res: ResourceDef, namespace: string | undefined, name: string): Obj | undefined {
    const key = objKey(res.namespaced ? namespace : undefined, name);
    const c = this.collection(res);
    const prev = c.getObj(key);
    if (!prev) return undefined;
    c.delete(key);
    const [stored, rv] = this.bump(prev);
    this.emit({ type: 'DELETED', res, obj: stored, prev, rv });
    return stored;
  }

  /** Scale mode: load synthetic objects without events (they exist "since before" the history). */
  loadSynthetic(res: ResourceDef, items: [string, SyntheticEntry][]): void {
    this.collection(res).loadMany(items.map(([k, synth]) => [k, { synth }]));
  }
}
