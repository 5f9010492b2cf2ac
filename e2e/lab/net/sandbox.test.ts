import { describe, expect, it } from 'vitest';
import { node } from '../kube-proxy/test-objects';
import { sandboxCommands } from './sandbox';
import { parseSettings } from './settings';
import { planTopology } from './topology';

describe('pod sandbox', () => {
  const plan = planTopology('lab-s', [node('node1', '198.18.0.11', '198.19.1.0/24')], parseSettings({}));
  const n1 = plan.nodes[0]!;

  it('puts the pod on cni0 with hairpin, its address from the node CIDR and the .1 gateway', () => {
    const cmds = sandboxCommands(n1, 'lab-s_pod-1', 'veth1234', '198.19.1.2', 'host-gw').map((c) => c.join(' '));
    expect(cmds).toContain('ip -n lab-s-node1 link add veth1234 type veth peer name eth0 netns lab-s_pod-1');
    expect(cmds).toContain('ip -n lab-s-node1 link set veth1234 type bridge_slave hairpin on');
    expect(cmds).toContain('ip -n lab-s_pod-1 addr add 198.19.1.2/24 dev eth0');
    expect(cmds).toContain('ip -n lab-s_pod-1 route add default via 198.19.1.1 dev eth0');
  });

  it('uses the overlay MTU in VXLAN mode', () => {
    const cmds = sandboxCommands(n1, 'lab-s_pod-1', 'veth1234', '198.19.1.2', 'vxlan').map((c) => c.join(' '));
    expect(cmds).toContain('ip -n lab-s-node1 link add veth1234 mtu 1450 type veth peer name eth0 mtu 1450 netns lab-s_pod-1');
  });
});
