// From Kubernetes JSON (Service, EndpointSlice) to the per-service-port view kube-proxy works
// with (its ServicePort / Endpoint / EndpointsMap). IPv4 only, like the lab.
import type { KObject } from '../data-plane';
import { endpointChain, serviceChain, servicePortNameString } from './chain-names';

export interface ServicePortInfo {
  namespace: string;
  name: string;
  portName: string;
  /** "ns/name:port" */
  nameString: string;
  /** lower-case, as used in rules and hashes */
  protocol: string;
  clusterIP: string;
  port: number;
  nodePort: number;
  externalIPs: string[];
  loadBalancerVIPs: string[];
  loadBalancerSourceRanges: string[];
  sessionAffinityClientIP: boolean;
  stickyMaxAgeSeconds: number;
  externalPolicyLocal: boolean;
  internalPolicyLocal: boolean;
  healthCheckNodePort: number;
  chains: { svc: string; svl: string; ext: string; fw: string };
}

export interface EndpointInfo {
  ip: string;
  port: number;
  /** "ip:port" — Endpoint.String() */
  key: string;
  isLocal: boolean;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  nodeName: string;
  chain: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
export const isIPv4 = (s: unknown): s is string => typeof s === 'string' && IPV4.test(s.trim());

export function externallyAccessible(s: ServicePortInfo): boolean {
  return s.nodePort !== 0 || s.loadBalancerVIPs.length > 0 || s.externalIPs.length > 0;
}
/** Cluster-policy endpoints are needed unless every traffic class is Local. */
export function usesClusterEndpoints(s: ServicePortInfo): boolean {
  return !s.internalPolicyLocal || (externallyAccessible(s) && !s.externalPolicyLocal);
}
export function usesLocalEndpoints(s: ServicePortInfo): boolean {
  return s.internalPolicyLocal || (externallyAccessible(s) && s.externalPolicyLocal);
}

/** Service JSON → one ServicePortInfo per port; headless / ExternalName services are skipped. */
export function servicePorts(service: KObject): ServicePortInfo[] {
  const spec: Json = service.spec ?? {};
  const status: Json = service.status ?? {};
  const type: string = spec.type ?? 'ClusterIP';
  if (type === 'ExternalName') return [];
  const clusterIP = [spec.clusterIP, ...(spec.clusterIPs ?? [])].find(isIPv4);
  if (!clusterIP) return []; // "" or "None": not proxied
  const namespace = service.metadata.namespace ?? 'default';
  const name = service.metadata.name;
  const externalIPs: string[] = (spec.externalIPs ?? []).filter(isIPv4);
  const isLB = type === 'LoadBalancer';
  // ipMode Proxy: the LB is not a VIP on the node, kube-proxy leaves it alone (fact sheet §4).
  const loadBalancerVIPs: string[] = isLB
    ? (status.loadBalancer?.ingress ?? []).filter((i: Json) => isIPv4(i?.ip) && (i.ipMode ?? 'VIP') === 'VIP').map((i: Json) => i.ip)
    : [];
  const loadBalancerSourceRanges: string[] = isLB ? (spec.loadBalancerSourceRanges ?? []).map((r: string) => r.trim()).filter(Boolean) : [];
  const externalPolicyLocal = (type === 'LoadBalancer' || type === 'NodePort' || externalIPs.length > 0) && spec.externalTrafficPolicy === 'Local';
  const internalPolicyLocal = spec.internalTrafficPolicy === 'Local';
  const healthCheckNodePort = isLB && externalPolicyLocal ? Number(spec.healthCheckNodePort ?? 0) : 0;
  const affinity = spec.sessionAffinity === 'ClientIP';
  return (spec.ports ?? []).map((p: Json): ServicePortInfo => {
    const portName: string = p.name ?? '';
    const protocol = String(p.protocol ?? 'TCP').toLowerCase();
    const nameString = servicePortNameString(namespace, name, portName);
    return {
      namespace,
      name,
      portName,
      nameString,
      protocol,
      clusterIP: clusterIP.trim(),
      port: Number(p.port),
      nodePort: Number(p.nodePort ?? 0),
      externalIPs,
      loadBalancerVIPs,
      loadBalancerSourceRanges,
      sessionAffinityClientIP: affinity,
      stickyMaxAgeSeconds: Number(spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800),
      externalPolicyLocal,
      internalPolicyLocal,
      healthCheckNodePort,
      chains: {
        svc: serviceChain('svc', nameString, protocol),
        svl: serviceChain('svl', nameString, protocol),
        ext: serviceChain('ext', nameString, protocol),
        fw: serviceChain('fw', nameString, protocol),
      },
    };
  });
}

const portKey = (ns: string, svc: string, portName: string, protocol: string) => `${ns}/${svc}:${portName}/${protocol}`;
export const servicePortKey = (s: ServicePortInfo) => portKey(s.namespace, s.name, s.portName, s.protocol);

/**
 * EndpointSlices → endpoints per service port (keyed like servicePortKey), deduplicated by
 * "ip:port" and sorted by it, as kube-proxy's EndpointSliceCache does. Conditions: ready
 * defaults to true, serving to true, terminating to false.
 */
export function endpointsByServicePort(slices: KObject[], nodeName: string): Map<string, EndpointInfo[]> {
  const sets = new Map<string, Map<string, EndpointInfo>>();
  for (const slice of slices) {
    const s = slice as Json;
    if ((s.addressType ?? 'IPv4') !== 'IPv4') continue;
    const svc: string | undefined = slice.metadata.labels?.['kubernetes.io/service-name'];
    if (!svc) continue;
    const ns = slice.metadata.namespace ?? 'default';
    for (const port of s.ports ?? []) {
      // Upstream ignores a nil port name; Go always serialises "" for the unnamed port, so a
      // missing name is read as "" here.
      const portNum = Number(port?.port ?? 0);
      if (!portNum) continue;
      const protocol = String(port.protocol ?? 'TCP').toLowerCase();
      const portName: string = port.name ?? '';
      const key = portKey(ns, svc, portName, protocol);
      const set = sets.get(key) ?? new Map<string, EndpointInfo>();
      sets.set(key, set);
      const spn = servicePortNameString(ns, svc, portName);
      for (const ep of s.endpoints ?? []) {
        const ip = ep?.addresses?.[0];
        if (!isIPv4(ip)) continue;
        const c = ep.conditions ?? {};
        const epNode: string = ep.nodeName ?? '';
        const info: EndpointInfo = {
          ip,
          port: portNum,
          key: `${ip}:${portNum}`,
          isLocal: epNode !== '' && epNode === nodeName,
          ready: c.ready == null || c.ready === true,
          serving: c.serving == null || c.serving === true,
          terminating: c.terminating === true,
          nodeName: epNode,
          chain: endpointChain(spn, protocol, `${ip}:${portNum}`),
        };
        const prev = set.get(info.key);
        if (!prev || info.isLocal) set.set(info.key, info);
      }
    }
  }
  const out = new Map<string, EndpointInfo[]>();
  for (const [key, set] of sets) out.set(key, [...set.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
  return out;
}

export interface CategorizedEndpoints {
  clusterEndpoints: EndpointInfo[];
  localEndpoints: EndpointInfo[];
  allReachable: EndpointInfo[];
  hasAnyEndpoints: boolean;
}

/**
 * Which endpoints each traffic policy uses on this node (proxy.CategorizeEndpoints; topology
 * hints are not modelled). Ready endpoints first; when none are ready, serving-and-terminating
 * ones (ProxyTerminatingEndpoints, fact sheet §1), independently for Cluster and Local.
 */
export function categorizeEndpoints(endpoints: EndpointInfo[], svc: ServicePortInfo): CategorizedEndpoints {
  let clusterEndpoints: EndpointInfo[] = [];
  let localEndpoints: EndpointInfo[] = [];
  let hasAnyEndpoints = false;
  const servingTerminating = (e: EndpointInfo) => e.serving && e.terminating;
  if (usesClusterEndpoints(svc)) {
    clusterEndpoints = endpoints.filter((e) => e.ready);
    if (clusterEndpoints.length === 0) clusterEndpoints = endpoints.filter(servingTerminating);
    if (clusterEndpoints.length > 0) hasAnyEndpoints = true;
  }
  if (!usesLocalEndpoints(svc)) return { clusterEndpoints, localEndpoints, allReachable: clusterEndpoints, hasAnyEndpoints };
  let localReady = false;
  let localTerminating = false;
  for (const e of endpoints) {
    if (e.ready) {
      hasAnyEndpoints = true;
      if (e.isLocal) localReady = true;
    } else if (servingTerminating(e)) {
      hasAnyEndpoints = true;
      if (e.isLocal) localTerminating = true;
    }
  }
  if (localReady) localEndpoints = endpoints.filter((e) => e.isLocal && e.ready);
  else if (localTerminating) localEndpoints = endpoints.filter((e) => e.isLocal && servingTerminating(e));
  if (!usesClusterEndpoints(svc)) return { clusterEndpoints, localEndpoints, allReachable: localEndpoints, hasAnyEndpoints };
  if (!localTerminating || localReady) return { clusterEndpoints, localEndpoints, allReachable: clusterEndpoints, hasAnyEndpoints };
  const merged = new Map<string, EndpointInfo>();
  for (const e of [...clusterEndpoints, ...localEndpoints]) merged.set(e.key, e);
  return { clusterEndpoints, localEndpoints, allReachable: [...merged.values()], hasAnyEndpoints };
}
