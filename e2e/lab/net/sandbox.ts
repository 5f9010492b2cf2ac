// A pod's network sandbox, CNI-bridge style: its own netns, a veth whose node end joins cni0
// (hairpin on, so a pod can reach itself through its Service), an address from the node's pod
// CIDR and a default route via the bridge gateway .1.
import { parseCidr } from './addresses';
import { BRIDGES, VXLAN, type NodePlan } from './topology';

export function sandboxCommands(node: NodePlan, podNetns: string, veth: string, ip: string, mode: 'host-gw' | 'vxlan'): string[][] {
  const n = node.netns;
  const mtu = mode === 'vxlan' ? [String(VXLAN.mtu)] : [];
  const cmds: string[][] = [
    ['ip', 'netns', 'add', podNetns],
    ['ip', '-n', n, 'link', 'add', veth, ...(mtu.length ? ['mtu', ...mtu] : []), 'type', 'veth', 'peer', 'name', 'eth0', ...(mtu.length ? ['mtu', ...mtu] : []), 'netns', podNetns],
    ['ip', '-n', n, 'link', 'set', veth, 'master', BRIDGES.pods],
    ['ip', '-n', n, 'link', 'set', veth, 'type', 'bridge_slave', 'hairpin', 'on'],
    ['ip', '-n', n, 'link', 'set', veth, 'up'],
    // containerd lets pods bind low ports without root; no IPv6 in the lab
    ['ip', 'netns', 'exec', podNetns, 'sysctl', '-q', '-w', 'net.ipv4.ip_unprivileged_port_start=0', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1'],
    ['ip', '-n', podNetns, 'link', 'set', 'lo', 'up'],
    ['ip', '-n', podNetns, 'addr', 'add', `${ip}/${parseCidr(node.podCIDR).bits}`, 'dev', 'eth0'],
    ['ip', '-n', podNetns, 'link', 'set', 'eth0', 'up'],
    ['ip', '-n', podNetns, 'route', 'add', 'default', 'via', node.gateway, 'dev', 'eth0'],
  ];
  return cmds;
}
