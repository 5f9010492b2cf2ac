// Builders for inventories in tests (and for the lead's fixtures). The seed scenario is the
// lab's: node1 198.18.0.11 (pod CIDR 198.19.1.0/24), node2 198.18.0.12 (198.19.2.0/24), one
// endpoint on node1, NodePort 30080.
import { defaultIngressNginxConfig } from '../inventory/detect-ingress';
import type {
  CniInfo,
  EndpointInfo,
  IngressControllerInfo,
  IngressInfo,
  Inventory,
  NodeInfo,
  PodInfo,
  ProxyConfig,
  ServiceInfo,
} from '../inventory/types';

export function makeNode(name: string, ip: string, podCIDR: string, extra: Partial<NodeInfo> = {}): NodeInfo {
  return {
    name,
    addresses: { internalIPs: [ip], externalIPs: [], hostnames: [name] },
    podCIDRs: [podCIDR],
    zone: null,
    ready: true,
    unschedulable: false,
    taints: [],
    labels: { 'kubernetes.io/hostname': name },
    tunnel: null,
    routerAddress: null,
    flannelBackend: null,
    warnings: [],
    ...extra,
  };
}

export function makeService(extra: Partial<ServiceInfo> = {}): ServiceInfo {
  return {
    namespace: 'default',
    name: 'echo',
    type: 'NodePort',
    clusterIPs: ['10.96.0.50'],
    ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 }],
    externalTrafficPolicy: 'Cluster',
    internalTrafficPolicy: 'Cluster',
    healthCheckNodePort: null,
    loadBalancer: { ingress: [], loadBalancerClass: null, sourceRanges: [], proxyProtocol: null },
    externalIPs: [],
    sessionAffinity: 'None',
    selector: { app: 'echo' },
    annotations: {},
    warnings: [],
    ...extra,
  };
}

export function makeEndpoint(address: string, nodeName: string | null, extra: Partial<EndpointInfo> = {}): EndpointInfo {
  return {
    address,
    nodeName,
    zone: null,
    ready: true,
    serving: true,
    terminating: false,
    targetRef: { kind: 'Pod', namespace: 'default', name: `echo-${address.split('.').pop() ?? 'x'}` },
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    ...extra,
  };
}

export function makeProxy(extra: Partial<ProxyConfig> = {}): ProxyConfig {
  return {
    source: 'configmap',
    mode: 'iptables',
    clusterCIDR: '198.19.0.0/16',
    masqueradeAll: false,
    detectLocalMode: 'ClusterCIDR',
    detectLocalValue: null,
    nodePortAddresses: [],
    daemonSetPresent: true,
    replacedBy: null,
    warnings: [],
    ...extra,
  };
}

export function makeCni(extra: Partial<CniInfo> = {}): CniInfo {
  return { kind: 'unknown', evidence: [], calico: null, cilium: null, flannel: null, warnings: [], ...extra };
}

export function makePod(name: string, ip: string, nodeName: string, extra: Partial<PodInfo> = {}): PodInfo {
  return { namespace: 'default', name, ip, nodeName, hostNetwork: false, ready: true, phase: 'Running', labels: {}, ...extra };
}

export function makeIngressController(extra: Partial<IngressControllerInfo> = {}): IngressControllerInfo {
  return {
    className: 'nginx',
    controller: 'k8s.io/ingress-nginx',
    kind: 'ingress-nginx',
    isDefaultClass: true,
    namespace: 'ingress-nginx',
    workload: { kind: 'Deployment', namespace: 'ingress-nginx', name: 'ingress-nginx-controller' },
    hostNetwork: false,
    service: { namespace: 'ingress-nginx', name: 'ingress-nginx-controller' },
    serviceInfo: makeService({
      namespace: 'ingress-nginx',
      name: 'ingress-nginx-controller',
      clusterIPs: ['10.96.0.10'],
      ports: [
        { name: 'http', protocol: 'TCP', port: 80, targetPort: 'http', nodePort: 31080 },
        { name: 'https', protocol: 'TCP', port: 443, targetPort: 'https', nodePort: 31443 },
      ],
    }),
    pods: [makePod('ingress-nginx-controller-abc', '198.19.2.20', 'node2', { namespace: 'ingress-nginx' })],
    configMap: { namespace: 'ingress-nginx', name: 'ingress-nginx-controller' },
    config: defaultIngressNginxConfig(),
    warnings: [],
    ...extra,
  };
}

export function makeIngress(extra: Partial<IngressInfo> = {}): IngressInfo {
  return {
    namespace: 'default',
    name: 'echo',
    className: 'nginx',
    rules: [{ host: 'echo.example.test', paths: [{ path: '/', pathType: 'Prefix', backend: { service: 'echo', port: 80 } }] }],
    defaultBackend: null,
    tls: false,
    warnings: [],
    ...extra,
  };
}

export function makeInventory(extra: Partial<Inventory> = {}): Inventory {
  return {
    cluster: { context: 'lab', serverHash: 'abc123', version: 'v1.31.0' },
    nodes: [makeNode('node1', '198.18.0.11', '198.19.1.0/24'), makeNode('node2', '198.18.0.12', '198.19.2.0/24')],
    service: makeService(),
    endpoints: [makeEndpoint('198.19.1.5', 'node1')],
    pods: [],
    proxy: makeProxy(),
    cni: makeCni(),
    ingressControllers: [],
    ingresses: [],
    warnings: [],
    ...extra,
  };
}
