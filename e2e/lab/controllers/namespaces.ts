// Namespace lifecycle: Active on create; DELETE moves it to Terminating (deletionTimestamp +
// status.phase), the controller deletes its contents (pods gracefully), and once it is empty the
// `kubernetes` finalizer is dropped and the namespace disappears.
import type { Admission, DeletionStrategy, ObjectApi } from '../api/object-api';
import { RESOURCES, resourceByPlural } from '../api/resources';
import type { Obj } from '../api/store';
import { errors } from '../api/status';

export const PROTECTED_NAMESPACES = ['default', 'kube-system', 'kube-public'];

export const namespaceDefaults: Admission = {
  name: 'NamespaceDefaults',
  admit(op, res, obj) {
    if (res.plural !== 'namespaces' || op !== 'create') return;
    return {
      ...obj,
      metadata: { ...obj.metadata, labels: { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name } },
      spec: { finalizers: ['kubernetes'], ...(obj.spec ?? {}) },
      status: { phase: 'Active' },
    };
  },
};

export const namespaceDeletion: DeletionStrategy = (ns, _opts, now) => {
  if (PROTECTED_NAMESPACES.includes(ns.metadata.name))
    throw errors.forbidden(`namespaces "${ns.metadata.name}" is forbidden: this namespace may not be deleted`, { name: ns.metadata.name, group: '', kind: 'namespaces' });
  if (ns.metadata.deletionTimestamp) return ns;
  return { ...ns, metadata: { ...ns.metadata, deletionTimestamp: now, deletionGracePeriodSeconds: 0 }, status: { ...(ns.status ?? {}), phase: 'Terminating' } };
};

export class NamespaceController {
  private readonly nsRes = resourceByPlural('namespaces');
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly api: ObjectApi) {}

  start(): void {
    this.api.store.onEvent((e) => {
      if (this.stopped) return;
      if (e.res === this.nsRes && e.type !== 'DELETED' && e.obj.metadata.deletionTimestamp) this.queue(e.obj.metadata.name);
      else if (e.type === 'DELETED' && e.obj.metadata.namespace && this.pending.has(e.obj.metadata.namespace)) this.queue(e.obj.metadata.namespace);
    });
    this.timer = setInterval(() => {
      for (const ns of this.pending) this.queue(ns);
    }, 1000);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  private queued = new Set<string>();
  private queue(ns: string): void {
    this.pending.add(ns);
    if (this.queued.has(ns)) return;
    this.queued.add(ns);
    setImmediate(() => {
      this.queued.delete(ns);
      if (!this.stopped) this.reconcile(ns);
    });
  }

  private reconcile(name: string): void {
    const ns = this.api.store.get(this.nsRes, undefined, name);
    if (!ns || !ns.metadata.deletionTimestamp) {
      this.pending.delete(name);
      return;
    }
    const remaining: string[] = [];
    for (const r of RESOURCES) {
      if (!r.namespaced || r.virtual) continue;
      const items = this.api.store.list(r, name);
      if (!items.length) continue;
      remaining.push(`${r.plural}${r.group ? `.${r.group}` : ''} has ${items.length} resource instances`);
      for (const o of items) {
        if (o.metadata.deletionTimestamp) continue;
        try {
          this.api.delete(r, name, o.metadata.name);
        } catch {
          // Already gone or being finalised: the next pass sees it.
        }
      }
    }
    if (remaining.length) {
      const cond = { type: 'NamespaceContentRemaining', status: 'True', lastTransitionTime: this.api.now(), reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${remaining.join(', ')}` };
      const conds = ((ns.status?.conditions ?? []) as { type: string; message?: string }[]).filter((c) => c.type !== cond.type);
      const prev = ((ns.status?.conditions ?? []) as { type: string; message?: string }[]).find((c) => c.type === cond.type);
      if (prev?.message !== cond.message) this.api.store.update(this.nsRes, { ...ns, status: { ...ns.status, phase: 'Terminating', conditions: [...conds, cond] } } as Obj);
      return;
    }
    this.pending.delete(name);
    this.api.forget(this.nsRes, undefined, name);
  }
}
