// kubectl-compatible cluster selection for the CLI: --kubeconfig replaces KUBECONFIG and names
// exactly one file (kubectl does not split it at ":"; a missing file is an error), --context picks
// a context by name; otherwise the current context.
import { homedir } from 'node:os';
import { ClusterError } from '../core/cluster/cluster-error';
import { ContextsService, type Connection, type ContextsServiceOptions } from '../core/cluster/contexts-service';
import type { ExecInteraction } from '../core/cluster/exec-plugin';
import type { ContextEntry } from '../core/cluster/kubeconfig-merge';

export interface ClusterFlags {
  kubeconfig?: string;
  context?: string;
}

export function contextsServiceFor(flags: ClusterFlags, env: NodeJS.ProcessEnv = process.env, extra: Partial<ContextsServiceOptions> = {}): ContextsService {
  return new ContextsService({
    env,
    home: homedir(),
    addedFiles: async () => [],
    ...(flags.kubeconfig ? { onlyFile: flags.kubeconfig } : {}),
    interaction: cliInteraction,
    // Deadline of a non-interactive exec plugin, in ms (default 30 s).
    ...(Number(env.SNATSCOPE_EXEC_TIMEOUT_MS) > 0 ? { execTimeoutMs: Number(env.SNATSCOPE_EXEC_TIMEOUT_MS) } : {}),
    // Like kubectl, a plugin's stderr goes to ours (login hints, warnings).
    onExecStderr: (text) => process.stderr.write(text),
    ...extra,
  });
}

/** kubectl passes the terminal to interactive plugins; without one, they fail fast. */
export function cliInteraction(): ExecInteraction {
  return process.stdin.isTTY ? { kind: 'terminal' } : { kind: 'none', reason: 'standard input is not a terminal' };
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
    const name = wanted ?? snapshot.currentContext;
    if (name === null) throw new ClusterError('context.none-current', { file: snapshot.files.join(', ') });
    throw new ClusterError('context.missing', { context: name, file: snapshot.files.join(', ') });
  }
  if (entry.problem) throw entry.problem;
  return entry;
}

export async function connectFromFlags(flags: ClusterFlags): Promise<{ service: ContextsService; connection: Connection }> {
  const service = contextsServiceFor(flags);
  const entry = await selectContext(service, flags);
  return { service, connection: await service.connect(entry.id) };
}
