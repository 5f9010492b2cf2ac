// Service admission and allocation: defaults, ClusterIP from the service CIDR, NodePorts in
// 30000-32767, healthCheckNodePort for LoadBalancer + Local, with the real API's 422 messages;
// and a controller that gives LoadBalancer services an address from the scenario's pools.
import { randomInt } from 'node:crypto';
import type { Admission, AdmitOp, ObjectApi } from '../api/object-api';
import { resourceByPlural, type ResourceDef } from '../api/resources';
import type { Obj } from '../api/store';
import { objKey } from '../api/store';
import { errors, type StatusCause } from '../api/status';
import { inRange, intToIp, parseRange, type Range } from './ip-range';

export const DEFAULT_SERVICE_CIDR = '198.18.240.0/20';
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

interface Held {
  ips: string[];
  ports: number[];
}

/* eslint-disable @typescript-eslint/no-explicit-any -- service JSON is loosely typed */
function heldBy(svc: Obj): Held {
  const s = svc.spec ?? {};
  const ips: string[] = (s.clusterIPs ?? (s.clusterIP ? [s.clusterIP] : [])).filter((ip: string) => ip && ip !== 'None');
  const ports: number[] = ((s.ports ?? []) as any[]).map((p) => p.nodePort).filter((n): n is number => typeof n === 'number' && n > 0);
  if (s.healthCheckNodePort) ports.push(s.healthCheckNodePort);
  return { ips, ports };
}

export class ServiceAllocator {
  readonly range: Range;
  private readonly byKey = new Map<string, Held>();
  private readonly ipOwner = new Map<string, string>();
  private readonly portOwner = new Map<number, string>();

  constructor(readonly cidr = DEFAULT_SERVICE_CIDR) {
    this.range = parseRange(cidr);
  }

  /** Record what a stored service holds (store events and scale-mode bulk loads call this). */
  hold(key: string, h: Held): void {
    this.release(key);
    this.byKey.set(key, h);
    for (const ip of h.ips) this.ipOwner.set(ip, key);
    for (const p of h.ports) this.portOwner.set(p, key);
  }

  release(key: string): void {
    const h = this.byKey.get(key);
    if (!h) return;
    for (const ip of h.ips) if (this.ipOwner.get(ip) === key) this.ipOwner.delete(ip);
    for (const p of h.ports) if (this.portOwner.get(p) === key) this.portOwner.delete(p);
    this.byKey.delete(key);
  }

  ipTaken(ip: string, by: string): boolean {
    const o = this.ipOwner.get(ip);
    return o !== undefined && o !== by;
  }

  portTaken(p: number, by: string): boolean {
    const o = this.portOwner.get(p);
    return o !== undefined && o !== by;
  }

  /** Next free ClusterIP; the first address is the `kubernetes` service's, as in real clusters. */
  nextIp(by: string, also: Set<string>): string {
    for (let n = this.range.first + 9; n <= this.range.last; n++) {
      const ip = intToIp(n);
      if (!this.ipTaken(ip, by) && !also.has(ip)) return ip;
    }
    throw errors.internal('failed to allocate a serviceIP: range is full');
  }

  nextPort(by: string, also: Set<number>): number {
    const span = NODE_PORT_MAX - NODE_PORT_MIN + 1;
    const start = randomInt(span);
    for (let i = 0; i < span; i++) {
      const p = NODE_PORT_MIN + ((start + i) % span);
      if (!this.portTaken(p, by) && !also.has(p)) return p;
    }
    throw errors.internal('failed to allocate a nodePort: range is full');
  }

  /** Keep allocations in step with the store. */
  watch(api: ObjectApi): void {
    const svc = resourceByPlural('services');
    api.store.onEvent((e) => {
      if (e.res !== svc) return;
      const key = objKey(e.obj.metadata.namespace, e.obj.metadata.name);
      if (e.type === 'DELETED') this.release(key);
      else this.hold(key, heldBy(e.obj));
    });
  }
}

export function serviceAdmission(alloc: ServiceAllocator): Admission {
  return {
    name: 'ServiceAllocation',
    admit(op: AdmitOp, res: ResourceDef, obj: Obj, old: Obj | undefined, sub: string | undefined): Obj | void {
      if (res.plural !== 'services' || sub === 'status') return;
      const key = objKey(obj.metadata.namespace, obj.metadata.name);
      const spec: any = structuredClone(obj.spec ?? {});
      const oldSpec: any = old?.spec ?? {};
      const causes: StatusCause[] = [];
      const invalid = (field: string, message: string, reason = 'FieldValueInvalid') => causes.push({ reason, field, message });
      spec.type ??= 'ClusterIP';
      spec.sessionAffinity ??= 'None';
      const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
      if (!['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(spec.type))
        invalid('spec.type', `Unsupported value: "${spec.type}": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"`, 'FieldValueNotSupported');
      const ports: any[] = (spec.ports ??= []);
      if (spec.type !== 'ExternalName' && ports.length === 0) invalid('spec.ports', 'Required value', 'FieldValueRequired');
      ports.forEach((p, i) => {
        p.protocol ??= 'TCP';
        if (p.targetPort === undefined) p.targetPort = p.port;
        if (ports.length > 1 && !p.name) invalid(`spec.ports[${i}].name`, 'Required value', 'FieldValueRequired');
        if (!(Number.isInteger(p.port) && p.port >= 1 && p.port <= 65535)) invalid(`spec.ports[${i}].port`, `Invalid value: ${p.port}: must be between 1 and 65535, inclusive`);
      });
      if (spec.type === 'ExternalName') {
        delete spec.clusterIP;
        delete spec.clusterIPs;
      } else {
        // ClusterIP: immutable once set; a requested one must be free and in range.
        const requested: string | undefined = spec.clusterIP || spec.clusterIPs?.[0];
        if (op === 'update' && oldSpec.clusterIP && requested && requested !== oldSpec.clusterIP)
          invalid('spec.clusterIPs[0]', `Invalid value: []string{"${requested}"}: may not change once set`);
        const ip = requested || oldSpec.clusterIP;
        if (ip === 'None') {
          spec.clusterIP = 'None';
          spec.clusterIPs = ['None'];
        } else if (ip) {
          if (ip !== oldSpec.clusterIP) {
            if (!inRange(alloc.range, ip))
              invalid('spec.clusterIPs', `Invalid value: []string{"${ip}"}: failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${alloc.cidr}`);
            else if (alloc.ipTaken(ip, key)) invalid('spec.clusterIPs', `Invalid value: []string{"${ip}"}: failed to allocate IP ${ip}: provided IP is already allocated`);
          }
          spec.clusterIP = ip;
          spec.clusterIPs = [ip];
        } else {
          const n = alloc.nextIp(key, new Set());
          spec.clusterIP = n;
          spec.clusterIPs = [n];
        }
        spec.ipFamilies ??= ['IPv4'];
        spec.ipFamilyPolicy ??= 'SingleStack';
        spec.internalTrafficPolicy ??= 'Cluster';
      }
      // NodePorts: only for NodePort/LoadBalancer; a taken one is a 422 like the real allocator's.
      const chosen = new Set<number>();
      ports.forEach((p, i) => {
        if (!external) {
          if (p.nodePort) invalid(`spec.ports[${i}].nodePort`, `Forbidden: may not be used when \`type\` is '${spec.type}'`, 'FieldValueForbidden');
          return;
        }
        if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === false && !p.nodePort) return;
        if (!p.nodePort) {
          const prev = (oldSpec.ports ?? []).find((q: any) => q.port === p.port && (q.protocol ?? 'TCP') === p.protocol && q.nodePort);
          if (prev) p.nodePort = prev.nodePort;
        }
        if (p.nodePort) {
          const held = (oldSpec.ports ?? []).some((q: any) => q.nodePort === p.nodePort);
          if (p.nodePort < NODE_PORT_MIN || p.nodePort > NODE_PORT_MAX)
            invalid(`spec.ports[${i}].nodePort`, `Invalid value: ${p.nodePort}: provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`);
          else if ((!held && alloc.portTaken(p.nodePort, key)) || chosen.has(p.nodePort))
            invalid(`spec.ports[${i}].nodePort`, `Invalid value: ${p.nodePort}: provided port is already allocated`);
          chosen.add(p.nodePort);
        } else {
          p.nodePort = alloc.nextPort(key, chosen);
          chosen.add(p.nodePort);
        }
      });
      if (external) {
        spec.externalTrafficPolicy ??= 'Cluster';
        if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
      } else if (spec.externalTrafficPolicy && spec.type !== 'ExternalName') {
        invalid('spec.externalTrafficPolicy', `Invalid value: "${spec.externalTrafficPolicy}": may only be set for externally-accessible services`);
      }
      // healthCheckNodePort: LoadBalancer + Local only (kube-proxy serves it; fact sheet §1).
      if (spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local') {
        const hc = spec.healthCheckNodePort || oldSpec.healthCheckNodePort;
        if (hc) {
          if (hc !== oldSpec.healthCheckNodePort && (alloc.portTaken(hc, key) || chosen.has(hc))) invalid('spec.healthCheckNodePort', `Invalid value: ${hc}: provided port is already allocated`);
          spec.healthCheckNodePort = hc;
        } else spec.healthCheckNodePort = alloc.nextPort(key, chosen);
      } else if (spec.healthCheckNodePort) {
        invalid('spec.healthCheckNodePort', 'Invalid value: ' + spec.healthCheckNodePort + ': may only be set when `type` is \'LoadBalancer\' and `externalTrafficPolicy` is \'Local\'');
      }
      if (causes.length) throw errors.invalid(res, obj.metadata.name, causes);
      const status = obj.status ?? { loadBalancer: {} };
      if (spec.type !== 'LoadBalancer' && status.loadBalancer?.ingress) status.loadBalancer = {};
      return { ...obj, spec, status };
    },
  };
}

export interface LbPool {
  name: string;
  addresses: string[];
}

/** Assigns LoadBalancer ingress IPs from the scenario's pools (honours spec.loadBalancerIP). */
export function startLoadBalancerController(api: ObjectApi, pools: LbPool[]): void {
  const svcRes = resourceByPlural('services');
  const ranges = pools.flatMap((p) => p.addresses.map(parseRange));
  if (ranges.length === 0) return;
  const inUse = () => new Set(api.store.list(svcRes).flatMap((s) => ((s.status?.loadBalancer?.ingress ?? []) as any[]).map((i) => i.ip)));
  const pick = (wanted: string | undefined): string | undefined => {
    const used = inUse();
    if (wanted) return ranges.some((r) => inRange(r, wanted)) && !used.has(wanted) ? wanted : undefined;
    for (const r of ranges) for (let n = r.first; n <= r.last; n++) if (!used.has(intToIp(n))) return intToIp(n);
    return undefined;
  };
  const reconcile = (svc: Obj) => {
    if (svc.spec?.type !== 'LoadBalancer' || svc.metadata.deletionTimestamp) return;
    if ((svc.status?.loadBalancer?.ingress ?? []).length) return;
    const ip = pick(svc.spec?.loadBalancerIP);
    if (!ip) return;
    api.update(svcRes, svc.metadata.namespace, svc.metadata.name, { ...svc, status: { loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } } }, 'status', { fieldManager: 'lab-lb-controller' });
  };
  api.store.onEvent((e) => {
    if (e.res === svcRes && e.type !== 'DELETED') queueMicrotask(() => {
      const cur = api.store.get(svcRes, e.obj.metadata.namespace, e.obj.metadata.name);
      if (cur) reconcile(cur);
    });
  });
  for (const s of api.store.list(svcRes)) reconcile(s);
}
/* eslint-enable @typescript-eslint/no-explicit-any */
