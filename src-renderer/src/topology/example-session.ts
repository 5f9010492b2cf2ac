// The example picture shown before a service is picked: the original report's situation as a
// (made-up) probe result — Cluster policy via node2 is masqueraded to node2's address, Local
// policy via node2 is dropped, via node1 the client address survives.
import { SESSION_KIND, SESSION_VERSION } from '../../../src-main/contract/constants';
import type { Inventory, NodeInfo, PathResult, Session } from '../../../src-main/contract';

const node = (name: string, ip: string, cidr: string): NodeInfo => ({
  name,
  addresses: { internalIPs: [ip], externalIPs: [], hostnames: [name] },
  podCIDRs: [cidr],
  zone: null,
  ready: true,
  unschedulable: false,
  taints: [],
  labels: {},
  tunnel: null,
  routerAddress: null,
  flannelBackend: null,
  warnings: [],
});

const inventory: Inventory = {
  cluster: { context: 'example', serverHash: 'example', version: null },
  nodes: [node('node1', '198.18.0.11', '198.19.1.0/24'), node('node2', '198.18.0.12', '198.19.2.0/24')],
  service: null,
  endpoints: [],
  pods: [],
  proxy: { source: 'absent', mode: 'iptables', clusterCIDR: null, masqueradeAll: false, detectLocalMode: 'ClusterCIDR', detectLocalValue: null, nodePortAddresses: [], daemonSetPresent: null, replacedBy: null, warnings: [] },
  cni: { kind: 'unknown', evidence: [], calico: null, cilium: null, flannel: null, warnings: [] },
  ingressControllers: [],
  ingresses: [],
  warnings: [],
};

function cell(entry: 'node1' | 'node2', policy: 'Cluster' | 'Local'): PathResult {
  const address = entry === 'node1' ? '198.18.0.11' : '198.18.0.12';
  const port = policy === 'Cluster' ? 30080 : 30081;
  const dropped = policy === 'Local' && entry === 'node2';
  const snat = policy === 'Cluster';
  const seen = snat ? (entry === 'node1' ? '198.19.1.1' : '198.18.0.12') : dropped ? null : '203.0.113.1';
  const rewriter = snat ? { kind: 'node' as const, name: entry } : null;
  const verdict = dropped ? 'dropped' : snat ? 'snat' : 'preserved';
  return {
    id: `desktop|nodePort:${entry}:${port}|${policy.toLowerCase()}`,
    origin: { kind: 'desktop', address: '203.0.113.1' },
    target: { kind: 'nodePort', node: entry, address, port },
    service: { name: policy === 'Cluster' ? 'echo-cluster' : 'echo-local', policy, type: 'NodePort' },
    observationIds: [],
    result: dropped ? 'timeout' : 'ok',
    requests: 1,
    okRequests: dropped ? 0 : 1,
    observedSource: seen,
    observedSources: seen ? [seen] : [],
    headers: null,
    proxyHeader: null,
    predicted: { verdict, address: seen, class: snat ? 'node-ip' : 'client', rewrittenBy: rewriter, pathId: null },
    observed: { verdict, class: snat ? 'node-ip' : dropped ? null : 'client', node: rewriter?.name ?? null, via: snat ? 'node-ip' : null, rewritingHop: rewriter && seen ? { ...rewriter, address: seen } : null },
    matches: true,
    note: [],
    explanation: [],
    fixIds: [],
  };
}

export const EXAMPLE_SESSION: Session = {
  kind: SESSION_KIND,
  version: SESSION_VERSION,
  id: 'example',
  createdAt: '2025-01-01T00:00:00.000Z',
  finishedAt: '2025-01-01T00:00:00.000Z',
  app: { name: 'SNATScope', version: 'example' },
  cluster: { context: 'example', serverHash: 'example', version: null },
  status: 'completed',
  error: null,
  finding: [],
  plan: { namespace: 'example', image: 'example', mode: 'matrix', target: null, echoNodes: ['node1'], clientNodes: [], addressType: 'InternalIP', repeat: 1, yaml: '', permissions: [] },
  inventory,
  services: [
    { name: 'echo-cluster', policy: 'Cluster', type: 'NodePort', nodePort: 30080, clusterIP: null, lbAddresses: [] },
    { name: 'echo-local', policy: 'Local', type: 'NodePort', nodePort: 30081, clusterIP: null, lbAddresses: [] },
  ],
  echoPods: [{ name: 'frontend', node: 'node1', ip: '198.19.1.10' }],
  clientPods: [],
  observations: [],
  paths: [cell('node1', 'Cluster'), cell('node1', 'Local'), cell('node2', 'Cluster'), cell('node2', 'Local')],
  fixes: [],
  cleanup: { outcome: 'deleted', message: null },
  timings: {},
  warnings: [],
  progress: [],
  redacted: false,
};
