import type { AppInfo, AppMode } from '../../contract';

export interface RuntimeFacts {
  name: string;
  version: string;
  mode: AppMode;
  platform: string;
  arch: string;
  versions: { node: string; electron?: string | undefined; chrome?: string | undefined };
}

export function appInfo(facts: RuntimeFacts): AppInfo {
  return {
    name: facts.name,
    version: facts.version,
    platform: facts.platform,
    arch: facts.arch,
    mode: facts.mode,
    versions: {
      node: facts.versions.node,
      electron: facts.versions.electron ?? null,
      chrome: facts.versions.chrome ?? null,
    },
  };
}
