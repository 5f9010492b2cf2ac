import { describe, expect, it } from 'vitest';
import { node } from '../kube-proxy/test-objects';
import { parseSettings } from './settings';
import { hostCommands, labCommands, planTopology, routerRules } from './topology';

const nodes = [node('node1', '198.18.0.11', '198.19.1.0/24'), node('node2', '198.18.0.12', '198.19.2.0/24')];
const flat = (cmds: string[][]) => cmds.map((c) => c.join(' '));

describe('planTopology', () => {
  it('takes node addresses and pod CIDRs from the Node objects', () => {
    const plan = planTopology('lab-t1', nodes, parseSettings({}));
    expect(plan.nodes.map((n) => [n.netns, n.ip, n.podCIDR, n.gateway, n.vtep])).toEqual([
      ['lab-t1-node1', '198.18.0.11', '198.19.1.0/24', '198.19.1.1', '198.19.1.0'],
      ['lab-t1-node2', '198.18.0.12', '198.19.2.0/24', '198.19.2.1', '198.19.2.0'],
    ]);
    expect(plan.host.address).toBe('203.0.113.1');
    expect(plan.host.link.length).toBeLessThanOrEqual(15);
  });

  it('refuses addresses outside the lab ranges and overlapping pod CIDRs', () => {
    expect(() => planTopology('lab-t1', [node('n', '10.0.0.1', '198.19.1.0/24')], parseSettings({}))).toThrow(/198.18.0.0\/16/);
    expect(() => planTopology('lab-t1', [node('n', '198.18.0.11', '10.244.1.0/24')], parseSettings({}))).toThrow(/podCIDR/);
    expect(() => planTopology('lab-t1', [node('a', '198.18.0.11', '198.19.0.0/16'), node('b', '198.18.0.12', '198.19.2.0/24')], parseSettings({}))).toThrow(/overlap/);
  });

  it('host-gw: routes each other node\'s pod CIDR via its address, and the router knows them too', () => {
    const cmds = flat(labCommands(planTopology('lab-t1', nodes, parseSettings({}))));
    expect(cmds).toContain('ip -n lab-t1-node1 route add 198.19.2.0/24 via 198.18.0.12 dev eth0');
    expect(cmds).toContain('ip -n lab-t1-node2 route add 198.19.1.0/24 via 198.18.0.11 dev eth0');
    expect(cmds).toContain('ip -n lab-t1_router route add 198.19.1.0/24 via 198.18.0.11 dev brnodes');
    expect(cmds.some((c) => c.includes('vxlan'))).toBe(false);
    // nodes reach the outside network only, never a default route
    expect(cmds.some((c) => / route add (default|0\.0\.0\.0\/0)/.test(c))).toBe(false);
  });

  it('vxlan: flannel.1 holds .0/32, other pod CIDRs go via their .0 onlink with static neighbour and FDB entries', () => {
    const plan = planTopology('lab-t1', nodes, parseSettings({ mode: 'vxlan' }));
    const cmds = flat(labCommands(plan));
    const mac2 = plan.nodes[1]?.vtepMac;
    expect(cmds).toContain('ip -n lab-t1-node2 addr add 198.19.2.0/32 dev flannel.1');
    expect(cmds).toContain('ip -n lab-t1-node1 route add 198.19.2.0/24 via 198.19.2.0 dev flannel.1 onlink');
    expect(cmds).toContain(`ip -n lab-t1-node1 neigh add 198.19.2.0 lladdr ${mac2} dev flannel.1 nud permanent`);
    expect(cmds).toContain(`bridge -n lab-t1-node1 fdb append ${mac2} dev flannel.1 dst 198.18.0.12 self permanent`);
    expect(cmds.some((c) => c.startsWith('ip -n lab-t1_router route add 198.19.'))).toBe(false);
  });

  it('changes the host only by one veth with an alias, host routes to the lab outside hosts and one route for 198.18.0.0/15', () => {
    const plan = planTopology('lab-t1', nodes, parseSettings({ loadBalancer: {}, relays: [{ name: 'relay', address: '203.0.113.10', port: 8080, mode: 'l4', target: { node: 'node1', nodePort: 30080 } }] }));
    const host = flat(hostCommands(plan)).filter((c) => !c.startsWith('ip -n '));
    expect(host).toEqual([
      `ip link add ${plan.host.link} type veth peer name host0 netns lab-t1_router`,
      `ip link set ${plan.host.link} alias snatscope-lab:lab-t1`,
      `sysctl -q -w net.ipv6.conf.${plan.host.link}.disable_ipv6=1`,
      // /32, not the /24: other addresses of 203.0.113.0/24 stay reachable through the host's own network.
      `ip addr add 203.0.113.1/32 dev ${plan.host.link}`,
      `ip link set ${plan.host.link} up`,
      `ip route replace 203.0.113.254/32 dev ${plan.host.link}`,
      `ip route replace 203.0.113.10/32 dev ${plan.host.link}`,
      `ip route replace ${plan.loadBalancer!.address}/32 dev ${plan.host.link}`,
      `ip route add 198.18.0.0/15 via 203.0.113.254 dev ${plan.host.link}`,
    ]);
    expect(host.join('\n')).not.toContain('203.0.113.0/24');
  });

  it('the router forwards only between lab ranges; with an LB it returns LB connections through it', () => {
    const plan = planTopology('lab-t1', nodes, parseSettings({ loadBalancer: {}, relays: [{ name: 'relay', address: '203.0.113.10', port: 8080, mode: 'l4', target: { node: 'node1', nodePort: 30080 } }] }));
    const rules = routerRules(plan);
    expect(rules).toContain(':FORWARD DROP [0:0]');
    expect(rules).toContain('-A FORWARD -s 203.0.113.0/24 -d 198.18.0.0/15 -j ACCEPT');
    expect(rules).toContain(`--mac-source ${plan.loadBalancer?.mac}`);
    expect(flat(labCommands(plan))).toContain('ip -n lab-t1_router route add 203.0.113.0/24 via 203.0.113.2 dev brout table 100');
    expect(plan.outside.map((o) => [o.netns, o.address])).toEqual([['lab-t1_out-relay', '203.0.113.10']]);
  });
});
