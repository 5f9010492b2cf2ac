// Where a probe pod is on its way to Ready, and what is wrong if it is stuck, read from its
// status the way `kubectl describe` would show it.
import type { V1Pod } from '@kubernetes/client-node';

export type PodStage = 'pending' | 'scheduled' | 'pulling' | 'running' | 'ready' | 'succeeded' | 'failed';
export type PodProblem = 'image-pull' | 'unschedulable' | 'crash' | 'config' | null;

export interface PodProgress {
  name: string;
  node: string | null;
  stage: PodStage;
  reason: string | null;
  message: string | null;
  problem: PodProblem;
  restarts: number;
  podIP: string | null;
}

const IMAGE_PULL = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'RegistryUnavailable']);
const CONFIG = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);

export function podProgress(pod: V1Pod): PodProgress {
  const status = pod.status ?? {};
  const conditions = status.conditions ?? [];
  const cs = status.containerStatuses ?? [];
  const restarts = cs.reduce((n, c) => n + (c.restartCount ?? 0), 0);
  const base = { name: pod.metadata?.name ?? '?', node: pod.spec?.nodeName ?? null, restarts, podIP: status.podIP ?? null };
  const scheduled = conditions.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False') {
    return { ...base, stage: 'pending', reason: scheduled.reason ?? null, message: scheduled.message ?? null, problem: scheduled.reason === 'Unschedulable' ? 'unschedulable' : null };
  }
  if (status.phase === 'Succeeded') return { ...base, stage: 'succeeded', reason: null, message: null, problem: null };
  if (status.phase === 'Failed') {
    const term = cs.find((c) => c.state?.terminated)?.state?.terminated;
    return { ...base, stage: 'failed', reason: term?.reason ?? status.reason ?? null, message: term?.message ?? status.message ?? null, problem: null };
  }
  for (const c of cs) {
    const waiting = c.state?.waiting;
    if (waiting?.reason && IMAGE_PULL.has(waiting.reason)) return { ...base, stage: 'pulling', reason: waiting.reason, message: waiting.message ?? null, problem: 'image-pull' };
    if (waiting?.reason === 'CrashLoopBackOff') {
      const last = c.lastState?.terminated;
      return { ...base, stage: 'running', reason: 'CrashLoopBackOff', message: last ? `exit ${last.exitCode}${last.reason ? ` (${last.reason})` : ''}` : (waiting.message ?? null), problem: 'crash' };
    }
    if (waiting?.reason && CONFIG.has(waiting.reason)) return { ...base, stage: 'pending', reason: waiting.reason, message: waiting.message ?? null, problem: 'config' };
    if (waiting?.reason === 'ContainerCreating' || waiting?.reason === 'PodInitializing') return { ...base, stage: 'pulling', reason: waiting.reason, message: waiting.message ?? null, problem: null };
  }
  const ready = conditions.find((c) => c.type === 'Ready')?.status === 'True';
  if (ready) return { ...base, stage: 'ready', reason: null, message: null, problem: null };
  if (status.phase === 'Running') return { ...base, stage: 'running', reason: null, message: null, problem: null };
  if (scheduled?.status === 'True' || base.node) return { ...base, stage: 'scheduled', reason: null, message: null, problem: null };
  return { ...base, stage: 'pending', reason: null, message: null, problem: null };
}
