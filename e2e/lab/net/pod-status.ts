// Pod status as kubelet reports it, computed from the lab's view of its containers (pure).

export type ContainerStateJson =
  | { waiting: { reason: string; message?: string } }
  | { running: { startedAt: string } }
  | { terminated: { exitCode: number; signal?: number; reason: string; message?: string; startedAt: string; finishedAt: string; containerID?: string } };

export interface ContainerView {
  name: string;
  image: string;
  imageID: string;
  containerID?: string;
  state: ContainerStateJson;
  lastState: ContainerStateJson | Record<string, never>;
  restartCount: number;
  ready: boolean;
  started: boolean;
}

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

export function containerStatusJson(c: ContainerView): Record<string, unknown> {
  return {
    name: c.name,
    image: c.image,
    imageID: c.imageID,
    ...(c.containerID ? { containerID: c.containerID } : {}),
    state: c.state,
    lastState: c.lastState,
    ready: c.ready,
    restartCount: c.restartCount,
    started: c.started,
  };
}

const isRunning = (c: ContainerView) => 'running' in c.state;
const terminated = (c: ContainerView) => ('terminated' in c.state ? c.state.terminated : undefined);

/** kubelet's getPhase, for the cases the lab produces. */
export function podPhase(init: ContainerView[], containers: ContainerView[], initDone: boolean, policy: RestartPolicy): 'Pending' | 'Running' | 'Succeeded' | 'Failed' {
  if (!initDone) {
    const failedInit = init.some((c) => (terminated(c)?.exitCode ?? 0) !== 0);
    return failedInit && policy === 'Never' ? 'Failed' : 'Pending';
  }
  let running = 0;
  let waitingFresh = 0;
  let waitingRestart = 0;
  let failed = 0;
  for (const c of containers) {
    if (isRunning(c)) running++;
    else if ('waiting' in c.state) {
      if ('terminated' in c.lastState) waitingRestart++;
      else waitingFresh++;
    } else if ((terminated(c)?.exitCode ?? 1) !== 0) failed++;
  }
  if (waitingFresh > 0) return 'Pending';
  if (running > 0 || waitingRestart > 0) return 'Running';
  if (policy === 'Always') return 'Running';
  if (failed > 0) return policy === 'Never' ? 'Failed' : 'Running';
  return 'Succeeded';
}

export interface Condition {
  type: string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
}

export function podConditions(init: ContainerView[], containers: ContainerView[], opts: { sandboxReady: boolean; initDone: boolean; phase: string }): Condition[] {
  const notReady = containers.filter((c) => !c.ready).map((c) => c.name);
  const completed = opts.phase === 'Succeeded' || opts.phase === 'Failed';
  const readyCond = (type: string): Condition =>
    notReady.length === 0
      ? { type, status: 'True' }
      : completed
        ? { type, status: 'False', reason: 'PodCompleted' }
        : { type, status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${notReady.join(' ')}]` };
  const incompleteInit = init.filter((c) => !('terminated' in c.state && c.state.terminated.exitCode === 0)).map((c) => c.name);
  return [
    { type: 'PodReadyToStartContainers', status: opts.sandboxReady ? 'True' : 'False' },
    opts.initDone
      ? { type: 'Initialized', status: 'True' }
      : { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${incompleteInit.join(' ')}]` },
    readyCond('Ready'),
    readyCond('ContainersReady'),
    { type: 'PodScheduled', status: 'True' },
  ];
}

/** Keeps lastTransitionTime stable while a condition's status does not change. */
export class ConditionClock {
  private readonly since = new Map<string, { status: string; at: string }>();
  stamp(conditions: Condition[], now: string): Record<string, unknown>[] {
    return conditions.map((c) => {
      const prev = this.since.get(c.type);
      const at = prev && prev.status === c.status ? prev.at : now;
      this.since.set(c.type, { status: c.status, at });
      return { ...c, lastProbeTime: null, lastTransitionTime: at };
    });
  }
}

/** kubelet's restart back-off: the first restart is immediate, then base·2ⁿ up to 5 minutes. */
export function restartDelayMs(restartsSoFar: number, baseMs: number): number {
  if (restartsSoFar <= 0) return 0;
  return Math.min(baseMs * 2 ** (restartsSoFar - 1), 300_000);
}

/** Image pull back-off: base·2ⁿ up to 5 minutes. */
export function pullDelayMs(failures: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, failures - 1), 300_000);
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGTERM: 15, SIGABRT: 6 };

/** Exit code as a container runtime reports it: 128 + signal number for a signal. */
export function exitCodeOf(code: number | null, signal: string | null): number {
  if (code !== null) return code;
  return 128 + (signal ? (SIGNALS[signal] ?? 0) : 0);
}

type Resources = { resources?: { requests?: Record<string, string>; limits?: Record<string, string> } };

/** The pod's QoS class from its containers' requests and limits (cpu and memory). */
export function qosClass(containers: Resources[]): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const any = containers.some((c) => Object.keys(c.resources?.requests ?? {}).length || Object.keys(c.resources?.limits ?? {}).length);
  if (!any) return 'BestEffort';
  const guaranteed = containers.every((c) =>
    ['cpu', 'memory'].every((r) => {
      const limit = c.resources?.limits?.[r];
      const request = c.resources?.requests?.[r] ?? limit;
      return limit !== undefined && request === limit;
    }),
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
