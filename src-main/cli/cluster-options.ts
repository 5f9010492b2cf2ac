// kubectl-compatible cluster selection for the CLI: --kubeconfig replaces KUBECONFIG (exactly as
// kubectl's flag does) and --context picks a context by name; otherwise the current context.
import { homedir } from 'node:os';
import { ClusterError } from '../core/cluster/cluster-error';
import { ContextsService, type Connection } from '../core/cluster/contexts-service';
import type { ContextEntry } from '../core/cluster/kubeconfig-merge';

export interface ClusterFlags {
  kubeconfig?: string;
  context?: string;
}

export function contextsServiceFor(flags: ClusterFlags, env: NodeJS.ProcessEnv = process.env): ContextsService {
  const effectiveEnv = flags.kubeconfig ? { ...env, KUBECONFIG: flags.kubeconfig } : env;
  return new ContextsService({ env: effectiveEnv, home: homedir(), addedFiles: async () => [] });
}

export async function selectContext(service: ContextsService, flags: ClusterFlags): Promise<ContextEntry> {
  const snapshot = await service.snapshot();
  const problem = snapshot.problems[0];
  if (snapshot.contexts.length === 0) {
    if (problem) throw problem.error;
    throw new ClusterError('kubeconfig.empty', { file: flags.kubeconfig ?? (process.env.KUBECONFIG || '~/.kube/config') });
  }
  const wanted = flags.context;
  const entry = wanted ? snapshot.contexts.find((c) => c.name === wanted) : snapshot.contexts.find((c) => c.isCurrent);
  if (!entry) {
    throw new ClusterError('context.missing', { context: wanted ?? '(current-context)', file: snapshot.files.join(', ') });
  }
  if (entry.problem) throw entry.problem;
  return entry;
}

export async function connectFromFlags(flags: ClusterFlags): Promise<{ service: ContextsService; connection: Connection }> {
  const service = contextsServiceFor(flags);
  const entry = await selectContext(service, flags);
  return { service, connection: await service.connect(entry.id) };
}
