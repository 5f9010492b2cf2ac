// Field-selector fields per resource, as the real API registers them (pkg/registry/*/strategy.go).
import type { Obj } from './store';

const meta = (o: Obj, namespaced: boolean): Record<string, string> => {
  const f: Record<string, string> = { 'metadata.name': o.metadata.name };
  if (namespaced) f['metadata.namespace'] = o.metadata.namespace ?? '';
  return f;
};

type Extra = { names: string[]; get: (o: Obj) => Record<string, string> };

const s = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

const EXTRA: Record<string, Extra> = {
  pods: {
    names: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
    get: (o) => ({
      'spec.nodeName': s(o.spec?.nodeName),
      'spec.restartPolicy': s(o.spec?.restartPolicy),
      'spec.schedulerName': s(o.spec?.schedulerName),
      'spec.serviceAccountName': s(o.spec?.serviceAccountName),
      'spec.hostNetwork': String(o.spec?.hostNetwork === true),
      'status.phase': s(o.status?.phase),
      'status.podIP': s(o.status?.podIP),
      'status.nominatedNodeName': s(o.status?.nominatedNodeName),
    }),
  },
  events: {
    names: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
    get: (o) => {
      const io = (o.involvedObject ?? {}) as Record<string, unknown>;
      const src = (o.source ?? {}) as Record<string, unknown>;
      return {
        'involvedObject.kind': s(io.kind),
        'involvedObject.namespace': s(io.namespace),
        'involvedObject.name': s(io.name),
        'involvedObject.uid': s(io.uid),
        'involvedObject.apiVersion': s(io.apiVersion),
        'involvedObject.resourceVersion': s(io.resourceVersion),
        'involvedObject.fieldPath': s(io.fieldPath),
        reason: s(o.reason),
        reportingComponent: s(o.reportingComponent),
        source: s(src.component),
        type: s(o.type),
      };
    },
  },
  nodes: { names: ['spec.unschedulable'], get: (o) => ({ 'spec.unschedulable': String(o.spec?.unschedulable === true) }) },
  namespaces: { names: ['status.phase'], get: (o) => ({ 'status.phase': s(o.status?.phase) }) },
  services: { names: ['spec.clusterIP', 'spec.type'], get: (o) => ({ 'spec.clusterIP': s(o.spec?.clusterIP), 'spec.type': s(o.spec?.type) }) },
};

export function allowedFields(plural: string, namespaced: boolean): string[] {
  return ['metadata.name', ...(namespaced ? ['metadata.namespace'] : []), ...(EXTRA[plural]?.names ?? [])];
}

export function fieldsOf(plural: string, namespaced: boolean, o: Obj): Record<string, string> {
  return { ...meta(o, namespaced), ...(EXTRA[plural]?.get(o) ?? {}) };
}
