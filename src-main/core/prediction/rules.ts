// The rule text shown on each hop, per kube-proxy mode. Chain names follow KP-IPT (v1.28+),
// KP-IPVS (ipsets) and KP-NFT (table kube-proxy). Real chain suffixes are hashes; we show the
// service port name instead ("KUBE-EXT-<ns/svc:port>").
import type { KubeProxyMode } from './context';

export interface RuleNames {
  svcPort: string; // ns/svc:port
  proto: string; // tcp | udp | sctp
}

const FACT_KP = 'source-ip-facts §1';

export const FACT = {
  kubeProxy: FACT_KP,
  iptables: 'source-ip-facts §1; kubernetes pkg/proxy/iptables/proxier.go',
  ipvs: 'source-ip-facts §1; kubernetes pkg/proxy/ipvs/README.md',
  nftables: 'source-ip-facts §1; kubernetes pkg/proxy/nftables/proxier.go',
  terminating: 'source-ip-facts §1; kubernetes pkg/proxy/topology.go CategorizeEndpoints',
  upstreamTests: 'source-ip-facts §2',
  dataplanes: 'source-ip-facts §3',
  cilium: 'source-ip-facts §3; Cilium docs, kube-proxy-free (DSR / hybrid)',
  calico: 'source-ip-facts §3; Calico eBPF / VPP docs',
  flannel: 'source-ip-facts §3; flannel --ip-masq',
  layers: 'source-ip-facts §4',
  ingressNginx: 'source-ip-facts §4; ingress-nginx nginx.tmpl (realip, X-Forwarded-For)',
  lb: 'source-ip-facts §4; KEP-1860 ipMode',
} as const;

export function factFor(mode: KubeProxyMode): string {
  return mode === 'ipvs' ? FACT.ipvs : mode === 'nftables' ? FACT.nftables : FACT.iptables;
}

export function extEntryRule(mode: KubeProxyMode, n: RuleNames, dest: 'nodePort' | 'lb' | 'externalIP', firewall: boolean): string {
  switch (mode) {
    case 'iptables': {
      const first = dest === 'nodePort' ? 'KUBE-SERVICES → KUBE-NODEPORTS (--dst-type LOCAL)' : `KUBE-SERVICES (${dest === 'lb' ? 'loadbalancer IP' : 'external IP'})`;
      return `${first} → ${firewall ? `KUBE-FW-<${n.svcPort}> → ` : ''}KUBE-EXT-<${n.svcPort}>`;
    }
    case 'ipvs':
      return dest === 'nodePort'
        ? `KUBE-NODE-PORT (ipset KUBE-NODE-PORT-${n.proto.toUpperCase()}); IPVS virtual server on the node address`
        : `KUBE-SERVICES (ipset ${dest === 'lb' ? 'KUBE-LOAD-BALANCER' : 'KUBE-EXTERNAL-IP'}); IPVS virtual server on kube-ipvs0`;
    case 'nftables':
      return dest === 'nodePort'
        ? `nat-prerouting → services → nodeport-ips / service-nodeports → external-<${n.svcPort}>`
        : `nat-prerouting → services → service-ips → ${firewall ? 'firewall-check → ' : ''}external-<${n.svcPort}>`;
  }
}

export function markMasqRule(mode: KubeProxyMode, n: RuleNames): string {
  switch (mode) {
    case 'iptables':
      return `KUBE-EXT-<${n.svcPort}> → KUBE-MARK-MASQ (mark 0x4000)`;
    case 'ipvs':
      return `KUBE-NODE-PORT → KUBE-MARK-MASQ (mark 0x4000)`;
    case 'nftables':
      return `external-<${n.svcPort}> → mark-for-masquerade`;
  }
}

export function localPolicyRule(mode: KubeProxyMode, n: RuleNames): string {
  switch (mode) {
    case 'iptables':
      return `KUBE-EXT-<${n.svcPort}> → KUBE-SVL-<${n.svcPort}> (node-local endpoints, no masquerade)`;
    case 'ipvs':
      return `ipset KUBE-NODE-PORT-LOCAL-${n.proto.toUpperCase()} → RETURN before KUBE-MARK-MASQ; IPVS real servers: local endpoints only`;
    case 'nftables':
      return `external-<${n.svcPort}> → node-local endpoints only (no mark-for-masquerade)`;
  }
}

export function podShortCircuitRule(mode: KubeProxyMode, n: RuleNames, detector: string): string {
  switch (mode) {
    case 'iptables':
      return `KUBE-EXT-<${n.svcPort}>: "pod traffic for ${n.svcPort} external destinations" (${detector}) → KUBE-SVC-<${n.svcPort}>`;
    case 'ipvs':
      return `KUBE-NODE-PORT: pod traffic (${detector}) not masqueraded; IPVS real servers: all endpoints`;
    case 'nftables':
      return `external-<${n.svcPort}>: pod traffic (${detector}) → service-<${n.svcPort}>`;
  }
}

export function localSourceRule(mode: KubeProxyMode, n: RuleNames): string {
  switch (mode) {
    case 'iptables':
      return `KUBE-EXT-<${n.svcPort}>: "masquerade LOCAL traffic" (--src-type LOCAL) → KUBE-MARK-MASQ → KUBE-SVC-<${n.svcPort}>`;
    case 'ipvs':
      return `KUBE-NODE-PORT: --src-type LOCAL → KUBE-MARK-MASQ`;
    case 'nftables':
      return `external-<${n.svcPort}>: fib saddr type local → mark-for-masquerade → service-<${n.svcPort}>`;
  }
}

export function dnatRule(mode: KubeProxyMode, n: RuleNames, endpoint: string, local: boolean): string {
  switch (mode) {
    case 'iptables':
      return `${local ? 'KUBE-SVL' : 'KUBE-SVC'}-<${n.svcPort}> (statistic random) → KUBE-SEP-<${endpoint}> → DNAT --to-destination ${endpoint}`;
    case 'ipvs':
      return `IPVS virtual server → real server ${endpoint}`;
    case 'nftables':
      return `service-<${n.svcPort}> (numgen random) → endpoint-<${endpoint}> → dnat to ${endpoint}`;
  }
}

export function masqueradeRule(mode: KubeProxyMode): string {
  switch (mode) {
    case 'iptables':
      return 'KUBE-POSTROUTING: mark 0x4000 → MASQUERADE --random-fully';
    case 'ipvs':
      return 'KUBE-POSTROUTING: mark 0x4000 → MASQUERADE';
    case 'nftables':
      return 'nat-postrouting → masquerading: mark 0x4000 → masquerade fully-random';
  }
}

export function hairpinRule(mode: KubeProxyMode, endpoint: string): string {
  switch (mode) {
    case 'iptables':
      return `KUBE-SEP-<${endpoint}>: -s ${endpoint.replace(/:\d+$/, '')} → KUBE-MARK-MASQ (hairpin)`;
    case 'ipvs':
      return 'KUBE-POSTROUTING: ipset KUBE-LOOP-BACK → MASQUERADE (hairpin)';
    case 'nftables':
      return `endpoint-<${endpoint}>: saddr = endpoint → mark-for-masquerade (hairpin)`;
  }
}

export function dropNoLocalRule(mode: KubeProxyMode, n: RuleNames, internal: boolean): string {
  switch (mode) {
    case 'iptables':
      return `filter ${internal ? 'KUBE-SERVICES' : 'KUBE-EXTERNAL-SERVICES'}: "${n.svcPort} has no local endpoints" -j DROP`;
    case 'ipvs':
      return internal ? `IPVS virtual server has no local real servers` : `IPVS: the NodePort virtual server has no real servers on this node`;
    case 'nftables':
      return internal ? `service-endpoints-check → no-endpoint-services: drop` : `nodeport-endpoints-check → no-endpoint-nodeports: drop`;
  }
}

export function rejectNoEndpointsRule(mode: KubeProxyMode, n: RuleNames, internal: boolean): string {
  switch (mode) {
    case 'iptables':
      return `filter ${internal ? 'KUBE-SERVICES' : 'KUBE-EXTERNAL-SERVICES'}: "${n.svcPort} has no endpoints" -j REJECT`;
    case 'ipvs':
      return `IPVS virtual server without real servers (${n.svcPort} has no endpoints)`;
    case 'nftables':
      return `${internal ? 'service-endpoints-check → no-endpoint-services' : 'nodeport-endpoints-check → no-endpoint-nodeports'}: goto reject-chain`;
  }
}

export function clusterIPRule(mode: KubeProxyMode, n: RuleNames, local: boolean): string {
  switch (mode) {
    case 'iptables':
      return `KUBE-SERVICES (cluster IP) → ${local ? 'KUBE-SVL' : 'KUBE-SVC'}-<${n.svcPort}>`;
    case 'ipvs':
      return `IPVS virtual server on kube-ipvs0 (ipset KUBE-CLUSTER-IP)`;
    case 'nftables':
      return `nat-output/nat-prerouting → services → service-ips → service-<${n.svcPort}>`;
  }
}

export function clusterIPMasqRule(mode: KubeProxyMode, n: RuleNames, reason: 'masqueradeAll' | 'notLocal', detector: string): string {
  const why = reason === 'masqueradeAll' ? '--masquerade-all' : `! ${detector}`;
  switch (mode) {
    case 'iptables':
      return `KUBE-SVC-<${n.svcPort}>: cluster IP, ${why} → KUBE-MARK-MASQ`;
    case 'ipvs':
      return `KUBE-SERVICES: ipset KUBE-CLUSTER-IP, ${why} → KUBE-MARK-MASQ`;
    case 'nftables':
      return `service-<${n.svcPort}>: ${why} → mark-for-masquerade`;
  }
}

export function nodePortNotServedRule(mode: KubeProxyMode): string {
  return mode === 'nftables'
    ? 'nodeport-ips: the address is not a NodePort address (nodePortAddresses default "primary")'
    : 'KUBE-SERVICES: the address is outside --nodeport-addresses';
}
