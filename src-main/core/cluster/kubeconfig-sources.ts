// Which kubeconfig files SNATScope reads, grouped the way kubectl merges them: the KUBECONFIG
// list is one merged view (first file wins on duplicate names); without KUBECONFIG, the default
// ~/.kube/config; every file the user adds in the app is its own view.
import { delimiter, join, resolve } from 'node:path';

export type GroupKind = 'env' | 'default' | 'added';

export interface KubeconfigGroup {
  kind: GroupKind;
  /** Stable key, part of every context id in the group. */
  key: string;
  files: string[];
}

export function kubeconfigGroups(env: NodeJS.ProcessEnv, home: string, added: readonly string[], platformDelimiter = delimiter): KubeconfigGroup[] {
  const groups: KubeconfigGroup[] = [];
  const seen = new Set<string>();
  const list = (env.KUBECONFIG ?? '')
    .split(platformDelimiter)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => resolve(p));
  if (list.length > 0) {
    const files = list.filter((f) => (seen.has(f) ? false : (seen.add(f), true)));
    groups.push({ kind: 'env', key: `env:${files.join(platformDelimiter)}`, files });
  } else {
    const file = join(home, '.kube', 'config');
    seen.add(file);
    groups.push({ kind: 'default', key: `default:${file}`, files: [file] });
  }
  for (const raw of added) {
    const file = resolve(raw);
    if (seen.has(file)) continue;
    seen.add(file);
    groups.push({ kind: 'added', key: `added:${file}`, files: [file] });
  }
  return groups;
}
