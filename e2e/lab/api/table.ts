// Server-side printing: kubectl asks for `as=Table` and prints the cells it gets back, so the
// columns here mirror the real API's printers (pkg/printers/internalversion/printers.go).
import type { Obj } from './store';

export interface Column {
  name: string;
  type: 'string' | 'integer' | 'date';
  format: string;
  description: string;
  priority: number;
}

type Cell = string | number;
interface Printer {
  columns: Column[];
  row(o: Obj, now: number): Cell[];
}

const col = (name: string, type: Column['type'] = 'string', priority = 0, format = ''): Column => ({ name, type, format, description: `${name} column`, priority });
const NAME = { ...col('Name', 'string', 0, 'name'), description: 'Name must be unique within a namespace. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names' };
const AGE = { ...col('Age'), description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' };

/** Human-readable durations as kubectl shows them (apimachinery's duration.HumanDuration rules). */
export function humanDuration(ms: number): string {
  const sec = Math.floor(ms / 1000);
  if (sec < -1) return '<invalid>';
  if (sec < 0) return '0s';
  if (sec < 120) return `${sec}s`;
  const min = Math.floor(sec / 60);
  if (min < 10) return sec % 60 === 0 ? `${min}m` : `${min}m${sec % 60}s`;
  if (min < 180) return `${min}m`;
  const h = Math.floor(min / 60);
  if (h < 8) return min % 60 === 0 ? `${h}h` : `${h}h${min % 60}m`;
  if (h < 48) return `${h}h`;
  if (h < 24 * 8) return h % 24 === 0 ? `${Math.floor(h / 24)}d` : `${Math.floor(h / 24)}d${h % 24}h`;
  if (h < 24 * 365 * 2) return `${Math.floor(h / 24)}d`;
  const d = Math.floor(h / 24);
  if (h < 24 * 365 * 8) return d % 365 === 0 ? `${Math.floor(d / 365)}y` : `${Math.floor(d / 365)}y${d % 365}d`;
  return `${Math.floor(d / 365)}y`;
}

const age = (ts: unknown, now: number): string => (typeof ts === 'string' ? humanDuration(now - Date.parse(ts)) : '<unknown>');
const none = (s: string | undefined | null): string => (s ? s : '<none>');
const selectorText = (sel: Record<string, string> | undefined): string => (sel && Object.keys(sel).length ? Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(',') : '<none>');

/* eslint-disable @typescript-eslint/no-explicit-any -- printers read loosely typed Kubernetes JSON */
function podStatus(o: Obj): { ready: string; status: string; restarts: string } {
  const spec = o.spec ?? {};
  const st = o.status ?? {};
  const cs: any[] = st.containerStatuses ?? [];
  const total = (spec.containers ?? []).length;
  let readyN = 0;
  let restarts = 0;
  let reason: string = st.reason || st.phase || 'Pending';
  for (const c of cs) {
    restarts += c.restartCount ?? 0;
    if (c.ready) readyN++;
  }
  for (const c of [...cs].reverse()) {
    if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
    else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
    else if (c.state?.terminated) reason = c.state.terminated.signal ? `Signal:${c.state.terminated.signal}` : `ExitCode:${c.state.terminated.exitCode}`;
  }
  if (o.metadata.deletionTimestamp && st.reason !== 'NodeLost') reason = 'Terminating';
  return { ready: `${readyN}/${total}`, status: reason, restarts: String(restarts) };
}

function svcExternal(o: Obj): string {
  const s = o.spec ?? {};
  const ext: string[] = [...(s.externalIPs ?? [])];
  if (s.type === 'LoadBalancer') {
    const ing: any[] = o.status?.loadBalancer?.ingress ?? [];
    const ips = [...ing.map((i) => i.ip || i.hostname), ...ext];
    return ips.length ? ips.join(',') : '<pending>';
  }
  if (s.type === 'ExternalName') return s.externalName ?? '<none>';
  return ext.length ? ext.join(',') : '<none>';
}

function svcPorts(o: Obj): string {
  const ports: any[] = o.spec?.ports ?? [];
  if (!ports.length) return '<none>';
  return ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
}

function nodeStatus(o: Obj): string {
  const ready = (o.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
  const parts = [ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown'];
  if (o.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function nodeRoles(o: Obj): string {
  const roles = Object.keys(o.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
    .filter(Boolean);
  return roles.length ? roles.sort().join(',') : '<none>';
}

function nodeAddr(o: Obj, type: string): string {
  const a = (o.status?.addresses ?? []).find((x: any) => x.type === type);
  return none(a?.address);
}

function containersImages(tpl: any): [string, string] {
  const cs: any[] = tpl?.spec?.containers ?? [];
  return [cs.map((c) => c.name).join(','), cs.map((c) => c.image).join(',')];
}

function labelSelectorText(sel: any): string {
  if (!sel) return '<none>';
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) parts.push(`${e.key} ${String(e.operator).toLowerCase()} (${(e.values ?? []).join(',')})`);
  return parts.length ? parts.join(',') : '<none>';
}

const PRINTERS: Record<string, Printer> = {
  pods: {
    columns: [NAME, col('Ready'), col('Status'), col('Restarts'), AGE, col('IP', 'string', 1), col('Node', 'string', 1), col('Nominated Node', 'string', 1), col('Readiness Gates', 'string', 1)],
    row: (o, now) => {
      const s = podStatus(o);
      const gates: any[] = o.spec?.readinessGates ?? [];
      return [o.metadata.name, s.ready, s.status, s.restarts, age(o.metadata.creationTimestamp, now), none(o.status?.podIP), none(o.spec?.nodeName), none(o.status?.nominatedNodeName), gates.length ? gates.map((g) => g.conditionType).join(',') : '<none>'];
    },
  },
  nodes: {
    columns: [NAME, col('Status'), col('Roles'), AGE, col('Version'), col('Internal-IP', 'string', 1), col('External-IP', 'string', 1), col('OS-Image', 'string', 1), col('Kernel-Version', 'string', 1), col('Container-Runtime', 'string', 1)],
    row: (o, now) => {
      const ni = o.status?.nodeInfo ?? {};
      return [o.metadata.name, nodeStatus(o), nodeRoles(o), age(o.metadata.creationTimestamp, now), ni.kubeletVersion ?? '', nodeAddr(o, 'InternalIP'), nodeAddr(o, 'ExternalIP'), ni.osImage ?? '<unknown>', ni.kernelVersion ?? '<unknown>', ni.containerRuntimeVersion ?? '<unknown>'];
    },
  },
  services: {
    columns: [NAME, col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), AGE, col('Selector', 'string', 1)],
    row: (o, now) => [o.metadata.name, o.spec?.type ?? 'ClusterIP', none(o.spec?.clusterIP), svcExternal(o), svcPorts(o), age(o.metadata.creationTimestamp, now), selectorText(o.spec?.selector)],
  },
  endpointslices: {
    columns: [NAME, col('AddressType'), col('Ports'), col('Endpoints'), AGE],
    row: (o, now) => {
      const ports: any[] = (o.ports as any[]) ?? [];
      const addrs: string[] = ((o.endpoints as any[]) ?? []).flatMap((e) => e.addresses ?? []);
      const shown = addrs.slice(0, 3).join(',') + (addrs.length > 3 ? ` + ${addrs.length - 3} more...` : '');
      return [o.metadata.name, String(o.addressType ?? ''), ports.length ? ports.map((p) => String(p.port ?? '<unset>')).join(',') : '<unset>', addrs.length ? shown : '<unset>', age(o.metadata.creationTimestamp, now)];
    },
  },
  namespaces: { columns: [NAME, col('Status'), AGE], row: (o, now) => [o.metadata.name, o.status?.phase ?? 'Active', age(o.metadata.creationTimestamp, now)] },
  configmaps: { columns: [NAME, col('Data', 'integer'), AGE], row: (o, now) => [o.metadata.name, Object.keys((o.data as object) ?? {}).length + Object.keys((o.binaryData as object) ?? {}).length, age(o.metadata.creationTimestamp, now)] },
  serviceaccounts: { columns: [NAME, col('Secrets', 'integer'), AGE], row: (o, now) => [o.metadata.name, ((o.secrets as unknown[]) ?? []).length, age(o.metadata.creationTimestamp, now)] },
  events: {
    columns: [col('Last Seen'), col('Type'), col('Reason'), col('Object'), col('Subobject', 'string', 1), col('Source', 'string', 1), col('Message'), col('First Seen', 'string', 1), col('Count', 'integer', 1), { ...NAME, priority: 1 }],
    row: (o, now) => {
      const io: any = o.involvedObject ?? {};
      const src: any = o.source ?? {};
      const last = (o.lastTimestamp as string) || (o.eventTime as string) || o.metadata.creationTimestamp;
      return [age(last, now), String(o.type ?? ''), String(o.reason ?? ''), `${String(io.kind ?? '').toLowerCase()}/${io.name ?? ''}`, io.fieldPath ?? '', [src.component, src.host].filter(Boolean).join(', '), String(o.message ?? ''), age(o.firstTimestamp ?? last, now), Number(o.count ?? 1), o.metadata.name];
    },
  },
  ingresses: {
    columns: [NAME, col('Class'), col('Hosts'), col('Address'), col('Ports'), AGE],
    row: (o, now) => {
      const hosts = ((o.spec?.rules ?? []) as any[]).map((r) => r.host).filter(Boolean);
      const addr = ((o.status?.loadBalancer?.ingress ?? []) as any[]).map((i) => i.ip || i.hostname).join(',');
      return [o.metadata.name, none(o.spec?.ingressClassName), hosts.length ? hosts.join(',') : '*', addr, o.spec?.tls?.length ? '80, 443' : '80', age(o.metadata.creationTimestamp, now)];
    },
  },
  ingressclasses: {
    columns: [NAME, col('Controller'), col('Parameters'), AGE],
    row: (o, now) => [o.metadata.name, o.spec?.controller ?? '', o.spec?.parameters ? `${o.spec.parameters.kind}/${o.spec.parameters.name}` : '<none>', age(o.metadata.creationTimestamp, now)],
  },
  deployments: {
    columns: [NAME, col('Ready'), col('Up-to-date', 'integer'), col('Available', 'integer'), AGE, col('Containers', 'string', 1), col('Images', 'string', 1), col('Selector', 'string', 1)],
    row: (o, now) => {
      const [c, i] = containersImages(o.spec?.template);
      const st = o.status ?? {};
      return [o.metadata.name, `${st.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`, st.updatedReplicas ?? 0, st.availableReplicas ?? 0, age(o.metadata.creationTimestamp, now), c, i, labelSelectorText(o.spec?.selector)];
    },
  },
  daemonsets: {
    columns: [NAME, col('Desired', 'integer'), col('Current', 'integer'), col('Ready', 'integer'), col('Up-to-date', 'integer'), col('Available', 'integer'), col('Node Selector'), AGE, col('Containers', 'string', 1), col('Images', 'string', 1), col('Selector', 'string', 1)],
    row: (o, now) => {
      const [c, i] = containersImages(o.spec?.template);
      const st = o.status ?? {};
      return [o.metadata.name, st.desiredNumberScheduled ?? 0, st.currentNumberScheduled ?? 0, st.numberReady ?? 0, st.updatedNumberScheduled ?? 0, st.numberAvailable ?? 0, selectorText(o.spec?.template?.spec?.nodeSelector), age(o.metadata.creationTimestamp, now), c, i, labelSelectorText(o.spec?.selector)];
    },
  },
};
/* eslint-enable @typescript-eslint/no-explicit-any */

const DEFAULT: Printer = { columns: [NAME, { ...col('Created At', 'date'), description: AGE.description }], row: (o) => [o.metadata.name, String(o.metadata.creationTimestamp ?? '')] };

export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

export function buildTable(plural: string, objs: Obj[], listMeta: Record<string, unknown>, includeObject: string | undefined, now = Date.now()): Record<string, unknown> {
  const p = PRINTERS[plural] ?? DEFAULT;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: p.columns,
    rows: objs.map((o) => {
      const row: Record<string, unknown> = { cells: p.row(o, now) };
      if (includeObject === 'Object') row.object = o;
      else if (includeObject !== 'None') row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
      return row;
    }),
  };
}
