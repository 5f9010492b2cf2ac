// kube-proxy's iptables proxier (v1.28+ layout, fact sheet §1 / KP-IPT) as a pure function:
// node settings + Services + EndpointSlices → the iptables-restore input for the filter and nat
// tables, in the order kube-proxy writes it (services sorted by name; upstream iterates a map).
// Applied with `iptables-restore --noflush` after the jump rules from renderJumpRules().
import type { KObject } from '../data-plane';
import { isServiceChainName } from './chain-names';
import {
  categorizeEndpoints,
  endpointsByServicePort,
  externallyAccessible,
  servicePortKey,
  servicePorts,
  usesClusterEndpoints,
  usesLocalEndpoints,
  type EndpointInfo,
  type ServicePortInfo,
} from './model';

export type LocalDetector = { mode: 'ClusterCIDR'; clusterCIDR: string } | { mode: 'none' };

export interface ProxyNodeConfig {
  nodeName: string;
  /** The node's addresses (KUBE-FW lets the node reach its own LB IPs when a source range covers it). */
  nodeIPs: string[];
  localDetector: LocalDetector;
  masqueradeAll?: boolean;
  /** 14 → mark 0x4000 (kube-proxy's default --iptables-masquerade-bit). */
  masqueradeBit?: number;
  /** kube-proxy's --iptables-localhost-nodeports (default true; sets route_localnet=1). */
  localhostNodePorts?: boolean;
  /** nf_conntrack_tcp_be_liberal set on the node: no INVALID drop rule. */
  conntrackTCPLiberal?: boolean;
  /** MASQUERADE --random-fully (iptables ≥ 1.6.2 has it; default true). */
  randomFully?: boolean;
}

export interface HealthCheckService {
  namespace: string;
  name: string;
  port: number;
  /** Ready endpoints of the service on this node (all its ports). */
  localEndpoints: number;
}

export interface RenderedProxyRules {
  /** iptables-restore input: *filter … COMMIT *nat … COMMIT */
  text: string;
  /** Per-service nat chains in use after this sync (pass as previousNatChains next time). */
  natChains: Set<string>;
  /** healthCheckNodePort servers this node should run (kube-proxy's ServiceHealthServer). */
  healthChecks: HealthCheckService[];
}

export interface RenderInput {
  node: ProxyNodeConfig;
  services: KObject[];
  endpointSlices: KObject[];
  /** Service chains present before this sync; those no longer used are flushed and deleted. */
  previousNatChains?: Iterable<string>;
}

/** Above this many endpoints kube-proxy drops per-endpoint comments to keep restores small. */
export const LARGE_CLUSTER_ENDPOINTS = 1000;

const q = (s: string) => `"${s}"`;

/** 1/n with 10 decimals, rounded half-to-even on the exact value like Go's %0.10f. */
export function probability(n: number): string {
  const scale = 10n ** 10n;
  const d = BigInt(n);
  let units = scale / d;
  const rem = scale % d;
  if (rem * 2n > d || (rem * 2n === d && units % 2n === 1n)) units += 1n;
  const whole = units / scale;
  const frac = (units % scale).toString().padStart(10, '0');
  return `${whole}.${frac}`;
}

class Lines {
  readonly lines: string[] = [];
  write(...parts: (string | string[])[]): void {
    this.lines.push(parts.flat().join(' '));
  }
}
const chainLine = (chain: string) => `:${chain} - [0:0]`;

export const CHAINS = {
  services: 'KUBE-SERVICES',
  externalServices: 'KUBE-EXTERNAL-SERVICES',
  nodePorts: 'KUBE-NODEPORTS',
  postrouting: 'KUBE-POSTROUTING',
  markMasq: 'KUBE-MARK-MASQ',
  forward: 'KUBE-FORWARD',
  proxyFirewall: 'KUBE-PROXY-FIREWALL',
  kubeletFirewall: 'KUBE-FIREWALL',
} as const;

/**
 * The jump rules kube-proxy (and kubelet, for KUBE-FIREWALL) ensure once in the built-in chains,
 * as `-I` so they sit first; listed so the final order matches kube-proxy's repeated prepends.
 */
export function renderJumpRules(opts: { localhostNodePorts?: boolean } = {}): string {
  const newConn = ['-m', 'conntrack', '--ctstate', 'NEW'];
  type Jump = { table: 'filter' | 'nat'; chain: string; from: string; comment: string; extra: string[] };
  const jumps: Jump[] = [
    { table: 'filter', chain: CHAINS.externalServices, from: 'INPUT', comment: 'kubernetes externally-visible service portals', extra: newConn },
    { table: 'filter', chain: CHAINS.externalServices, from: 'FORWARD', comment: 'kubernetes externally-visible service portals', extra: newConn },
    { table: 'filter', chain: CHAINS.nodePorts, from: 'INPUT', comment: 'kubernetes health check service ports', extra: [] },
    { table: 'filter', chain: CHAINS.services, from: 'FORWARD', comment: 'kubernetes service portals', extra: newConn },
    { table: 'filter', chain: CHAINS.services, from: 'OUTPUT', comment: 'kubernetes service portals', extra: newConn },
    { table: 'filter', chain: CHAINS.forward, from: 'FORWARD', comment: 'kubernetes forwarding rules', extra: [] },
    { table: 'filter', chain: CHAINS.proxyFirewall, from: 'INPUT', comment: 'kubernetes load balancer firewall', extra: newConn },
    { table: 'filter', chain: CHAINS.proxyFirewall, from: 'OUTPUT', comment: 'kubernetes load balancer firewall', extra: newConn },
    { table: 'filter', chain: CHAINS.proxyFirewall, from: 'FORWARD', comment: 'kubernetes load balancer firewall', extra: newConn },
    { table: 'nat', chain: CHAINS.services, from: 'OUTPUT', comment: 'kubernetes service portals', extra: [] },
    { table: 'nat', chain: CHAINS.services, from: 'PREROUTING', comment: 'kubernetes service portals', extra: [] },
    { table: 'nat', chain: CHAINS.postrouting, from: 'POSTROUTING', comment: 'kubernetes postrouting rules', extra: [] },
  ];
  if (opts.localhostNodePorts ?? true) {
    jumps.push({ table: 'filter', chain: CHAINS.kubeletFirewall, from: 'INPUT', comment: '', extra: [] });
    jumps.push({ table: 'filter', chain: CHAINS.kubeletFirewall, from: 'OUTPUT', comment: '', extra: [] });
  }
  const out: string[] = [];
  for (const table of ['filter', 'nat'] as const) {
    const mine = jumps.filter((j) => j.table === table);
    out.push(`*${table}`);
    for (const chain of new Set(mine.map((j) => j.chain))) out.push(chainLine(chain));
    // Each EnsureRule(Prepend) put its rule at position 1, so later entries end up first.
    for (const j of mine) {
      const comment = j.comment ? ['-m', 'comment', '--comment', q(j.comment)] : [];
      out.push(['-I', j.from, '1', ...j.extra, ...comment, '-j', j.chain].join(' '));
    }
    out.push('COMMIT');
  }
  return out.join('\n') + '\n';
}

export function renderProxyRules(input: RenderInput): RenderedProxyRules {
  const cfg = input.node;
  const masqValue = 1 << (cfg.masqueradeBit ?? 14);
  const mark = `0x${masqValue.toString(16)}`;
  const localhostNodePorts = cfg.localhostNodePorts ?? true;
  const detector = cfg.localDetector;
  const ifLocal = detector.mode === 'ClusterCIDR' ? ['-s', detector.clusterCIDR] : [];
  const ifNotLocal = detector.mode === 'ClusterCIDR' ? ['!', '-s', detector.clusterCIDR] : [];

  const filterChains = new Lines();
  const filterRules = new Lines();
  const natChains = new Lines();
  const natRules = new Lines();

  for (const c of [CHAINS.services, CHAINS.externalServices, CHAINS.forward, CHAINS.nodePorts, CHAINS.proxyFirewall]) filterChains.write(chainLine(c));
  for (const c of [CHAINS.services, CHAINS.nodePorts, CHAINS.postrouting, CHAINS.markMasq]) natChains.write(chainLine(c));

  natRules.write('-A', CHAINS.postrouting, '-m', 'mark', '!', '--mark', `${mark}/${mark}`, '-j', 'RETURN');
  // Clear the mark so a packet that re-traverses the stack is not masqueraded twice.
  natRules.write('-A', CHAINS.postrouting, '-j', 'MARK', '--xor-mark', mark);
  natRules.write('-A', CHAINS.postrouting, '-m', 'comment', '--comment', q('kubernetes service traffic requiring SNAT'), '-j', 'MASQUERADE', cfg.randomFully === false ? [] : ['--random-fully']);
  natRules.write('-A', CHAINS.markMasq, '-j', 'MARK', '--or-mark', mark);

  if (localhostNodePorts) {
    // route_localnet=1 opens 127.0.0.0/8 to the network (issue 90259); this rule closes it again.
    filterChains.write(chainLine(CHAINS.kubeletFirewall));
    filterRules.write('-A', CHAINS.kubeletFirewall, '-m', 'comment', '--comment', q('block incoming localnet connections'), '-d', '127.0.0.0/8', '!', '-s', '127.0.0.0/8', '-m', 'conntrack', '!', '--ctstate', 'RELATED,ESTABLISHED,DNAT', '-j', 'DROP');
  }

  const ports = input.services.flatMap(servicePorts).sort((a, b) => (a.nameString < b.nameString ? -1 : a.nameString > b.nameString ? 1 : a.protocol < b.protocol ? -1 : 1));
  const endpointsMap = endpointsByServicePort(input.endpointSlices, cfg.nodeName);
  const totalEndpoints = ports.reduce((n, s) => n + (endpointsMap.get(servicePortKey(s))?.length ?? 0), 0);
  const largeCluster = totalEndpoints > LARGE_CLUSTER_ENDPOINTS;
  const comment = (text: string) => (largeCluster ? [] : ['-m', 'comment', '--comment', text]);

  const activeNat = new Set<string>();
  const healthByService = new Map<string, HealthCheckService>();

  for (const svc of ports) {
    const proto = svc.protocol;
    const name = svc.nameString;
    const all = endpointsMap.get(servicePortKey(svc)) ?? [];
    const { clusterEndpoints, localEndpoints, allReachable, hasAnyEndpoints } = categorizeEndpoints(all, svc);
    const clusterChain = svc.chains.svc;
    const localChain = svc.chains.svl;
    const usesClusterChain = clusterEndpoints.length > 0 && usesClusterEndpoints(svc);
    const usesLocalChain = localEndpoints.length > 0 && usesLocalEndpoints(svc);

    const internalChain = svc.internalPolicyLocal ? localChain : clusterChain;
    const hasInternal = hasAnyEndpoints && !(svc.internalPolicyLocal && localEndpoints.length === 0);
    const externalPolicyChain = svc.externalPolicyLocal ? localChain : clusterChain;
    const hasExternal = hasAnyEndpoints && !(svc.externalPolicyLocal && localEndpoints.length === 0);
    const extChain = svc.chains.ext;
    const usesExtChain = hasAnyEndpoints && externallyAccessible(svc);
    const usesFwChain = hasAnyEndpoints && svc.loadBalancerVIPs.length > 0 && svc.loadBalancerSourceRanges.length > 0;
    const lbChain = usesFwChain ? svc.chains.fw : extChain;

    // No endpoints at all → REJECT (connection refused); Local without local endpoints → DROP
    // (a timeout), fact sheet §1.
    let internalFilterTarget = '';
    let internalFilterComment = '';
    let externalFilterTarget = '';
    let externalFilterComment = '';
    if (!hasAnyEndpoints) {
      internalFilterTarget = externalFilterTarget = 'REJECT';
      internalFilterComment = externalFilterComment = q(`${name} has no endpoints`);
    } else {
      if (!hasInternal) {
        internalFilterTarget = 'DROP';
        internalFilterComment = q(`${name} has no local endpoints`);
      }
      if (!hasExternal) {
        externalFilterTarget = 'DROP';
        externalFilterComment = q(`${name} has no local endpoints`);
      }
    }

    const match = ['-m', proto, '-p', proto];
    const toPort = (ip: string) => ['-d', ip, '--dport', String(svc.port)];

    // ClusterIP capture.
    if (hasInternal) {
      natRules.write('-A', CHAINS.services, '-m', 'comment', '--comment', q(`${name} cluster IP`), match, toPort(svc.clusterIP), '-j', internalChain);
    } else {
      filterRules.write('-A', CHAINS.services, '-m', 'comment', '--comment', internalFilterComment, match, toPort(svc.clusterIP), '-j', internalFilterTarget);
    }
    for (const ip of svc.externalIPs) {
      if (hasAnyEndpoints) natRules.write('-A', CHAINS.services, '-m', 'comment', '--comment', q(`${name} external IP`), match, toPort(ip), '-j', extChain);
      if (!hasExternal) filterRules.write('-A', CHAINS.externalServices, '-m', 'comment', '--comment', externalFilterComment, match, toPort(ip), '-j', externalFilterTarget);
    }
    for (const ip of svc.loadBalancerVIPs) {
      if (hasAnyEndpoints) natRules.write('-A', CHAINS.services, '-m', 'comment', '--comment', q(`${name} loadbalancer IP`), match, toPort(ip), '-j', lbChain);
      if (usesFwChain) filterRules.write('-A', CHAINS.proxyFirewall, '-m', 'comment', '--comment', q(`${name} traffic not accepted by ${svc.chains.fw}`), match, toPort(ip), '-j', 'DROP');
    }
    if (!hasExternal) {
      for (const ip of svc.loadBalancerVIPs) filterRules.write('-A', CHAINS.externalServices, '-m', 'comment', '--comment', externalFilterComment, match, toPort(ip), '-j', externalFilterTarget);
    }
    if (svc.nodePort !== 0) {
      if (hasAnyEndpoints) natRules.write('-A', CHAINS.nodePorts, '-m', 'comment', '--comment', name, match, '--dport', String(svc.nodePort), '-j', extChain);
      if (!hasExternal) {
        filterRules.write('-A', CHAINS.externalServices, '-m', 'comment', '--comment', externalFilterComment, '-m', 'addrtype', '--dst-type', 'LOCAL', match, '--dport', String(svc.nodePort), '-j', externalFilterTarget);
      }
    }
    if (svc.healthCheckNodePort !== 0) {
      filterRules.write('-A', CHAINS.nodePorts, '-m', 'comment', '--comment', q(`${name} health check node port`), '-m', 'tcp', '-p', 'tcp', '--dport', String(svc.healthCheckNodePort), '-j', 'ACCEPT');
      const key = `${svc.namespace}/${svc.name}`;
      const entry = healthByService.get(key) ?? { namespace: svc.namespace, name: svc.name, port: svc.healthCheckNodePort, localEndpoints: 0 };
      healthByService.set(key, entry);
    }

    // Internal traffic: masquerade off-cluster sources (or everything with masqueradeAll).
    if (hasInternal) {
      const args = ['-m', 'comment', '--comment', q(`${name} cluster IP`), ...match, ...toPort(svc.clusterIP)];
      if (cfg.masqueradeAll) natRules.write('-A', internalChain, args, '-j', CHAINS.markMasq);
      else if (detector.mode !== 'none') natRules.write('-A', internalChain, args, ifNotLocal, '-j', CHAINS.markMasq);
    }

    if (usesExtChain) {
      natChains.write(chainLine(extChain));
      activeNat.add(extChain);
      if (!svc.externalPolicyLocal) {
        // Cluster: every external packet is masqueraded, even to a local endpoint (fact sheet §1).
        natRules.write('-A', extChain, '-m', 'comment', '--comment', q(`masquerade traffic for ${name} external destinations`), '-j', CHAINS.markMasq);
      } else {
        // Local: pods short-circuit to the cluster chain; node-originated traffic is masqueraded.
        if (detector.mode !== 'none') natRules.write('-A', extChain, '-m', 'comment', '--comment', q(`pod traffic for ${name} external destinations`), ifLocal, '-j', clusterChain);
        natRules.write('-A', extChain, '-m', 'comment', '--comment', q(`masquerade LOCAL traffic for ${name} external destinations`), '-m', 'addrtype', '--src-type', 'LOCAL', '-j', CHAINS.markMasq);
        natRules.write('-A', extChain, '-m', 'comment', '--comment', q(`route LOCAL traffic for ${name} external destinations`), '-m', 'addrtype', '--src-type', 'LOCAL', '-j', clusterChain);
      }
      if (hasExternal) natRules.write('-A', extChain, '-j', externalPolicyChain);
    }

    if (usesFwChain) {
      const fw = svc.chains.fw;
      natChains.write(chainLine(fw));
      activeNat.add(fw);
      const args = ['-A', fw, '-m', 'comment', '--comment', q(`${name} loadbalancer IP`)];
      let allowFromNode = false;
      for (const cidr of svc.loadBalancerSourceRanges) {
        natRules.write(args, '-s', cidr, '-j', extChain);
        if (cfg.nodeIPs.some((ip) => cidrContains(cidr, ip))) allowFromNode = true;
      }
      if (allowFromNode) for (const ip of svc.loadBalancerVIPs) natRules.write(args, '-s', ip, '-j', extChain);
      natRules.write('-A', fw, '-m', 'comment', '--comment', q(`other traffic to ${name} will be dropped by KUBE-PROXY-FIREWALL`));
    }

    if (usesClusterChain) {
      natChains.write(chainLine(clusterChain));
      activeNat.add(clusterChain);
      writeServiceToEndpointRules(natRules, svc, clusterChain, clusterEndpoints, comment);
    }
    if (usesLocalChain) {
      natChains.write(chainLine(localChain));
      activeNat.add(localChain);
      writeServiceToEndpointRules(natRules, svc, localChain, localEndpoints, comment);
    }

    for (const ep of allReachable) {
      natChains.write(chainLine(ep.chain));
      activeNat.add(ep.chain);
      const base = ['-A', ep.chain, ...comment(name)];
      // Hairpin: a pod reaching itself through its service must be SNATed (fact sheet §1).
      natRules.write(base, '-s', ep.ip, '-j', CHAINS.markMasq);
      const affinity = svc.sessionAffinityClientIP ? ['-m', 'recent', '--name', ep.chain, '--set'] : [];
      natRules.write(base, affinity, match, '-j', 'DNAT', '--to-destination', ep.key);
    }
  }

  for (const chain of input.previousNatChains ?? []) {
    if (activeNat.has(chain) || !isServiceChainName(chain)) continue;
    natChains.write(chainLine(chain));
    natRules.write('-X', chain);
  }

  // Last rule of KUBE-SERVICES: anything addressed to a local address may be a NodePort.
  natRules.write('-A', CHAINS.services, '-m', 'comment', '--comment', q('kubernetes service nodeports; NOTE: this must be the last rule in this chain'), '-m', 'addrtype', '--dst-type', 'LOCAL', localhostNodePorts ? [] : ['!', '-d', '127.0.0.0/8'], '-j', CHAINS.nodePorts);

  if (!cfg.conntrackTCPLiberal) filterRules.write('-A', CHAINS.forward, '-m', 'conntrack', '--ctstate', 'INVALID', '-j', 'DROP');
  filterRules.write('-A', CHAINS.forward, '-m', 'comment', '--comment', q('kubernetes forwarding rules'), '-m', 'mark', '--mark', `${mark}/${mark}`, '-j', 'ACCEPT');
  filterRules.write('-A', CHAINS.forward, '-m', 'comment', '--comment', q('kubernetes forwarding conntrack rule'), '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT');

  // Health check counts: ready local endpoints over all ports of the service.
  for (const svc of ports) {
    const entry = healthByService.get(`${svc.namespace}/${svc.name}`);
    if (!entry) continue;
    entry.localEndpoints += (endpointsMap.get(servicePortKey(svc)) ?? []).filter((e) => e.ready && e.isLocal).length;
  }

  const text = ['*filter', ...filterChains.lines, ...filterRules.lines, 'COMMIT', '*nat', ...natChains.lines, ...natRules.lines, 'COMMIT', ''].join('\n');
  return { text, natChains: activeNat, healthChecks: [...healthByService.values()] };
}

function writeServiceToEndpointRules(natRules: Lines, svc: ServicePortInfo, chain: string, endpoints: EndpointInfo[], comment: (t: string) => string[]): void {
  if (svc.sessionAffinityClientIP) {
    for (const ep of endpoints) {
      natRules.write('-A', chain, comment(q(`${svc.nameString} -> ${ep.key}`)), '-m', 'recent', '--name', ep.chain, '--rcheck', '--seconds', String(svc.stickyMaxAgeSeconds), '--reap', '-j', ep.chain);
    }
  }
  const n = endpoints.length;
  endpoints.forEach((ep, i) => {
    // Rule i matches with probability 1/(n-i) of what is left: an even spread; the last always matches.
    const stat = i < n - 1 ? ['-m', 'statistic', '--mode', 'random', '--probability', probability(n - i)] : [];
    natRules.write('-A', chain, comment(q(`${svc.nameString} -> ${ep.key}`)), stat, '-j', ep.chain);
  });
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}
export function cidrContains(cidr: string, ip: string): boolean {
  const [base, lenText] = cidr.split('/');
  if (!base) return false;
  const len = lenText === undefined ? 32 : Number(lenText);
  if (!Number.isInteger(len) || len < 0 || len > 32) return false;
  const size = 2 ** (32 - len);
  return Math.floor(ipToInt(base) / size) === Math.floor(ipToInt(ip) / size);
}
