// The questions SNATScope answers for a service before anything is deployed: from this desktop
// to every node's NodePort and to each LB address; from a pod (and a node process) on the
// endpoint nodes and one other node, to the NodePorts and the ClusterIP.
import type { Inventory, NodeInfo, ServicePortInfo } from '../inventory/types';
import type { Origin, RelayDecl, Target } from '../prediction/types';

export interface Question {
  id: string;
  origin: Origin;
  target: Target;
}

export type OriginSpec = { kind: 'desktop' } | { kind: 'pod'; node: string } | { kind: 'node'; node: string };

export function parseOriginSpec(text: string): OriginSpec | null {
  if (text === 'desktop' || text === 'external') return { kind: 'desktop' };
  const m = /^(pod|node):(.+)$/.exec(text);
  if (!m) return null;
  return { kind: m[1] as 'pod' | 'node', node: m[2]! };
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
  const specs: OriginSpec[] = origins ?? [{ kind: 'desktop' }, ...representativeNodes(inv).map((n) => ({ kind: 'pod' as const, node: n.name }))];
  for (const spec of specs) {
    const origin: Origin =
      spec.kind === 'desktop' ? { kind: 'external', ...(clientAddress ? { clientAddress } : {}) } : spec.kind === 'pod' ? { kind: 'pod', node: spec.node } : { kind: 'node', node: spec.node };
    const originId = spec.kind === 'desktop' ? 'desktop' : `${spec.kind}:${spec.node}`;
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
