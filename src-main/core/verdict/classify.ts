// Classifies the source address a backend observed, in the order of fact sheet §5: the client
// itself, the client's egress address, a node address (kube-proxy SNAT), a node's bridge /
// overlay address, an ingress pod, a declared relay or LB, else an unknown middlebox.
import { step, type ExplainStep } from '../explain/types';
import { cidrContains, normalizeIP, nthAddress, sameIP } from '../inventory/detect-address';
import type { NodeInfo, PodInfo } from '../inventory/types';
import { classTerm } from '../prediction/finish';
import type { ObservedClass, RelayDecl, SnatVia } from '../prediction/types';

export interface ObservedSource {
  address: string;
  port?: number;
  /** Request headers as received by the backend (any case; repeated headers as arrays). */
  headers?: Record<string, string | string[]>;
  /** The PROXY protocol header the backend parsed, if any. */
  proxyHeader?: { source: string; destination?: string; version?: 'v1' | 'v2' | null } | null;
}

export interface ClassifyContext {
  /** The client's own socket address(es) as it saw them (e.g. from the probe's local address). */
  clientAddresses: string[];
  /** The client's public/egress address if it sits behind its own NAT. */
  clientEgressOnLocalPath?: string;
  nodes: NodeInfo[];
  ingressPods: PodInfo[];
  relays: RelayDecl[];
  lbAddresses: string[];
}

export interface ForwardedView {
  xForwardedFor: string[];
  xRealIp: string | null;
  forwarded: string[];
  proxyProtocolSource: string | null;
  /** The leftmost client claim in the headers / PROXY header. */
  headerClient: string | null;
  headerClientIsClient: boolean;
}

export interface ClassMatch {
  class: ObservedClass;
  node: string | null;
  via: SnatVia | null;
  relay: string | null;
  pod: string | null;
}

export interface Classification extends ClassMatch {
  /** Normalised address (IPv4-mapped IPv6 becomes IPv4), or the input when not an address. */
  address: string;
  /** Further matches lower in the §5 order (e.g. a node address that is also a declared relay). */
  also: ClassMatch[];
  forwarded: ForwardedView;
  explanation: ExplainStep;
}

function headerValues(headers: ObservedSource['headers'], name: string): string[] {
  if (!headers) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== name) continue;
    for (const item of Array.isArray(v) ? v : [v]) if (typeof item === 'string') out.push(item);
  }
  return out;
}

function splitList(values: string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s.length > 0);
}

/** RFC 7239 `for=` values, without quotes, brackets or ports. */
function forwardedFor(values: string[]): string[] {
  const out: string[] = [];
  for (const part of splitList(values)) {
    for (const pair of part.split(';')) {
      const m = /^\s*for\s*=\s*"?([^";]+)"?\s*$/i.exec(pair);
      if (!m?.[1]) continue;
      const raw = m[1].trim();
      out.push(normalizeIP(raw) ?? raw);
    }
  }
  return out;
}

function norm(a: string): string {
  return normalizeIP(a) ?? a.trim();
}

export function forwardedView(src: ObservedSource, clientAddresses: string[]): ForwardedView {
  const xff = splitList(headerValues(src.headers, 'x-forwarded-for')).map(norm);
  const xRealIp = headerValues(src.headers, 'x-real-ip').map(norm)[0] ?? null;
  const fwd = forwardedFor(headerValues(src.headers, 'forwarded'));
  const proxySource = src.proxyHeader?.source ? norm(src.proxyHeader.source) : null;
  const headerClient = proxySource ?? xff[0] ?? fwd[0] ?? xRealIp ?? null;
  return {
    xForwardedFor: xff,
    xRealIp,
    forwarded: fwd,
    proxyProtocolSource: proxySource,
    headerClient,
    headerClientIsClient: headerClient !== null && clientAddresses.some((c) => sameIP(c, headerClient)),
  };
}

function nodeDeviceMatch(node: NodeInfo, address: string): ClassMatch | null {
  const base = { node: node.name, relay: null, pod: null };
  if (node.tunnel && sameIP(node.tunnel.address, address)) return { ...base, class: 'overlay', via: 'overlay' };
  if (node.routerAddress && sameIP(node.routerAddress, address)) return { ...base, class: 'overlay', via: 'overlay' };
  for (const cidr of node.podCIDRs) {
    if (sameIP(nthAddress(cidr, 1), address)) return { ...base, class: 'bridge-gateway', via: 'bridge-gateway' };
    if (sameIP(nthAddress(cidr, 0), address)) return { ...base, class: 'overlay', via: 'overlay' };
  }
  return null;
}

export function classifyObservedSource(observed: ObservedSource, context: ClassifyContext): Classification {
  const address = norm(observed.address);
  const matches: ClassMatch[] = [];
  const none = { node: null, via: null, relay: null, pod: null };

  if (context.clientAddresses.some((c) => sameIP(c, address))) matches.push({ ...none, class: 'client' });
  if (context.clientEgressOnLocalPath && sameIP(context.clientEgressOnLocalPath, address)) matches.push({ ...none, class: 'client-egress' });
  for (const n of context.nodes) {
    if ([...n.addresses.internalIPs, ...n.addresses.externalIPs].some((a) => sameIP(a, address))) {
      matches.push({ ...none, class: 'node-ip', node: n.name, via: 'node-ip' });
    }
  }
  for (const n of context.nodes) {
    const m = nodeDeviceMatch(n, address);
    if (m) matches.push(m);
  }
  for (const p of context.ingressPods) {
    if (p.ip && sameIP(p.ip, address)) matches.push({ ...none, class: 'ingress-pod', pod: `${p.namespace}/${p.name}`, node: p.nodeName });
  }
  for (const r of context.relays) {
    if (sameIP(r.address, address)) matches.push({ ...none, class: 'relay', relay: r.name });
  }
  if (context.lbAddresses.some((a) => sameIP(a, address))) matches.push({ ...none, class: 'lb' });
  if (matches.length === 0) {
    // Not in §5's list, but worth naming: some other pod of the cluster (a sidecar or proxy).
    const owner = context.nodes.find((n) => n.podCIDRs.some((c) => cidrContains(c, address)));
    if (owner) matches.push({ ...none, class: 'pod', node: owner.name });
  }

  const first: ClassMatch = matches[0] ?? { ...none, class: 'unknown' };
  const forwarded = forwardedView(observed, context.clientAddresses);
  let explanation: ExplainStep;
  if (first.class === 'unknown') explanation = step('classify.unknown', { address });
  else if (first.class === 'client' || first.class === 'client-egress') explanation = step('classify.client', { address, class: classTerm(first.class) });
  else explanation = step('classify.match', { address, class: classTerm(first.class), owner: first.node ?? first.relay ?? first.pod ?? address });
  return { ...first, address, also: matches.slice(1), forwarded, explanation };
}
