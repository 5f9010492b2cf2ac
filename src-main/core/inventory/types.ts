// The inventory: what SNATScope knows about a cluster, normalised from raw Kubernetes objects
// by the detect-* functions. Plain JSON data only (no classes, Maps or Dates) so it can cross
// the contract and be stored in a result document. Absent values are `null`, never undefined.

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface ObjectRef {
  namespace: string;
  name: string;
}

export interface Taint {
  key: string;
  value: string | null;
  effect: string;
}

/** A tunnel/overlay device address of a node, read from CNI annotations on the Node. */
export interface NodeTunnel {
  kind: 'vxlan' | 'ipip' | 'wireguard' | 'geneve' | 'unknown';
  address: string;
  /** The annotation (or rule) this came from, e.g. `projectcalico.org/IPv4VXLANTunnelAddr`. */
  source: string;
}

export interface NodeInfo {
  name: string;
  addresses: { internalIPs: string[]; externalIPs: string[]; hostnames: string[] };
  podCIDRs: string[];
  zone: string | null;
  ready: boolean;
  unschedulable: boolean;
  taints: Taint[];
  labels: Record<string, string>;
  /** Overlay device address (flannel.1 = .0 of the pod CIDR, vxlan.calico, tunl0, …) or null. */
  tunnel: NodeTunnel | null;
  /** Cilium's cilium_host router address (`network.cilium.io/ipv4-cilium-host`), or null. */
  routerAddress: string | null;
  /** Flannel backend from `flannel.alpha.coreos.com/backend-type`, or null. */
  flannelBackend: string | null;
  warnings: string[];
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
export type TrafficPolicy = 'Cluster' | 'Local';

export interface ServicePortInfo {
  name: string | null;
  protocol: Protocol;
  port: number;
  targetPort: string | number;
  nodePort: number | null;
}

export interface LoadBalancerIngressInfo {
  ip: string | null;
  hostname: string | null;
  ipMode: 'VIP' | 'Proxy' | null;
}

/** PROXY protocol requested from the cloud/LB controller by a Service annotation. */
export interface ProxyProtocolAnnotation {
  annotation: string;
  value: string;
  version: 'v1' | 'v2' | null;
}

export interface ServiceInfo {
  namespace: string;
  name: string;
  type: ServiceType;
  clusterIPs: string[];
  ports: ServicePortInfo[];
  externalTrafficPolicy: TrafficPolicy;
  internalTrafficPolicy: TrafficPolicy;
  healthCheckNodePort: number | null;
  loadBalancer: {
    ingress: LoadBalancerIngressInfo[];
    loadBalancerClass: string | null;
    sourceRanges: string[];
    proxyProtocol: ProxyProtocolAnnotation | null;
  };
  externalIPs: string[];
  sessionAffinity: 'None' | 'ClientIP';
  selector: Record<string, string> | null;
  /** Only the annotations that matter for source addresses (LB/cloud/Cilium ones). */
  annotations: Record<string, string>;
  warnings: string[];
}

export interface EndpointInfo {
  address: string;
  nodeName: string | null;
  zone: string | null;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  targetRef: { kind: string; namespace: string | null; name: string } | null;
  ports: { name: string | null; port: number; protocol: Protocol }[];
}

export interface PodInfo {
  namespace: string;
  name: string;
  ip: string | null;
  nodeName: string | null;
  hostNetwork: boolean;
  ready: boolean;
  phase: string;
  labels: Record<string, string>;
}

export type ProxyMode = 'iptables' | 'ipvs' | 'nftables' | 'kernelspace' | 'unknown';
export type DetectLocalMode = 'ClusterCIDR' | 'NodeCIDR' | 'BridgeInterface' | 'InterfaceNamePrefix' | 'unknown';

export interface ProxyConfig {
  /** Where the settings came from; 'absent' when neither the ConfigMap nor the DaemonSet was found. */
  source: 'configmap' | 'daemonset-args' | 'absent' | 'unparseable';
  mode: ProxyMode;
  clusterCIDR: string | null;
  masqueradeAll: boolean;
  detectLocalMode: DetectLocalMode;
  /** `detectLocal.bridgeInterface` / `interfaceNamePrefix`, when set. */
  detectLocalValue: string | null;
  /** Empty = all local addresses (iptables/ipvs) or the primary addresses (nftables). */
  nodePortAddresses: string[];
  /** Whether a kube-proxy DaemonSet exists: null when the caller did not look. */
  daemonSetPresent: boolean | null;
  replacedBy: 'cilium' | 'calico-ebpf' | null;
  warnings: string[];
}

export type CniKind = 'calico' | 'cilium' | 'flannel' | 'weave' | 'kindnet' | 'aws-vpc-cni' | 'unknown';

export interface CalicoInfo {
  dataplane: 'iptables' | 'bpf' | 'vpp' | 'nftables' | 'unknown';
  natOutgoing: boolean | null;
  encapsulation: 'ipip' | 'vxlan' | 'none' | 'unknown';
}

export interface CiliumInfo {
  kubeProxyReplacement: boolean | null;
  lbMode: 'snat' | 'dsr' | 'hybrid' | 'annotation' | null;
  /** Tunnel protocol ('vxlan', 'geneve') or 'disabled' for native routing; null when unknown. */
  tunnel: string | null;
}

export interface FlannelInfo {
  backend: 'vxlan' | 'host-gw' | 'wireguard' | 'udp' | 'unknown';
  ipMasq: boolean | null;
}

export interface CniInfo {
  kind: CniKind;
  evidence: string[];
  calico: CalicoInfo | null;
  cilium: CiliumInfo | null;
  flannel: FlannelInfo | null;
  warnings: string[];
}

export interface IngressNginxConfig {
  useForwardedHeaders: boolean;
  computeFullForwardedFor: boolean;
  useProxyProtocol: boolean;
  enableRealIp: boolean;
  forwardedForHeader: string;
  proxyRealIpCidr: string[];
}

export interface IngressControllerInfo {
  className: string;
  /** IngressClass spec.controller, e.g. `k8s.io/ingress-nginx`. */
  controller: string;
  kind: 'ingress-nginx' | 'other';
  isDefaultClass: boolean;
  namespace: string | null;
  workload: { kind: 'Deployment' | 'DaemonSet'; namespace: string; name: string } | null;
  hostNetwork: boolean;
  /** The controller's own Service (its front door), when found. */
  service: ObjectRef | null;
  serviceInfo: ServiceInfo | null;
  /** The controller's pods, when the caller supplied pods. */
  pods: PodInfo[];
  configMap: ObjectRef | null;
  /** ingress-nginx ConfigMap settings (defaults when absent or for other controllers). */
  config: IngressNginxConfig;
  warnings: string[];
}

export interface IngressBackendInfo {
  service: string;
  port: number | string;
}

export interface IngressInfo {
  namespace: string;
  name: string;
  className: string | null;
  rules: { host: string | null; paths: { path: string; pathType: string; backend: IngressBackendInfo }[] }[];
  defaultBackend: IngressBackendInfo | null;
  tls: boolean;
  warnings: string[];
}

export interface ClusterIdentity {
  context: string;
  serverHash: string;
  version: string | null;
}

/** The per-question view: one service, its endpoints and everything around it. */
export interface Inventory {
  cluster: ClusterIdentity;
  nodes: NodeInfo[];
  service: ServiceInfo | null;
  endpoints: EndpointInfo[];
  pods: PodInfo[];
  proxy: ProxyConfig;
  cni: CniInfo;
  ingressControllers: IngressControllerInfo[];
  ingresses: IngressInfo[];
  warnings: string[];
}

/** Endpoint counts of one service, for the scan. */
export interface EndpointSummary {
  ready: number;
  /** Node names that host at least one ready endpoint. */
  nodes: string[];
}

/** The cluster-wide view used by the hazard scan. */
export interface ClusterInventory {
  cluster: ClusterIdentity;
  nodes: NodeInfo[];
  services: ServiceInfo[];
  /** Keyed by `namespace/name`; null when the reader did not count endpoints. */
  endpointSummaries: Record<string, EndpointSummary> | null;
  proxy: ProxyConfig;
  cni: CniInfo;
  ingressControllers: IngressControllerInfo[];
  ingresses: IngressInfo[];
  warnings: string[];
}

export function serviceKey(ref: ObjectRef): string {
  return `${ref.namespace}/${ref.name}`;
}
