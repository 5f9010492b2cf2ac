// Object operations with the real API's semantics: create (generateName, uid, timestamps,
// namespace checks, admission), update (optimistic concurrency, status subresource), patch,
// delete (finalizers, graceful deletion) and list (selectors, pagination). The HTTP layer calls
// these after authentication and authorization; controllers call them directly.
import { groupVersion, resourceByPlural, type ResourceDef } from './resources';
import { objKey, type Obj, type Store } from './store';
import { errors } from './status';
import { newUid, nowTimestamp, randomSuffix, validateName } from './objects';
import { matchFields, matchLabels, parseFieldSelector, parseLabelSelector } from './selectors';
import { allowedFields, fieldsOf } from './fields';
import { jsonPatch, mergePatch } from './patch';

export interface WriteOptions {
  fieldManager?: string;
  dryRun?: boolean;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: string;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export type AdmitOp = 'create' | 'update';

export interface Admission {
  name: string;
  /** Default, validate or reject an object before it is stored; may return a replacement. */
  admit(op: AdmitOp, res: ResourceDef, obj: Obj, old: Obj | undefined, sub: string | undefined): Obj | void;
}

/**
 * Decides what a DELETE does to an object of some resource. Returns the object to store with
 * deletionTimestamp set (graceful), or undefined to remove it now.
 */
export type DeletionStrategy = (obj: Obj, opts: DeleteOptions, now: string) => Obj | undefined;

export interface ListQuery {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

export interface ListResult {
  /** Items as JSON text without apiVersion/kind (list items carry neither on the wire). */
  itemsJson: string[];
  items: () => Obj[];
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
}

function typeMetaPrefix(res: ResourceDef): string {
  return `{"apiVersion":"${groupVersion(res)}","kind":"${res.kind}",`;
}

/** Put apiVersion and kind first so list rendering can strip them by prefix. */
export function normalize(res: ResourceDef, obj: Obj): Obj {
  const { apiVersion: _a, kind: _k, ...rest } = obj;
  return { apiVersion: groupVersion(res), kind: res.kind, ...rest } as Obj;
}

export function encodeContinue(rv: number, key: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: `${key}\u0000` })).toString('base64');
}

export function decodeContinue(token: string): { rv: number; start: string } {
  try {
    const j = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { v?: string; rv?: number; start?: string };
    if (j.v !== 'meta.k8s.io/v1' || typeof j.rv !== 'number' || typeof j.start !== 'string') throw new Error('bad');
    return { rv: j.rv, start: j.start };
  } catch {
    throw errors.badRequest(`the provided continue parameter is invalid`);
  }
}

export class ObjectApi {
  readonly admission: Admission[] = [];
  readonly deletion = new Map<string, DeletionStrategy>();

  constructor(
    readonly store: Store,
    readonly clock: () => number = Date.now,
  ) {}

  now(): string {
    return nowTimestamp(this.clock);
  }

  get(res: ResourceDef, namespace: string | undefined, name: string): Obj {
    const o = this.store.get(res, namespace, name);
    if (!o) throw errors.notFound(res, name);
    return o;
  }

  /** JSON text of one object, as GET returns it. */
  getJson(res: ResourceDef, namespace: string | undefined, name: string): string {
    const j = this.store.collection(res).getJson(objKey(res.namespaced ? namespace : undefined, name));
    if (j === undefined) throw errors.notFound(res, name);
    return j;
  }

  private checkNamespace(res: ResourceDef, namespace: string | undefined, name: string, creating: boolean): void {
    if (!res.namespaced) return;
    const ns = this.store.get(resourceByPlural('namespaces'), undefined, namespace ?? '');
    if (!ns) throw errors.notFound(resourceByPlural('namespaces'), namespace ?? '');
    if (creating && ns.metadata.deletionTimestamp)
      throw errors.forbidden(`${res.group ? `${res.plural}.${res.group}` : res.plural} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`, {
        name,
        group: res.group,
        kind: res.plural,
        causes: [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }],
      });
  }

  private runAdmission(op: AdmitOp, res: ResourceDef, obj: Obj, old: Obj | undefined, sub?: string): Obj {
    let cur = obj;
    for (const a of this.admission) cur = a.admit(op, res, cur, old, sub) ?? cur;
    return cur;
  }

  private managedFields(res: ResourceDef, manager: string | undefined, operation: 'Update' | 'Apply', prev: unknown, sub?: string): unknown[] {
    const list = Array.isArray(prev) ? (prev as Record<string, unknown>[]).filter((m) => !(m.manager === manager && m.operation === operation && (m.subresource ?? '') === (sub ?? ''))) : [];
    const entry: Record<string, unknown> = { manager: manager ?? 'unknown', operation, apiVersion: groupVersion(res), time: this.now(), fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': {} } };
    if (sub) entry.subresource = sub;
    return [...list, entry];
  }

  create(res: ResourceDef, namespace: string | undefined, body: Obj, opts: WriteOptions = {}): Obj {
    if (!body || typeof body !== 'object' || !body.metadata) body = { ...(body ?? {}), metadata: {} as Obj['metadata'] } as Obj;
    if (body.kind && body.kind !== res.kind) throw errors.badRequest(`the API version in the data (${body.apiVersion}) does not match the expected API version (${groupVersion(res)})`);
    const meta = { ...body.metadata };
    if (res.namespaced) {
      if (meta.namespace && namespace && meta.namespace !== namespace) throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
      meta.namespace = namespace ?? meta.namespace;
    } else delete meta.namespace;
    if (!meta.name && typeof meta.generateName === 'string') {
      for (let i = 0; i < 10; i++) {
        meta.name = `${meta.generateName}${randomSuffix()}`;
        if (!this.store.get(res, meta.namespace, meta.name)) break;
      }
    }
    const causes = validateName(meta.name, res.plural === 'namespaces' || res.plural === 'services');
    if (causes.length) throw errors.invalid(res, meta.name ?? '', causes);
    this.checkNamespace(res, meta.namespace, meta.name, true);
    if (this.store.get(res, meta.namespace, meta.name)) throw errors.alreadyExists(res, meta.name);
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    meta.uid = newUid();
    meta.creationTimestamp = this.now();
    if (body.spec !== undefined && res.plural !== 'pods') meta.generation = 1;
    meta.managedFields = this.managedFields(res, opts.fieldManager, 'Update', undefined);
    let obj = normalize(res, { ...body, metadata: meta } as Obj);
    obj = this.runAdmission('create', res, obj, undefined);
    if (opts.dryRun) return obj;
    return this.store.create(res, normalize(res, obj));
  }

  update(res: ResourceDef, namespace: string | undefined, name: string, body: Obj, sub?: string, opts: WriteOptions = {}): Obj {
    const old = this.get(res, namespace, name);
    if (!body?.metadata) throw errors.badRequest('metadata is required');
    if (body.metadata.name && body.metadata.name !== name) throw errors.badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
    const rv = body.metadata.resourceVersion;
    if (rv && rv !== old.metadata.resourceVersion) throw errors.conflict(res, name);
    let next: Obj;
    if (sub === 'status') {
      next = { ...old, status: body.status, metadata: { ...old.metadata } };
    } else {
      const meta = {
        ...body.metadata,
        name: old.metadata.name,
        uid: old.metadata.uid,
        creationTimestamp: old.metadata.creationTimestamp,
      } as Obj['metadata'];
      if (res.namespaced) meta.namespace = old.metadata.namespace;
      if (old.metadata.deletionTimestamp) {
        meta.deletionTimestamp = old.metadata.deletionTimestamp;
        if (old.metadata.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
      } else {
        delete meta.deletionTimestamp;
        delete meta.deletionGracePeriodSeconds;
      }
      if (old.metadata.generation !== undefined) meta.generation = JSON.stringify(old.spec) === JSON.stringify(body.spec) ? old.metadata.generation : Number(old.metadata.generation) + 1;
      next = { ...body, metadata: meta };
      if (res.subresources.includes('status')) next.status = old.status;
    }
    next.metadata.managedFields = this.managedFields(res, opts.fieldManager, 'Update', old.metadata.managedFields, sub);
    next = normalize(res, this.runAdmission('update', res, next, old, sub));
    if (opts.dryRun) return next;
    // An object being deleted goes once its last finalizer is removed.
    if (next.metadata.deletionTimestamp && !(next.metadata.finalizers as string[] | undefined)?.length && !this.deletion.has(res.plural)) {
      return this.store.remove(res, namespace, name) ?? next;
    }
    return this.store.update(res, next);
  }

  patch(res: ResourceDef, namespace: string | undefined, name: string, contentType: string, patch: unknown, sub?: string, opts: WriteOptions = {}): Obj {
    const old = this.get(res, namespace, name);
    let next: Obj;
    const ct = contentType.split(';')[0]!.trim();
    if (ct === 'application/json-patch+json') next = jsonPatch(old, patch) as Obj;
    else if (ct === 'application/merge-patch+json' || ct === 'application/strategic-merge-patch+json' || ct === 'application/apply-patch+yaml') next = mergePatch(old, patch) as Obj;
    else throw errors.unsupportedMediaType(ct);
    // A patch carrying a stale resourceVersion conflicts like an update; otherwise it applies to the latest.
    const patchRv = (patch as { metadata?: { resourceVersion?: string } } | null)?.metadata?.resourceVersion;
    next = { ...next, metadata: { ...next.metadata, resourceVersion: patchRv ?? old.metadata.resourceVersion } };
    return this.update(res, namespace, name, next, sub, opts);
  }

  delete(res: ResourceDef, namespace: string | undefined, name: string, opts: DeleteOptions = {}): Obj {
    const old = this.get(res, namespace, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== old.metadata.uid) throw errors.conflict(res, name);
    if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) throw errors.conflict(res, name);
    const strategy = this.deletion.get(res.plural);
    const now = this.now();
    if (strategy) {
      const marked = strategy(old, opts, now);
      if (!marked) return this.store.remove(res, namespace, name) ?? old;
      if (JSON.stringify(marked) === JSON.stringify(old)) return old;
      return this.store.update(res, normalize(res, marked));
    }
    if ((old.metadata.finalizers as string[] | undefined)?.length) {
      if (old.metadata.deletionTimestamp) return old;
      return this.store.update(res, { ...old, metadata: { ...old.metadata, deletionTimestamp: now, deletionGracePeriodSeconds: 0 } });
    }
    return this.store.remove(res, namespace, name) ?? old;
  }

  /** Remove an object now, whatever its state (kubelet's final delete, namespace cleanup). */
  forget(res: ResourceDef, namespace: string | undefined, name: string): Obj | undefined {
    return this.store.remove(res, namespace, name);
  }

  list(res: ResourceDef, namespace: string | undefined, q: ListQuery = {}): ListResult {
    const c = this.store.collection(res);
    const labels = parseLabelSelector(q.labelSelector);
    const fields = parseFieldSelector(q.fieldSelector, allowedFields(res.plural, res.namespaced), res.plural);
    let snapshotRv = this.store.resourceVersion;
    const range = c.range(res.namespaced ? namespace : undefined);
    let lo = range[0];
    const hi = range[1];
    if (q.continue) {
      const tok = decodeContinue(q.continue);
      if (tok.rv < this.store.oldestWatchableRv)
        throw errors.gone(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
        );
      snapshotRv = tok.rv;
      lo = Math.max(lo, c.indexAfter(tok.start.endsWith('\u0000') ? tok.start.slice(0, -1) : tok.start));
    }
    const limit = q.limit && q.limit > 0 ? q.limit : Infinity;
    const filtering = labels.length > 0 || fields.length > 0;
    const prefix = typeMetaPrefix(res);
    const itemsJson: string[] = [];
    const objs: Obj[] = [];
    let i = lo;
    for (; i < hi && itemsJson.length < limit; i++) {
      const key = c.keys[i]!;
      if (filtering) {
        const o = c.getObj(key)!;
        if (!matchLabels(labels, o.metadata.labels)) continue;
        if (!matchFields(fields, fieldsOf(res.plural, res.namespaced, o))) continue;
        objs.push(o);
        const j = JSON.stringify(o);
        itemsJson.push(j.startsWith(prefix) ? `{${j.slice(prefix.length)}` : j);
      } else {
        const j = c.getJson(key)!;
        itemsJson.push(j.startsWith(prefix) ? `{${j.slice(prefix.length)}` : j);
      }
    }
    const metadata: ListResult['metadata'] = { resourceVersion: String(snapshotRv) };
    if (i < hi && itemsJson.length >= limit) {
      metadata.continue = encodeContinue(snapshotRv, c.keys[i - 1]!);
      if (!filtering) metadata.remainingItemCount = hi - i;
    }
    return {
      itemsJson,
      items: () => (filtering ? objs : itemsJson.map((j) => JSON.parse(j) as Obj)),
      metadata,
    };
  }
}
