// The lab's wiring, planned as data (pure, unit-tested) and then applied with ip / iptables:
//
//   host (root netns) ── snlXXXXh 203.0.113.1 ──┐
//   outside hosts (relays, LB) ── eth0 ─────────┤ brout  [router netns]  brnodes ├── eth0 of each node
//                                  203.0.113.254┘  (no default route)   198.18.0.1
//   node netns: eth0 (InternalIP/16), cni0 (pod CIDR .1/24) + pod veths, routes to the other
//   nodes' pod CIDRs (host-gw) or flannel.1 (.0/32, VXLAN) with static neighbour/FDB entries.
import type { KObject } from '../data-plane';
import { LAB_NETWORKS, NODE_NETWORK, OUTSIDE_NETWORK, POD_NETWORK, inCidr, nthAddress, parseCidr } from './addresses';
import { HOST_LINK_ALIAS_PREFIX, hostLinkName, netnsNames } from './names';
import type { DataPlaneSettings } from './settings';

export const ROUTER_NODE_ADDRESS = '198.18.0.1';
export const VXLAN = { device: 'flannel.1', vni: 1, port: 8472, mtu: 1450 } as const;
export const BRIDGES = { nodes: 'brnodes', outside: 'brout', pods: 'cni0' } as const;
/** Routing table and mark the router uses to send LB replies back through the LB. */
export const LB_RETURN = { table: 100, mark: '0x1' } as const;

export interface NodePlan {
  name: string;
  index: number;
  netns: string;
  ip: string;
  podCIDR: string;
  /** .1 of the pod CIDR, on cni0 */
  gateway: string;
  /** .0 of the pod CIDR, on flannel.1 (VXLAN mode) */
  vtep: string;
  vtepMac: string;
  routerPort: string;
  labels: Record<string, string>;
}

export interface OutsidePlan {
  name: string;
  netns: string;
  address: string;
  mac: string;
  routerPort: string;
}

export interface TopologyPlan {
  prefix: string;
  mode: DataPlaneSettings['mode'];
  /** lab: the rules rendered by ../kube-proxy; upstream: kube-proxy itself runs in every node. */
  kubeProxy: DataPlaneSettings['kubeProxy'];
  router: { netns: string; nodeAddress: string; outsideAddress: string };
  host: { link: string; alias: string; address: string };
  nodes: NodePlan[];
  outside: OutsidePlan[];
  loadBalancer?: OutsidePlan;
}

const mac = (a: number, b: number) => `02:53:4c:${a.toString(16).padStart(2, '0')}:${Math.floor(b / 256).toString(16).padStart(2, '0')}:${(b % 256).toString(16).padStart(2, '0')}`;

export function nodeInternalIP(node: KObject): string | undefined {
  const addresses = (node.status?.addresses ?? []) as { type?: string; address?: string }[];
  return addresses.find((a) => a.type === 'InternalIP')?.address;
}

export function planTopology(prefix: string, nodes: KObject[], settings: DataPlaneSettings): TopologyPlan {
  if (nodes.length === 0) throw new Error('the lab needs at least one node');
  if (nodes.length > 250) throw new Error('the lab supports at most 250 nodes');
  const seenIPs = new Set<string>();
  const nodePlans = nodes.map((node, index): NodePlan => {
    const name = node.metadata.name;
    const ip = nodeInternalIP(node) ?? nthAddress(NODE_NETWORK, 11 + index);
    if (!inCidr(ip, NODE_NETWORK) || ip === ROUTER_NODE_ADDRESS) throw new Error(`node ${name}: InternalIP ${ip} must be in ${NODE_NETWORK} (not ${ROUTER_NODE_ADDRESS})`);
    if (seenIPs.has(ip)) throw new Error(`node ${name}: InternalIP ${ip} is used twice`);
    seenIPs.add(ip);
    const podCIDR: string = node.spec?.podCIDR ?? `198.19.${index + 1}.0/24`;
    const { bits } = parseCidr(podCIDR);
    if (!inCidr(nthAddress(podCIDR, 0), POD_NETWORK) || bits < 16 || bits > 28) throw new Error(`node ${name}: podCIDR ${podCIDR} must be a /16–/28 inside ${POD_NETWORK}`);
    return {
      name,
      index,
      netns: netnsNames.node(prefix, name),
      ip,
      podCIDR,
      gateway: nthAddress(podCIDR, 1),
      vtep: nthAddress(podCIDR, 0),
      vtepMac: mac(1, index + 1),
      routerPort: `n${index}`,
      labels: (node.metadata.labels ?? {}) as Record<string, string>,
    };
  });
  for (const a of nodePlans) for (const b of nodePlans) if (a !== b && inCidr(b.vtep, a.podCIDR)) throw new Error(`pod CIDRs of ${a.name} and ${b.name} overlap`);

  // Relays sharing an address share an outside host (one netns, one nginx).
  const outside: OutsidePlan[] = [];
  for (const relay of settings.relays) {
    if (outside.some((o) => o.address === relay.address)) continue;
    outside.push({ name: relay.name, netns: netnsNames.outside(prefix, relay.name), address: relay.address, mac: mac(2, outside.length + 1), routerPort: `o${outside.length}` });
  }
  const taken = new Set([settings.hostAddress, settings.routerAddress, ...outside.map((o) => o.address)]);
  if (taken.size !== 2 + outside.length) throw new Error('hostAddress, routerAddress and relay addresses must all differ');
  let loadBalancer: OutsidePlan | undefined;
  if (settings.loadBalancer) {
    const address = settings.loadBalancer.address;
    if (taken.has(address)) throw new Error(`load balancer address ${address} is already used`);
    loadBalancer = { name: 'lb', netns: netnsNames.loadBalancer(prefix), address, mac: mac(3, 1), routerPort: 'lb0' };
  }
  return {
    prefix,
    mode: settings.mode,
    kubeProxy: settings.kubeProxy,
    router: { netns: netnsNames.router(prefix), nodeAddress: ROUTER_NODE_ADDRESS, outsideAddress: settings.routerAddress },
    host: { link: hostLinkName(prefix), alias: `${HOST_LINK_ALIAS_PREFIX}${prefix}`, address: settings.hostAddress },
    nodes: nodePlans,
    outside,
    loadBalancer,
  };
}

const ipn = (netns: string, ...args: string[]) => ['ip', '-n', netns, ...args];
const sysctl = (netns: string, kv: Record<string, string | number>) => ['ip', 'netns', 'exec', netns, 'sysctl', '-q', '-w', ...Object.entries(kv).map(([k, v]) => `${k}=${v}`)];
const nodeBits = () => parseCidr(NODE_NETWORK).bits;
const outsideBits = () => parseCidr(OUTSIDE_NETWORK).bits;

// Quiet, predictable namespaces: no IPv6 chatter, no ICMP redirects (a router forwarding back
// out of the interface it received on would otherwise teach peers shortcuts).
const baseSysctls = { 'net.ipv6.conf.all.disable_ipv6': 1, 'net.ipv6.conf.default.disable_ipv6': 1, 'net.ipv4.conf.all.send_redirects': 0, 'net.ipv4.conf.default.send_redirects': 0 };

/** Namespaces to create, in order. */
export function namespacesOf(plan: TopologyPlan): string[] {
  return [plan.router.netns, ...plan.nodes.map((n) => n.netns), ...plan.outside.map((o) => o.netns), ...(plan.loadBalancer ? [plan.loadBalancer.netns] : [])];
}

/** Commands that build the network once the namespaces exist (everything but the host link). */
export function labCommands(plan: TopologyPlan): string[][] {
  const r = plan.router.netns;
  const cmds: string[][] = [];
  cmds.push(sysctl(r, { ...baseSysctls, 'net.ipv4.ip_forward': 1, 'net.ipv4.conf.all.rp_filter': 0, 'net.ipv4.conf.default.rp_filter': 0, 'net.ipv4.conf.all.accept_redirects': 0, 'net.bridge.bridge-nf-call-iptables': 0 }));
  cmds.push(ipn(r, 'link', 'set', 'lo', 'up'));
  for (const br of [BRIDGES.nodes, BRIDGES.outside]) cmds.push(ipn(r, 'link', 'add', br, 'type', 'bridge'), ipn(r, 'link', 'set', br, 'up'));
  cmds.push(ipn(r, 'addr', 'add', `${plan.router.nodeAddress}/${nodeBits()}`, 'dev', BRIDGES.nodes));
  cmds.push(ipn(r, 'addr', 'add', `${plan.router.outsideAddress}/${outsideBits()}`, 'dev', BRIDGES.outside));

  for (const node of plan.nodes) {
    const n = node.netns;
    cmds.push(sysctl(n, {
      ...baseSysctls,
      'net.ipv4.ip_forward': 1,
      'net.ipv4.conf.all.rp_filter': 1,
      'net.ipv4.conf.default.rp_filter': 1,
      'net.bridge.bridge-nf-call-iptables': 1,
      // kube-proxy sets it for --iptables-localhost-nodeports (and guards it with KUBE-FIREWALL);
      // upstream kube-proxy sets it itself, or not (nftables mode, localhostNodePorts: false).
      ...(plan.kubeProxy === 'lab' ? { 'net.ipv4.conf.all.route_localnet': 1 } : {}),
    }));
    cmds.push(ipn(r, 'link', 'add', node.routerPort, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', n));
    cmds.push(ipn(r, 'link', 'set', node.routerPort, 'master', BRIDGES.nodes, 'up'));
    cmds.push(ipn(n, 'link', 'set', 'lo', 'up'));
    cmds.push(ipn(n, 'addr', 'add', `${node.ip}/${nodeBits()}`, 'dev', 'eth0'));
    cmds.push(ipn(n, 'link', 'set', 'eth0', 'up'));
    cmds.push(ipn(n, 'route', 'add', OUTSIDE_NETWORK, 'via', plan.router.nodeAddress, 'dev', 'eth0'));
    cmds.push(ipn(n, 'link', 'add', BRIDGES.pods, 'type', 'bridge'));
    cmds.push(ipn(n, 'addr', 'add', `${node.gateway}/${parseCidr(node.podCIDR).bits}`, 'dev', BRIDGES.pods));
    cmds.push(ipn(n, 'link', 'set', BRIDGES.pods, 'up'));
    if (plan.mode === 'vxlan') {
      cmds.push(ipn(n, 'link', 'add', VXLAN.device, 'address', node.vtepMac, 'type', 'vxlan', 'id', String(VXLAN.vni), 'local', node.ip, 'dev', 'eth0', 'dstport', String(VXLAN.port), 'nolearning'));
      cmds.push(ipn(n, 'addr', 'add', `${node.vtep}/32`, 'dev', VXLAN.device));
      cmds.push(ipn(n, 'link', 'set', VXLAN.device, 'mtu', String(VXLAN.mtu), 'up'));
    }
    for (const other of plan.nodes) {
      if (other === node) continue;
      if (plan.mode === 'host-gw') {
        cmds.push(ipn(n, 'route', 'add', other.podCIDR, 'via', other.ip, 'dev', 'eth0'));
      } else {
        // flannel's vxlan backend: neighbour + FDB entries instead of learning, onlink route via .0
        cmds.push(ipn(n, 'neigh', 'add', other.vtep, 'lladdr', other.vtepMac, 'dev', VXLAN.device, 'nud', 'permanent'));
        cmds.push(['bridge', '-n', n, 'fdb', 'append', other.vtepMac, 'dev', VXLAN.device, 'dst', other.ip, 'self', 'permanent']);
        cmds.push(ipn(n, 'route', 'add', other.podCIDR, 'via', other.vtep, 'dev', VXLAN.device, 'onlink'));
      }
    }
    // host-gw: the router learns pod routes too (as a BGP-peered top-of-rack would); an
    // overlay's pod addresses stay invisible outside the nodes.
    if (plan.mode === 'host-gw') cmds.push(ipn(r, 'route', 'add', node.podCIDR, 'via', node.ip, 'dev', BRIDGES.nodes));
  }

  for (const host of [...plan.outside, ...(plan.loadBalancer ? [plan.loadBalancer] : [])]) {
    const h = host.netns;
    cmds.push(sysctl(h, { ...baseSysctls, 'net.ipv4.ip_forward': host === plan.loadBalancer ? 1 : 0 }));
    cmds.push(ipn(r, 'link', 'add', host.routerPort, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', h));
    cmds.push(ipn(r, 'link', 'set', host.routerPort, 'master', BRIDGES.outside, 'up'));
    cmds.push(ipn(h, 'link', 'set', 'lo', 'up'));
    cmds.push(ipn(h, 'link', 'set', 'eth0', 'address', host.mac));
    cmds.push(ipn(h, 'addr', 'add', `${host.address}/${outsideBits()}`, 'dev', 'eth0'));
    cmds.push(ipn(h, 'link', 'set', 'eth0', 'up'));
    cmds.push(ipn(h, 'route', 'add', LAB_NETWORKS, 'via', plan.router.outsideAddress, 'dev', 'eth0'));
  }
  if (plan.loadBalancer) {
    // Replies of connections the LB forwarded go back through the LB, which un-DNATs them.
    cmds.push(ipn(r, 'rule', 'add', 'fwmark', `${LB_RETURN.mark}/${LB_RETURN.mark}`, 'lookup', String(LB_RETURN.table), 'priority', '100'));
    cmds.push(ipn(r, 'route', 'add', OUTSIDE_NETWORK, 'via', plan.loadBalancer.address, 'dev', BRIDGES.outside, 'table', String(LB_RETURN.table)));
  }
  return cmds;
}

/** The host side: one veth into the outside network and a route for the lab ranges. */
export function hostCommands(plan: TopologyPlan): string[][] {
  const link = plan.host.link;
  return [
    ['ip', 'link', 'add', link, 'type', 'veth', 'peer', 'name', 'host0', 'netns', plan.router.netns],
    ['ip', 'link', 'set', link, 'alias', plan.host.alias],
    // our own link only: no IPv6 autoconfiguration chatter into the lab
    ['sysctl', '-q', '-w', `net.ipv6.conf.${link}.disable_ipv6=1`],
    // A /32 and host routes to the lab's own outside hosts only, not the whole outside /24: the
    // host may reach other addresses of that range through its real network (a registry mirror,
    // say), and those must keep working while a lab is up. LB addresses get their routes as the
    // load balancer takes them (load-balancer.ts).
    ['ip', 'addr', 'add', `${plan.host.address}/32`, 'dev', link],
    ['ip', 'link', 'set', link, 'up'],
    ipn(plan.router.netns, 'link', 'set', 'host0', 'master', BRIDGES.outside, 'up'),
    ...[plan.router.outsideAddress, ...plan.outside.map((o) => o.address), ...(plan.loadBalancer ? [plan.loadBalancer.address] : [])].map((a) => ['ip', 'route', 'replace', `${a}/32`, 'dev', link]),
    ['ip', 'route', 'add', LAB_NETWORKS, 'via', plan.router.outsideAddress, 'dev', link],
  ];
}

/**
 * The router's filter: it forwards only between the lab's own ranges (no default route either),
 * and marks connections the LB opens so their replies return through the LB.
 */
export function routerRules(plan: TopologyPlan): string {
  const lines = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]'];
  for (const [src, dst] of [
    [LAB_NETWORKS, LAB_NETWORKS],
    [LAB_NETWORKS, OUTSIDE_NETWORK],
    [OUTSIDE_NETWORK, LAB_NETWORKS],
  ]) lines.push(`-A FORWARD -s ${src} -d ${dst} -j ACCEPT`);
  lines.push('COMMIT');
  if (plan.loadBalancer) {
    lines.push('*mangle', ':PREROUTING ACCEPT [0:0]');
    lines.push(`-A PREROUTING -i ${BRIDGES.outside} -m mac --mac-source ${plan.loadBalancer.mac} -m conntrack --ctstate NEW -m comment --comment "connections forwarded by the LB" -j CONNMARK --set-xmark ${LB_RETURN.mark}/${LB_RETURN.mark}`);
    lines.push(`-A PREROUTING -i ${BRIDGES.nodes} -j CONNMARK --restore-mark --nfmask ${LB_RETURN.mark} --ctmask ${LB_RETURN.mark}`);
    lines.push('COMMIT');
  }
  return lines.join('\n') + '\n';
}

export const FAULT_CHAIN = 'LAB-FAULTS';

/** A chain at the top of FORWARD where data-plane faults live (e.g. stop forwarding). */
export function faultChainRules(): string {
  return ['*filter', `:${FAULT_CHAIN} - [0:0]`, `-I FORWARD 1 -j ${FAULT_CHAIN}`, 'COMMIT', ''].join('\n');
}

export function faultRules(stopForwarding: boolean): string {
  const lines = ['*filter', `:${FAULT_CHAIN} - [0:0]`];
  if (stopForwarding) lines.push(`-A ${FAULT_CHAIN} -m comment --comment "lab fault: this node stopped forwarding" -j DROP`);
  lines.push('COMMIT', '');
  return lines.join('\n');
}
