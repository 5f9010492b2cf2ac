// One pod's life on a lab node, as kubelet would live it: sandbox (netns + IP), volumes,
// init containers, containers as processes in a private mount namespace, probes from the node,
// restarts with back-off, image pull failures, logs, graceful termination.
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import type { KObject, PodStatusSink } from '../data-plane';
import type { ProbeRequest, ProbeResult } from './agent-client';
import { SYSTEM_PATH, type CommandRunner, type ProcessLauncher, type RunningProcess } from './exec';
import { mainConfigPath, nginxImageFiles, withStreamModule } from './images';
import {
  ContainerConfigError,
  VolumeError,
  containerEnv,
  containerProgram,
  expandArgv,
  mountsOf,
  parseImage,
  planVolumes,
  probeSpec,
  runAsOf,
  NGINX_BINARY,
  type ContainerProgram,
  type Lookup,
  type ProbeSpec,
  type VolumePlan,
} from './pod-spec';
import {
  ConditionClock,
  containerStatusJson,
  qosClass,
  exitCodeOf,
  podConditions,
  podPhase,
  pullDelayMs,
  restartDelayMs,
  type ContainerView,
  type RestartPolicy,
} from './pod-status';
import { containerArgv, containerScript, type ContainerLaunch } from './rootfs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface PodRunnerDeps {
  backoffBaseMs: number;
  errImagePullMs: number;
  podDir: string;
  hostIP: string;
  get: Lookup;
  launcher: ProcessLauncher;
  commands: CommandRunner;
  sandbox: { create(): Promise<{ netns: string; podIP: string }>; destroy(): Promise<void> };
  probe(req: ProbeRequest): Promise<ProbeResult>;
  /** For the ingress-nginx stand-in: its nginx.conf for the controller's arguments. */
  ingressConfig?(pod: KObject, args: string[], env: Map<string, string>): string;
  log(line: string): void;
  now?(): Date;
}

interface Ctr {
  spec: Json;
  name: string;
  init: boolean;
  program: ContainerProgram;
  view: ContainerView;
  proc?: RunningProcess;
  generation: number;
  readiness?: ProbeSpec;
  liveness?: ProbeSpec;
  probeReady: boolean;
  killedByLiveness: boolean;
  pulledOnce: boolean;
  pullFailures: number;
  ingressFile?: string;
  /** The generation a SIGHUP is waiting to be delivered to (see reloadWhenHandled). */
  reloadPending?: number;
}

const INGRESS_DIR = '/etc/nginx/lab-ingress';

export class PodRunner {
  private stopping = false;
  private readonly sleepers = new Set<() => void>();
  private readonly clock = new ConditionClock();
  private readonly containers: Ctr[];
  private readonly initContainers: Ctr[];
  private initDone: boolean;
  private sandboxReady = false;
  private podIP = '';
  private netns = '';
  private startTime = '';
  private volumes: VolumePlan[] = [];
  private emitQueued = false;
  private loops: Promise<unknown>[] = [];
  private main?: Promise<void>;

  constructor(
    readonly pod: KObject,
    private readonly sink: PodStatusSink,
    private readonly deps: PodRunnerDeps,
  ) {
    const mk = (spec: Json, init: boolean): Ctr => {
      const program = containerProgram(spec);
      return {
        spec,
        name: spec.name,
        init,
        program,
        view: { name: spec.name, image: spec.image, imageID: '', state: { waiting: { reason: init ? 'PodInitializing' : 'ContainerCreating' } }, lastState: {}, restartCount: 0, ready: false, started: false },
        generation: 0,
        probeReady: false,
        killedByLiveness: false,
        pulledOnce: false,
        pullFailures: 0,
      };
    };
    this.initContainers = ((pod.spec?.initContainers ?? []) as Json[]).map((s) => mk(s, true));
    this.containers = ((pod.spec?.containers ?? []) as Json[]).map((s) => mk(s, false));
    for (const c of this.containers) if (this.initContainers.length > 0) c.view.state = { waiting: { reason: 'PodInitializing' } };
    this.initDone = this.initContainers.length === 0;
  }

  get restartPolicy(): RestartPolicy {
    return (this.pod.spec?.restartPolicy ?? 'Always') as RestartPolicy;
  }
  get ip(): string {
    return this.podIP;
  }
  get namespaceName(): string {
    return this.netns;
  }
  get isIngressController(): boolean {
    return this.containers.some((c) => c.program.kind === 'ingress-nginx');
  }
  private now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** Resolves once the sandbox exists and the containers are on their way. */
  start(): Promise<void> {
    this.startTime = this.now();
    this.emit();
    let ready!: () => void;
    const started = new Promise<void>((r) => (ready = r));
    this.main = this.run(ready).catch((err) => {
      this.deps.log(`pod ${this.pod.metadata.namespace}/${this.pod.metadata.name}: ${(err as Error).stack ?? err}`);
      this.event('FailedCreatePodSandBox', `Failed to create pod sandbox: ${(err as Error).message}`, 'Warning');
      ready();
    });
    return started;
  }

  private async run(ready: () => void): Promise<void> {
    const sb = await this.deps.sandbox.create();
    this.netns = sb.netns;
    this.podIP = sb.podIP;
    this.sandboxReady = true;
    this.emit();
    ready();
    // Volumes: a missing ConfigMap keeps the pod in ContainerCreating, retried like kubelet.
    for (let attempt = 0; !this.stopping; attempt++) {
      try {
        this.volumes = planVolumes(this.pod, this.deps.get);
        this.writeVolumes();
        break;
      } catch (err) {
        if (!(err instanceof VolumeError)) throw err;
        if (attempt % 5 === 0) this.event('FailedMount', err.message, 'Warning');
        await this.sleep(2000);
      }
    }
    for (const c of this.initContainers) {
      if (this.stopping) return;
      const outcome = await this.containerLoop(c);
      if (outcome !== 'completed') return;
    }
    this.initDone = true;
    for (const c of this.containers) if ('waiting' in c.view.state) c.view.state = { waiting: { reason: 'ContainerCreating' } };
    this.emit();
    this.loops = this.containers.map((c) => this.containerLoop(c));
    await Promise.all(this.loops);
  }

  // ---------------------------------------------------------------- containers

  private async containerLoop(c: Ctr): Promise<'completed' | 'failed' | 'stopped'> {
    while (!this.stopping) {
      if (c.program.kind === 'unsupported') {
        await this.pullFailure(c);
        continue;
      }
      let launch: { argv: string[]; launch: ContainerLaunch };
      try {
        launch = this.prepare(c);
      } catch (err) {
        if (!(err instanceof ContainerConfigError || err instanceof VolumeError)) throw err;
        c.view.state = { waiting: { reason: 'CreateContainerConfigError', message: err.message } };
        this.event('Failed', `Error: ${err.message}`, 'Warning');
        this.emit();
        await this.sleep(Math.min(this.deps.backoffBaseMs, 10_000));
        continue;
      }
      if (!c.pulledOnce) {
        this.event('Pulled', `Container image "${c.spec.image}" already present on machine`);
        c.pulledOnce = true;
      }
      if (c.view.started || 'terminated' in c.view.lastState) c.view.restartCount++;
      const ref = parseImage(String(c.spec.image));
      c.view.imageID = `${ref.full.replace(/[:@][^/]*$/, '')}@sha256:${createHash('sha256').update(ref.full).digest('hex')}`;
      c.view.containerID = `containerd://${createHash('sha256').update(`${this.pod.metadata.uid ?? this.pod.metadata.name}/${c.name}/${c.view.restartCount}/${Date.now()}`).digest('hex')}`;
      this.event('Created', `Created container ${c.name}`);
      const startedAt = this.now();
      const proc = this.deps.launcher.start(containerArgv(this.netns, containerScript(launch.launch)), {
        env: { PATH: SYSTEM_PATH },
        onStdout: (chunk) => this.sink.log(c.name, chunk),
        onStderr: (chunk) => this.sink.log(c.name, chunk),
      });
      c.proc = proc;
      c.generation++;
      c.killedByLiveness = false;
      c.probeReady = false;
      c.view.state = { running: { startedAt } };
      c.view.started = true;
      this.updateReady(c);
      this.event('Started', `Started container ${c.name}`);
      this.emit();
      this.startProbes(c, c.generation);
      const exit = await proc.exited;
      proc.signalGroup('SIGKILL'); // workers left behind by the main process
      c.proc = undefined;
      const exitCode = exitCodeOf(exit.code, exit.signal);
      const terminated = {
        terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt, finishedAt: this.now(), containerID: c.view.containerID },
      };
      c.view.state = terminated;
      c.view.ready = false;
      this.emit();
      if (this.stopping) return 'stopped';
      const policy = this.restartPolicy;
      const restart = c.init
        ? exitCode !== 0 && policy !== 'Never'
        : policy === 'Always' || (policy === 'OnFailure' && (exitCode !== 0 || c.killedByLiveness)) || (c.killedByLiveness && policy !== 'Never');
      if (c.init && exitCode === 0) return 'completed';
      if (!restart) {
        this.emit();
        return c.init ? 'failed' : 'completed';
      }
      c.view.lastState = terminated;
      const delay = restartDelayMs(c.view.restartCount, this.deps.backoffBaseMs);
      if (delay > 0) {
        const ns = this.pod.metadata.namespace ?? 'default';
        c.view.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${formatDuration(delay)} restarting failed container=${c.name} pod=${this.pod.metadata.name}_${ns}(${this.pod.metadata.uid ?? ''})` } };
        this.event('BackOff', `Back-off restarting failed container ${c.name} in pod ${this.pod.metadata.name}_${ns}(${this.pod.metadata.uid ?? ''})`, 'Warning');
        this.emit();
        await this.sleep(delay);
      }
    }
    return 'stopped';
  }

  private async pullFailure(c: Ctr): Promise<void> {
    const image = String(c.spec.image);
    const full = parseImage(image).full;
    c.pullFailures++;
    const why = `rpc error: code = NotFound desc = failed to pull and unpack image "${full}": failed to resolve reference "${full}": ${full}: not found`;
    this.event('Pulling', `Pulling image "${image}"`);
    this.event('Failed', `Failed to pull image "${image}": ${why}`, 'Warning');
    this.event('Failed', 'Error: ErrImagePull', 'Warning');
    c.view.state = { waiting: { reason: 'ErrImagePull', message: why } };
    this.emit();
    await this.sleep(this.deps.errImagePullMs);
    if (this.stopping) return;
    c.view.state = { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` } };
    this.event('BackOff', `Back-off pulling image "${image}"`);
    this.event('Failed', 'Error: ImagePullBackOff', 'Warning');
    this.emit();
    await this.sleep(pullDelayMs(c.pullFailures, this.deps.backoffBaseMs));
  }

  private writeVolumes(): void {
    const root = join(this.deps.podDir, 'stage', 'volumes');
    rmSync(root, { recursive: true, force: true });
    for (const v of this.volumes) {
      const dir = join(root, v.name);
      mkdirSync(dir, { recursive: true });
      if (v.kind === 'emptyDir') chmodSync(dir, 0o777);
      else
        for (const f of v.files) {
          mkdirSync(dirname(join(dir, f.path)), { recursive: true });
          writeFileSync(join(dir, f.path), f.content, { mode: f.mode });
          chmodSync(join(dir, f.path), f.mode);
        }
    }
  }

  private prepare(c: Ctr): { argv: string[]; launch: ContainerLaunch } {
    const env = containerEnv(this.pod, c.spec, { podIP: this.podIP, hostIP: this.deps.hostIP }, this.deps.get);
    const runAs = runAsOf(this.pod, c.spec);
    const mounts = mountsOf(c.spec, this.volumes);
    c.readiness = probeSpec(c.spec.readinessProbe, c.spec);
    c.liveness = probeSpec(c.spec.livenessProbe, c.spec);
    const stage = join(this.deps.podDir, 'stage');
    const filesDir = join(stage, 'files', c.name);
    rmSync(filesDir, { recursive: true, force: true });
    mkdirSync(filesDir, { recursive: true });
    const copies: { from: string; to: string }[] = [];
    const addFile = (to: string, content: string) => {
      const name = `f${copies.length}`;
      writeFileSync(join(filesDir, name), content);
      copies.push({ from: `files/${c.name}/${name}`, to });
    };
    const ns = this.pod.metadata.namespace ?? 'default';
    addFile('/etc/hosts', `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n${this.podIP}\t${this.pod.spec?.hostname ?? this.pod.metadata.name}\n`);
    addFile('/etc/hostname', `${this.pod.metadata.name}\n`);
    // No cluster DNS in the lab: search domains as on a cluster, no nameserver (lookups fail fast).
    addFile('/etc/resolv.conf', `search ${ns}.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n`);

    const launchMounts: ContainerLaunch['mounts'] = mounts.map((m) => {
      const from = posix.join('volumes', m.volume, m.subPath);
      const file = m.subPath !== '' && existsSync(join(stage, from)) && statSync(join(stage, from)).isFile();
      return { from, to: m.mountPath, readOnly: m.readOnly, file };
    });
    const vars = new Map(env);
    let argv: string[];
    const program = c.program;
    if (program.kind === 'node') argv = expandArgv(program.argv, env);
    else if (program.kind === 'nginx') {
      for (const f of nginxImageFiles(program.flavor)) addFile(f.path, f.content);
      argv = expandArgv(program.argv, env);
      if (argv[0] === NGINX_BINARY) argv = withStreamModule(argv, this.mountedFileContent(mainConfigPath(argv, program.flavor), mounts));
    } else if (program.kind === 'ingress-nginx') {
      const dir = join(stage, 'ingress');
      mkdirSync(dir, { recursive: true });
      c.ingressFile = join(dir, 'nginx.conf');
      writeFileSync(c.ingressFile, this.renderIngress(c, vars));
      launchMounts.push({ from: 'ingress', to: INGRESS_DIR, readOnly: true, file: false });
      argv = [NGINX_BINARY, '-c', `${INGRESS_DIR}/nginx.conf`, '-g', 'daemon off;'];
    } else throw new Error('unreachable');
    const cdir = join(this.deps.podDir, 'c', c.name);
    mkdirSync(join(cdir, 'root'), { recursive: true });
    mkdirSync(join(cdir, 'layers'), { recursive: true });
    const launch: ContainerLaunch = {
      hostname: String(this.pod.spec?.hostname ?? this.pod.metadata.name),
      rootDir: join(cdir, 'root'),
      layersDir: join(cdir, 'layers'),
      stageDir: stage,
      copies,
      mounts: launchMounts,
      workingDir: String(c.spec.workingDir ?? '/'),
      runAs,
      readOnlyRoot: c.spec.securityContext?.readOnlyRootFilesystem === true,
      noNewPrivs: c.spec.securityContext?.allowPrivilegeEscalation === false,
      env,
      argv,
    };
    return { argv, launch };
  }

  private mountedFileContent(path: string, mounts: ReturnType<typeof mountsOf>): string | undefined {
    for (const m of mounts) {
      const v = this.volumes.find((x) => x.name === m.volume);
      if (!v || v.kind !== 'files') continue;
      const rel = m.mountPath === path ? m.subPath : path.startsWith(`${m.mountPath}/`) ? posix.join(m.subPath, path.slice(m.mountPath.length + 1)) : undefined;
      if (rel === undefined) continue;
      const f = v.files.find((x) => x.path === rel);
      if (f) return f.content.toString('utf8');
    }
    return undefined;
  }

  private renderIngress(c: Ctr, vars: Map<string, string>): string {
    if (!this.deps.ingressConfig) throw new ContainerConfigError('this lab has no ingress controller support wired in');
    const args = ((c.spec.args ?? []) as string[]).map((a) => a.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, n: string) => vars.get(n) ?? m));
    return this.deps.ingressConfig(this.pod, args, vars);
  }

  /** Re-render an ingress stand-in's nginx.conf and reload nginx when it changed. */
  refreshIngress(): void {
    for (const c of this.containers) {
      if (c.program.kind !== 'ingress-nginx' || !c.ingressFile || !c.proc) continue;
      const env = new Map(containerEnv(this.pod, c.spec, { podIP: this.podIP, hostIP: this.deps.hostIP }, this.deps.get));
      const next = this.renderIngress(c, env);
      writeFileSync(c.ingressFile, next);
      void this.reloadWhenHandled(c, c.generation);
    }
  }

  /**
   * SIGHUP once the container's main process handles it. Before that the pid is the setup shell
   * or an nginx that has not installed its handlers yet, and SIGHUP would kill it (a crash loop
   * the SRE would never see on a real controller, which reloads through its own API).
   */
  private async reloadWhenHandled(c: Ctr, generation: number): Promise<void> {
    if (c.reloadPending === generation) return; // a poll for this process is already waiting
    c.reloadPending = generation;
    try {
      for (let waited = 0; waited <= 30_000; waited += 50) {
        const proc = c.proc;
        if (this.stopping || !proc || c.generation !== generation) return; // a new process reads the new file
        if (proc.catches('SIGHUP')) {
          proc.signal('SIGHUP');
          return;
        }
        await this.sleep(50);
      }
      this.deps.log(`pod ${this.pod.metadata.namespace}/${this.pod.metadata.name}: ${c.name} never installed a SIGHUP handler; nginx.conf not reloaded`);
    } finally {
      if (c.reloadPending === generation) c.reloadPending = undefined;
    }
  }

  // ---------------------------------------------------------------- probes

  private startProbes(c: Ctr, generation: number): void {
    const alive = () => !this.stopping && c.generation === generation && !!c.proc;
    if (c.readiness) void this.probeLoop(c, c.readiness, 'Readiness', alive);
    if (c.liveness) void this.probeLoop(c, c.liveness, 'Liveness', alive);
  }

  private async probeLoop(c: Ctr, spec: ProbeSpec, kind: 'Readiness' | 'Liveness', alive: () => boolean): Promise<void> {
    await this.sleep(spec.initialDelaySeconds * 1000);
    let successes = 0;
    let failures = 0;
    while (alive()) {
      const result = await this.runProbe(c, spec);
      if (!alive()) return;
      if (result.ok) {
        successes++;
        failures = 0;
      } else {
        failures++;
        successes = 0;
        if (failures === 1 || failures % 10 === 0) this.event('Unhealthy', `${kind} probe failed: ${result.message}`, 'Warning');
      }
      if (kind === 'Readiness') {
        const was = c.probeReady;
        if (successes >= spec.successThreshold) c.probeReady = true;
        if (failures >= spec.failureThreshold) c.probeReady = false;
        if (was !== c.probeReady) {
          this.updateReady(c);
          this.emit();
        }
      } else if (failures >= spec.failureThreshold) {
        c.killedByLiveness = true;
        this.event('Killing', `Container ${c.name} failed liveness probe, will be restarted`);
        await this.terminate(c, Number(this.pod.spec?.terminationGracePeriodSeconds ?? 30));
        return;
      }
      await this.sleep(spec.periodSeconds * 1000);
    }
  }

  private async runProbe(c: Ctr, spec: ProbeSpec): Promise<ProbeResult> {
    const timeoutMs = spec.timeoutSeconds * 1000;
    if (spec.kind === 'exec') {
      const pid = c.proc?.pid;
      if (!pid) return { ok: false, message: 'container is not running' };
      const runAs = runAsOf(this.pod, c.spec);
      const user = runAs.uid !== undefined ? ['-S', String(runAs.uid), '-G', String(runAs.gid ?? runAs.uid)] : [];
      const r = await this.deps.commands.run(['nsenter', '-t', String(pid), '-m', '-u', '-n', '-r', '-w', ...user, '--', ...spec.command], { allowFailure: true, timeoutMs });
      return { ok: r.code === 0, message: (r.stdout + r.stderr).trim() || `command ${JSON.stringify(spec.command)} exited with ${r.code}` };
    }
    return this.deps.probe({ kind: spec.kind, host: spec.host ?? this.podIP, port: spec.port, path: spec.path, headers: spec.headers, timeoutMs });
  }

  private updateReady(c: Ctr): void {
    c.view.ready = 'running' in c.view.state && (c.readiness ? c.probeReady : true);
  }

  // ---------------------------------------------------------------- stopping

  private async terminate(c: Ctr, graceSeconds: number): Promise<void> {
    const proc = c.proc;
    if (!proc || proc.done) return;
    proc.signal('SIGTERM');
    const t = setTimeout(() => proc.signalGroup('SIGKILL'), Math.max(0, graceSeconds) * 1000);
    await proc.exited;
    clearTimeout(t);
    proc.signalGroup('SIGKILL');
  }

  /** SIGTERM, SIGKILL after the grace period, then the sandbox goes. Idempotent. */
  async stop(graceSeconds: number): Promise<void> {
    if (this.stopping) {
      await this.main;
      return;
    }
    this.stopping = true;
    for (const wake of [...this.sleepers]) wake();
    const running = [...this.initContainers, ...this.containers].filter((c) => c.proc && !c.proc.done);
    for (const c of running) this.event('Killing', `Stopping container ${c.name}`);
    await Promise.all(running.map((c) => this.terminate(c, graceSeconds)));
    await this.main;
    try {
      await this.deps.sandbox.destroy();
    } finally {
      rmSync(this.deps.podDir, { recursive: true, force: true });
    }
  }

  // ---------------------------------------------------------------- status

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  private event(reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal'): void {
    try {
      this.sink.event(reason, message, type);
    } catch (err) {
      this.deps.log(`event ${reason}: ${(err as Error).message}`);
    }
  }

  private emit(): void {
    if (this.emitQueued) return;
    this.emitQueued = true;
    queueMicrotask(() => {
      this.emitQueued = false;
      try {
        this.sink.update(this.status());
      } catch (err) {
        this.deps.log(`status update: ${(err as Error).message}`);
      }
    });
  }

  status(): Record<string, unknown> {
    const init = this.initContainers.map((c) => c.view);
    const apps = this.containers.map((c) => c.view);
    const phase = podPhase(init, apps, this.initDone, this.restartPolicy);
    const conditions = this.clock.stamp(podConditions(init, apps, { sandboxReady: this.sandboxReady, initDone: this.initDone, phase }), this.now());
    return {
      phase,
      conditions,
      hostIP: this.deps.hostIP,
      hostIPs: [{ ip: this.deps.hostIP }],
      ...(this.podIP ? { podIP: this.podIP, podIPs: [{ ip: this.podIP }] } : {}),
      startTime: this.startTime,
      qosClass: qosClass((this.pod.spec?.containers ?? []) as Json[]),
      ...(init.length ? { initContainerStatuses: init.map(containerStatusJson) } : {}),
      containerStatuses: apps.map(containerStatusJson),
    };
  }
}

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s}s`;
}
