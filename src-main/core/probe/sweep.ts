// `snatscope sweep` and the app's start-up sweep: remove probe namespaces left behind by crashed
// or killed runs (owner process gone on this host) or past their expiry. Only namespaces that
// carry SNATScope's managed-by label are ever considered.
import { hostname } from 'node:os';
import type { KubeClient } from '../cluster/kube-client';
import type { Clock } from '../ports/clock';
import { deleteProbeNamespace, listProbeNamespaces, processIsAlive, sweepCandidates, type DeleteOutcome, type SweepCandidate, type SweepOptions } from './cleanup';

export interface SweepResult {
  candidate: SweepCandidate;
  outcome: DeleteOutcome | 'failed';
  error: string | null;
}

export async function sweepProbes(
  client: KubeClient,
  opts: { clock: Clock; all?: boolean; host?: string; isAlive?: (pid: number) => boolean; waitMs?: number; self?: SweepOptions['self'] },
): Promise<SweepResult[]> {
  const namespaces = await listProbeNamespaces(client);
  const candidates = sweepCandidates(namespaces, { clock: opts.clock, hostname: opts.host ?? hostname(), isAlive: opts.isAlive ?? processIsAlive, ...(opts.all ? { all: true } : {}), ...(opts.self ? { self: opts.self } : {}) });
  const results: SweepResult[] = [];
  for (const candidate of candidates) {
    try {
      const outcome = await deleteProbeNamespace(client, candidate.namespace, { clock: opts.clock, timeoutMs: opts.waitMs ?? 60_000 });
      results.push({ candidate, outcome, error: null });
    } catch (e) {
      results.push({ candidate, outcome: 'failed', error: (e as Error).message });
    }
  }
  return results;
}
