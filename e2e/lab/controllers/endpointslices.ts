// EndpointSlice controller: for each Service with a selector, slices (discovery.k8s.io/v1,
// IPv4) listing the selected pods that have an IP, with ready/serving/terminating as the real
// controller computes them, nodeName, zone (topology.kubernetes.io/zone) and targetRef. Named
// target ports are resolved per pod; pods resolving differently land in separate slices.
import type { ObjectApi } from '../api/object-api';
import { resourceByPlural } from '../api/resources';
import { objKey, type Obj } from '../api/store';
import { matchesMapSelector } from '../api/selectors';

export const MANAGED_BY = 'endpointslice-controller.k8s.io';
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes JSON */
function podReady(p: Obj): boolean {
  return (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

function resolvePort(pod: Obj, target: number | string): number | undefined {
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === target) return p.containerPort;
  return undefined;
}

export function desiredSlices(svc: Obj, pods: Obj[], nodes: Map<string, Obj>): { ports: any[] | null; endpoints: any[] | null }[] {
  const svcPorts: any[] = svc.spec?.ports ?? [];
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  const groups = new Map<string, { ports: any[]; endpoints: any[] }>();
  const selected = pods
    .filter((p) => matchesMapSelector(svc.spec?.selector, p.metadata.labels))
    .filter((p) => p.status?.podIP && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  for (const pod of selected) {
    const ports = svcPorts.map((sp) => {
      const port = resolvePort(pod, sp.targetPort ?? sp.port);
      const out: any = { name: sp.name ?? '', port: port ?? null, protocol: sp.protocol ?? 'TCP' };
      if (sp.appProtocol) out.appProtocol = sp.appProtocol;
      return out;
    });
    if (ports.some((p) => p.port === null)) continue;
    const sig = JSON.stringify(ports);
    let g = groups.get(sig);
    if (!g) groups.set(sig, (g = { ports, endpoints: [] }));
    const serving = podReady(pod);
    const terminating = !!pod.metadata.deletionTimestamp;
    const ep: any = {
      addresses: [pod.status.podIP],
      conditions: { ready: publishNotReady || (serving && !terminating), serving, terminating },
      targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
    };
    if (pod.spec?.nodeName) {
      ep.nodeName = pod.spec.nodeName;
      const zone = nodes.get(pod.spec.nodeName)?.metadata.labels?.['topology.kubernetes.io/zone'];
      if (zone) ep.zone = zone;
    }
    g.endpoints.push(ep);
  }
  if (groups.size === 0) return [{ ports: null, endpoints: null }];
  return [...groups.values()];
}

export class EndpointSliceController {
  private readonly svcRes = resourceByPlural('services');
  private readonly podRes = resourceByPlural('pods');
  private readonly nodeRes = resourceByPlural('nodes');
  private readonly sliceRes = resourceByPlural('endpointslices');
  private readonly dirty = new Set<string>();
  private flushing = false;
  private stopped = false;

  constructor(private readonly api: ObjectApi) {}

  start(): void {
    this.api.store.onEvent((e) => {
      if (this.stopped) return;
      if (e.res === this.svcRes) this.mark(objKey(e.obj.metadata.namespace, e.obj.metadata.name));
      else if (e.res === this.podRes) {
        const ns = e.obj.metadata.namespace;
        for (const s of this.api.store.list(this.svcRes, ns))
          if (matchesMapSelector(s.spec?.selector, e.obj.metadata.labels) || (e.prev && matchesMapSelector(s.spec?.selector, e.prev.metadata.labels))) this.mark(objKey(ns, s.metadata.name));
      } else if (e.res === this.nodeRes && JSON.stringify(e.obj.metadata.labels) !== JSON.stringify(e.prev?.metadata.labels)) {
        for (const s of this.api.store.listReal(this.svcRes)) this.mark(objKey(s.metadata.namespace, s.metadata.name));
      } else if (e.res === this.sliceRes && e.type === 'DELETED' && e.obj.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY) {
        // Someone deleted a managed slice: put it back.
        this.mark(objKey(e.obj.metadata.namespace, e.obj.metadata.labels?.[SERVICE_NAME_LABEL] ?? ''));
      }
    });
    for (const s of this.api.store.listReal(this.svcRes)) this.mark(objKey(s.metadata.namespace, s.metadata.name));
  }

  stop(): void {
    this.stopped = true;
  }

  private mark(key: string): void {
    this.dirty.add(key);
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => {
      this.flushing = false;
      const keys = [...this.dirty];
      this.dirty.clear();
      if (this.stopped) return;
      for (const k of keys) {
        const [ns, name] = k.split('/') as [string, string];
        try {
          this.reconcile(ns, name);
        } catch {
          // A racing namespace deletion; the next event reconciles again.
        }
      }
    });
  }

  reconcile(namespace: string, name: string): void {
    const svc = this.api.store.get(this.svcRes, namespace, name);
    const existing = this.api.store
      .list(this.sliceRes, namespace)
      .filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === name && s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY);
    const wanted = svc && svc.spec?.selector && Object.keys(svc.spec.selector).length && svc.spec.type !== 'ExternalName' && !svc.metadata.deletionTimestamp;
    if (!wanted) {
      for (const s of existing) this.api.forget(this.sliceRes, namespace, s.metadata.name);
      return;
    }
    const nodes = new Map(this.api.store.list(this.nodeRes).map((n) => [n.metadata.name, n] as const));
    const desired = desiredSlices(svc, this.api.store.list(this.podRes, namespace), nodes);
    const labels = { ...(svc.metadata.labels ?? {}), [SERVICE_NAME_LABEL]: name, [MANAGED_BY_LABEL]: MANAGED_BY };
    const owner = { apiVersion: 'v1', kind: 'Service', name, uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true };
    desired.forEach((d, i) => {
      const cur = existing[i];
      if (cur) {
        if (JSON.stringify(cur.endpoints ?? null) === JSON.stringify(d.endpoints) && JSON.stringify(cur.ports ?? null) === JSON.stringify(d.ports) && JSON.stringify(cur.metadata.labels) === JSON.stringify(labels)) return;
        this.api.store.update(this.sliceRes, {
          ...cur,
          metadata: { ...cur.metadata, labels, annotations: { ...(cur.metadata.annotations ?? {}), 'endpoints.kubernetes.io/last-change-trigger-time': this.api.now() } },
          endpoints: d.endpoints,
          ports: d.ports,
        } as Obj);
      } else {
        this.api.create(this.sliceRes, namespace, {
          metadata: { generateName: `${name}-`, namespace, labels, annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': this.api.now() }, ownerReferences: [owner] },
          addressType: 'IPv4',
          endpoints: d.endpoints,
          ports: d.ports,
        } as unknown as Obj, { fieldManager: 'endpointslice-controller' });
      }
    });
    for (const extra of existing.slice(desired.length)) this.api.forget(this.sliceRes, namespace, extra.metadata.name);
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */
