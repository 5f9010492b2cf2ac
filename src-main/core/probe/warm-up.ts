// The desktop step's warm-up: measure only once every probe service answers, so the first cells
// do not show kube-proxy's rule-programming lag (or an ingress controller's reload) as a verdict.
import type { Target } from '../../../resources/probe/echo.mjs';
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
