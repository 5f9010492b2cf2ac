// Pod lifecycle: defaults on create, graceful deletion (deletionTimestamp, then removal once the
// data plane has stopped the pod or the grace period ran out), the scheduler loop, and the
// hand-off to the data plane (runPod / stopPod) with a status sink back into the API.
import type { Admission, DeletionStrategy, ObjectApi } from '../api/object-api';
import { resourceByPlural } from '../api/resources';
import type { Obj } from '../api/store';
import type { DataPlane, PodStatusSink } from '../data-plane';
import type { PodLogs } from '../api/pod-logs';
import type { EventRecorder } from './events';
import { schedule } from './scheduler';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod JSON */
export const podDefaults: Admission = {
  name: 'PodDefaults',
  admit(op, res, obj) {
    if (res.plural !== 'pods' || op !== 'create') return;
    const spec: any = structuredClone(obj.spec ?? {});
    spec.restartPolicy ??= 'Always';
    spec.dnsPolicy ??= 'ClusterFirst';
    spec.schedulerName ??= 'default-scheduler';
    spec.terminationGracePeriodSeconds ??= 30;
    spec.serviceAccountName ??= spec.serviceAccount ?? 'default';
    spec.serviceAccount ??= spec.serviceAccountName;
    spec.securityContext ??= {};
    spec.enableServiceLinks ??= true;
    spec.preemptionPolicy ??= 'PreemptLowerPriority';
    spec.priority ??= 0;
    for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      c.terminationMessagePath ??= '/dev/termination-log';
      c.terminationMessagePolicy ??= 'File';
      c.resources ??= {};
      const tag = String(c.image ?? '').split('/').pop()!.split(':')[1];
      c.imagePullPolicy ??= !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
      for (const p of c.ports ?? []) p.protocol ??= 'TCP';
    }
    // DefaultTolerationSeconds admission adds these to every pod.
    const tol: any[] = (spec.tolerations ??= []);
    for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'])
      if (!tol.some((t) => t.key === key)) tol.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
    const status = { phase: 'Pending', qosClass: 'BestEffort', ...(obj.status ?? {}) };
    return { ...obj, spec, status };
  },
};

export const podDeletion: DeletionStrategy = (pod, opts, now) => {
  const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
  const grace = opts.gracePeriodSeconds ?? pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
  if (!pod.spec?.nodeName || terminal || grace <= 0) return undefined;
  const prev = pod.metadata.deletionGracePeriodSeconds as number | undefined;
  if (pod.metadata.deletionTimestamp && prev !== undefined && prev <= grace) return pod;
  const at = new Date(Date.parse(now) + grace * 1000).toISOString().replace('.000Z', 'Z');
  return { ...pod, metadata: { ...pod.metadata, deletionTimestamp: at, deletionGracePeriodSeconds: grace } };
};

function sameStatus(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class PodController {
  private readonly running = new Map<string, Obj>();
  private readonly stopping = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private scheduleQueued = false;
  private readonly pods = resourceByPlural('pods');
  private readonly nodes = resourceByPlural('nodes');
  private stopped = false;

  constructor(
    private readonly api: ObjectApi,
    private readonly dataPlane: DataPlane,
    private readonly recorder: EventRecorder,
    private readonly logs: PodLogs,
    private readonly log: (line: string) => void = () => {},
  ) {}

  start(): void {
    this.api.store.onEvent((e) => {
      if (this.stopped) return;
      if (e.res === this.nodes && e.type !== 'DELETED') this.queueSchedule();
      if (e.res !== this.pods) return;
      const pod = e.obj;
      const uid = pod.metadata.uid!;
      if (e.type === 'DELETED') {
        if (this.running.has(uid) && !this.stopping.has(uid)) {
          this.stopping.add(uid);
          void this.dataPlane.stopPod(pod, 0).catch((err: unknown) => this.log(`stopPod ${pod.metadata.name}: ${String(err)}`));
        }
        this.running.delete(uid);
        this.logs.drop(uid);
        return;
      }
      if (pod.metadata.deletionTimestamp) return this.beginStop(pod);
      if (!pod.spec?.nodeName) return this.queueSchedule();
      if (!this.running.has(uid)) this.run(pod);
    });
    this.queueSchedule();
    for (const p of this.api.store.listReal(this.pods)) if (p.spec?.nodeName && !p.metadata.deletionTimestamp && !this.running.has(p.metadata.uid!)) this.run(p);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
  }

  private sink(pod: Obj): PodStatusSink {
    const { namespace, name, uid } = pod.metadata;
    const current = () => {
      const p = this.api.store.get(this.pods, namespace, name);
      return p && p.metadata.uid === uid ? p : undefined;
    };
    return {
      update: (status) => {
        const p = current();
        if (!p || this.stopped) return;
        const next: any = { ...status };
        const sched = (p.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled');
        if (sched && !(next.conditions ?? []).some((c: any) => c.type === 'PodScheduled')) next.conditions = [...(next.conditions ?? []), sched];
        next.qosClass ??= p.status?.qosClass;
        if (sameStatus(next, p.status)) return;
        try {
          this.api.update(this.pods, namespace, name, { ...p, status: next }, 'status', { fieldManager: 'kubelet' });
        } catch (err) {
          this.log(`pod status ${name}: ${String(err)}`);
        }
      },
      event: (reason, message, type = 'Normal') => {
        const p = current();
        if (p) this.recorder.record(p, reason, message, type, 'kubelet', p.spec?.nodeName);
      },
      log: (container, chunk) => this.logs.append(uid!, container, chunk),
    };
  }

  private run(pod: Obj): void {
    const uid = pod.metadata.uid!;
    this.running.set(uid, pod);
    this.dataPlane.runPod(pod, this.sink(pod)).catch((err: unknown) => {
      this.recorder.record(pod, 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${String((err as Error)?.message ?? err)}`, 'Warning', 'kubelet', pod.spec?.nodeName);
    });
  }

  private beginStop(pod: Obj): void {
    const uid = pod.metadata.uid!;
    if (this.stopping.has(uid)) return;
    this.stopping.add(uid);
    const grace = Number(pod.metadata.deletionGracePeriodSeconds ?? 30);
    const finish = () => {
      const cur = this.api.store.get(this.pods, pod.metadata.namespace, pod.metadata.name);
      if (cur && cur.metadata.uid === uid) this.api.forget(this.pods, pod.metadata.namespace, pod.metadata.name);
    };
    if (!this.running.has(uid)) return finish();
    this.recorder.record(pod, 'Killing', `Stopping container ${(pod.spec?.containers ?? []).map((c: any) => c.name).join(', ')}`, 'Normal', 'kubelet', pod.spec?.nodeName);
    const t = setTimeout(finish, grace * 1000 + 1000);
    this.timers.add(t);
    this.dataPlane
      .stopPod(pod, grace)
      .catch((err: unknown) => this.log(`stopPod ${pod.metadata.name}: ${String(err)}`))
      .finally(() => {
        clearTimeout(t);
        this.timers.delete(t);
        if (!this.stopped) finish();
      });
  }

  private queueSchedule(): void {
    if (this.scheduleQueued) return;
    this.scheduleQueued = true;
    queueMicrotask(() => {
      this.scheduleQueued = false;
      if (!this.stopped) this.schedulePending();
    });
  }

  private schedulePending(): void {
    const pods = this.api.store.listReal(this.pods);
    const pending = pods.filter((p) => !p.spec?.nodeName && !p.metadata.deletionTimestamp && (p.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler');
    if (!pending.length) return;
    const nodes = this.api.store.list(this.nodes);
    const load = new Map<string, number>();
    for (const p of pods) if (p.spec?.nodeName) load.set(p.spec.nodeName, (load.get(p.spec.nodeName) ?? 0) + 1);
    for (const p of pending) {
      const r = schedule(p, nodes, load);
      const conds: any[] = (p.status?.conditions ?? []).filter((c: any) => c.type !== 'PodScheduled');
      if ('node' in r) {
        load.set(r.node, (load.get(r.node) ?? 0) + 1);
        const bound = { ...p, spec: { ...p.spec, nodeName: r.node }, status: { ...p.status, conditions: [...conds, { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: this.api.now() }] } };
        this.api.store.update(this.pods, bound);
        this.recorder.record(bound, 'Scheduled', `Successfully assigned ${p.metadata.namespace}/${p.metadata.name} to ${r.node}`, 'Normal', 'default-scheduler');
      } else {
        const prev = (p.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled');
        if (prev?.message === r.message) continue;
        const cond = { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: this.api.now(), reason: 'Unschedulable', message: r.message };
        this.api.store.update(this.pods, { ...p, status: { ...p.status, phase: 'Pending', conditions: [...conds, cond] } });
        this.recorder.record(p, 'FailedScheduling', r.message, 'Warning', 'default-scheduler');
      }
    }
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */
