// The desktop step's warm-up: measure only once every probe service answers, so the first cells
// do not show kube-proxy's rule-programming lag (or an ingress controller's reload) as a verdict.
import type { ResultLine, Target } from '../../../resources/probe/echo.mjs';
import type { TargetMeta } from './observations';
import type { ProbeDeps } from './runner';

/**
 * The warm-up targets: per probe service, its nodePort on a node that runs an echo (there even a
 * Local-policy service answers: KUBE-SVL has a local endpoint), and the Ingress when there is one.
 */
export function warmUpTargets(targets: Target[], table: Map<string, TargetMeta>, echoNodes: string[]): Target[] {
  const out: Target[] = [];
  const policies = new Set([...table.values()].map((m) => m.service.policy));
  for (const policy of policies) {
    const candidates = targets.filter((t) => {
      const m = table.get(t.label);
      return m?.service.policy === policy && m.target.kind === 'nodePort';
    });
    const viaEcho = candidates.find((t) => echoNodes.includes(table.get(t.label)?.target.node ?? ''));
    const pick = viaEcho ?? (policy === 'Cluster' ? candidates[0] : undefined);
    if (pick) out.push(pick);
  }
  const ingress = targets.find((t) => table.get(t.label)?.target.kind === 'ingress');
  if (ingress) out.push(ingress);
  return out;
}

export async function warmUp(deps: ProbeDeps, targets: Target[], table: Map<string, TargetMeta>, echoNodes: string[], signal?: AbortSignal) {
  // kube-proxy programs a service's rules a moment after its endpoints appear (and an ingress
  // controller reloads after its Ingress): until then requests are rejected or 404. Every probe
  // service must answer once before measuring, or the first cells would show that lag.
  for (const probe of warmUpTargets(targets, table, echoNodes)) {
    const deadline = deps.clock.now().getTime() + 20_000;
    while (deps.clock.now().getTime() < deadline) {
      if (signal?.aborted) return;
      const [line] = await deps.desktop.run([probe], { repeat: 1, timeoutMs: 1000, concurrency: 1, ...(signal ? { signal } : {}) });
      if (line?.result === 'ok') break;
      await deps.clock.sleep(300, signal).catch(() => undefined);
    }
  }
}

/**
 * Cluster-policy NodePorts balance over every echo; each node's kube-proxy adds an endpoint to its
 * rules when it syncs the EndpointSlice, on its own schedule. Until then a node balances over fewer
 * echoes and a cell would show one source where the converged cluster shows two. So, for each
 * Cluster-policy entry, send a few requests per round until every echo has answered through it —
 * within one shared budget; an entry that does not answer at all is left to the measurement.
 */
export async function waitForEveryEcho(
  deps: Pick<ProbeDeps, 'clock' | 'desktop'>,
  targets: Target[],
  table: Map<string, TargetMeta>,
  echoCount: number,
  /** key: the run's echo key — without it the echo does not say which pod answered. */
  opts: { budgetMs?: number; rounds?: number; key?: string; signal?: AbortSignal } = {},
): Promise<{ converged: string[]; partial: string[] }> {
  const out = { converged: [] as string[], partial: [] as string[] };
  if (echoCount < 2) return out;
  const deadline = deps.clock.now().getTime() + (opts.budgetMs ?? 10_000);
  const entries = targets.filter((t) => {
    const m = table.get(t.label);
    return m?.service.policy === 'Cluster' && m.target.kind === 'nodePort';
  });
  for (const entry of entries) {
    const seen = new Set<string>();
    let answered = true;
    for (let round = 0; round < (opts.rounds ?? 4) && seen.size < echoCount && deps.clock.now().getTime() < deadline; round++) {
      if (opts.signal?.aborted) return out;
      const lines = await deps.desktop.run([entry], { repeat: 2 * echoCount, timeoutMs: 1000, concurrency: 2, ...(opts.key ? { key: opts.key } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
      const ok = lines.filter((l) => l.result === 'ok');
      if (!ok.length) {
        answered = false;
        break;
      }
      for (const l of ok) if (l.echo?.pod.name) seen.add(l.echo.pod.name);
      if (seen.size < echoCount) await deps.clock.sleep(300, opts.signal).catch(() => undefined);
    }
    if (!answered) continue;
    (seen.size >= echoCount ? out.converged : out.partial).push(entry.label);
  }
  return out;
}

/**
 * Targets every one of whose requests was refused. With the echo pods ready, a refused NodePort
 * is almost always a node whose kube-proxy has not yet synced the new EndpointSlice: it still
 * REJECTs the service as endpoint-less ("has no endpoints" reject rule, pkg/proxy/iptables and
 * pkg/proxy/nftables proxier.go), where the synced rule for a Local service without a local
 * endpoint DROPs (a timeout). The warm-up covers one node per policy; the other nodes' kube-proxy
 * catches up on its own schedule.
 */
export function refusedTargets(targets: Target[], lines: ResultLine[]): Target[] {
  const byLabel = new Map<string, ResultLine[]>();
  for (const l of lines) byLabel.set(l.label, [...(byLabel.get(l.label) ?? []), l]);
  return targets.filter((t) => {
    const mine = byLabel.get(t.label) ?? [];
    return mine.length > 0 && mine.every((l) => l.result === 'refused');
  });
}

/**
 * Measures the refused targets again until they answer otherwise or the budget is spent; their
 * lines are replaced by the last attempt's. A target still refused at the end keeps that verdict
 * (a node without kube-proxy really refuses), so the wait costs time only where a refusal is seen.
 */
export async function remeasureRefused(
  deps: Pick<ProbeDeps, 'clock'>,
  targets: Target[],
  lines: ResultLine[],
  measure: (targets: Target[]) => Promise<ResultLine[]>,
  opts: { budgetMs?: number; pauseMs?: number; signal?: AbortSignal } = {},
): Promise<{ lines: ResultLine[]; remeasured: string[] }> {
  const deadline = deps.clock.now().getTime() + (opts.budgetMs ?? 15_000);
  let current = lines;
  const remeasured = new Set<string>();
  let pending = refusedTargets(targets, current);
  while (pending.length && deps.clock.now().getTime() < deadline && !opts.signal?.aborted) {
    await deps.clock.sleep(opts.pauseMs ?? 1000, opts.signal).catch(() => undefined);
    if (opts.signal?.aborted) break;
    const labels = new Set(pending.map((t) => t.label));
    for (const l of labels) remeasured.add(l);
    const again = await measure(pending);
    current = [...current.filter((l) => !labels.has(l.label)), ...again];
    pending = refusedTargets(pending, again);
  }
  return { lines: current, remeasured: [...remeasured] };
}
