// What the probe's copy cannot show: the target's own endpoints. The copy always has ready echo
// endpoints, so a target without any (kube-proxy REJECTs it: "has no endpoints", pkg/proxy/
// iptables/proxier.go) or with only terminating-but-serving ones (kube-proxy falls back to them,
// KEP-1669 ProxyTerminatingEndpoints) would be reported as the copy's SNAT or drops alone.
import { step, type ExplainStep } from '../explain/types';
import type { TargetServiceInfo } from './session-types';

export function targetStateFinding(service: string, info: TargetServiceInfo): ExplainStep[] {
  if (info.type === 'ExternalName') return [];
  const out: ExplainStep[] = [];
  const terminating = info.terminatingServing ?? 0;
  if (info.pods.length === 0) out.push(terminating > 0 ? step('finding.targetTerminatingOnly', { service, count: terminating }) : step('finding.targetNoEndpoints', { service }));
  // Nothing outside reaches a ClusterIP-only Service: the probe measured its in-cluster paths only.
  if (info.type === 'ClusterIP') out.push(step('finding.clusterIpOnly', { service }));
  return out;
}

/** True when the target itself decides that its clients fail, whatever the copy measured. */
export function targetHasNoEndpoints(info: TargetServiceInfo | undefined): boolean {
  return info !== undefined && info.type !== 'ExternalName' && info.pods.length === 0 && (info.terminatingServing ?? 0) === 0;
}

/** What the probe's copy measured, beside the user's Service it stands for. */
export interface CopyFacts {
  /** The user's Service as read before the run. */
  target: { type: string; ports: { port: number; protocol: string; nodePort: number | null }[]; externalIPs: string[]; endpointNodes: string[] };
  /** LoadBalancer probe services were created (opt-in). */
  measuredLoadBalancer: boolean;
  /** Nodes where an echo ran. */
  echoNodes: string[];
}

/**
 * Where the copy differs from the user's Service in a way the probe cannot reproduce, said in
 * the finding so nobody reads a measurement as covering what it did not (issue 15, item 4): a
 * load balancer that was not created, ports beyond the one TCP port the echo serves, externalIPs,
 * and endpoint nodes without an echo.
 */
export function copyDifferences(service: string, facts: CopyFacts): ExplainStep[] {
  const t = facts.target;
  const out: ExplainStep[] = [];
  if (t.type === 'LoadBalancer' && !facts.measuredLoadBalancer) out.push(step('finding.copyNoLoadBalancer', { service }));
  // allocateLoadBalancerNodePorts: false — the copy's NodePorts are paths this Service does not have.
  if (t.type === 'LoadBalancer' && t.ports.length > 0 && t.ports.every((p) => p.nodePort === null)) out.push(step('finding.copyNoNodePorts', { service }));
  const tcp = t.ports.filter((p) => p.protocol === 'TCP');
  const others = t.ports.filter((p) => p.protocol !== 'TCP');
  if (t.type !== 'ClusterIP' && t.type !== 'ExternalName' && (tcp.length > 1 || others.length > 0)) {
    const list = t.ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}`).join(', ');
    out.push(step('finding.copyOnePort', { service, ports: list, count: t.ports.length }));
  }
  if (t.externalIPs.length) out.push(step('finding.copyExternalIPs', { service, addresses: t.externalIPs.join(', ') }));
  const missing = t.endpointNodes.filter((n) => !facts.echoNodes.includes(n));
  if (missing.length) out.push(step('finding.copyEchoNodes', { service, nodes: missing.slice(0, 10).join(', ') + (missing.length > 10 ? ` (+${missing.length - 10})` : '') }));
  return out;
}
