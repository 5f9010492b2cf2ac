// V1Service → ServiceInfo, including the LB status (`ipMode`) and the PROXY-protocol
// annotations of common LB controllers (fact sheet §4).
import type { V1Service } from '@kubernetes/client-node';
import { isCIDR, normalizeIP } from './detect-address';
import { at, field, guarded, int, list, metaName, metaNamespace, nonEmptyStr, obj, own, str, strMap } from './detect-json';
import type { LoadBalancerIngressInfo, Protocol, ProxyProtocolAnnotation, ServiceInfo, ServicePortInfo, ServiceType } from './types';

/** Annotation prefixes worth keeping: LB controllers, cloud providers, Cilium. */
const RELEVANT_PREFIXES = [
  'service.beta.kubernetes.io/',
  'service.kubernetes.io/',
  'load-balancer.hetzner.cloud/',
  'loadbalancer.openstack.org/',
  'metallb.universe.tf/',
  'metallb.io/',
  'service.cilium.io/',
  'io.cilium/',
  'lbipam.cilium.io/',
  'kube-vip.io/',
  'cloud.google.com/',
  'networking.gke.io/',
  'oci.oraclecloud.com/',
  'oci-network-load-balancer.oraclecloud.com/',
  'kubernetes.civo.com/',
];

export function isRelevantServiceAnnotation(key: string): boolean {
  return RELEVANT_PREFIXES.some((p) => key.startsWith(p));
}

type PPRule = { key: string; version: (value: string, annotations: Record<string, string>) => 'v1' | 'v2' | null | false };

const on = (v: string): boolean => !['', 'false', 'none', 'disabled', '0', 'no'].includes(v.trim().toLowerCase());
const explicit = (v: string): 'v1' | 'v2' | null | false => {
  const s = v.trim().toLowerCase();
  if (!on(s)) return false;
  if (s.includes('v2') || s === 'send-proxy-v2') return 'v2';
  if (s.includes('v1') || s === 'send-proxy') return 'v1';
  return null;
};

// Each LB controller's documented PROXY-protocol switch; the version when the docs fix it.
const PROXY_PROTOCOL_RULES: PPRule[] = [
  {
    key: 'service.beta.kubernetes.io/aws-load-balancer-proxy-protocol',
    // Classic ELB sends v1; NLB ("nlb"/"external" via the AWS LB controller) sends v2.
    version: (v, a) => {
      if (!on(v)) return false;
      const type = own(a, 'service.beta.kubernetes.io/aws-load-balancer-type') ?? '';
      return type === 'nlb' || type === 'external' || type === 'nlb-ip' ? 'v2' : 'v1';
    },
  },
  { key: 'service.beta.kubernetes.io/do-loadbalancer-enable-proxy-protocol', version: (v) => (on(v) ? 'v1' : false) },
  { key: 'load-balancer.hetzner.cloud/uses-proxyprotocol', version: (v) => (on(v) ? null : false) },
  { key: 'service.beta.kubernetes.io/linode-loadbalancer-proxy-protocol', version: explicit },
  { key: 'service.beta.kubernetes.io/scw-loadbalancer-proxy-protocol-v2', version: (v) => (on(v) ? 'v2' : false) },
  { key: 'service.beta.kubernetes.io/scw-loadbalancer-proxy-protocol-v1', version: (v) => (on(v) ? 'v1' : false) },
  { key: 'service.beta.kubernetes.io/ovh-loadbalancer-proxy-protocol', version: explicit },
  { key: 'loadbalancer.openstack.org/proxy-protocol', version: (v) => { const e = explicit(v); return e === null ? 'v1' : e; } },
  { key: 'kubernetes.civo.com/loadbalancer-enable-proxy-protocol', version: explicit },
  { key: 'oci-network-load-balancer.oraclecloud.com/is-ppv2-enabled', version: (v) => (on(v) ? 'v2' : false) },
  { key: 'service.beta.kubernetes.io/azure-pls-proxy-protocol', version: (v) => (on(v) ? 'v2' : false) },
];

export function proxyProtocolFromAnnotations(annotations: Record<string, string>): ProxyProtocolAnnotation | null {
  for (const rule of PROXY_PROTOCOL_RULES) {
    const value = own(annotations, rule.key);
    if (value === null) continue;
    const version = rule.version(value, annotations);
    if (version !== false) return { annotation: rule.key, value, version };
  }
  return null;
}

function protocolOf(x: unknown): Protocol {
  const p = str(x);
  return p === 'UDP' || p === 'SCTP' ? p : 'TCP';
}

function serviceType(x: unknown): ServiceType {
  const t = str(x);
  return t === 'NodePort' || t === 'LoadBalancer' || t === 'ExternalName' ? t : 'ClusterIP';
}

function emptyService(namespace: string, name: string): ServiceInfo {
  return {
    namespace,
    name,
    type: 'ClusterIP',
    clusterIPs: [],
    ports: [],
    externalTrafficPolicy: 'Cluster',
    internalTrafficPolicy: 'Cluster',
    healthCheckNodePort: null,
    loadBalancer: { ingress: [], loadBalancerClass: null, sourceRanges: [], proxyProtocol: null },
    externalIPs: [],
    sessionAffinity: 'None',
    selector: null,
    annotations: {},
    warnings: [],
  };
}

function addresses(values: unknown[], what: string, warnings: string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    const s = nonEmptyStr(v);
    if (s === null || s === 'None') continue;
    const ip = normalizeIP(s);
    if (ip === null) warnings.push(`${what} ${JSON.stringify(s.slice(0, 64))} is not an address`);
    else if (!out.includes(ip)) out.push(ip);
  }
  return out;
}

export function serviceInfo(service: V1Service): ServiceInfo {
  const raw: unknown = service;
  const namespace = metaNamespace(raw);
  const name = metaName(raw);
  return guarded(`service ${namespace}/${name}`, () => emptyService(namespace, name), () => {
    const info = emptyService(namespace, name);
    const spec = field(raw, 'spec');
    info.type = serviceType(field(spec, 'type'));

    const ips = list(field(spec, 'clusterIPs'));
    info.clusterIPs = addresses(ips.length > 0 ? ips : [field(spec, 'clusterIP')], 'clusterIP', info.warnings);

    for (const p of list(field(spec, 'ports'))) {
      const port = int(field(p, 'port'));
      if (port === null || port < 1 || port > 65535) {
        info.warnings.push('service port without a valid port number skipped');
        continue;
      }
      const tp = field(p, 'targetPort');
      const targetPort: string | number = typeof tp === 'number' && Number.isInteger(tp) ? tp : (nonEmptyStr(tp) ?? port);
      const nodePort = int(field(p, 'nodePort'));
      const sp: ServicePortInfo = {
        name: nonEmptyStr(field(p, 'name')),
        protocol: protocolOf(field(p, 'protocol')),
        port,
        targetPort,
        nodePort: nodePort !== null && nodePort > 0 && nodePort <= 65535 ? nodePort : null,
      };
      info.ports.push(sp);
    }

    // Traffic policies default to Cluster (the API server defaults eTP only for NodePort/LB).
    info.externalTrafficPolicy = str(field(spec, 'externalTrafficPolicy')) === 'Local' ? 'Local' : 'Cluster';
    info.internalTrafficPolicy = str(field(spec, 'internalTrafficPolicy')) === 'Local' ? 'Local' : 'Cluster';
    const hc = int(field(spec, 'healthCheckNodePort'));
    info.healthCheckNodePort = hc !== null && hc > 0 ? hc : null;
    info.sessionAffinity = str(field(spec, 'sessionAffinity')) === 'ClientIP' ? 'ClientIP' : 'None';
    const selector = obj(field(spec, 'selector'));
    info.selector = selector ? strMap(selector) : null;
    info.externalIPs = addresses(list(field(spec, 'externalIPs')), 'externalIP', info.warnings);

    info.loadBalancer.loadBalancerClass = nonEmptyStr(field(spec, 'loadBalancerClass'));
    for (const r of list(field(spec, 'loadBalancerSourceRanges'))) {
      const s = nonEmptyStr(r)?.trim();
      if (s && isCIDR(s)) info.loadBalancer.sourceRanges.push(s);
      else if (s) info.warnings.push(`loadBalancerSourceRange ${JSON.stringify(s.slice(0, 64))} is not a CIDR`);
    }
    for (const ing of list(at(raw, 'status', 'loadBalancer', 'ingress'))) {
      const ipText = nonEmptyStr(field(ing, 'ip'));
      const ip = ipText === null ? null : normalizeIP(ipText);
      if (ipText !== null && ip === null) info.warnings.push('load balancer ingress ip is not an address');
      const mode = str(field(ing, 'ipMode'));
      const entry: LoadBalancerIngressInfo = {
        ip,
        hostname: nonEmptyStr(field(ing, 'hostname')),
        ipMode: mode === 'VIP' || mode === 'Proxy' ? mode : null,
      };
      if (entry.ip !== null || entry.hostname !== null) info.loadBalancer.ingress.push(entry);
    }

    info.annotations = strMap(at(raw, 'metadata', 'annotations'), isRelevantServiceAnnotation);
    info.loadBalancer.proxyProtocol = proxyProtocolFromAnnotations(info.annotations);
    if (!name) info.warnings.push('service without a name');
    return info;
  });
}
