// The questions SNATScope answers for a service before anything is deployed: from this desktop
// to every node's NodePort, to each LB address and through each Ingress that routes to it; from a
// pod (and a node process) on the endpoint nodes and one other node, to the NodePorts and the ClusterIP.
import type { Inventory, NodeInfo, ServicePortInfo } from '../inventory/types';
import type { Origin, RelayDecl, Target } from '../prediction/types';

export interface Question {
  id: string;
  origin: Origin;
  target: Target;
}

/** `backend`: one of the service's own endpoint pods calling its Service (the first ready one unless named). */
export type OriginSpec = { kind: 'desktop' } | { kind: 'pod'; node: string } | { kind: 'node'; node: string } | { kind: 'backend'; pod?: string };

export function parseOriginSpec(text: string): OriginSpec | null {
  if (text === 'desktop' || text === 'external') return { kind: 'desktop' };
  if (text === 'backend') return { kind: 'backend' };
  const m = /^(pod|node|backend):(.+)$/.exec(text);
  if (!m) return null;
  if (m[1] === 'backend') return /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(m[2]!) ? { kind: 'backend', pod: m[2]! } : null;
  return { kind: m[1] as 'pod' | 'node', node: m[2]! };
}

/** The endpoint pods a backend origin may stand for: ready ones with a node and an address, by name. */
export function backendPods(inv: Inventory): { pod: string; node: string; address: string }[] {
  const seen = new Set<string>();
  const out: { pod: string; node: string; address: string }[] = [];
  for (const e of inv.endpoints) {
    if (!e.ready || !e.nodeName || e.targetRef?.kind !== 'Pod' || seen.has(e.targetRef.name)) continue;
    seen.add(e.targetRef.name);
    out.push({ pod: e.targetRef.name, node: e.nodeName, address: e.address });
  }
  return out.sort((a, b) => (a.pod < b.pod ? -1 : a.pod > b.pod ? 1 : 0));
}

function originOf(spec: OriginSpec, inv: Inventory, clientAddress?: string): { origin: Origin; id: string } | null {
  if (spec.kind === 'desktop') return { origin: { kind: 'external', ...(clientAddress ? { clientAddress } : {}) }, id: 'desktop' };
  if (spec.kind === 'backend') {
    const pods = backendPods(inv);
    const b = spec.pod ? pods.find((p) => p.pod === spec.pod) : pods[0];
    return b ? { origin: { kind: 'pod', node: b.node, podIP: b.address, backend: b.pod }, id: `backend:${b.pod}` } : null;
  }
  return { origin: spec.kind === 'pod' ? { kind: 'pod', node: spec.node } : { kind: 'node', node: spec.node }, id: `${spec.kind}:${spec.node}` };
}

function servicePorts(inv: Inventory): ServicePortInfo[] {
  return inv.service?.ports ?? [];
}

/** Endpoint nodes first, then one node without endpoints (it shows the Local-policy drop). */
export function representativeNodes(inv: Inventory, max = 4): NodeInfo[] {
  const endpointNodes = new Set(inv.endpoints.map((e) => e.nodeName).filter((n): n is string => n !== null));
  const withEp = inv.nodes.filter((n) => endpointNodes.has(n.name));
  const without = inv.nodes.filter((n) => !endpointNodes.has(n.name) && n.ready);
  return [...withEp.slice(0, max - 1), ...without.slice(0, 1)].slice(0, max);
}

/**
 * From the client outside the cluster through every Ingress rule (and default backend) in the
 * service's namespace that routes to it: in via the controller's Service, the controller pod's L7
 * hop, then the backend (fact sheet §4). An Ingress can only name Services of its own namespace.
 */
export function ingressQuestions(inv: Inventory, clientAddress?: string): Question[] {
  const svc = inv.service;
  if (!svc) return [];
  const origin: Origin = { kind: 'external', ...(clientAddress ? { clientAddress } : {}) };
  const out: Question[] = [];
  const ask = (host: string | null, path: string) => {
    const id = `desktop>ingress:${host ?? '*'}${path}`;
    if (!out.some((q) => q.id === id)) out.push({ id, origin, target: { kind: 'ingress', host, path } });
  };
  for (const ing of inv.ingresses) {
    if (ing.namespace !== svc.namespace) continue;
    for (const r of ing.rules) for (const p of r.paths) if (p.backend.service === svc.name) ask(r.host, p.path || '/');
    // The default backend takes whatever no rule matches: any host, any path.
    if (ing.defaultBackend?.service === svc.name) ask(null, '/');
  }
  return out;
}

export function defaultQuestions(inv: Inventory, origins?: OriginSpec[], clientAddress?: string, relays: RelayDecl[] = []): Question[] {
  const out: Question[] = [];
  const ports = servicePorts(inv);
  // A declared relay answers for this service when it forwards to one of its nodePorts: the
  // client goes through the relay, which opens its own connection to that node (fact sheet §4).
  for (const relay of relays) {
    for (const p of ports) {
      if (p.nodePort !== relay.forwardsTo.port) continue;
      const origin: Origin = { kind: 'relay', relay, ...(clientAddress ? { clientAddress } : {}) };
      out.push({ id: `relay:${relay.name}>nodePort:${p.nodePort}/${p.protocol}@${relay.forwardsTo.node}`, origin, target: { kind: 'nodePort', port: p.nodePort, node: relay.forwardsTo.node, protocol: p.protocol } });
    }
  }
  // By default also one of the service's own backends: a pod calling its own Service hairpins.
  const specs: OriginSpec[] = origins ?? [{ kind: 'desktop' }, ...representativeNodes(inv).map((n) => ({ kind: 'pod' as const, node: n.name })), { kind: 'backend' }];
  for (const spec of specs) {
    const resolved = originOf(spec, inv, clientAddress);
    if (!resolved) continue;
    const { origin, id: originId } = resolved;
    for (const p of ports) {
      const proto = p.protocol;
      if (p.nodePort) out.push({ id: `${originId}>nodePort:${p.nodePort}/${proto}`, origin, target: { kind: 'nodePort', port: p.nodePort, protocol: proto } });
      for (const ing of inv.service?.loadBalancer.ingress ?? []) {
        const address = ing.ip ?? ing.hostname;
        if (address) out.push({ id: `${originId}>lb:${address}:${p.port}/${proto}`, origin, target: { kind: 'loadBalancer', port: p.port, address, protocol: proto } });
      }
      if (spec.kind !== 'desktop' && (inv.service?.clusterIPs.length ?? 0) > 0) {
        out.push({ id: `${originId}>clusterIP:${p.port}/${proto}`, origin, target: { kind: 'clusterIP', port: p.port, protocol: proto } });
      }
    }
    if (spec.kind === 'desktop') out.push(...ingressQuestions(inv, clientAddress));
  }
  return out;
}

/** Above this many nodes, "every node" questions use a sample of entry nodes. */
export const FULL_ENTRY_LIMIT = 60;

/**
 * The entry nodes that stand for all of them: every node with an endpoint (up to 40, the ones
 * whose paths differ), then a few without (kube-proxy treats those alike, each SNATs or drops
 * the same way, only with its own address).
 */
export function entryNodeSample(inv: Inventory): string[] | null {
  if (inv.nodes.length <= FULL_ENTRY_LIMIT) return null;
  const endpointNodes = new Set(inv.endpoints.map((e) => e.nodeName).filter((n): n is string => n !== null));
  const sorted = [...inv.nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const withEp = sorted.filter((n) => endpointNodes.has(n.name)).slice(0, 40);
  const others = sorted.filter((n) => !endpointNodes.has(n.name));
  const sample = [...others.filter((n) => n.ready).slice(0, 4), ...others.filter((n) => !n.ready).slice(0, 1)];
  return [...withEp, ...sample].map((n) => n.name);
}
