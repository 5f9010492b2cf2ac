// Table-driven: every applicable row of the fact sheet (§1–§4) and the lab's seed scenario.
// Each row asserts the outcome, the class and address the backend observes, and the hop that
// rewrote the source. Expected values come from the fact sheet, not from running the model.
import type { V1Node } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { renderExplanation } from '../explain/render';
import { nodeInfo } from '../inventory/detect-node';
import type { Inventory, NodeInfo } from '../inventory/types';
import { predict } from './predict';
import {
  makeCni,
  makeEndpoint,
  makeIngress,
  makeIngressController,
  makeInventory,
  makeNode,
  makeProxy,
  makeService,
} from './test-inventory';
import type { HopKind, ObservedClass, Origin, Outcome, PredictedPath, RelayDecl, Target, VerdictKind } from './types';

const CLIENT = '203.0.113.1';
const external: Origin = { kind: 'external', clientAddress: CLIENT };
const via = (node: string): Target => ({ kind: 'nodePort', port: 30080, node });

interface Expect {
  outcome?: Outcome;
  verdict: VerdictKind;
  class?: ObservedClass;
  address?: string | null;
  rewrittenBy?: { kind: HopKind; name: string } | null;
  clientLostAt?: { kind: HopKind; name: string } | null;
  rule?: RegExp;
  xff?: string | null;
  proxySource?: string | null;
  check?: (p: PredictedPath) => void;
}

interface Row {
  ref: string;
  inv: Inventory;
  origin: Origin;
  target: Target;
  /** Which paths the expectation applies to (default: all); at least one must match. */
  only?: (p: PredictedPath) => boolean;
  expect: Expect;
}

function seed(policy: 'Cluster' | 'Local', extra: Partial<Inventory> = {}): Inventory {
  return makeInventory({ service: makeService({ externalTrafficPolicy: policy }), ...extra });
}

/** Nodes built from raw Node objects, so the annotation parsing is part of the row. */
function rawNode(name: string, ip: string, cidr: string, annotations: Record<string, string>): NodeInfo {
  const raw = {
    metadata: { name, annotations },
    spec: { podCIDR: cidr, podCIDRs: [cidr] },
    status: { addresses: [{ type: 'InternalIP', address: ip }], conditions: [{ type: 'Ready', status: 'True' }] },
  };
  return nodeInfo(raw as unknown as V1Node);
}

const flannelVxlanNodes = [
  rawNode('node1', '198.18.0.11', '198.19.1.0/24', { 'flannel.alpha.coreos.com/backend-type': 'vxlan' }),
  rawNode('node2', '198.18.0.12', '198.19.2.0/24', { 'flannel.alpha.coreos.com/backend-type': 'vxlan' }),
];
const calicoIpipNodes = [
  rawNode('node1', '198.18.0.11', '198.19.1.0/24', { 'projectcalico.org/IPv4IPIPTunnelAddr': '198.19.1.128' }),
  rawNode('node2', '198.18.0.12', '198.19.2.0/24', { 'projectcalico.org/IPv4IPIPTunnelAddr': '198.19.2.128' }),
];

const relay = (over: Partial<RelayDecl> = {}): RelayDecl => ({
  name: 'edge',
  address: '203.0.113.20',
  mode: 'l4',
  proxyProtocol: null,
  addsXForwardedFor: false,
  forwardsTo: { node: 'node1', port: 30080 },
  ...over,
});

const lbService = (policy: 'Cluster' | 'Local', extra: Parameters<typeof makeService>[0] = {}) =>
  makeService({
    type: 'LoadBalancer',
    externalTrafficPolicy: policy,
    healthCheckNodePort: policy === 'Local' ? 32000 : null,
    loadBalancer: { ingress: [{ ip: '198.18.100.1', hostname: null, ipMode: null }], loadBalancerClass: null, sourceRanges: [], proxyProtocol: null },
    annotations: { 'metallb.universe.tf/ip-allocated-from-pool': 'lab' },
    ...extra,
  });

function ingressInv(opts: { controllerPolicy: 'Cluster' | 'Local'; config?: Partial<ReturnType<typeof makeIngressController>['config']>; lbProxyProtocol?: boolean }): Inventory {
  const ctrl = makeIngressController();
  const svc = ctrl.serviceInfo!;
  svc.externalTrafficPolicy = opts.controllerPolicy;
  if (opts.lbProxyProtocol) {
    svc.type = 'LoadBalancer';
    // The API server allocates a health-check port for LoadBalancer + Local.
    svc.healthCheckNodePort = opts.controllerPolicy === 'Local' ? 32100 : null;
    svc.loadBalancer = {
      ingress: [{ ip: '198.18.100.2', hostname: null, ipMode: null }],
      loadBalancerClass: null,
      sourceRanges: [],
      proxyProtocol: { annotation: 'service.beta.kubernetes.io/do-loadbalancer-enable-proxy-protocol', value: 'true', version: 'v1' },
    };
  }
  ctrl.config = { ...ctrl.config, ...opts.config };
  return makeInventory({
    service: makeService({ type: 'ClusterIP', ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: null }] }),
    ingressControllers: [ctrl],
    ingresses: [makeIngress()],
  });
}

const ingressTarget = (entry?: Extract<Target, { kind: 'ingress' }>['entry']): Target => ({ kind: 'ingress', host: 'echo.example.test', path: '/', entry });

const rows: Row[] = [
  // ---- The lab's seed scenario (issue 5 "Done when")
  {
    ref: 'seed: Cluster via node2 → SNAT to node2’s address at node2',
    inv: seed('Cluster'),
    origin: external,
    target: via('node2'),
    expect: { verdict: 'snat', class: 'node-ip', address: '198.18.0.12', rewrittenBy: { kind: 'node', name: 'node2' } },
  },
  {
    ref: 'seed: Cluster via node1 → SNAT to node1’s bridge gateway (.1 of 198.19.1.0/24)',
    inv: seed('Cluster'),
    origin: external,
    target: via('node1'),
    expect: { verdict: 'snat', class: 'bridge-gateway', address: '198.19.1.1', rewrittenBy: { kind: 'node', name: 'node1' } },
  },
  {
    ref: 'seed: Local via node1 → preserved',
    inv: seed('Local'),
    origin: external,
    target: via('node1'),
    expect: { verdict: 'preserved', class: 'client', address: CLIENT, rewrittenBy: null },
  },
  {
    ref: 'seed: Local via node2 → dropped (timeout)',
    inv: seed('Local'),
    origin: external,
    target: via('node2'),
    expect: { outcome: 'dropped', verdict: 'dropped', rule: /KUBE-EXTERNAL-SERVICES.*has no local endpoints.*DROP/ },
  },
  {
    ref: 'seed + flannel VXLAN: Cluster via node2 → flannel.1 address .0 of node2’s pod CIDR',
    inv: seed('Cluster', { nodes: flannelVxlanNodes, cni: makeCni({ kind: 'flannel', flannel: { backend: 'vxlan', ipMasq: true } }) }),
    origin: external,
    target: via('node2'),
    expect: { verdict: 'snat', class: 'overlay', address: '198.19.2.0', rewrittenBy: { kind: 'node', name: 'node2' } },
  },

  // ---- §1 kube-proxy, iptables mode
  {
    ref: '§1 Cluster: the client IP is lost even when the endpoint is on the entry node',
    inv: seed('Cluster'),
    origin: external,
    target: via('node1'),
    expect: { verdict: 'snat', check: (p) => expect(p.hops.find((h) => h.action === 'snat')?.rule).toMatch(/KUBE-MARK-MASQ.*KUBE-POSTROUTING.*MASQUERADE/) },
  },
  {
    ref: '§1 MASQUERADE address: entry node InternalIP when forwarded to another node over the node network',
    inv: seed('Cluster'),
    origin: external,
    target: via('node2'),
    expect: { verdict: 'snat', class: 'node-ip', address: '198.18.0.12', rewrittenBy: { kind: 'node', name: 'node2' } },
  },
  {
    ref: '§1 MASQUERADE address: overlay device address with Calico IPIP (tunl0)',
    inv: seed('Cluster', { nodes: calicoIpipNodes, cni: makeCni({ kind: 'calico', calico: { dataplane: 'iptables', natOutgoing: true, encapsulation: 'ipip' } }) }),
    origin: external,
    target: via('node2'),
    expect: { verdict: 'snat', class: 'overlay', address: '198.19.2.128', rewrittenBy: { kind: 'node', name: 'node2' } },
  },
  {
    ref: '§1 MASQUERADE address: flannel host-gw routes over the node network (node address)',
    inv: seed('Cluster', { cni: makeCni({ kind: 'flannel', flannel: { backend: 'host-gw', ipMasq: true } }) }),
    origin: external,
    target: via('node2'),
    expect: { verdict: 'snat', class: 'node-ip', address: '198.18.0.12', rewrittenBy: { kind: 'node', name: 'node2' } },
  },
  {
    ref: '§1 Local: pod traffic is short-circuited by the ClusterCIDR detector (any endpoint, no masquerade)',
    inv: seed('Local'),
    origin: { kind: 'pod', node: 'node2', podIP: '198.19.2.7' },
    target: via('node2'),
    expect: { verdict: 'preserved', class: 'client', address: '198.19.2.7', rewrittenBy: null },
  },
  {
    ref: '§1 Local: traffic from a node’s own address is masqueraded (node process → its NodePort)',
    inv: seed('Local'),
    origin: { kind: 'node', node: 'node1' },
    target: via('node1'),
    expect: { verdict: 'snat', class: 'bridge-gateway', address: '198.19.1.1', rewrittenBy: { kind: 'node', name: 'node1' } },
  },
  {
    ref: '§1 Local: everything else goes to KUBE-SVL, client preserved',
    inv: seed('Local'),
    origin: external,
    target: via('node1'),
    expect: { verdict: 'preserved', address: CLIENT, check: (p) => expect(p.hops.find((h) => h.action === 'dnat')?.rule).toMatch(/KUBE-SVL/) },
  },
  {
    ref: '§1 Local, node without local endpoints: DROP in KUBE-EXTERNAL-SERVICES (timeout, not refusal)',
    inv: seed('Local'),
    origin: external,
    target: via('node2'),
    expect: { outcome: 'dropped', verdict: 'dropped', rule: /KUBE-EXTERNAL-SERVICES/ },
  },
  {
    ref: '§1 service with no endpoints at all: REJECT (connection refused), Cluster',
    inv: seed('Cluster', { endpoints: [] }),
    origin: external,
    target: via('node1'),
    expect: { outcome: 'rejected', verdict: 'rejected', rule: /has no endpoints.*REJECT/ },
  },
  {
    ref: '§1 service with no endpoints at all: REJECT (connection refused), Local',
    inv: seed('Local', { endpoints: [] }),
    origin: external,
    target: via('node2'),
    expect: { outcome: 'rejected', verdict: 'rejected', rule: /has no endpoints.*REJECT/ },
  },
  {
    ref: '§1 hairpin: a pod reaching itself through its service sees a node address',
    inv: seed('Cluster'),
    origin: { kind: 'pod', node: 'node1', podIP: '198.19.1.5' },
    target: { kind: 'clusterIP', port: 80 },
    expect: { verdict: 'snat', class: 'bridge-gateway', address: '198.19.1.1', rewrittenBy: { kind: 'node', name: 'node1' }, check: (p) => expect(p.hops.find((h) => h.action === 'snat')?.rule).toMatch(/KUBE-SEP.*hairpin/) },
  },
  {
    ref: '§1 ClusterIP from a pod: no SNAT',
    inv: seed('Cluster'),
    origin: { kind: 'pod', node: 'node2', podIP: '198.19.2.7' },
    target: { kind: 'clusterIP', port: 80 },
    expect: { verdict: 'preserved', class: 'client', address: '198.19.2.7', rewrittenBy: null },
  },
  {
    ref: '§1 ClusterIP from a node process: masquerade',
    inv: seed('Cluster'),
    origin: { kind: 'node', node: 'node1' },
    target: { kind: 'clusterIP', port: 80 },
    expect: { verdict: 'snat', class: 'bridge-gateway', address: '198.19.1.1', rewrittenBy: { kind: 'node', name: 'node1' } },
  },
  {
    ref: '§1 --masquerade-all: pod → ClusterIP is masqueraded too',
    inv: seed('Cluster', { proxy: makeProxy({ masqueradeAll: true }) }),
    origin: { kind: 'pod', node: 'node2', podIP: '198.19.2.7' },
    target: { kind: 'clusterIP', port: 80 },
    expect: { verdict: 'snat', class: 'node-ip', address: '198.18.0.12', rewrittenBy: { kind: 'node', name: 'node2' } },
  },
  {
    ref: '§1 internalTrafficPolicy Local: no local endpoint → DROP (timeout)',
    inv: seed('Cluster', { service: makeService({ internalTrafficPolicy: 'Local' }) }),
    origin: { kind: 'pod', node: 'node2', podIP: '198.19.2.7' },
    target: { kind: 'clusterIP', port: 80 },
    expect: { outcome: 'dropped', verdict: 'dropped', rule: /KUBE-SERVICES.*has no local endpoints.*DROP/ },
  },
  {
    ref: '§1 internalTrafficPolicy Local: local endpoint used, masquerading unchanged (pod → no SNAT)',
    inv: seed('Cluster', { service: makeService({ internalTrafficPolicy: 'Local' }) }),
    origin: { kind: 'pod', node: 'node1', podIP: '198.19.1.7' },
    target: { kind: 'clusterIP', port: 80 },
    expect: { verdict: 'preserved', address: '198.19.1.7', check: (p) => expect(p.hops.find((h) => h.action === 'dnat')?.rule).toMatch(/KUBE-SVL/) },
  },
  {
    ref: '§1 terminating endpoints: Local keeps using a terminating-but-serving local endpoint',
    inv: seed('Local', { endpoints: [makeEndpoint('198.19.1.5', 'node1', { ready: false, serving: true, terminating: true })] }),
    origin: external,
    target: via('node1'),
    expect: {
      verdict: 'preserved',
      address: CLIENT,
      check: (p) => {
        expect(p.endpoint?.terminating).toBe(true);
        expect(p.explanation.map((s) => s.code)).toContain('kp.terminatingFallback');
      },
    },
  },
  {
    ref: '§1 terminating and not serving: not usable → REJECT',
    inv: seed('Local', { endpoints: [makeEndpoint('198.19.1.5', 'node1', { ready: false, serving: false, terminating: true })] }),
    origin: external,
    target: via('node1'),
    expect: { outcome: 'rejected', verdict: 'rejected' },
  },
  {
    ref: '§1 healthCheckNodePort: a Local LoadBalancer only sends to nodes with endpoints',
    inv: seed('Local', { service: lbService('Local') }),
    origin: external,
    target: { kind: 'loadBalancer', port: 80 },
    expect: { verdict: 'preserved', address: CLIENT, check: (p) => expect(p.entry?.node).toBe('node1') },
  },
  {
    ref: '§1 IPVS mode: same policy semantics (Cluster via node2 → node2 address)',
    inv: seed('Cluster', { proxy: makeProxy({ mode: 'ipvs' }) }),
    origin: external,
    target: via('node2'),
    expect: { verdict: 'snat', class: 'node-ip', address: '198.18.0.12', rewrittenBy: { kind: 'node', name: 'node2' }, check: (p) => expect(p.hops.map((h) => h.rule).join(' ')).toMatch(/IPVS/) },
  },
  {
    ref: '§1 IPVS mode: Local on a node without endpoints drops',
    inv: seed('Local', { proxy: makeProxy({ mode: 'ipvs' }) }),
    origin: external,
    target: via('node2'),
    expect: { outcome: 'dropped', verdict: 'dropped', rule: /IPVS/ },
  },
  {
    ref: '§1 nftables mode: same policy semantics, nftables chains',
    inv: seed('Cluster', { proxy: makeProxy({ mode: 'nftables' }) }),
    origin: external,
    target: via('node2'),
    expect: { verdict: 'snat', address: '198.18.0.12', check: (p) => expect(p.hops.map((h) => h.rule).join(' ')).toMatch(/mark-for-masquerade.*masquerading/) },
  },
  {
    ref: '§1 nftables mode: NodePorts only on the node’s primary addresses by default',
    inv: seed('Cluster', {
      proxy: makeProxy({ mode: 'nftables' }),
      nodes: [makeNode('node1', '198.18.0.11', '198.19.1.0/24', { addresses: { internalIPs: ['198.18.0.11'], externalIPs: ['198.18.50.11'], hostnames: [] } }), makeNode('node2', '198.18.0.12', '198.19.2.0/24')],
    }),
    origin: external,
    target: { kind: 'nodePort', port: 30080, node: 'node1', address: '198.18.50.11' },
    expect: { outcome: 'rejected', verdict: 'rejected', rule: /nodeport-ips/ },
  },
  {
    ref: '§1 local-traffic detector ClusterCIDR: a pod on node2 reaching its own node’s Local NodePort is short-circuited (any endpoint, no SNAT)',
    inv: seed('Local'),
    origin: { kind: 'pod', node: 'node2', podIP: '198.19.2.7' },
    target: via('node2'),
    expect: { verdict: 'preserved', address: '198.19.2.7' },
  },
  {
    ref: '§1 short-circuit to another node’s NodePort: the reply bypasses the DNAT node (asymmetric return) → timeout (reproduced by the lab)',
    inv: seed('Local'),
    origin: { kind: 'pod', node: 'node1', podIP: '198.19.1.7' },
    target: via('node2'),
    expect: { outcome: 'dropped', verdict: 'dropped', rule: /bypasses node2/ },
  },
  {
    ref: '§1 local-traffic detector NodeCIDR: the same pod is not recognised on node2 → dropped',
    inv: seed('Local', { proxy: makeProxy({ detectLocalMode: 'NodeCIDR' }) }),
    origin: { kind: 'pod', node: 'node1', podIP: '198.19.1.7' },
    target: via('node2'),
    expect: { outcome: 'dropped', verdict: 'dropped' },
  },
  {
    ref: '§1 no local-traffic detector (empty clusterCIDR): pod traffic falls to KUBE-SVL → dropped on node2',
    inv: seed('Local', { proxy: makeProxy({ clusterCIDR: null }) }),
    origin: { kind: 'pod', node: 'node1', podIP: '198.19.1.7' },
    target: via('node2'),
    expect: { outcome: 'dropped', verdict: 'dropped' },
  },

  // ---- §2 what upstream tests assert
  {
    ref: '§2 pod → ClusterIP: the server sees the client pod’s IP',
    inv: seed('Cluster', { endpoints: [makeEndpoint('198.19.1.5', 'node1'), makeEndpoint('198.19.2.5', 'node2')] }),
    origin: { kind: 'pod', node: 'node1', podIP: '198.19.1.7' },
    target: { kind: 'clusterIP', port: 80 },
    expect: { verdict: 'preserved', class: 'client', address: '198.19.1.7' },
  },
  {
    ref: '§2 external → NodePort, Cluster: a node/cluster-internal address from every node',
    inv: seed('Cluster', { endpoints: [makeEndpoint('198.19.1.5', 'node1'), makeEndpoint('198.19.2.5', 'node2')] }),
    origin: external,
    target: { kind: 'nodePort', port: 30080 },
    expect: { verdict: 'snat', check: (p) => expect(['node-ip', 'bridge-gateway', 'overlay']).toContain(p.observed.class) },
  },
  {
    ref: '§2 external → NodePort, Local: the real client IP only from nodes with an endpoint',
    inv: seed('Local'),
    origin: external,
    target: { kind: 'nodePort', port: 30080 },
    only: (p) => p.entry?.node === 'node1',
    expect: { verdict: 'preserved', address: CLIENT },
  },
  {
    ref: '§2 external → NodePort, Local: nodes without an endpoint time out',
    inv: seed('Local'),
    origin: external,
    target: { kind: 'nodePort', port: 30080 },
    only: (p) => p.entry?.node === 'node2',
    expect: { outcome: 'dropped', verdict: 'dropped' },
  },
  {
    ref: '§2 LoadBalancer, Local: the client IP is not in the node subnet',
    inv: seed('Local', { service: lbService('Local') }),
    origin: external,
    target: { kind: 'loadBalancer', port: 80 },
    expect: { verdict: 'preserved', check: (p) => expect(p.observed.address?.startsWith('198.18.')).toBe(false) },
  },

  // ---- §3 dataplanes that change the answer
  {
    ref: '§3 Cilium without kube-proxy, SNAT mode: remote backend → entry node address',
    inv: seed('Cluster', { cni: makeCni({ kind: 'cilium', cilium: { kubeProxyReplacement: true, lbMode: 'snat', tunnel: 'disabled' } }) }),
    origin: external,
    target: via('node2'),
    expect: { verdict: 'snat', class: 'node-ip', address: '198.18.0.12', rewrittenBy: { kind: 'node', name: 'node2' } },
  },
  {
    ref: '§3 Cilium SNAT mode: a local backend is reached without SNAT',
    inv: seed('Cluster', { cni: makeCni({ kind: 'cilium', cilium: { kubeProxyReplacement: true, lbMode: 'snat', tunnel: 'disabled' } }) }),
    origin: external,
    target: via('node1'),
    expect: { verdict: 'preserved', address: CLIENT },
  },
  {
    ref: '§3 Cilium DSR mode preserves the client IP',
    inv: seed('Cluster', { cni: makeCni({ kind: 'cilium', cilium: { kubeProxyReplacement: true, lbMode: 'dsr', tunnel: 'disabled' } }) }),
    origin: external,
    target: via('node2'),
    expect: { verdict: 'preserved', address: CLIENT, rewrittenBy: null },
  },
  {
    ref: '§3 Cilium hybrid: DSR for TCP',
    inv: seed('Cluster', { cni: makeCni({ kind: 'cilium', cilium: { kubeProxyReplacement: true, lbMode: 'hybrid', tunnel: 'disabled' } }) }),
    origin: external,
    target: via('node2'),
    expect: { verdict: 'preserved', address: CLIENT },
  },
  {
    ref: '§3 Cilium hybrid: SNAT for UDP',
    inv: seed('Cluster', {
      cni: makeCni({ kind: 'cilium', cilium: { kubeProxyReplacement: true, lbMode: 'hybrid', tunnel: 'disabled' } }),
      service: makeService({ ports: [{ name: 'dns', protocol: 'UDP', port: 53, targetPort: 5353, nodePort: 30080 }] }),
    }),
    origin: external,
    target: via('node2'),
    expect: { verdict: 'snat', class: 'node-ip', address: '198.18.0.12', rewrittenBy: { kind: 'node', name: 'node2' } },
  },
  {
    ref: '§3 Calico iptables dataplane: kube-proxy’s rules apply (Local via node2 drops)',
    inv: seed('Local', { nodes: calicoIpipNodes, cni: makeCni({ kind: 'calico', calico: { dataplane: 'iptables', natOutgoing: true, encapsulation: 'ipip' } }) }),
    origin: external,
    target: via('node2'),
    expect: { outcome: 'dropped', verdict: 'dropped', rule: /KUBE-EXTERNAL-SERVICES/ },
  },
  {
    ref: '§3 Calico eBPF preserves the client IP even with Cluster policy',
    inv: seed('Cluster', { nodes: calicoIpipNodes, cni: makeCni({ kind: 'calico', calico: { dataplane: 'bpf', natOutgoing: true, encapsulation: 'ipip' } }) }),
    origin: external,
    target: via('node2'),
    expect: { verdict: 'preserved', address: CLIENT, rewrittenBy: null },
  },
  {
    ref: '§3 Calico VPP always SNATs NodePorts (even Local with a local endpoint)',
    inv: seed('Local', { cni: makeCni({ kind: 'calico', calico: { dataplane: 'vpp', natOutgoing: true, encapsulation: 'none' } }) }),
    origin: external,
    target: via('node1'),
    expect: { verdict: 'snat', class: 'node-ip', address: '198.18.0.11', rewrittenBy: { kind: 'node', name: 'node1' } },
  },
  {
    ref: '§3 Calico natOutgoing SNATs pod egress to another node’s address',
    inv: seed('Local', {
      endpoints: [makeEndpoint('198.19.2.5', 'node2')],
      cni: makeCni({ kind: 'calico', calico: { dataplane: 'iptables', natOutgoing: true, encapsulation: 'none' } }),
    }),
    origin: { kind: 'pod', node: 'node1', podIP: '198.19.1.7' },
    target: via('node2'),
    expect: { verdict: 'snat', class: 'node-ip', address: '198.18.0.11', rewrittenBy: { kind: 'node', name: 'node1' } },
  },
  {
    ref: '§3 flannel --ip-masq masquerades pod egress to another node’s address',
    inv: seed('Local', { endpoints: [makeEndpoint('198.19.2.5', 'node2')], cni: makeCni({ kind: 'flannel', flannel: { backend: 'host-gw', ipMasq: true } }) }),
    origin: { kind: 'pod', node: 'node1', podIP: '198.19.1.7' },
    target: via('node2'),
    expect: { verdict: 'snat', class: 'node-ip', address: '198.18.0.11', rewrittenBy: { kind: 'node', name: 'node1' } },
  },
  {
    ref: '§3 flannel without --ip-masq: the pod address reaches node2 (then short-circuited)',
    inv: seed('Local', { endpoints: [makeEndpoint('198.19.2.5', 'node2')], cni: makeCni({ kind: 'flannel', flannel: { backend: 'host-gw', ipMasq: false } }) }),
    origin: { kind: 'pod', node: 'node1', podIP: '198.19.1.7' },
    target: via('node2'),
    expect: { verdict: 'preserved', address: '198.19.1.7' },
  },

  // ---- §4 layers in front of the node
  {
    ref: '§4 L4 relay without PROXY protocol: the backend sees the relay',
    inv: seed('Local'),
    origin: { kind: 'relay', relay: relay(), clientAddress: CLIENT },
    target: { kind: 'nodePort', port: 30080 },
    expect: { verdict: 'snat', class: 'relay', address: '203.0.113.20', rewrittenBy: { kind: 'relay', name: 'edge' }, clientLostAt: { kind: 'relay', name: 'edge' } },
  },
  {
    ref: '§4 L4 relay in front of a Cluster NodePort: node2 rewrites the relay’s address again',
    inv: seed('Cluster'),
    origin: { kind: 'relay', relay: relay({ forwardsTo: { node: 'node2', port: 30080 } }), clientAddress: CLIENT },
    target: { kind: 'nodePort', port: 30080 },
    expect: { verdict: 'snat', class: 'node-ip', address: '198.18.0.12', rewrittenBy: { kind: 'node', name: 'node2' }, clientLostAt: { kind: 'relay', name: 'edge' } },
  },
  {
    ref: '§4 L4 relay with PROXY protocol v1: the client survives in the PROXY header',
    inv: seed('Local'),
    origin: { kind: 'relay', relay: relay({ proxyProtocol: 'v1' }), clientAddress: CLIENT },
    target: { kind: 'nodePort', port: 30080 },
    expect: { verdict: 'proxied', class: 'relay', address: '203.0.113.20', rewrittenBy: { kind: 'relay', name: 'edge' }, proxySource: CLIENT },
  },
  {
    ref: '§4 L7 relay adding X-Forwarded-For: socket = relay, header = client',
    inv: seed('Local'),
    origin: { kind: 'relay', relay: relay({ mode: 'l7', addsXForwardedFor: true }), clientAddress: CLIENT },
    target: { kind: 'nodePort', port: 30080 },
    expect: { verdict: 'proxied', class: 'relay', address: '203.0.113.20', xff: CLIENT },
  },
  {
    ref: '§4 ingress-nginx controller Service with Cluster policy receives node addresses',
    inv: ingressInv({ controllerPolicy: 'Cluster' }),
    origin: external,
    target: ingressTarget({ kind: 'nodePort', node: 'node1' }),
    expect: {
      verdict: 'snat',
      class: 'ingress-pod',
      address: '198.19.2.20',
      rewrittenBy: { kind: 'ingress', name: 'ingress-nginx-controller-abc' },
      clientLostAt: { kind: 'node', name: 'node1' },
      xff: '198.18.0.11',
    },
  },
  {
    ref: '§4 ingress-nginx controller Service with Local policy: the controller sees the client and forwards it',
    inv: ingressInv({ controllerPolicy: 'Local' }),
    origin: external,
    target: ingressTarget({ kind: 'nodePort', node: 'node2' }),
    expect: { verdict: 'proxied', class: 'ingress-pod', address: '198.19.2.20', xff: CLIENT, check: (p) => expect(p.forwarded.xRealIp).toBe(CLIENT) },
  },
  {
    ref: '§4 ingress-nginx realip off (defaults): XFF from an L7 relay is ignored, upstream XFF is just $remote_addr',
    inv: ingressInv({ controllerPolicy: 'Local' }),
    origin: { kind: 'relay', relay: relay({ mode: 'l7', addsXForwardedFor: true, forwardsTo: { node: 'node2', port: 31080 } }), clientAddress: CLIENT },
    target: ingressTarget(),
    expect: { verdict: 'snat', class: 'ingress-pod', xff: '203.0.113.20', clientLostAt: { kind: 'ingress', name: 'ingress-nginx-controller-abc' } },
  },
  {
    ref: '§4 ingress-nginx use-forwarded-headers: realip takes the client from XFF (default proxy-real-ip-cidr 0.0.0.0/0 is spoofable)',
    inv: ingressInv({ controllerPolicy: 'Local', config: { useForwardedHeaders: true } }),
    origin: { kind: 'relay', relay: relay({ mode: 'l7', addsXForwardedFor: true, forwardsTo: { node: 'node2', port: 31080 } }), clientAddress: CLIENT },
    target: ingressTarget(),
    expect: { verdict: 'proxied', xff: CLIENT, check: (p) => expect(p.forwarded.spoofable).toBe(true) },
  },
  {
    ref: '§4 ingress-nginx use-forwarded-headers + compute-full-forwarded-for: XFF is the whole chain',
    inv: ingressInv({ controllerPolicy: 'Local', config: { useForwardedHeaders: true, computeFullForwardedFor: true, proxyRealIpCidr: ['203.0.113.20/32'] } }),
    origin: { kind: 'relay', relay: relay({ mode: 'l7', addsXForwardedFor: true, forwardsTo: { node: 'node2', port: 31080 } }), clientAddress: CLIENT },
    target: ingressTarget(),
    expect: { verdict: 'proxied', xff: `${CLIENT}, 203.0.113.20`, check: (p) => expect(p.forwarded.spoofable).toBe(false) },
  },
  {
    ref: '§4 passthrough LB with Cluster policy: any node, which then SNATs as a NodePort would',
    inv: seed('Cluster', { service: lbService('Cluster') }),
    origin: external,
    target: { kind: 'loadBalancer', port: 80 },
    only: (p) => p.entry?.node === 'node2',
    expect: { verdict: 'snat', class: 'node-ip', address: '198.18.0.12', rewrittenBy: { kind: 'node', name: 'node2' } },
  },
  {
    ref: '§4 in-cluster client calling an LB IP is short-circuited by kube-proxy (Cluster: masqueraded at the caller’s node)',
    inv: seed('Cluster', { service: lbService('Cluster') }),
    origin: { kind: 'pod', node: 'node2', podIP: '198.19.2.7' },
    target: { kind: 'loadBalancer', port: 80 },
    expect: { verdict: 'snat', class: 'node-ip', address: '198.18.0.12', rewrittenBy: { kind: 'node', name: 'node2' }, check: (p) => expect(p.hops.some((h) => h.at.kind === 'lb')).toBe(false) },
  },
  {
    ref: '§4 LB status ipMode: Proxy: in-cluster callers go through the load balancer',
    inv: seed('Cluster', {
      service: lbService('Local', {
        loadBalancer: { ingress: [{ ip: '198.18.100.1', hostname: null, ipMode: 'Proxy' }], loadBalancerClass: null, sourceRanges: [], proxyProtocol: null },
      }),
    }),
    origin: { kind: 'pod', node: 'node2', podIP: '198.19.2.7' },
    target: { kind: 'loadBalancer', port: 80 },
    expect: { verdict: 'snat', class: 'lb', rewrittenBy: { kind: 'lb', name: 'LB 198.18.100.1' } },
  },
  {
    ref: '§4 PROXY-protocol LB: external clients reach ingress-nginx (use-proxy-protocol) with the client in the PROXY header',
    inv: ingressInv({ controllerPolicy: 'Local', lbProxyProtocol: true, config: { useProxyProtocol: true } }),
    origin: external,
    target: ingressTarget({ kind: 'loadBalancer' }),
    expect: { verdict: 'proxied', class: 'ingress-pod', xff: CLIENT },
  },
  {
    ref: '§4 PROXY-protocol LB breaks for in-cluster callers (short-circuited, no PROXY header)',
    inv: ingressInv({ controllerPolicy: 'Local', lbProxyProtocol: true, config: { useProxyProtocol: true } }),
    origin: { kind: 'pod', node: 'node1', podIP: '198.19.1.7' },
    target: ingressTarget({ kind: 'loadBalancer' }),
    expect: { outcome: 'protocol-error', verdict: 'broken', check: (p) => expect(p.warnings.map((w) => w.code)).toContain('warn.ppShortCircuit') },
  },
];

describe('fact sheet table', () => {
  it.each(rows.map((r) => [r.ref, r] as const))('%s', (_ref, row) => {
    const prediction = predict(row.inv, row.origin, row.target);
    const paths = prediction.paths.filter(row.only ?? (() => true));
    expect(paths.length, JSON.stringify(prediction.warnings)).toBeGreaterThan(0);
    for (const p of paths) {
      const e = row.expect;
      const why = renderExplanation(p.explanation, 'en').join('\n');
      expect(p.outcome, why).toBe(e.outcome ?? 'delivered');
      expect(p.verdict, why).toBe(e.verdict);
      if (e.class !== undefined) expect(p.observed.class, why).toBe(e.class);
      if (e.address !== undefined) expect(p.observed.address, why).toBe(e.address);
      if (e.rewrittenBy !== undefined) expect(p.rewrittenBy ? { kind: p.rewrittenBy.kind, name: p.rewrittenBy.name } : null, why).toEqual(e.rewrittenBy);
      if (e.clientLostAt !== undefined) expect(p.clientLostAt ? { kind: p.clientLostAt.kind, name: p.clientLostAt.name } : null, why).toEqual(e.clientLostAt);
      if (e.rule) expect(p.outcomeRule ?? '', why).toMatch(e.rule);
      if (e.xff !== undefined) expect(p.forwarded.xForwardedFor, why).toBe(e.xff);
      if (e.proxySource !== undefined) expect(p.forwarded.proxyProtocol?.source ?? null, why).toBe(e.proxySource);
      // The rewriting hop, when named, really changed the source to what the backend sees.
      if (p.rewrittenBy && p.outcome === 'delivered') expect(p.hops[p.rewrittenBy.hop]?.sourceAfter).toBe(p.observed.address);
      e.check?.(p);
    }
  });
});
