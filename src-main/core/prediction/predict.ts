// predict(inventory, origin, target): every path a request can take, hop by hop, and what the
// backend sees. Pure: no I/O, deterministic for a given input.
import { step, type ExplainStep, type Fix } from '../explain/types';
import { anyCidrContains, normalizeIP, sameIP } from '../inventory/detect-address';
import type { EndpointInfo, IngressControllerInfo, IngressInfo, Inventory, NodeInfo, Protocol, ServiceInfo, ServicePortInfo } from '../inventory/types';
import { buildContext, nodeByAddress, type Ctx } from './context';
import { addHop, cloneDraft, end, hostPort, newDraft, rewriteSource, type Draft, type Packet } from './draft';
import { cniMasqueradesPodEgress, nodeAddress } from './egress';
import { dedupe, finishDraft } from './finish';
import {
  ciliumDsrFix,
  endpointEveryNodeFix,
  etpLocalFix,
  hairpinFix,
  masqueradeAllFix,
  keepClusterCarryClientFix,
  sendToEndpointNodesFix,
  ingressNginxForwardedHeadersFix,
  ingressNginxProxyProtocolFix,
  lbHealthCheckFix,
  lbIpModeProxyFix,
  proxyProtocolFix,
  realipNginxFix,
  relayXffFix,
  restrictRealIpCidrFix,
} from './fixes';
import { groupPaths } from './group';
import { ingressHop } from './ingress-hop';
import * as R from './rules';
import { categorize, serviceAtNode, type SvcTarget } from './service-path';
import { UNKNOWN_CLIENT, type Origin, type PredictedPath, type Prediction, type RelayDecl, type Target } from './types';

/** Upper bound on paths per prediction; a 5,000-node cluster must not explode the UI. */
export const MAX_PATHS = 5000;
const MAX_INGRESS_BACKENDS = 16;

interface Run {
  ctx: Ctx;
  origin: Origin;
  warnings: ExplainStep[];
  /** The controller an ingress prediction went through. */
  ingressController?: IngressControllerInfo;
}

// ---- origins -----------------------------------------------------------------------------------

interface Start {
  draft: Draft;
  /** The node the sender sits on (pod / node origins). */
  node: NodeInfo | null;
}

function basePacket(src: string, kind: Packet['srcKind'], srcNode: string | null): Packet {
  return {
    src,
    srcKind: kind,
    srcNode,
    srcClass: 'client',
    srcClassNode: null,
    srcVia: null,
    srcExact: !src.startsWith('<'),
    dst: '',
    dstPort: 0,
    proto: 'TCP',
    xff: [],
    xRealIp: null,
    proxy: null,
    spoofable: false,
  };
}

function startOrigin(run: Run, dst: string, dstPort: number, proto: Protocol): Start | null {
  const { ctx, origin } = run;
  if (origin.kind === 'external' || origin.kind === 'relay') {
    const client = normalizeIP(origin.clientAddress) ?? UNKNOWN_CLIENT;
    const d = newDraft(client, { ...basePacket(client, 'outside', null), dst, dstPort, proto });
    if (origin.kind === 'external') {
      addHop(d, { kind: 'client', name: 'client', address: client }, 'send', 'socket', R.FACT.kubeProxy);
      d.steps.push(step(client === UNKNOWN_CLIENT ? 'origin.externalAnon' : 'origin.external', { client, destination: hostPort(dst, dstPort) }));
    }
    return { draft: d, node: null };
  }
  const node = ctx.nodes.get(origin.node) ?? null;
  if (!node) {
    run.warnings.push(step('warn.unknownNode', { node: origin.node }));
    return null;
  }
  if (origin.kind === 'pod') {
    const ip = normalizeIP(origin.podIP) ?? `<pod on ${node.name}>`;
    const d = newDraft(ip, { ...basePacket(ip, 'pod', node.name), dst, dstPort, proto });
    addHop(d, { kind: 'pod', name: origin.backend ?? `pod on ${node.name}`, address: ip }, 'send', 'socket', R.FACT.upstreamTests);
    if (origin.backend) d.steps.push(step('origin.backend', { pod: origin.backend, node: node.name, address: ip, destination: hostPort(dst, dstPort) }));
    else d.steps.push(step('origin.pod', { node: node.name, address: ip, destination: hostPort(dst, dstPort) }));
    return { draft: d, node };
  }
  const addr = nodeAddress(node);
  const d = newDraft(addr, { ...basePacket(addr, 'host', node.name), dst, dstPort, proto });
  addHop(d, { kind: 'node', name: node.name, address: addr }, 'send', 'socket', R.FACT.kubeProxy);
  d.steps.push(step('origin.node', { node: node.name, address: addr, destination: hostPort(dst, dstPort) }));
  return { draft: d, node };
}

/** The declared relay terminates the client's connection and opens its own to a node. */
function throughRelay(d: Draft, relay: RelayDecl, nodeAddr: string): void {
  const client = d.client;
  const relayAddr = normalizeIP(relay.address) ?? relay.address;
  d.packet.dst = relayAddr;
  d.packet.dstPort = null; // the relay's own listening port is not part of the declaration
  addHop(d, { kind: 'client', name: 'client', address: client }, 'send', 'socket', R.FACT.layers);
  d.steps.push(step(client === UNKNOWN_CLIENT ? 'origin.externalAnon' : 'origin.external', { client, destination: relayAddr }));
  d.packet.dst = nodeAddr;
  d.packet.dstPort = relay.forwardsTo.port;
  addHop(d, { kind: 'relay', name: relay.name, address: relayAddr }, 'proxy', relay.mode === 'l4' ? 'L4 proxy: new TCP connection' : 'L7 proxy: new HTTP connection', R.FACT.layers);
  if (relay.proxyProtocol) d.packet.proxy = { version: relay.proxyProtocol, source: client, destination: relayAddr };
  if (relay.mode === 'l7' && relay.addsXForwardedFor) d.packet.xff = [...d.packet.xff, client];
  rewriteSource(d, relayAddr, 'relay', { kind: 'outside', srcNode: null });
  d.steps.push(step(relay.mode === 'l4' ? 'relay.l4' : 'relay.l7', { relay: relay.name, relayAddress: relayAddr, destination: hostPort(nodeAddr, relay.forwardsTo.port) }));
  if (relay.proxyProtocol) d.steps.push(step('relay.proxyProtocol', { relay: relay.name, version: relay.proxyProtocol, client }));
  if (relay.mode === 'l7' && relay.addsXForwardedFor) d.steps.push(step('relay.xff', { relay: relay.name, xff: d.packet.xff.join(', ') }));
  if (!relay.proxyProtocol && !(relay.mode === 'l7' && relay.addsXForwardedFor)) d.steps.push(step('relay.noClientInfo', { relay: relay.name }));
}

// ---- moving between nodes ----------------------------------------------------------------------

/** A pod/node sends to another node's address: CNI egress masquerade may rewrite the source first. */
function leaveOriginNode(run: Run, d: Draft, from: NodeInfo, to: NodeInfo): void {
  const p = d.packet;
  if (p.srcKind === 'pod') {
    const m = cniMasqueradesPodEgress(run.ctx);
    if (m.value === true) {
      addHop(d, { kind: 'node', name: from.name, address: nodeAddress(from) }, 'snat', `${m.setting}: pod → non-pod destination → MASQUERADE`, R.FACT.dataplanes);
      const addr = nodeAddress(from);
      rewriteSource(d, addr, 'node-ip', { node: from.name, via: 'node-ip', kind: 'host', srcNode: from.name });
      d.steps.push(step('cni.egressMasq', { node: from.name, setting: m.setting, after: addr }));
    } else if (m.value === null) {
      d.assumptions.push(step('assume.podEgressNotMasq'));
    }
  }
  addHop(d, { kind: 'node', name: from.name, address: nodeAddress(from) }, 'forward', `route to ${to.name}`, R.FACT.kubeProxy);
}

function findServicePort(svc: ServiceInfo, pick: (p: ServicePortInfo) => boolean): ServicePortInfo | null {
  return svc.ports.find(pick) ?? null;
}

function nodesOf(ctx: Ctx): NodeInfo[] {
  const all = [...ctx.nodes.values()];
  return ctx.entryNodes ? all.filter((n) => ctx.entryNodes!.has(n.name)) : all;
}

/** Whether kube-proxy (or its replacement) serves NodePorts on this address of the node. */
function nodePortServed(ctx: Ctx, node: NodeInfo, address: string): boolean {
  const npa = ctx.inv.proxy.nodePortAddresses.filter((a) => a !== 'primary');
  if (ctx.dataplane.kind !== 'kube-proxy') return true;
  if (npa.length > 0) return anyCidrContains(npa, address);
  if (ctx.mode === 'nftables' || ctx.inv.proxy.nodePortAddresses.includes('primary')) return node.addresses.internalIPs.some((a) => sameIP(a, address));
  return true;
}

/** Delivery to a node address:port that is handled by Service `t` (as NodePort). */
function arriveNodePort(run: Run, start: Start, t: SvcTarget | null, node: NodeInfo, address: string, port: number): Draft[] {
  const { ctx } = run;
  const d = cloneDraft(start.draft);
  d.entry = { node: node.name, address, port };
  d.idParts.push(node.name);
  const sameNode = start.node?.name === node.name;
  const inClusterDp = ctx.dataplane.kind === 'cilium' || ctx.dataplane.kind === 'calico-ebpf';
  if (start.node && !sameNode && inClusterDp && t) {
    // Socket-level LB translates NodePort addresses on the sender's node (no trip to `node`).
    d.assumptions.push(step('assume.socketLbNodePort', { node: start.node.name }));
    return serviceAtNode(ctx, d, t, start.node, 'nodePort', true);
  }
  if (start.node && !sameNode) leaveOriginNode(run, d, start.node, node);
  if (!node.ready) d.warnings.push(step('warn.nodeNotReady', { node: node.name }));
  if (!t) {
    addHop(d, { kind: 'node', name: node.name, address }, 'reject', `no NodePort ${port}: kernel answers RST`, R.FACT.kubeProxy);
    d.steps.push(step('net.noNodePort', { node: node.name, port }));
    return [end(d, 'rejected', `nothing listens on ${hostPort(address, port)}`)];
  }
  if (!nodePortServed(ctx, node, address)) {
    const rule = R.nodePortNotServedRule(ctx.mode);
    addHop(d, { kind: 'node', name: node.name, address }, 'reject', rule, R.factFor(ctx.mode));
    d.steps.push(step('kp.nodePortAddressNotServed', { node: node.name, address, rule }));
    return [end(d, 'rejected', rule)];
  }
  return serviceAtNode(ctx, d, t, node, 'nodePort', sameNode);
}

// ---- load balancers ----------------------------------------------------------------------------

function lbIsProxy(svc: ServiceInfo, ing: ServiceInfo['loadBalancer']['ingress'][number] | null): { proxy: boolean; assumed: boolean } {
  if (ing?.ipMode === 'Proxy') return { proxy: true, assumed: false };
  if (svc.loadBalancer.proxyProtocol) return { proxy: true, assumed: false };
  const awsType = svc.annotations['service.beta.kubernetes.io/aws-load-balancer-type'] ?? '';
  if (ing?.hostname?.endsWith('.elb.amazonaws.com') && awsType === '') return { proxy: true, assumed: true }; // classic ELB
  const known = /metallb|cilium|kube-vip|purelb/i.test([svc.loadBalancer.loadBalancerClass ?? '', ...Object.keys(svc.annotations)].join(' '));
  return { proxy: false, assumed: !known };
}

/** Nodes a load balancer sends to: all ready nodes, or only healthy ones under Local + health checks. */
function lbNodes(run: Run, t: SvcTarget, d: Draft): NodeInfo[] {
  const all = nodesOf(run.ctx).filter((n) => !Object.prototype.hasOwnProperty.call(n.labels, 'node.kubernetes.io/exclude-from-external-load-balancers'));
  const ready = all.filter((n) => n.ready);
  const pool = ready.length > 0 ? ready : all;
  if (t.svc.externalTrafficPolicy !== 'Local') return pool;
  if (t.svc.healthCheckNodePort !== null) {
    d.steps.push(step('lb.healthCheck', { port: t.svc.healthCheckNodePort }));
    const healthy = pool.filter((n) => categorize(t.endpoints, n.name).local.length > 0);
    return healthy.length > 0 ? healthy : pool;
  }
  run.warnings.push(step('warn.localNoHealthCheck', { service: `${t.svc.namespace}/${t.svc.name}` }));
  return pool;
}

type LbIngress = ServiceInfo['loadBalancer']['ingress'][number];

function resolveLb(run: Run, svc: ServiceInfo, requested: string | null): { addr: string; ing: LbIngress | null } | null {
  const want = requested ? (normalizeIP(requested) ?? requested) : null;
  const ing = svc.loadBalancer.ingress.find((i) => (want ? sameIP(i.ip, want) || i.hostname === want : true)) ?? null;
  const addr = want ?? ing?.ip ?? ing?.hostname ?? null;
  if (!addr) {
    run.warnings.push(step('warn.noLbAddress', { service: `${svc.namespace}/${svc.name}` }));
    return null;
  }
  return { addr, ing };
}

function viaLoadBalancer(run: Run, t: SvcTarget, requested: string | null): Draft[] {
  const { ctx } = run;
  const svc = t.svc;
  const lb = resolveLb(run, svc, requested);
  if (!lb) return [];
  const { addr, ing } = lb;
  const start = startOrigin(run, addr, t.port.port, t.port.protocol);
  if (!start) return [];
  const lbName = `LB ${addr}`;
  const kind = lbIsProxy(svc, ing);
  const out: Draft[] = [];
  const d0 = cloneDraft(start.draft);

  if (start.node && ing?.ipMode !== 'Proxy') {
    // kube-proxy (and the eBPF replacements) capture LB IPs on every node (fact sheet §4).
    d0.steps.push(step('lb.shortCircuit', { node: start.node.name, lbAddress: addr }));
    if (svc.loadBalancer.proxyProtocol) d0.warnings.push(step('warn.ppShortCircuit', { service: `${svc.namespace}/${svc.name}`, lbAddress: addr }));
    d0.entry = { node: start.node.name, address: addr, port: t.port.port };
    d0.idParts.push(start.node.name);
    return serviceAtNode(ctx, d0, t, start.node, 'lb', true);
  }
  if (start.node) d0.steps.push(step('lb.ipModeProxy', { lbAddress: addr }));

  if (kind.proxy) {
    const nodePort = t.port.nodePort;
    if (nodePort === null) {
      run.warnings.push(step('warn.lbNoNodePort', { service: `${svc.namespace}/${svc.name}` }));
      return [];
    }
    addHop(d0, { kind: 'lb', name: lbName, address: addr }, 'proxy', 'L4 proxy load balancer: new connection to a node', R.FACT.lb);
    const pp = svc.loadBalancer.proxyProtocol;
    if (pp) d0.packet.proxy = { version: pp.version, source: d0.packet.src, destination: addr };
    rewriteSource(d0, addr, 'lb', { exact: false, kind: 'outside', srcNode: null });
    d0.assumptions.push(step('assume.lbSourceAddress', { address: addr }));
    if (kind.assumed) d0.assumptions.push(step('assume.lbProxyHeuristic'));
    d0.steps.push(step('lb.proxy', { lb: lbName, lbAddress: addr }));
    if (pp) d0.steps.push(step('lb.proxyProtocol', { lb: lbName, annotation: pp.annotation, version: pp.version ?? '?' }));
    for (const node of lbNodes(run, t, d0)) {
      const d = cloneDraft(d0);
      const nAddr = nodeAddress(node);
      d.packet.dst = nAddr;
      d.packet.dstPort = nodePort;
      d.hops[d.hops.length - 1] = { ...d.hops[d.hops.length - 1]!, destination: hostPort(nAddr, nodePort) };
      d.entry = { node: node.name, address: nAddr, port: nodePort };
      d.idParts.push(node.name);
      out.push(...serviceAtNode(ctx, d, t, node, 'nodePort', false));
    }
    return out;
  }

  if (kind.assumed) d0.assumptions.push(step('assume.lbPassthrough'));
  for (const node of lbNodes(run, t, d0)) {
    const d = cloneDraft(d0);
    addHop(d, { kind: 'lb', name: lbName, address: addr }, 'forward', 'passthrough: destination stays the LB address', R.FACT.lb);
    d.steps.push(step('lb.passthrough', { lb: lbName, lbAddress: addr, node: node.name }));
    d.entry = { node: node.name, address: addr, port: t.port.port };
    d.idParts.push(node.name);
    out.push(...serviceAtNode(ctx, d, t, node, 'lb', false));
  }
  return out;
}

// ---- targets ----------------------------------------------------------------------------------

function backendTarget(run: Run, pick: (p: ServicePortInfo) => boolean): SvcTarget | null {
  const svc = run.ctx.inv.service;
  if (!svc) {
    run.warnings.push(step('warn.noService'));
    return null;
  }
  const port = findServicePort(svc, pick);
  return port ? { svc, port, endpoints: run.ctx.inv.endpoints } : null;
}

function predictNodePort(run: Run, target: Extract<Target, { kind: 'nodePort' }>, t: SvcTarget | null, relay: RelayDecl | null): Draft[] {
  const { ctx } = run;
  let nodes: NodeInfo[];
  const port = relay ? relay.forwardsTo.port : target.port;
  if (relay) {
    const n = ctx.nodes.get(relay.forwardsTo.node) ?? nodeByAddress(ctx, relay.forwardsTo.node);
    if (!n) {
      run.warnings.push(step('warn.unknownNode', { node: relay.forwardsTo.node }));
      return [];
    }
    nodes = [n];
  } else if (target.node) {
    const n = ctx.nodes.get(target.node);
    if (!n) {
      run.warnings.push(step('warn.unknownNode', { node: target.node }));
      return [];
    }
    nodes = [n];
  } else if (target.address) {
    const n = nodeByAddress(ctx, target.address);
    nodes = n ? [n] : [];
    if (!n) run.warnings.push(step('warn.unknownNode', { node: target.address }));
  } else nodes = nodesOf(ctx);

  const out: Draft[] = [];
  for (const node of nodes) {
    const address = (!relay && target.address ? normalizeIP(target.address) : null) ?? nodeAddress(node);
    const start = startOrigin(run, address, port, t?.port.protocol ?? target.protocol ?? 'TCP');
    if (!start) return [];
    if (relay) throughRelay(start.draft, relay, address);
    out.push(...arriveNodePort(run, start, t, node, address, port));
    if (out.length > MAX_PATHS) break;
  }
  return out;
}

function predictClusterIP(run: Run, target: Extract<Target, { kind: 'clusterIP' }>, t: SvcTarget): Draft[] {
  const { ctx, origin } = run;
  const address = normalizeIP(target.address) ?? t.svc.clusterIPs[0] ?? null;
  if (!address) {
    run.warnings.push(step('warn.noClusterIP', { service: `${t.svc.namespace}/${t.svc.name}` }));
    return [];
  }
  if (origin.kind === 'external' || origin.kind === 'relay') {
    run.warnings.push(step('warn.clusterIpFromOutside'));
    return [];
  }
  const start = startOrigin(run, address, t.port.port, t.port.protocol);
  if (!start || !start.node) return [];
  const d = start.draft;
  d.entry = { node: start.node.name, address, port: t.port.port };
  d.idParts.push(start.node.name);
  return serviceAtNode(ctx, d, t, start.node, 'clusterIP', true);
}

function predictLoadBalancer(run: Run, target: Extract<Target, { kind: 'loadBalancer' }>, t: SvcTarget): Draft[] {
  if (run.origin.kind === 'relay') {
    run.warnings.push(step('warn.relayToLb'));
    return [];
  }
  return viaLoadBalancer(run, t, target.address ?? null);
}

// ---- ingress -----------------------------------------------------------------------------------

function pathMatches(rulePath: string, pathType: string, path: string): boolean {
  if (pathType === 'Exact') return rulePath === path;
  if (rulePath === '/' || rulePath === '') return true;
  const base = rulePath.endsWith('/') ? rulePath.slice(0, -1) : rulePath;
  return path === base || path.startsWith(`${base}/`) || (pathType !== 'Prefix' && path.startsWith(base));
}

function findIngressRule(ingresses: IngressInfo[], host: string | null, path: string) {
  let best: { ing: IngressInfo; backend: { service: string; port: number | string }; len: number } | null = null;
  for (const ing of ingresses) {
    for (const r of ing.rules) {
      if (r.host !== null && host !== null && r.host !== host && !(r.host.startsWith('*.') && host.endsWith(r.host.slice(1)))) continue;
      if (r.host !== null && host === null) continue;
      for (const p of r.paths) {
        if (!pathMatches(p.path, p.pathType, path)) continue;
        if (!best || p.path.length > best.len) best = { ing, backend: p.backend, len: p.path.length };
      }
    }
    if (!best && ing.defaultBackend) best = { ing, backend: ing.defaultBackend, len: -1 };
  }
  return best;
}

/** ingress-nginx's container ports (chart defaults) for the Service's named target ports. */
function controllerPorts(ctrl: IngressControllerInfo): EndpointInfo['ports'] {
  const known: Record<string, number> = ctrl.kind === 'ingress-nginx' ? { http: 80, https: 443 } : {};
  const out: EndpointInfo['ports'] = [];
  for (const p of ctrl.serviceInfo?.ports ?? []) {
    const port = typeof p.targetPort === 'number' ? p.targetPort : Object.prototype.hasOwnProperty.call(known, p.targetPort) ? known[p.targetPort] : undefined;
    if (port !== undefined) out.push({ name: p.name, port, protocol: p.protocol });
  }
  return out;
}

function controllerEndpoints(ctrl: IngressControllerInfo): EndpointInfo[] {
  const ports = controllerPorts(ctrl);
  return ctrl.pods
    .filter((p) => p.ip !== null)
    .map((p) => ({
      address: p.ip ?? '',
      nodeName: p.nodeName,
      zone: null,
      ready: p.ready,
      serving: p.ready,
      terminating: false,
      targetRef: { kind: 'Pod', namespace: p.namespace, name: p.name },
      ports,
    }));
}

function predictIngress(run: Run, target: Extract<Target, { kind: 'ingress' }>): Draft[] {
  const { ctx, origin } = run;
  const inv = ctx.inv;
  const match = findIngressRule(inv.ingresses, target.host, target.path);
  if (!match) {
    run.warnings.push(step('warn.noIngressRule', { host: target.host ?? '*', path: target.path }));
    return [];
  }
  const backendSvc = inv.service;
  if (!backendSvc) {
    run.warnings.push(step('warn.noService'));
    return [];
  }
  if (backendSvc.name !== match.backend.service || backendSvc.namespace !== match.ing.namespace) {
    run.warnings.push(step('warn.ingressBackendMismatch', { expected: `${match.ing.namespace}/${match.backend.service}`, actual: `${backendSvc.namespace}/${backendSvc.name}` }));
  }
  const ctrl =
    inv.ingressControllers.find((c) => c.className === match.ing.className) ??
    (match.ing.className === null ? inv.ingressControllers.find((c) => c.isDefaultClass) : undefined) ??
    (inv.ingressControllers.length === 1 ? inv.ingressControllers[0] : undefined);
  if (!ctrl) {
    run.warnings.push(step('warn.noIngressController', { className: match.ing.className ?? '(default)' }));
    return [];
  }
  run.ingressController = ctrl;
  const backendPort =
    findServicePort(backendSvc, (p) => (typeof match.backend.port === 'number' ? p.port === match.backend.port : p.name === match.backend.port)) ?? backendSvc.ports[0] ?? null;
  if (!backendPort) {
    run.warnings.push(step('warn.noServicePort', { service: `${backendSvc.namespace}/${backendSvc.name}` }));
    return [];
  }
  const backend: SvcTarget = { svc: backendSvc, port: backendPort, endpoints: inv.endpoints };

  // Leg 1: client → the controller's Service → a controller pod.
  const eps = controllerEndpoints(ctrl);
  if (eps.length === 0) {
    run.warnings.push(step('warn.ingressPodsUnknown', { className: ctrl.className }));
    return [];
  }
  const leg1: Draft[] = [];
  const csvc = ctrl.serviceInfo;
  const relay = origin.kind === 'relay' ? origin.relay : null;
  if (!csvc) {
    // hostNetwork controller without a Service: clients hit the node's port 80 directly.
    for (const ep of eps) {
      const node = ep.nodeName ? ctx.nodes.get(ep.nodeName) : undefined;
      if (!node) continue;
      const port = relay?.forwardsTo.port ?? 80;
      const start = startOrigin(run, ep.address, port, 'TCP');
      if (!start) return [];
      if (relay) throughRelay(start.draft, relay, ep.address);
      const d = start.draft;
      d.entry = { node: node.name, address: ep.address, port };
      d.endpoint = { address: ep.address, port, node: node.name, pod: ep.targetRef?.name ?? null, terminating: false };
      d.idParts.push(node.name);
      addHop(d, { kind: 'pod', name: ep.targetRef?.name ?? ep.address, address: ep.address }, 'deliver', 'hostNetwork listener', R.FACT.layers);
      d.steps.push(step('deliver', { pod: ep.targetRef?.name ?? ep.address, endpoint: hostPort(ep.address, d.packet.dstPort), node: node.name }));
      leg1.push(d);
    }
  } else {
    const cport = findServicePort(csvc, (p) => p.name === 'http') ?? findServicePort(csvc, (p) => p.port === 80) ?? csvc.ports[0] ?? null;
    if (!cport) {
      run.warnings.push(step('warn.noServicePort', { service: `${csvc.namespace}/${csvc.name}` }));
      return [];
    }
    const ct: SvcTarget = { svc: csvc, port: cport, endpoints: eps };
    const entry = target.entry ?? (csvc.loadBalancer.ingress.length > 0 && !relay ? { kind: 'loadBalancer' as const } : { kind: 'nodePort' as const });
    if (relay) {
      const t = findServicePort(csvc, (p) => p.nodePort === relay.forwardsTo.port);
      leg1.push(...predictNodePort(run, { kind: 'nodePort', port: relay.forwardsTo.port }, t ? { ...ct, port: t } : null, relay));
    } else if (entry.kind === 'loadBalancer') {
      leg1.push(...viaLoadBalancer(run, ct, entry.address ?? null));
    } else {
      if (cport.nodePort === null) {
        run.warnings.push(step('warn.noNodePort', { service: `${csvc.namespace}/${csvc.name}` }));
        return [];
      }
      leg1.push(...predictNodePort(run, { kind: 'nodePort', port: cport.nodePort, node: entry.node }, ct, null));
    }
  }

  // Leg 2: the controller proxies to the backend's endpoints directly (pod to pod, no kube-proxy).
  const ready = backend.endpoints.filter((e) => e.ready);
  const targets = (ready.length > 0 ? ready : backend.endpoints.filter((e) => e.serving && e.terminating)).slice(0, MAX_INGRESS_BACKENDS);
  if (backend.endpoints.length > MAX_INGRESS_BACKENDS) run.warnings.push(step('warn.pathsTruncated', { count: MAX_INGRESS_BACKENDS }));
  const out: Draft[] = [];
  for (const d1 of leg1) {
    if (d1.outcome !== null) {
      out.push(d1);
      continue;
    }
    const podName = d1.endpoint?.pod ?? d1.endpoint?.address ?? 'ingress';
    const podAddr = d1.endpoint?.address ?? '?';
    const afterIngress = ingressHop(cloneDraft(d1), ctrl, podName, podAddr);
    if (afterIngress.outcome !== null) {
      out.push(afterIngress);
      continue;
    }
    if (targets.length === 0) {
      addHop(afterIngress, { kind: 'ingress', name: podName, address: podAddr }, 'reject', 'no ready endpoints: HTTP 503', R.FACT.ingressNginx);
      afterIngress.steps.push(step('ingress.noEndpoints', { service: `${backendSvc.namespace}/${backendSvc.name}` }));
      out.push(end(afterIngress, 'rejected', 'ingress: no ready endpoints (HTTP 503)'));
      continue;
    }
    for (const ep of targets) {
      const d = cloneDraft(afterIngress);
      const port = typeof backendPort.targetPort === 'number' ? backendPort.targetPort : (ep.ports.find((p) => p.name === backendPort.name)?.port ?? null);
      d.packet.dst = ep.address;
      d.packet.dstPort = port;
      d.hops[d.hops.length - 1] = { ...d.hops[d.hops.length - 1]!, destination: hostPort(ep.address, port) };
      d.endpoint = { address: ep.address, port, node: ep.nodeName, pod: ep.targetRef?.name ?? null, terminating: ep.terminating };
      d.probability = (d1.probability ?? 1) / targets.length;
      d.idParts.push('via', podName, ep.address);
      addHop(d, { kind: 'pod', name: ep.targetRef?.name ?? ep.address, address: ep.address }, 'deliver', 'socket', R.FACT.layers);
      d.steps.push(step('deliver', { pod: ep.targetRef?.name ?? ep.address, endpoint: hostPort(ep.address, port), node: ep.nodeName ?? '?' }));
      out.push(d);
    }
    if (out.length > MAX_PATHS) break;
  }
  return out;
}

// ---- fixes ------------------------------------------------------------------------------------

function fixesFor(run: Run, paths: PredictedPath[], target: Target): Fix[] {
  const inv = run.ctx.inv;
  const fixes = new Map<string, Fix>();
  const add = (f: Fix) => {
    if (!fixes.has(f.id)) fixes.set(f.id, f);
  };
  const relay = run.origin.kind === 'relay' ? run.origin.relay : null;
  const ctrl = target.kind === 'ingress' ? (run.ingressController ?? null) : null;
  for (const p of paths) {
    const lost = p.clientLostAt;
    const lostHop = lost ? p.hops[lost.hop] : undefined;
    if (p.verdict === 'snat' && lostHop?.action === 'snat' && lostHop.at.kind === 'node') {
      // A node rewrote the source: on the controller's leg when an ingress hop follows.
      const onControllerLeg = ctrl !== null && p.hops.slice(lost?.hop ?? 0).some((h) => h.at.kind === 'ingress');
      const svc = onControllerLeg ? ctrl.serviceInfo : inv.service;
      // The fix must fit the rule that rewrote: a hairpin is by design, masqueradeAll is
      // kube-proxy's setting, and externalTrafficPolicy never touches ClusterIP traffic.
      if (p.explanation.some((s) => s.code === 'kp.hairpin')) add(hairpinFix(p.observed.address));
      else if (p.explanation.some((s) => s.code === 'kp.clusterIpMasqAll')) add(masqueradeAllFix(inv.proxy.source));
      else if (svc && svc.externalTrafficPolicy === 'Cluster' && target.kind !== 'clusterIP') add(etpLocalFix(svc, onControllerLeg));
      if (run.ctx.dataplane.kind === 'cilium') add(ciliumDsrFix());
    }
    if (p.verdict === 'snat' && lostHop?.at.kind === 'relay' && relay) {
      add(relay.mode === 'l4' ? proxyProtocolFix(relay, p.entry ? { address: p.entry.address, port: p.entry.port } : null) : relayXffFix(relay, p.entry ? { address: p.entry.address, port: p.entry.port } : null));
      // Behind the relay sits ingress-nginx: it has to read what the relay sends.
      if (ctrl?.kind === 'ingress-nginx') add(relay.mode === 'l4' ? ingressNginxProxyProtocolFix(ctrl.configMap, [relay.address]) : ingressNginxForwardedHeadersFix(ctrl.configMap, [relay.address]));
    }
    if (p.verdict === 'snat' && lostHop?.at.kind === 'lb') add(proxyProtocolFix(null, null));
    if (p.verdict === 'snat' && lostHop?.at.kind === 'ingress' && ctrl) {
      const peers = p.hops.filter((h) => h.at.kind === 'relay' || h.at.kind === 'lb').map((h) => h.at.address);
      add(p.hops.some((h) => h.at.kind === 'lb') && inv.ingressControllers.length > 0 && ctrl.serviceInfo?.loadBalancer.proxyProtocol ? ingressNginxProxyProtocolFix(ctrl.configMap, peers) : ingressNginxForwardedHeadersFix(ctrl.configMap, peers));
    }
    if (p.verdict === 'proxied' && !p.hops.some((h) => h.at.kind === 'ingress')) {
      const trusted = p.hops.filter((h) => h.action === 'proxy').map((h) => h.at.address);
      add(realipNginxFix(trusted, p.forwarded.clientCarrier === 'proxy-protocol' ? 'proxy_protocol' : 'X-Forwarded-For'));
    }
    if (p.forwarded.spoofable && ctrl) add(restrictRealIpCidrFix(ctrl.configMap, p.hops.filter((h) => h.at.kind === 'relay' || h.at.kind === 'lb').map((h) => h.at.address)));
    if (p.verdict === 'broken' && ctrl) {
      if (p.warnings.some((w) => w.code === 'warn.ppShortCircuit') && ctrl.serviceInfo) add(lbIpModeProxyFix(ctrl.serviceInfo));
      else add(ingressNginxProxyProtocolFix(ctrl.configMap, []));
    }
    if (p.warnings.some((w) => w.code === 'warn.ppShortCircuit') && inv.service && !ctrl) add(lbIpModeProxyFix(inv.service));
  }
  const svc = inv.service;
  if (svc && svc.type === 'LoadBalancer' && svc.externalTrafficPolicy === 'Local' && svc.healthCheckNodePort === null) add(lbHealthCheckFix(svc));
  // A request dropped by externalTrafficPolicy Local (fact sheet §2) is the trade-off itself:
  // never "nothing to fix". The three ways out, on the Service whose policy dropped it.
  const localDrops = paths.filter((p) => p.outcome === 'dropped' && p.explanation.some((s) => s.code === 'kp.dropNoLocal'));
  if (localDrops.length) {
    const onController = ctrl !== null && localDrops.every((p) => !p.hops.some((h) => h.at.kind === 'ingress'));
    const dropSvc = onController && ctrl?.serviceInfo ? ctrl.serviceInfo : svc;
    if (dropSvc) {
      const dropNodes = [...new Set(localDrops.map((p) => p.entry?.node).filter((n): n is string => Boolean(n)))].sort();
      const port = localDrops[0]?.entry?.port ?? null;
      const endpointNodes = onController ? (ctrl?.pods ?? []).map((p) => p.nodeName) : inv.endpoints.filter((e) => e.ready).map((e) => e.nodeName);
      const nodes = [...new Set(endpointNodes.filter((n): n is string => Boolean(n)))].sort().map((name) => ({ name, address: inv.nodes.find((n) => n.name === name)?.addresses.internalIPs[0] ?? null }));
      add(endpointEveryNodeFix(dropSvc, dropNodes));
      add(sendToEndpointNodesFix(dropSvc, nodes, relay ? relay.forwardsTo.port : port));
      add(keepClusterCarryClientFix(dropSvc, relay?.address ?? null));
    }
  }
  return [...fixes.values()];
}

// ---- entry point ------------------------------------------------------------------------------

export interface PredictOptions {
  /**
   * Consider only these nodes as entry points when a target means "every node" (a NodePort on
   * all nodes, the nodes behind an LB). On big clusters the others behave like one of them.
   */
  entryNodes?: readonly string[];
}

export function predict(inventory: Inventory, origin: Origin, target: Target, options: PredictOptions = {}): Prediction {
  const ctx = buildContext(inventory);
  if (options.entryNodes) ctx.entryNodes = new Set(options.entryNodes);
  const run: Run = { ctx, origin, warnings: [] };
  const relay = origin.kind === 'relay' ? origin.relay : null;
  let drafts: Draft[] = [];
  try {
    switch (target.kind) {
      case 'nodePort': {
        const t = backendTarget(run, (p) => p.nodePort === (relay ? relay.forwardsTo.port : target.port) && (!target.protocol || p.protocol === target.protocol));
        if (!t && ctx.inv.service) run.warnings.push(step('warn.noSuchNodePort', { port: relay ? relay.forwardsTo.port : target.port }));
        if (ctx.inv.service) drafts = predictNodePort(run, target, t, relay);
        break;
      }
      case 'clusterIP': {
        const t = backendTarget(run, (p) => p.port === target.port && (!target.protocol || p.protocol === target.protocol));
        if (t) drafts = predictClusterIP(run, target, t);
        else if (ctx.inv.service) run.warnings.push(step('warn.noServicePort', { service: `${ctx.inv.service.namespace}/${ctx.inv.service.name}` }));
        break;
      }
      case 'loadBalancer': {
        const t = backendTarget(run, (p) => p.port === target.port && (!target.protocol || p.protocol === target.protocol));
        if (t) drafts = predictLoadBalancer(run, target, t);
        else if (ctx.inv.service) run.warnings.push(step('warn.noServicePort', { service: `${ctx.inv.service.namespace}/${ctx.inv.service.name}` }));
        break;
      }
      case 'ingress':
        drafts = predictIngress(run, target);
        break;
    }
  } catch (err) {
    run.warnings.push(step('warn.internal', { message: err instanceof Error ? err.message : String(err) }));
    drafts = [];
  }
  if (drafts.length > MAX_PATHS) {
    run.warnings.push(step('warn.pathsTruncated', { count: MAX_PATHS }));
    drafts = drafts.slice(0, MAX_PATHS);
  }

  const used = new Map<string, number>();
  const paths = drafts.map((d) => {
    const base = d.idParts.join('>') || 'path';
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    return finishDraft(d, n === 0 ? base : `${base}#${n + 1}`);
  });
  // A backend calling its own Service: say plainly that the share kube-proxy sends back to the
  // sender is masqueraded (KUBE-SEP-* `-s <endpoint>` → KUBE-MARK-MASQ, pkg/proxy/iptables/proxier.go).
  const hairpins = paths.filter((p) => p.explanation.some((s) => s.code === 'kp.hairpin'));
  if (origin.kind === 'pod' && origin.backend && hairpins.length) {
    const share = hairpins.reduce((sum, p) => sum + (p.probability ?? 0), 0);
    const entries = new Set(hairpins.map((p) => p.entry?.node ?? null)).size || 1;
    run.warnings.push(step('warn.hairpin', { pod: origin.backend, address: hairpins[0]!.observed.address ?? '?', share: `${Math.round((share / entries) * 100)} %` }));
  }
  return {
    service: ctx.inv.service ? { namespace: ctx.inv.service.namespace, name: ctx.inv.service.name } : null,
    origin,
    target,
    dataplane: ctx.dataplane,
    paths,
    groups: groupPaths(paths),
    assumptions: dedupe([...ctx.assumptions, ...paths.flatMap((p) => p.assumptions)]),
    warnings: dedupe([...run.warnings, ...paths.flatMap((p) => p.warnings)]),
    fixes: fixesFor(run, paths, target),
  };
}

