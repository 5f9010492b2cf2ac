// What a node does with a packet addressed to a Service (NodePort, LB IP, external IP or
// ClusterIP): endpoint choice, policy, DNAT, masquerade, drop or reject — per dataplane.
import { step, type ExplainStep } from '../explain/types';
import { anyCidrContains, sameIP } from '../inventory/detect-address';
import type { EndpointInfo, NodeInfo, ServiceInfo, ServicePortInfo } from '../inventory/types';
import { detectsAsPod, isLocalSource, type Ctx, type KubeProxyMode } from './context';
import { addHop, cloneDraft, end, hostPort, rewriteSource, type Draft } from './draft';
import { isHostEndpoint, masqueradeSource, nodeAddress } from './egress';
import * as R from './rules';
import type { ObservedClass, SnatVia } from './types';

export type DestKind = 'nodePort' | 'lb' | 'externalIP' | 'clusterIP';

export interface SvcTarget {
  svc: ServiceInfo;
  port: ServicePortInfo;
  endpoints: EndpointInfo[];
}

export function svcPortName(t: SvcTarget): string {
  return `${t.svc.namespace}/${t.svc.name}:${t.port.name ?? t.port.port}`;
}

function names(t: SvcTarget): R.RuleNames {
  return { svcPort: svcPortName(t), proto: t.port.protocol.toLowerCase() };
}

/** kube-proxy's endpoint sets, with the terminating fallback (KP topology.go CategorizeEndpoints). */
export function categorize(eps: EndpointInfo[], nodeName: string) {
  const ready = eps.filter((e) => e.ready);
  const servingTerminating = eps.filter((e) => !e.ready && e.serving && e.terminating);
  const cluster = ready.length > 0 ? ready : servingTerminating;
  const localReady = ready.filter((e) => e.nodeName === nodeName);
  const local = localReady.length > 0 ? localReady : servingTerminating.filter((e) => e.nodeName === nodeName);
  return {
    cluster,
    clusterTerminating: ready.length === 0 && servingTerminating.length > 0,
    local,
    localTerminating: localReady.length === 0 && local.length > 0,
    any: ready.length > 0 || servingTerminating.length > 0,
  };
}

export function endpointPort(t: SvcTarget, ep: EndpointInfo): number | null {
  if (typeof t.port.targetPort === 'number') return t.port.targetPort;
  const named = ep.ports.find((p) => p.name === t.port.name && p.protocol === t.port.protocol) ?? (ep.ports.length === 1 ? ep.ports[0] : undefined);
  return named?.port ?? null;
}

function nodeHop(node: NodeInfo) {
  return { kind: 'node' as const, name: node.name, address: nodeAddress(node) };
}

function detectorText(ctx: Ctx, node: NodeInfo): string {
  switch (ctx.dataplane.localDetector) {
    case 'ClusterCIDR':
      return ctx.clusterCIDRs.length > 0 ? `-s ${ctx.clusterCIDRs.join(',')}` : '-s <clusterCIDR>';
    case 'NodeCIDR':
      return `-s ${node.podCIDRs.join(',') || '<node podCIDR>'}`;
    case 'BridgeInterface':
      return `-i ${ctx.inv.proxy.detectLocalValue ?? '<bridge>'}`;
    case 'InterfaceNamePrefix':
      return `-i ${ctx.inv.proxy.detectLocalValue ?? '<prefix>'}+`;
    case 'none':
      return 'no detector';
  }
}

const CLASS_OF_VIA: Record<SnatVia, ObservedClass> = { 'node-ip': 'node-ip', 'bridge-gateway': 'bridge-gateway', overlay: 'overlay' };

interface SnatPlan {
  /** null: no rewrite after all (the steps say why). */
  address: string | null;
  via: SnatVia;
  rule: string;
  factRef: string;
  steps: ExplainStep[];
  assumptions: ExplainStep[];
}

interface CandidateOptions {
  dnatRule: (ep: string, local: boolean) => string;
  dnatFact: string;
  /** Which SNAT (if any) applies to this endpoint. */
  snat: (ep: EndpointInfo) => SnatPlan | null;
  terminating: boolean;
  local: boolean;
}

function kubeProxySnat(ctx: Ctx, node: NodeInfo, ep: EndpointInfo, markRule: string, before: string): SnatPlan {
  // Packets DNATed to the node's own address are delivered locally and never see POSTROUTING.
  if (isHostEndpoint(node, ep)) {
    return { address: null, via: 'node-ip', rule: markRule, factRef: R.FACT.kubeProxy, steps: [step('kp.masqSkippedLocal', { node: node.name })], assumptions: [] };
  }
  const m = masqueradeSource(ctx, node, ep);
  const code = m.via === 'node-ip' ? 'kp.masqNodeIp' : m.via === 'bridge-gateway' ? 'kp.masqBridge' : 'kp.masqOverlay';
  return {
    address: m.address,
    via: m.via,
    rule: `${markRule}; ${R.masqueradeRule(ctx.mode)}`,
    factRef: R.FACT.kubeProxy,
    steps: [step(code, { node: node.name, before, after: m.address, device: m.device, peer: m.peerNode ?? node.name })],
    assumptions: m.assumptions,
  };
}

/** One draft per candidate endpoint: DNAT, optional SNAT, forwarding and delivery. */
function fanOut(ctx: Ctx, d: Draft, t: SvcTarget, node: NodeInfo, candidates: EndpointInfo[], o: CandidateOptions): Draft[] {
  return candidates.map((ep) => {
    const b = cloneDraft(d);
    const port = endpointPort(t, ep);
    const epText = hostPort(ep.address, port);
    b.packet.dst = ep.address;
    b.packet.dstPort = port;
    b.endpoint = { address: ep.address, port, node: ep.nodeName, pod: ep.targetRef?.name ?? null, terminating: ep.terminating };
    b.probability = candidates.length > 0 ? 1 / candidates.length : null;
    b.idParts.push(ep.address);
    addHop(b, nodeHop(node), 'dnat', o.dnatRule(epText, o.local), o.dnatFact);
    if (o.terminating) b.steps.push(step('kp.terminatingFallback', { endpoint: epText }));
    b.steps.push(
      candidates.length === 1
        ? step('kp.dnatOnly', { node: node.name, endpoint: epText })
        : step('kp.dnat', { node: node.name, endpoint: epText, count: candidates.length }),
    );
    if (port === null) b.warnings.push(step('warn.targetPortUnknown', { endpoint: ep.address, port: String(t.port.targetPort) }));

    const plan = o.snat(ep);
    if (plan) {
      if (plan.address !== null) {
        addHop(b, nodeHop(node), 'snat', plan.rule, plan.factRef);
        rewriteSource(b, plan.address, CLASS_OF_VIA[plan.via], { node: node.name, via: plan.via, kind: 'host', srcNode: node.name });
      }
      b.steps.push(...plan.steps);
      b.assumptions.push(...plan.assumptions);
    }
    if (ep.nodeName !== null && ep.nodeName !== node.name) {
      addHop(b, nodeHop(node), 'forward', `route to ${ep.nodeName}`, R.FACT.kubeProxy);
      b.steps.push(step('net.forward', { node: node.name, peer: ep.nodeName }));
    }
    const epNode = ep.nodeName ?? '?';
    addHop(b, { kind: 'pod', name: ep.targetRef?.name ?? ep.address, address: ep.address }, 'deliver', 'socket', R.FACT.kubeProxy);
    b.steps.push(step('deliver', { pod: ep.targetRef?.name ?? ep.address, endpoint: epText, node: epNode }));
    return b;
  });
}

function dropped(d: Draft, node: NodeInfo, rule: string, fact: string, s: ExplainStep): Draft[] {
  const b = cloneDraft(d);
  b.idParts.push('drop');
  addHop(b, nodeHop(node), 'drop', rule, fact);
  b.steps.push(s);
  return [end(b, 'dropped', rule)];
}

function rejected(d: Draft, node: NodeInfo, rule: string, fact: string, s: ExplainStep): Draft[] {
  const b = cloneDraft(d);
  b.idParts.push('reject');
  addHop(b, nodeHop(node), 'reject', rule, fact);
  b.steps.push(s);
  return [end(b, 'rejected', rule)];
}

// ---- kube-proxy (iptables / ipvs / nftables) -----------------------------------------------

function kubeProxyAt(ctx: Ctx, d: Draft, t: SvcTarget, node: NodeInfo, kind: DestKind): Draft[] {
  const mode: KubeProxyMode = ctx.mode;
  const n = names(t);
  const fact = R.factFor(mode);
  const cat = categorize(t.endpoints, node.name);
  const p = d.packet;
  const service = svcPortName(t);

  if (kind === 'clusterIP') {
    if (!cat.any) return rejected(d, node, R.rejectNoEndpointsRule(mode, n, true), fact, step('kp.rejectNoEndpoints', { service, rule: R.rejectNoEndpointsRule(mode, n, true) }));
    const internalLocal = t.svc.internalTrafficPolicy === 'Local';
    if (internalLocal && cat.local.length === 0) {
      const rule = R.dropNoLocalRule(mode, n, true);
      return dropped(d, node, rule, fact, step('kp.internalLocalDrop', { node: node.name, service, rule }));
    }
    const candidates = internalLocal ? cat.local : cat.cluster;
    const pre: ExplainStep[] = [];
    if (internalLocal) pre.push(step('kp.internalLocal', { node: node.name }));
    const asPod = detectsAsPod(ctx, p.src, p.srcKind, p.srcNode, node);
    let masqRule: string | null = null;
    // KP-IPT: --masquerade-all marks all ClusterIP traffic; otherwise off-cluster (non-pod) sources.
    if (ctx.inv.proxy.masqueradeAll) {
      masqRule = R.clusterIPMasqRule(mode, n, 'masqueradeAll', detectorText(ctx, node));
      pre.push(step('kp.clusterIpMasqAll'));
    } else if (ctx.dataplane.localDetector !== 'none' && !asPod) {
      masqRule = R.clusterIPMasqRule(mode, n, 'notLocal', detectorText(ctx, node));
      pre.push(step('kp.clusterIpMasq', { source: p.src, detector: detectorText(ctx, node) }));
    } else if (!asPod) {
      pre.push(step('kp.clusterIpNoDetector', { source: p.src }));
    } else {
      pre.push(step('kp.clusterIpNoMasq', { source: p.src }));
    }
    const base = cloneDraft(d);
    base.steps.push(step('kp.clusterIpMatch', { node: node.name, destination: hostPort(p.dst, p.dstPort), rule: R.clusterIPRule(mode, n, internalLocal) }), ...pre);
    return fanOut(ctx, base, t, node, candidates, {
      dnatRule: (ep, local) => `${R.clusterIPRule(mode, n, local)}; ${R.dnatRule(mode, n, ep, local)}`,
      dnatFact: fact,
      snat: (ep) => {
        const rule = masqRule ?? (sameIP(ep.address, p.src) ? R.hairpinRule(mode, hostPort(ep.address, endpointPort(t, ep))) : null);
        if (!rule) return null;
        const plan = kubeProxySnat(ctx, node, ep, rule, p.src);
        if (!masqRule) plan.steps.unshift(step('kp.hairpin'));
        return plan;
      },
      terminating: internalLocal ? cat.localTerminating : cat.clusterTerminating,
      local: internalLocal,
    });
  }

  // External destinations: NodePort, LB IP, external IP → KUBE-EXT.
  const firewall = kind === 'lb' && t.svc.loadBalancer.sourceRanges.length > 0;
  const entryRule = R.extEntryRule(mode, n, kind, firewall);
  if (!cat.any) {
    const rule = R.rejectNoEndpointsRule(mode, n, false);
    const b = rejected(d, node, rule, fact, step('kp.rejectNoEndpoints', { service, rule }));
    if (mode === 'ipvs') b[0]?.assumptions.push(step('assume.ipvsNoEndpoints'));
    return b;
  }
  if (firewall && p.srcKind === 'outside' && !p.src.startsWith('<') && !anyCidrContains(t.svc.loadBalancer.sourceRanges, p.src)) {
    const rule = `KUBE-FW-<${n.svcPort}> → KUBE-PROXY-FIREWALL: source outside loadBalancerSourceRanges -j DROP`;
    return dropped(d, node, rule, fact, step('kp.firewallDrop', { node: node.name, source: p.src }));
  }

  const pre: ExplainStep[] = [step('kp.extMatch', { node: node.name, port: p.dstPort ?? '?', rule: entryRule })];
  let candidates: EndpointInfo[];
  let masq: string | null;
  let terminating: boolean;
  let local = false;
  if (t.svc.externalTrafficPolicy === 'Cluster') {
    candidates = cat.cluster;
    masq = R.markMasqRule(mode, n);
    terminating = cat.clusterTerminating;
    pre.push(step('kp.extCluster', { node: node.name, rule: masq }));
  } else if (detectsAsPod(ctx, p.src, p.srcKind, p.srcNode, node)) {
    candidates = cat.cluster;
    masq = null;
    terminating = cat.clusterTerminating;
    pre.push(step('kp.extLocalPodShortCircuit', { node: node.name, source: p.src, rule: R.podShortCircuitRule(mode, n, detectorText(ctx, node)) }));
  } else if (isLocalSource(p.src, p.srcKind, p.srcNode, node)) {
    candidates = cat.cluster;
    masq = R.localSourceRule(mode, n);
    terminating = cat.clusterTerminating;
    pre.push(step('kp.extLocalHostSource', { node: node.name, source: p.src }));
  } else {
    if (p.srcKind === 'pod') pre.push(step('kp.extLocalPodNotDetected', { node: node.name, source: p.src, detector: detectorText(ctx, node) }));
    if (cat.local.length === 0) {
      const rule = R.dropNoLocalRule(mode, n, false);
      const withPre = cloneDraft(d);
      withPre.steps.push(...pre);
      return dropped(withPre, node, rule, fact, step('kp.dropNoLocal', { node: node.name, service, rule }));
    }
    candidates = cat.local;
    masq = null;
    terminating = cat.localTerminating;
    local = true;
    pre.push(step('kp.extLocalSvl', { node: node.name, rule: R.localPolicyRule(mode, n) }));
  }
  const base = cloneDraft(d);
  base.steps.push(...pre);
  const drafts = fanOut(ctx, base, t, node, candidates, {
    dnatRule: (ep, isLocal) => `${entryRule} → ${R.dnatRule(mode, n, ep, isLocal)}`,
    dnatFact: fact,
    snat: (ep) => {
      const rule = masq ?? (sameIP(ep.address, p.src) ? R.hairpinRule(mode, hostPort(ep.address, endpointPort(t, ep))) : null);
      if (!rule) return null;
      const plan = kubeProxySnat(ctx, node, ep, rule, p.src);
      if (!masq) plan.steps.unshift(step('kp.hairpin'));
      return plan;
    },
    terminating,
    local,
  });
  return drafts.map((b) => asymmetricReturn(b, node, p.srcKind === 'pod' ? p.srcNode : null));
}

/**
 * DNAT without SNAT on a node that is neither the client pod's node nor the endpoint's: the
 * endpoint answers the pod's own address, routed straight to the pod's node, so the reply never
 * passes the node that did the DNAT and is not translated back; the client drops the unexpected
 * SYN-ACK and times out. Seen for pods calling another node's NodePort under Local policy (pod
 * short-circuit); reproduced by the lab's kernel.
 */
function asymmetricReturn(b: Draft, entry: NodeInfo, clientNode: string | null): Draft {
  if (!clientNode || clientNode === entry.name || !b.endpoint?.node || b.endpoint.node === entry.name || b.lastRewrite !== null || b.outcome !== null) return b;
  const rule = `reply from ${b.endpoint.address} goes to the pod via ${clientNode} and bypasses ${entry.name}'s conntrack (no un-DNAT)`;
  b.hops.pop();
  b.steps.pop();
  addHop(b, { kind: 'node', name: b.endpoint.node, address: b.endpoint.address }, 'drop', rule, R.FACT.kubeProxy);
  b.steps.push(step('kp.asymmetricReturn', { node: entry.name, clientNode, endpoint: b.endpoint.address, endpointNode: b.endpoint.node }));
  return end(b, 'dropped', rule);
}

// ---- eBPF replacements -----------------------------------------------------------------------

type InClusterCode = 'cilium.socketLb' | 'calicoEbpf.ctlb' | 'calicoVpp.inCluster';

function inClusterSocketLb(ctx: Ctx, d: Draft, t: SvcTarget, node: NodeInfo, kind: DestKind, code: InClusterCode): Draft[] {
  const cat = categorize(t.endpoints, node.name);
  const service = svcPortName(t);
  const fact = code === 'cilium.socketLb' ? R.FACT.cilium : R.FACT.calico;
  const mechanism = code === 'cilium.socketLb' ? 'Cilium socket LB (connect())' : code === 'calicoEbpf.ctlb' ? 'Calico eBPF connect-time LB' : 'Calico VPP service NAT';
  if (!cat.any) return rejected(d, node, 'service has no backends', fact, step('ebpf.noBackends', { service }));
  const internalLocal = kind === 'clusterIP' && t.svc.internalTrafficPolicy === 'Local';
  if (internalLocal && cat.local.length === 0) return dropped(d, node, 'internalTrafficPolicy Local: no local backend', fact, step('ebpf.dropNoLocal', { node: node.name, service }));
  const base = cloneDraft(d);
  base.steps.push(step(code, { node: node.name }));
  return fanOut(ctx, base, t, node, internalLocal ? cat.local : cat.cluster, {
    dnatRule: (ep) => `${mechanism} → ${ep}`,
    dnatFact: fact,
    snat: () => null,
    terminating: internalLocal ? cat.localTerminating : cat.clusterTerminating,
    local: internalLocal,
  });
}

function externalEbpf(ctx: Ctx, d: Draft, t: SvcTarget, node: NodeInfo, kind: DestKind): Draft[] {
  const dp = ctx.dataplane.kind;
  const cat = categorize(t.endpoints, node.name);
  const service = svcPortName(t);
  const fact = dp === 'cilium' ? R.FACT.cilium : R.FACT.calico;
  const label = dp === 'cilium' ? 'Cilium' : dp === 'calico-ebpf' ? 'Calico eBPF' : 'Calico VPP';
  if (!cat.any) return rejected(d, node, `${label}: service has no backends`, fact, step('ebpf.noBackends', { service }));
  const local = t.svc.externalTrafficPolicy === 'Local';
  if (local && cat.local.length === 0) return dropped(d, node, `${label}: externalTrafficPolicy Local, no local backend`, fact, step('ebpf.dropNoLocal', { node: node.name, service }));
  const candidates = local ? cat.local : cat.cluster;
  const base = cloneDraft(d);
  base.steps.push(step('ebpf.nodePort', { node: node.name, dataplane: label, policy: t.svc.externalTrafficPolicy }));

  const snat = (ep: EndpointInfo): SnatPlan | null => {
    const nodeIp = nodeAddress(node);
    if (dp === 'calico-vpp') {
      // Calico VPP source-NATs NodePort traffic whatever the policy (fact sheet §3).
      return { address: nodeIp, via: 'node-ip', rule: 'Calico VPP NodePort: SNAT to the node address', factRef: fact, steps: [step('calicoVpp.snat', { node: node.name, after: nodeIp })], assumptions: [step('assume.vppSnatAddress', { node: node.name })] };
    }
    if (dp === 'calico-ebpf') return null;
    // Cilium: local backends are reached without SNAT in every mode (kube-proxy-free docs).
    if (ep.nodeName === node.name) return null;
    let lbMode = ctx.dataplane.ciliumLbMode ?? 'snat';
    if (lbMode === 'annotation') lbMode = (t.svc.annotations['service.cilium.io/forwarding-mode'] ?? 'snat') === 'dsr' ? 'dsr' : 'snat';
    const useDsr = lbMode === 'dsr' || (lbMode === 'hybrid' && t.port.protocol === 'TCP');
    if (useDsr || local) return null;
    return {
      address: nodeIp,
      via: 'node-ip',
      rule: `Cilium bpf-lb-mode=${ctx.dataplane.ciliumLbMode ?? 'snat'}${lbMode !== ctx.dataplane.ciliumLbMode ? ` (${lbMode} for ${t.port.protocol})` : ''}: SNAT to the node address`,
      factRef: fact,
      steps: [step('cilium.snat', { node: node.name, after: nodeIp, peer: ep.nodeName ?? '?', protocol: t.port.protocol })],
      assumptions: [],
    };
  };
  const notes = (ep: EndpointInfo): ExplainStep | null => {
    if (dp === 'calico-ebpf') return step('calicoEbpf.preserve', { node: node.name });
    if (dp !== 'cilium') return null;
    if (ep.nodeName === node.name) return step('cilium.localBackend', { node: node.name });
    if (local) return null;
    const m = ctx.dataplane.ciliumLbMode ?? 'snat';
    const forwarding = m === 'annotation' ? (t.svc.annotations['service.cilium.io/forwarding-mode'] ?? 'snat') : m;
    if (forwarding === 'dsr' || (forwarding === 'hybrid' && t.port.protocol === 'TCP')) return step('cilium.dsr', { node: node.name, protocol: t.port.protocol });
    return null;
  };
  const out = fanOut(ctx, base, t, node, candidates, {
    dnatRule: (ep) => `${label} ${kind === 'lb' ? 'LoadBalancer' : 'NodePort'} (eBPF) → ${ep}`,
    dnatFact: fact,
    snat,
    terminating: local ? cat.localTerminating : cat.clusterTerminating,
    local,
  });
  out.forEach((b, i) => {
    const ep = candidates[i];
    const n = ep ? notes(ep) : null;
    if (n) {
      const at = b.steps.findIndex((s) => s.code === 'deliver');
      b.steps.splice(at < 0 ? b.steps.length : at, 0, n);
    }
  });
  return out;
}

/**
 * Entry point: node `node` handles a packet for Service target `t` arriving as `kind`.
 * `inCluster` is true when the packet was sent by a pod or process on this very node.
 */
export function serviceAtNode(ctx: Ctx, d: Draft, t: SvcTarget, node: NodeInfo, kind: DestKind, inCluster: boolean): Draft[] {
  const dp = ctx.dataplane.kind;
  if (dp === 'kube-proxy') return kubeProxyAt(ctx, d, t, node, kind);
  if (inCluster && dp === 'cilium') return inClusterSocketLb(ctx, d, t, node, kind, 'cilium.socketLb');
  if (inCluster && dp === 'calico-ebpf') return inClusterSocketLb(ctx, d, t, node, kind, 'calicoEbpf.ctlb');
  if (kind === 'clusterIP') return inClusterSocketLb(ctx, d, t, node, kind, dp === 'cilium' ? 'cilium.socketLb' : dp === 'calico-ebpf' ? 'calicoEbpf.ctlb' : 'calicoVpp.inCluster');
  return externalEbpf(ctx, d, t, node, kind);
}
