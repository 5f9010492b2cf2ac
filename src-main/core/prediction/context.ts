// Everything the model derives once per prediction: node lookup, the effective dataplane
// (kube-proxy mode or its replacement) and the local-traffic detector, with the assumptions made.
import { step, type ExplainStep } from '../explain/types';
import { anyCidrContains, cidrContains, sameIP } from '../inventory/detect-address';
import type { Inventory, NodeInfo, PodInfo } from '../inventory/types';
import type { DataplaneSummary } from './types';

export type KubeProxyMode = 'iptables' | 'ipvs' | 'nftables';

export interface Ctx {
  /** Restricts "every node" targets to these entry nodes (see PredictOptions). */
  entryNodes?: Set<string>;
  inv: Inventory;
  nodes: Map<string, NodeInfo>;
  podsByIP: Map<string, PodInfo>;
  dataplane: DataplaneSummary;
  /** kube-proxy mode used for rule names (also set, as iptables, when a replacement runs). */
  mode: KubeProxyMode;
  clusterCIDRs: string[];
  /** True when no ConfigMap told us the detector/cluster CIDR and we assume pods are recognised. */
  detectorAssumed: boolean;
  assumptions: ExplainStep[];
}

/** The effective dataplane; shared with the hazard scan. */
export function resolveDataplane(
  inv: Pick<Inventory, 'proxy' | 'cni'>,
  assumptions: ExplainStep[] = [],
): { summary: DataplaneSummary; mode: KubeProxyMode; detectorAssumed: boolean } {
  const { proxy, cni } = inv;
  let detector: DataplaneSummary['localDetector'];
  let detectorAssumed = false;
  const cidrs = (proxy.clusterCIDR ?? '').split(',').filter(Boolean);
  if (proxy.source === 'absent' || proxy.source === 'unparseable' || proxy.detectLocalMode === 'unknown') {
    detector = 'ClusterCIDR';
    detectorAssumed = cidrs.length === 0;
    assumptions.push(step('assume.detectorUnknown'));
  } else if (proxy.detectLocalMode === 'ClusterCIDR') {
    // kube-proxy installs no detector when clusterCIDR is empty (NoOpLocalDetector).
    detector = cidrs.length > 0 ? 'ClusterCIDR' : 'none';
  } else {
    detector = proxy.detectLocalMode;
  }

  const base = { cni: cni.kind, localDetector: detector, ciliumLbMode: null, proxyMode: null } as const;
  if (cni.cilium?.kubeProxyReplacement === true || proxy.replacedBy === 'cilium') {
    return { summary: { ...base, kind: 'cilium', ciliumLbMode: cni.cilium?.lbMode ?? 'snat' }, mode: 'iptables', detectorAssumed };
  }
  if (cni.calico?.dataplane === 'bpf' || proxy.replacedBy === 'calico-ebpf') {
    return { summary: { ...base, kind: 'calico-ebpf' }, mode: 'iptables', detectorAssumed };
  }
  if (cni.calico?.dataplane === 'vpp') {
    return { summary: { ...base, kind: 'calico-vpp' }, mode: 'iptables', detectorAssumed };
  }
  let mode: KubeProxyMode;
  if (proxy.mode === 'iptables' || proxy.mode === 'ipvs' || proxy.mode === 'nftables') mode = proxy.mode;
  else {
    mode = 'iptables';
    assumptions.push(step(proxy.mode === 'kernelspace' ? 'assume.kernelspace' : 'assume.proxyModeUnknown'));
  }
  return { summary: { ...base, kind: 'kube-proxy', proxyMode: mode }, mode, detectorAssumed };
}

export function buildContext(inv: Inventory): Ctx {
  const assumptions: ExplainStep[] = [];
  const nodes = new Map<string, NodeInfo>();
  for (const n of inv.nodes) if (!nodes.has(n.name)) nodes.set(n.name, n);
  const podsByIP = new Map<string, PodInfo>();
  for (const p of inv.pods) if (p.ip && !p.hostNetwork && !podsByIP.has(p.ip)) podsByIP.set(p.ip, p);
  const { summary, mode, detectorAssumed } = resolveDataplane(inv, assumptions);
  return {
    inv,
    nodes,
    podsByIP,
    dataplane: summary,
    mode,
    clusterCIDRs: (inv.proxy.clusterCIDR ?? '').split(',').filter(Boolean),
    detectorAssumed,
    assumptions,
  };
}

export type SrcKind = 'outside' | 'pod' | 'host';

/**
 * kube-proxy's local-traffic detector: does `src` count as "from a pod" on node `at`?
 * ClusterCIDR: -s <clusterCIDR>; NodeCIDR: -s <this node's podCIDR>; BridgeInterface /
 * InterfaceNamePrefix: arrived on a local pod interface (KP-IPT, pkg/proxy/util/localdetector).
 */
export function detectsAsPod(ctx: Ctx, src: string, kind: SrcKind, srcNode: string | null, at: NodeInfo): boolean {
  switch (ctx.dataplane.localDetector) {
    case 'none':
      return false;
    case 'ClusterCIDR':
      if (ctx.clusterCIDRs.length > 0 && !src.startsWith('<')) return anyCidrContains(ctx.clusterCIDRs, src);
      return kind === 'pod';
    case 'NodeCIDR':
      if (!src.startsWith('<')) return at.podCIDRs.some((c) => cidrContains(c, src));
      return kind === 'pod' && srcNode === at.name;
    case 'BridgeInterface':
    case 'InterfaceNamePrefix':
      return kind === 'pod' && srcNode === at.name;
  }
}

/** `-m addrtype --src-type LOCAL`: the source is one of this node's own addresses. */
export function isLocalSource(src: string, kind: SrcKind, srcNode: string | null, at: NodeInfo): boolean {
  if (kind === 'host' && srcNode === at.name) return true;
  return [...at.addresses.internalIPs, ...at.addresses.externalIPs].some((a) => sameIP(a, src));
}

export function nodeByAddress(ctx: Ctx, address: string): NodeInfo | null {
  for (const n of ctx.nodes.values()) {
    if ([...n.addresses.internalIPs, ...n.addresses.externalIPs].some((a) => sameIP(a, address))) return n;
  }
  return null;
}
