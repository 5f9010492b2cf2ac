// Loads every kubeconfig group from disk into merged views. Files are read through a small
// interface so tests can use real temp files or fakes.
import { readFile, stat } from 'node:fs/promises';
import { ClusterError } from './cluster-error';
import { listContexts, mergeGroup, type ContextEntry, type MergedKubeconfig } from './kubeconfig-merge';
import { MAX_KUBECONFIG_BYTES, parseKubeconfig, type ParsedKubeconfig } from './kubeconfig-parse';
import type { KubeconfigGroup } from './kubeconfig-sources';

export interface FileProblem {
  file: string;
  groupKey: string;
  error: ClusterError;
}

export interface LoadedGroup {
  group: KubeconfigGroup;
  merged: MergedKubeconfig;
  contexts: ContextEntry[];
  problems: FileProblem[];
}

export type ReadText = (file: string) => Promise<string>;

export const readKubeconfigFile: ReadText = async (file) => {
  const info = await stat(file);
  if (!info.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
  if (info.size > MAX_KUBECONFIG_BYTES) return 'x'.repeat(MAX_KUBECONFIG_BYTES + 1);
  return readFile(file, 'utf8');
};

export async function loadGroup(group: KubeconfigGroup, read: ReadText = readKubeconfigFile): Promise<LoadedGroup> {
  const parsed: ParsedKubeconfig[] = [];
  const problems: FileProblem[] = [];
  for (const file of group.files) {
    let text: string;
    try {
      text = await read(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // kubectl silently skips missing files in KUBECONFIG and a missing default file simply
      // means "no contexts"; a file the user added explicitly is reported.
      if (code === 'ENOENT' && group.kind !== 'added') continue;
      const error =
        code === 'ENOENT'
          ? new ClusterError('kubeconfig.missing', { file })
          : new ClusterError('kubeconfig.unreadable', { file, reason: code ?? (e as Error).message });
      problems.push({ file, groupKey: group.key, error });
      continue;
    }
    try {
      const one = parseKubeconfig(file, text);
      // Entries kubectl would refuse the file for: never silently dropped.
      if (one.skipped.length) {
        const entries = one.skipped.slice(0, 5).join(', ') + (one.skipped.length > 5 ? ` (+${one.skipped.length - 5})` : '');
        problems.push({ file, groupKey: group.key, error: new ClusterError('kubeconfig.warning', { file, entries }) });
      }
      if (group.kind === 'added' && one.contexts.size === 0) problems.push({ file, groupKey: group.key, error: new ClusterError('kubeconfig.empty', { file }) });
      parsed.push(one);
    } catch (e) {
      if (e instanceof ClusterError) problems.push({ file, groupKey: group.key, error: e });
      else throw e;
    }
  }
  const merged = mergeGroup(group, parsed);
  return { group, merged, contexts: listContexts(merged), problems };
}
