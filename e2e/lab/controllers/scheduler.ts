// Scheduling decisions (pure): nodeSelector, required node affinity, taints and tolerations,
// cordoned nodes; the failure message has the real scheduler's shape.
import type { Obj } from '../api/store';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod and node JSON */
interface Taint {
  key: string;
  value?: string;
  effect: string;
}

function tolerates(tolerations: any[], t: Taint): boolean {
  return tolerations.some((tol) => {
    if (tol.effect && tol.effect !== t.effect) return false;
    if (!tol.key) return tol.operator === 'Exists';
    if (tol.key !== t.key) return false;
    return tol.operator === 'Exists' || (tol.value ?? '') === (t.value ?? '');
  });
}

function exprMatches(e: any, value: string | undefined): boolean {
  const vals: string[] = e.values ?? [];
  switch (e.operator) {
    case 'In':
      return value !== undefined && vals.includes(value);
    case 'NotIn':
      return value === undefined || !vals.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(vals[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(vals[0]);
    default:
      return false;
  }
}

export function nodeMatchesAffinity(pod: Obj, node: Obj): boolean {
  const labels: Record<string, string> = node.metadata.labels ?? {};
  const sel: Record<string, string> = pod.spec?.nodeSelector ?? {};
  if (!Object.entries(sel).every(([k, v]) => labels[k] === v)) return false;
  const terms: any[] | undefined = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return true;
  return terms.some(
    (t) =>
      (t.matchExpressions ?? []).every((e: any) => exprMatches(e, labels[e.key])) &&
      (t.matchFields ?? []).every((e: any) => exprMatches(e, e.key === 'metadata.name' ? node.metadata.name : undefined)),
  );
}

export function nodeTaints(node: Obj): Taint[] {
  const taints: Taint[] = [...(node.spec?.taints ?? [])];
  if (node.spec?.unschedulable) taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
  return taints;
}

// Filters run in the default scheduler's order (NodeUnschedulable, TaintToleration,
// NodeAffinity); a node is counted under the first filter it fails.
export type ScheduleResult = { node: string } | { message: string };

export function schedule(pod: Obj, nodes: Obj[], podsPerNode: Map<string, number>): ScheduleResult {
  const reasons = new Map<string, number>();
  const bump = (r: string) => reasons.set(r, (reasons.get(r) ?? 0) + 1);
  const tolerations: any[] = pod.spec?.tolerations ?? [];
  const feasible: Obj[] = [];
  for (const n of nodes) {
    if (n.spec?.unschedulable && !tolerates(tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) {
      bump('node(s) were unschedulable');
      continue;
    }
    const bad = (n.spec?.taints ?? []).find((t: Taint) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(tolerations, t));
    if (bad) {
      bump(`node(s) had untolerated taint {${bad.key}: ${bad.value ?? ''}}`);
      continue;
    }
    if (!nodeMatchesAffinity(pod, n)) {
      bump("node(s) didn't match Pod's node affinity/selector");
      continue;
    }
    feasible.push(n);
  }
  if (feasible.length === 0) {
    const parts = [...reasons].sort(([a], [b]) => (a < b ? -1 : 1)).map(([r, c]) => `${c} ${r}`);
    const total = nodes.length;
    return { message: `0/${total} nodes are available${parts.length ? `: ${parts.join(', ')}` : ''}. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.` };
  }
  feasible.sort((a, b) => (podsPerNode.get(a.metadata.name) ?? 0) - (podsPerNode.get(b.metadata.name) ?? 0) || (a.metadata.name < b.metadata.name ? -1 : 1));
  return { node: feasible[0]!.metadata.name };
}
/* eslint-enable @typescript-eslint/no-explicit-any */
