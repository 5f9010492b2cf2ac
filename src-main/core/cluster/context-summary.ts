import type { ContextSummary, ContextsList } from '../../contract';
import type { ContextsSnapshot } from './contexts-service';
import type { ContextEntry } from './kubeconfig-merge';

export function contextSummary(entry: ContextEntry): ContextSummary {
  return {
    id: entry.id,
    name: entry.name,
    file: entry.file,
    group: entry.groupKind,
    isCurrent: entry.isCurrent,
    namespace: entry.namespace,
    cluster: entry.clusterName,
    server: entry.server,
    user: entry.userName,
    auth: { ...entry.auth },
    problem: entry.problem ? entry.problem.toContract() : null,
  };
}

export function contextsList(snapshot: ContextsSnapshot): ContextsList {
  return {
    contexts: snapshot.contexts.map(contextSummary),
    problems: snapshot.problems.map((p) => ({ file: p.file, error: p.error.toContract() })),
    files: snapshot.files,
  };
}
