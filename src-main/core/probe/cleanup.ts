// Removing what a probe created: its namespace (which cascades to everything inside), only if it
// carries our managed-by label. Sweep finds namespaces left by crashed runs: expired ones, and
// ones whose owner process on this host is gone.
import type { V1Namespace } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { KubeApiError } from '../cluster/kube-api-error';
import type { KubeClient, KubeList } from '../cluster/kube-client';
import type { Clock } from '../ports/clock';
import { EXPIRES_ANNOTATION, MANAGED_BY, MANAGED_BY_LABEL, NAMESPACE_PREFIX, OWNER_HOST_ANNOTATION, OWNER_PID_ANNOTATION, RUN_ID_LABEL } from './names';

export function isProbeNamespace(ns: V1Namespace | null | undefined): boolean {
  const name = ns?.metadata?.name ?? '';
  return name.startsWith(NAMESPACE_PREFIX) && ns?.metadata?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY && Boolean(ns?.metadata?.labels?.[RUN_ID_LABEL]);
}

export type DeleteOutcome = 'deleted' | 'gone' | 'not-ours' | 'timeout';

/** Deletes a probe namespace and waits until the API no longer has it. */
export async function deleteProbeNamespace(client: KubeClient, name: string, opts: { clock: Clock; timeoutMs: number; signal?: AbortSignal; onWaiting?: (phase: string) => void }): Promise<DeleteOutcome> {
  const path = `/api/v1/namespaces/${encodeURIComponent(name)}`;
  let ns: V1Namespace;
  try {
    ns = await client.request<V1Namespace>({ path });
  } catch (e) {
    if (e instanceof KubeApiError && e.status === 404) return 'gone';
    throw e;
  }
  // Never delete a namespace we did not create, whatever its name says.
  if (!isProbeNamespace(ns)) return 'not-ours';
  try {
    await client.request({ method: 'DELETE', path, body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' } });
  } catch (e) {
    if (!(e instanceof KubeApiError && (e.status === 404 || e.status === 409))) throw e;
  }
  const deadline = opts.clock.now().getTime() + opts.timeoutMs;
  while (opts.clock.now().getTime() < deadline) {
    try {
      const current = await client.request<V1Namespace>({ path });
      opts.onWaiting?.(current.status?.phase ?? 'Terminating');
    } catch (e) {
      if (e instanceof KubeApiError && e.status === 404) return 'deleted';
      // Transient API errors while waiting: keep waiting until the deadline.
    }
    await opts.clock.sleep(500);
  }
  return 'timeout';
}

export interface SweepCandidate {
  namespace: string;
  runId: string;
  reason: 'expired' | 'owner-gone' | 'owner-done' | 'forced';
  owner: string | null;
}

export interface SweepOptions {
  clock: Clock;
  hostname: string;
  /** Is this pid a live process on this host? */
  isAlive: (pid: number) => boolean;
  /** Also remove probes of live owners on this host (`snatscope sweep --all`). */
  all?: boolean;
  /**
   * The sweeping process itself: its own probes that are no longer running are orphans too
   * (their cleanup failed, e.g. on credentials that expired mid-run), though their owner lives.
   */
  self?: { pid: number; isRunning: (runId: string) => boolean };
}

export function sweepCandidates(namespaces: V1Namespace[], opts: SweepOptions): SweepCandidate[] {
  const now = opts.clock.now().getTime();
  const out: SweepCandidate[] = [];
  for (const ns of namespaces) {
    if (!isProbeNamespace(ns)) continue;
    if (ns.status?.phase === 'Terminating' || ns.metadata?.deletionTimestamp) continue;
    const a = ns.metadata?.annotations ?? {};
    const base = { namespace: ns.metadata!.name!, runId: ns.metadata!.labels![RUN_ID_LABEL]!, owner: a[OWNER_HOST_ANNOTATION] ? `${a[OWNER_HOST_ANNOTATION]}:${a[OWNER_PID_ANNOTATION] ?? '?'}` : null };
    const expires = Date.parse(a[EXPIRES_ANNOTATION] ?? '');
    if (Number.isFinite(expires) && expires <= now) {
      out.push({ ...base, reason: 'expired' });
      continue;
    }
    const pid = Number(a[OWNER_PID_ANNOTATION]);
    if (a[OWNER_HOST_ANNOTATION] === opts.hostname && Number.isInteger(pid) && pid > 0) {
      if (!opts.isAlive(pid)) out.push({ ...base, reason: 'owner-gone' });
      else if (opts.self && pid === opts.self.pid && !opts.self.isRunning(base.runId)) out.push({ ...base, reason: 'owner-done' });
      else if (opts.all) out.push({ ...base, reason: 'forced' });
    } else if (opts.all && !Number.isFinite(expires)) {
      out.push({ ...base, reason: 'forced' });
    }
  }
  return out;
}

export async function listProbeNamespaces(client: KubeClient): Promise<V1Namespace[]> {
  const list = await client.request<KubeList<V1Namespace>>({ path: '/api/v1/namespaces', query: { labelSelector: `${MANAGED_BY_LABEL}=${MANAGED_BY}` } });
  return (list.items ?? []).filter(isProbeNamespace);
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process its parent has not reaped yet still answers kill(0) on Linux.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}
