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
