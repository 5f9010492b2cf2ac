// Inputs and outputs of the prediction model. JSON-serialisable: inputs use optional fields,
// outputs use null for "not applicable / unknown".
import type { ExplainStep, Fix } from '../explain/types';
import type { CniKind, ObjectRef, Protocol } from '../inventory/types';

/** A hop outside the cluster that the user declares (public nginx, HAProxy, an LB we cannot see). */
export interface RelayDecl {
  name: string;
  address: string;
  mode: 'l4' | 'l7';
  proxyProtocol: 'v1' | 'v2' | null;
  addsXForwardedFor: boolean;
  forwardsTo: { node: string; port: number };
}

export type Origin =
  /** This desktop (or any client) outside the cluster. */
  | { kind: 'external'; clientAddress?: string }
  /**
   * A pod (not hostNetwork) on a node. `backend` names one of the service's own endpoint pods
   * (in the service's namespace): it calls its own Service, and when kube-proxy picks itself the
   * request hairpins and is masqueraded (fact sheet §1).
   */
  | { kind: 'pod'; node: string; podIP?: string; backend?: string }
  /** A process on a node, or a hostNetwork pod. */
  | { kind: 'node'; node: string }
  /** An outside client reaching the cluster through a declared relay. */
  | { kind: 'relay'; relay: RelayDecl; clientAddress?: string };

export type Target =
  /** A node address and NodePort; every node when `node` is omitted. */
  | { kind: 'nodePort'; port: number; node?: string; address?: string; protocol?: Protocol }
  /** A LoadBalancer ingress address and service port (first LB address when omitted). */
  | { kind: 'loadBalancer'; port: number; address?: string; protocol?: Protocol }
  /** The ClusterIP and service port. */
  | { kind: 'clusterIP'; port: number; address?: string; protocol?: Protocol }
  /** An Ingress rule; `entry` picks how the client reaches the ingress controller's Service. */
  | {
      kind: 'ingress';
      host: string | null;
      path: string;
      entry?: { kind: 'nodePort'; node?: string } | { kind: 'loadBalancer'; address?: string };
    };

export type HopKind = 'client' | 'relay' | 'lb' | 'node' | 'pod' | 'ingress';

export interface HopRef {
  /** Index into the path's hops. */
  hop: number;
  kind: HopKind;
  name: string;
}
export type HopAction = 'send' | 'dnat' | 'snat' | 'drop' | 'reject' | 'forward' | 'proxy' | 'deliver';

export interface Hop {
  at: { kind: HopKind; name: string; address: string };
  action: HopAction;
  sourceBefore: string;
  sourceAfter: string;
  /** Destination (address:port) after this hop. */
  destination: string;
  /** The rule or mechanism, e.g. "KUBE-EXT-… → KUBE-MARK-MASQ; KUBE-POSTROUTING MASQUERADE". */
  rule: string;
  /** Where the behaviour is documented: "source-ip-facts §1" or an upstream file. */
  factRef: string;
}

export type ObservedClass =
  | 'client'
  | 'client-egress'
  | 'node-ip'
  | 'bridge-gateway'
  | 'overlay'
  | 'lb'
  | 'relay'
  | 'ingress-pod'
  | 'pod'
  | 'unknown';

export type SnatVia = 'node-ip' | 'bridge-gateway' | 'overlay';

/** 'broken': delivered bytes the backend cannot parse (PROXY header expected but missing, or unexpected). */
export type VerdictKind = 'preserved' | 'snat' | 'dropped' | 'rejected' | 'proxied' | 'broken';
export type Outcome = 'delivered' | 'dropped' | 'rejected' | 'protocol-error';

export interface ProxyHeaderInfo {
  version: 'v1' | 'v2' | null;
  source: string;
  destination: string;
}

/** What travels besides the socket address: forwarded headers and the PROXY protocol header. */
export interface ForwardedInfo {
  xForwardedFor: string | null;
  xRealIp: string | null;
  proxyProtocol: ProxyHeaderInfo | null;
  /** Which carrier holds the original client address, if any does. */
  clientCarrier: 'x-forwarded-for' | 'x-real-ip' | 'proxy-protocol' | null;
  /** True when a client could forge the value the backend trusts (e.g. proxy-real-ip-cidr 0.0.0.0/0). */
  spoofable: boolean;
}

export interface PredictedPath {
  /** Stable within a prediction, e.g. "node2>198.19.1.5". */
  id: string;
  /** The node (and address:port) where the request enters the cluster; null when it never does. */
  entry: { node: string | null; address: string; port: number } | null;
  endpoint: { address: string; port: number | null; node: string | null; pod: string | null; terminating: boolean } | null;
  /** Chance that kube-proxy picks this endpoint on this entry node (1/n), null when not a choice. */
  probability: number | null;
  hops: Hop[];
  outcome: Outcome;
  /** The rule that dropped or rejected the request. */
  outcomeRule: string | null;
  /**
   * The source address the backend sees on its socket (null when nothing is delivered).
   * `exact` is false when the address is a placeholder or assumed (e.g. a proxy LB's own address).
   */
  observed: { address: string | null; class: ObservedClass; node: string | null; via: SnatVia | null; exact: boolean };
  /** The hop that last rewrote the socket source (the one that produced `observed`), if any. */
  rewrittenBy: HopRef | null;
  /** For 'snat': the first hop after which the client address travelled nowhere (socket, headers, PROXY). */
  clientLostAt: HopRef | null;
  forwarded: ForwardedInfo;
  verdict: VerdictKind;
  /** The address that counts as "the client" on this path (placeholder when unknown). */
  clientAddress: string;
  explanation: ExplainStep[];
  assumptions: ExplainStep[];
  warnings: ExplainStep[];
}

/** Paths that look the same to the user: "via node2 → any endpoint: SNAT to 198.18.0.12". */
export interface PathGroup {
  key: string;
  entryNode: string | null;
  outcome: Outcome;
  verdict: VerdictKind;
  observedAddress: string | null;
  observedClass: ObservedClass;
  rewrittenBy: { kind: HopKind; name: string } | null;
  pathIds: string[];
  /** Sum of the member paths' probabilities on this entry (1 when the group covers every choice). */
  probability: number | null;
  summary: ExplainStep;
}

export interface DataplaneSummary {
  kind: 'kube-proxy' | 'cilium' | 'calico-ebpf' | 'calico-vpp';
  proxyMode: 'iptables' | 'ipvs' | 'nftables' | null;
  ciliumLbMode: 'snat' | 'dsr' | 'hybrid' | 'annotation' | null;
  cni: CniKind;
  localDetector: 'ClusterCIDR' | 'NodeCIDR' | 'BridgeInterface' | 'InterfaceNamePrefix' | 'none';
}

export interface Prediction {
  service: ObjectRef | null;
  origin: Origin;
  target: Target;
  dataplane: DataplaneSummary;
  paths: PredictedPath[];
  groups: PathGroup[];
  /** Union of the paths' assumptions plus global ones (deduplicated). */
  assumptions: ExplainStep[];
  warnings: ExplainStep[];
  fixes: Fix[];
}

/** Placeholder for an outside client whose address is not known before the probe runs. */
export const UNKNOWN_CLIENT = '<client>';

export function isPlaceholder(address: string | null): boolean {
  return address !== null && address.startsWith('<');
}
