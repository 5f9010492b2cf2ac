// `npm run soak [-- --runs 100 --kills 20 --seed 7]`: probes against the lab's seed scenario with
// faults on, through SNATScope's browser-mode main process (out/main/serve.js) — the app's own
// main side — and in `--kills` of the runs a SIGKILL of that process at a random step, a
// restart and a sweep. Prints: runs finished, runs failed cleanly (with the expected error),
// leftover probe objects after each sweep (must be 0), crashes, and the main process's memory.
// Exit 0 only when there were no leftovers and no crashes. Needs root (network namespaces).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { resourceByPlural } from '../../e2e/lab/api/resources';
import { startLab, type LabHandle } from '../../e2e/lab/index';

const ROOT = resolve(import.meta.dirname, '..', '..');
const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '100' }, kills: { type: 'string', default: '20' }, seed: { type: 'string', default: '7' }, quiet: { type: 'boolean', default: false } },
});
const RUNS = Number(args.runs);
const KILLS = Math.min(Number(args.kills), RUNS);
let seed = Number(args.seed);
const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const log = (line: string) => {
  if (!args.quiet) process.stdout.write(`${line}\n`);
};

interface Fault {
  name: string;
  /** Error codes that count as a clean, correct failure for this fault ([] = must complete). */
  expect: string[];
  apply(lab: LabHandle): () => void;
  image?: string;
}

const faultRule = (lab: LabHandle, rule: Parameters<LabHandle['faults']['add']>[0]) => {
  const id = lab.faults.add({ ...rule, match: { user: 'admin', ...(rule.match ?? {}) } });
  return () => void lab.faults.remove(id);
};

const FAULTS: Fault[] = [
  { name: 'none', expect: [], apply: () => () => undefined },
  { name: 'api 5xx 10%', expect: ['probe.api', 'k8s.server.error', 'probe.timeout'], apply: (lab) => faultRule(lab, { errorRate: 0.1, errorStatus: 503 }) },
  { name: 'api latency 150ms', expect: [], apply: (lab) => faultRule(lab, { latencyMs: 150 }) },
  { name: 'connection resets 8%', expect: ['k8s.net.reset', 'probe.api', 'probe.timeout'], apply: (lab) => faultRule(lab, { resetRate: 0.08 }) },
  { name: 'watches cut after 1 event', expect: [], apply: (lab) => faultRule(lab, { cutWatchAfterEvents: 1 }) },
  { name: '429 with Retry-After 1s', expect: ['k8s.server.rate-limited'], apply: (lab) => faultRule(lab, { throttleRate: 0.1, retryAfterSeconds: 1 }) },
  {
    name: 'token expires mid-run',
    expect: ['k8s.auth.unauthorized'],
    apply: (lab) => {
      lab.faults.expireToken('admin', 1.5);
      return () => lab.faults.clear();
    },
  },
  { name: 'image pull failure', expect: ['probe.image-pull'], apply: () => () => undefined, image: 'registry.invalid/snatscope/soak:1' },
  {
    name: 'unschedulable node',
    expect: ['probe.unschedulable'],
    apply: (lab) => {
      const nodes = resourceByPlural('nodes');
      const node2 = lab.objects.get(nodes, undefined, 'node2') as { spec?: { taints?: unknown[] } };
      const before = node2.spec?.taints ?? [];
      lab.objects.update(nodes, undefined, 'node2', { ...node2, spec: { ...node2.spec, taints: [...before, { key: 'soak', value: 'x', effect: 'NoExecute' }] } } as never);
      return () => {
        const now = lab.objects.get(nodes, undefined, 'node2') as { spec?: Record<string, unknown> };
        lab.objects.update(nodes, undefined, 'node2', { ...now, spec: { ...now.spec, taints: before } } as never);
      };
    },
  },
  {
    name: 'Pod Security rejection',
    expect: ['probe.psa-rejected'],
    apply: (lab) =>
      faultRule(lab, {
        match: { method: 'POST', resource: 'pods' },
        errorRate: 1,
        errorStatus: 403,
        errorMessage: 'pods "echo-0-node1" is forbidden: violates PodSecurity "restricted:latest": seccompProfile (pod or container "echo" must set securityContext.seccompProfile.type)',
      }),
  },
  {
    name: 'node stops forwarding',
    expect: [],
    apply: (lab) => {
      const dp = lab.dataPlane as unknown as { setForwarding?: (node: string, on: boolean) => Promise<void> };
      void dp.setForwarding?.('node2', false);
      return () => void dp.setForwarding?.('node2', true);
    },
  },
];

class App {
  child!: ChildProcess;
  origin = '';
  token = '';
  /** The end of the server's stderr: printed when it dies on its own. */
  stderrTail = '';
  private events: WebSocket | null = null;
  private listeners = new Set<(e: { event: string; payload: Record<string, unknown> }) => void>();

  constructor(private readonly kubeconfig: string, private readonly dataDir: string) {
    // Interrupted (Ctrl-C: the lab stops and exits): take the app down too.
    process.once('exit', () => {
      if (this.child && this.child.exitCode === null && !this.child.signalCode) this.child.kill('SIGKILL');
    });
  }

  async start(): Promise<void> {
    this.child = spawn(process.execPath, [join(ROOT, 'out/main/serve.js'), '--port', '0', '--data-dir', this.dataDir, '--assume-yes'], { env: { ...process.env, KUBECONFIG: this.kubeconfig }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    this.stderrTail = '';
    this.child.stderr!.on('data', (d: Buffer) => (this.stderrTail = (this.stderrTail + d.toString()).slice(-4000)));
    const url = await new Promise<string>((ok, fail) => {
      const t = setTimeout(() => fail(new Error(`serve did not start: ${out}`)), 20_000);
      this.child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /Open: (http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/.exec(out);
        if (m) {
          clearTimeout(t);
          ok(`${m[1]}#${m[2]}`);
        }
      });
    });
    [this.origin, this.token] = url.split('#') as [string, string];
    this.events = new WebSocket(`${this.origin.replace('http', 'ws')}/api/events`, ['snatscope.v1', `token.${this.token}`], { origin: this.origin });
    this.events.on('message', (d) => {
      const frame = JSON.parse(d.toString()) as { event: string; payload: Record<string, unknown> };
      for (const l of this.listeners) l(frame);
    });
    this.events.on('error', () => undefined);
    await new Promise((r) => this.events!.once('open', r));
  }

  on(listener: (e: { event: string; payload: Record<string, unknown> }) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async call<T>(name: string, params: unknown): Promise<T> {
    const r = await fetch(`${this.origin}/api/invoke/${name}`, { method: 'POST', headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(params) });
    const env = (await r.json()) as { ok: boolean; result?: T; error?: { code: string; message: string } };
    if (!env.ok) throw Object.assign(new Error(env.error!.message), { code: env.error!.code });
    return env.result as T;
  }

  rssKb(): number {
    try {
      return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      return 0;
    }
  }

  kill(): Promise<void> {
    this.events?.terminate();
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill('SIGKILL');
    return exited;
  }

  async stop(): Promise<void> {
    this.events?.close();
    if (this.child.exitCode !== null || this.child.signalCode) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

function leftovers(lab: LabHandle): string[] {
  return lab.objects
    .list(resourceByPlural('namespaces'), undefined)
    .items()
    .map((n) => (n as { metadata: { name: string } }).metadata.name)
    .filter((n) => n.startsWith('snatscope-'));
}

async function waitGone(lab: LabHandle, ms: number): Promise<string[]> {
  const deadline = Date.now() + ms;
  while (leftovers(lab).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  return leftovers(lab);
}

async function main() {
  if (process.getuid?.() !== 0) {
    console.error('soak: needs root (the lab data plane uses network namespaces)');
    process.exit(2);
  }
  const stateDir = mkdtempSync(join(tmpdir(), 'sslab-soak-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'snatscope-soak-data-'));
  const lab = await startLab({ scenario: join(ROOT, 'e2e/lab/scenarios/seed.yaml'), stateDir });
  const app = new App(lab.kubeconfigPath, dataDir);
  const stats = { finished: 0, failedClean: 0, failedWrong: [] as string[], crashes: 0, killed: 0, leftoversAfterSweep: 0, sweeps: 0 };
  const killRuns = new Set<number>();
  while (killRuns.size < KILLS) killRuns.add(Math.floor(random() * RUNS));
  let memStart: number;
  const instances: { startKb: number; endKb: number }[] = [];
  try {
    await lab.settle();
    await app.start();
    memStart = app.rssKb();
    let instanceStart = memStart;
    const contextId = async () => (await app.call<{ contexts: { id: string; isCurrent: boolean }[] }>('contexts.list', {})).contexts.find((c) => c.isCurrent)!.id;
    let ctx = await contextId();
    const started = Date.now();
    for (let i = 0; i < RUNS; i++) {
      const fault = FAULTS[i % FAULTS.length]!;
      const kill = killRuns.has(i);
      const steps = ['namespace', 'configmap', 'pods', 'services', 'ready', 'desktop', 'in-cluster', 'cleanup'];
      const killAt = steps[Math.floor(random() * steps.length)]!;
      const undo = fault.apply(lab);
      let outcome = '';
      // This run's event listener goes with the run, whatever happens: a run whose probe.run call
      // failed must not kill the app when a later event happens to match.
      let stopListening = () => undefined as unknown;
      try {
        const plan = await app.call<{ runId: string }>('probe.plan', { contextId: ctx, target: { kind: 'service', namespace: 'default', name: 'frontend' }, readyTimeoutSeconds: 30, repeat: 1, ...(fault.image ? { image: fault.image } : {}) });
        // Progress events can arrive before probe.run's own answer: the kill waits for that answer,
        // or the pending call would fail as if the app had crashed.
        let accepted = false;
        let killAtStep: string | null = null;
        let doKill = () => undefined as unknown;
        const finished = new Promise<{ session: { status: string } | null; error: { code: string } | null } | 'killed'>((resolveRun) => {
          doKill = () => {
            stats.killed++;
            log(`      SIGKILL to the app at ${killAtStep} of run ${i + 1} (${plan.runId})`);
            void app.kill().then(() => resolveRun('killed'));
          };
          const off = app.on(({ event, payload }) => {
            // Kill at the chosen step, or at cleanup when the run ends before reaching it.
            const reached = steps.indexOf(String(payload.step)) >= steps.indexOf(killAt) || payload.step === 'cleanup';
            if (event === 'probe.progress' && kill && payload.runId === plan.runId && reached && payload.state === 'running') {
              off();
              killAtStep = String(payload.step);
              if (accepted) doKill();
              return;
            }
            if (event === 'probe.finished' && payload.runId === plan.runId) {
              off();
              resolveRun(payload as never);
            }
          });
          stopListening = off;
          app.child.once('exit', (code, signal) => {
            if (signal !== 'SIGKILL') {
              stats.crashes++;
              resolveRun('killed');
            }
          });
        });
        await app.call('probe.run', { runId: plan.runId });
        accepted = true;
        if (killAtStep) doKill();
        const result = await finished;
        if (result === 'killed') {
          undo();
          await app.start();
          instances.push({ startKb: instanceStart, endKb: 0 });
          instanceStart = app.rssKb();
          ctx = await contextId();
          // The restarted app sweeps what the killed one left (its pid is gone).
          const swept = await app.call<{ results: { namespace: string; outcome: string }[] }>('probe.sweep', { contextId: ctx });
          stats.sweeps++;
          const left = await waitGone(lab, 60_000);
          stats.leftoversAfterSweep += left.length;
          outcome = `killed at ${killAtStep ?? killAt}; sweep removed ${swept.results.map((r) => `${r.namespace}:${r.outcome}`).join(', ') || 'nothing'}; leftovers ${left.length}`;
        } else if (result.session?.status === 'completed' && fault.expect.length === 0) {
          stats.finished++;
          outcome = 'finished';
        } else if (result.session?.status === 'completed') {
          // Faults that may or may not bite within one run: completing is fine too.
          stats.finished++;
          outcome = 'finished (fault did not bite)';
        } else {
          const code = result.error?.code ?? '?';
          if (fault.expect.includes(code) || (fault.expect.length > 0 && code.startsWith('k8s.'))) stats.failedClean++;
          else stats.failedWrong.push(`${fault.name}: ${code}`);
          outcome = `failed ${code}`;
        }
      } catch (e) {
        const code = (e as { code?: string }).code ?? 'exception';
        if (fault.expect.includes(code) || code.startsWith('k8s.') || code.startsWith('probe.')) {
          stats.failedClean++;
          outcome = `failed before creating anything: ${code}`;
        } else {
          stats.failedWrong.push(`${fault.name}: ${(e as Error).message}`);
          outcome = `error ${(e as Error).message}`;
          if (app.child.exitCode !== null || app.child.signalCode) {
            // The server died on its own between runs: a crash. Show why, and go on with a new one.
            stats.crashes++;
            outcome += ` — the app exited (${app.child.exitCode ?? app.child.signalCode}); its stderr ended with:\n${app.stderrTail.replace(/^/gm, '    | ')}`;
            await app.start();
            ctx = await contextId();
          }
        }
      } finally {
        stopListening();
        undo();
      }
      // A run that failed because of API faults may have left its namespace terminating: it must go.
      const left = await waitGone(lab, 60_000);
      if (left.length) {
        const swept = await app.call<{ results: unknown[] }>('probe.sweep', { contextId: ctx }).catch(() => ({ results: [] }));
        stats.sweeps++;
        const still = await waitGone(lab, 60_000);
        stats.leftoversAfterSweep += still.length;
        outcome += `; ${left.length} left after the run, ${still.length} after sweep (${swept.results.length} swept)`;
      }
      log(`${String(i + 1).padStart(3)}/${RUNS} ${fault.name.padEnd(26)} ${outcome}`);
    }
    const memEnd = app.rssKb();
    instances.push({ startKb: instanceStart, endKb: memEnd });
    const report = [
      '',
      `soak: ${RUNS} probe runs in ${((Date.now() - started) / 1000).toFixed(0)} s (seed ${args.seed})`,
      `  finished:                 ${stats.finished}`,
      `  failed cleanly:           ${stats.failedClean}`,
      `  failed with wrong error:  ${stats.failedWrong.length}${stats.failedWrong.length ? ` (${stats.failedWrong.join('; ')})` : ''}`,
      `  SIGKILLed and restarted:  ${stats.killed} of ${KILLS} planned (a run that fails before creating anything cannot be killed mid-way)`,
      `  crashes:                  ${stats.crashes}`,
      `  leftovers after sweeps:   ${stats.leftoversAfterSweep} (${stats.sweeps} sweeps)`,
      `  main process RSS:         ${(memStart / 1024).toFixed(0)} MB at start, ${(memEnd / 1024).toFixed(0)} MB at end (last instance ${(instances.at(-1)!.startKb / 1024).toFixed(0)} → ${(memEnd / 1024).toFixed(0)} MB)`,
    ];
    process.stdout.write(`${report.join('\n')}\n`);
    process.exitCode = stats.leftoversAfterSweep === 0 && stats.crashes === 0 && stats.failedWrong.length === 0 ? 0 : 1;
  } finally {
    await app.stop().catch(() => undefined);
    await lab.stop();
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
