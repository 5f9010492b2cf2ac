// Probe runs behind the contract: plan (preview, creates nothing), run (progress and the final
// session as events), cancel, sweep. Runs are tracked so quitting the app cancels and cleans
// them up, and contexts are swept once per app run after the first successful connection.
import { setMaxListeners } from 'node:events';
import type { ProbeOptions, ProbePlanView } from '../../contract/probe';
import type { ContextsService } from '../cluster/contexts-service';
import type { EventBus } from '../events/event-bus';
import { serverHash } from '../inventory/assemble';
import type { Clock } from '../ports/clock';
import { AppError } from '../rpc/app-error';
import { describeNeed } from './preflight';
import { ProbeError } from './probe-error';
import { nodeAddress, prepareProbe, runProbe, type DesktopProber, type PreparedProbe, type ProbeDeps } from './runner';
import { relaySnippets } from './relay-snippets';
import { selfObjects } from './plan';
import { buildSession } from './session';
import { sweepProbes } from './sweep';

export interface ProbeServiceDeps {
  contexts: ContextsService;
  bus: EventBus;
  clock: Clock;
  owner: { user: string; host: string; pid: number };
  echoSource: string;
  desktop: DesktopProber;
  app: { name: string; version: string };
  log: (line: string) => void;
}

interface Planned {
  contextId: string;
  prepared: PreparedProbe;
  createdAt: number;
}

interface Running {
  contextId: string;
  abort: AbortController;
  done: Promise<void>;
}

const PLAN_TTL_MS = 30 * 60_000;

export class ProbeService {
  private readonly planned = new Map<string, Planned>();
  private readonly running = new Map<string, Running>();
  private readonly swept = new Set<string>();

  constructor(private readonly deps: ProbeServiceDeps) {}

  private async probeDeps(contextId: string): Promise<{ deps: ProbeDeps; context: string; server: string }> {
    const connection = await this.deps.contexts.connect(contextId);
    return {
      context: connection.entry.name,
      server: connection.client.server,
      deps: {
        client: connection.client,
        contextName: connection.entry.name,
        classify: (e) => connection.classify(e),
        clock: this.deps.clock,
        owner: this.deps.owner,
        echoSource: this.deps.echoSource,
        desktop: this.deps.desktop,
        emit: (p) => this.deps.bus.emit('probe.progress', p),
        log: this.deps.log,
      },
    };
  }

  async plan(options: ProbeOptions): Promise<ProbePlanView> {
    const { deps } = await this.probeDeps(options.contextId);
    const prepared = await prepareProbe(deps, options);
    const now = this.deps.clock.now().getTime();
    for (const [id, p] of this.planned) if (now - p.createdAt > PLAN_TTL_MS) this.planned.delete(id);
    this.planned.set(prepared.plan.runId, { contextId: options.contextId, prepared, createdAt: now });
    const plan = prepared.plan;
    return {
      runId: plan.runId,
      contextId: options.contextId,
      namespace: plan.namespace,
      image: plan.image,
      echoNodes: plan.echoNodes,
      clientNodes: plan.clientNodes,
      services: plan.services,
      objects: [plan.namespaceObject, plan.configMap, ...plan.echoPods, ...plan.serviceObjects].map((o) => ({ kind: o.kind ?? '?', name: o.metadata?.name ?? '?' })).concat(plan.clientPodNames.map((c) => ({ kind: 'Pod', name: c.name })), selfObjects(plan)),
      yaml: prepared.yaml,
      permissions: prepared.permissions.map((p) => ({ verb: p.verb, resource: `${p.resource}${p.subresource ? `/${p.subresource}` : ''}${p.group ? `.${p.group}` : ''}`, namespace: p.namespace, allowed: p.allowed })),
      missingPermissions: prepared.permissions.filter((p) => !p.allowed).map(describeNeed),
      warnings: prepared.warnings,
      expiresAt: plan.expiresAt,
      relaySnippets: relaySnippets({
        nodeAddress: nodeAddress(prepared.nodes.find((n) => n.metadata?.name === plan.echoNodes[0]) ?? prepared.nodes[0]!, options.addressType) ?? '<node address>',
        ports: options.fixedNodePorts,
        relays: options.relays,
      }),
    };
  }

  /** What a waiting plan will do, for main's confirmation before it runs (null: no such plan). */
  describe(runId: string): { context: string; namespace: string; image: string; nodes: number; services: string[] } | null {
    const planned = this.planned.get(runId);
    if (!planned || this.running.has(runId)) return null;
    const plan = planned.prepared.plan;
    return {
      context: planned.contextId,
      namespace: plan.namespace,
      image: plan.image,
      nodes: new Set([...plan.echoNodes, ...plan.clientNodes]).size,
      services: plan.services.map((s) => `${s.name} (${s.type})`),
    };
  }

  async run(runId: string): Promise<{ runId: string; started: boolean }> {
    const planned = this.planned.get(runId);
    if (!planned) throw new AppError({ code: 'probe.unknown-plan', message: `No probe plan ${runId} is waiting (plans expire after 30 minutes).`, action: 'Preview the probe again, then run it.' });
    if (this.running.has(runId)) return { runId, started: false };
    this.planned.delete(runId);
    const { deps, context, server } = await this.probeDeps(planned.contextId);
    const abort = new AbortController();
    setMaxListeners(200, abort.signal);
    const done = (async () => {
      try {
        const outcome = await runProbe(deps, planned.prepared, abort.signal);
        const session = buildSession(outcome, { app: this.deps.app, context, serverHash: serverHash(server), clusterVersion: null });
        this.deps.bus.emit('probe.finished', { runId, contextId: planned.contextId, session, error: outcome.error });
      } catch (e) {
        const error = e instanceof AppError ? e.toContract() : deps.classify(e).toContract();
        this.deps.bus.emit('probe.finished', { runId, contextId: planned.contextId, session: null, error });
      } finally {
        this.running.delete(runId);
      }
    })();
    this.running.set(runId, { contextId: planned.contextId, abort, done });
    return { runId, started: true };
  }

  cancel(runId: string): { cancelled: boolean } {
    const run = this.running.get(runId);
    if (!run) {
      // A planned but never started run has nothing to clean up.
      return { cancelled: this.planned.delete(runId) };
    }
    run.abort.abort(new ProbeError('cancelled'));
    return { cancelled: true };
  }

  async sweep(contextId: string) {
    const connection = await this.deps.contexts.connect(contextId);
    try {
      const results = await sweepProbes(connection.client, { clock: this.deps.clock, self: { pid: this.deps.owner.pid, isRunning: (runId) => this.running.has(runId) } });
      return { results: results.map((r) => ({ namespace: r.candidate.namespace, reason: r.candidate.reason, outcome: r.outcome, error: r.error })) };
    } catch (e) {
      throw e instanceof AppError ? e : connection.classify(e);
    }
  }

  /** Start-up sweep: once per context per app run, in the background, after it connects. */
  sweepInBackground(contextId: string): void {
    if (this.swept.has(contextId)) return;
    this.swept.add(contextId);
    this.sweep(contextId).then(
      (r) => r.results.length && this.deps.log(`sweep ${contextId}: ${r.results.map((x) => `${x.namespace} ${x.outcome} (${x.reason})`).join(', ')}`),
      (e: unknown) => this.deps.log(`sweep ${contextId} failed: ${(e as Error).message}`),
    );
  }

  /** Cancels every run and waits (bounded) for their cleanup. */
  async shutdown(timeoutMs = 60_000): Promise<void> {
    const runs = [...this.running.values()];
    for (const r of runs) r.abort.abort(new ProbeError('cancelled'));
    await Promise.race([Promise.all(runs.map((r) => r.done)), this.deps.clock.sleep(timeoutMs)]);
  }

  get activeRuns(): number {
    return this.running.size;
  }
}
