// Runs one kubeconfig file through every public entry point of the cluster layer and records
// what each returned, so the hostile-input tests can check "a ClusterError or a correct result,
// never anything else". Network: ContextsService.test() is only called for contexts that cannot
// open a socket anywhere but a closed port on 127.0.0.1 (see safeToTest).
import { readFile } from 'node:fs/promises';
import { ContextsList } from '../../../contract/contexts';
import { ClusterError } from '../cluster-error';
import { buildConnectionConfig } from '../connection-config';
import { contextsList } from '../context-summary';
import { ContextsService } from '../contexts-service';
import type { ContextEntry, MergedKubeconfig } from '../kubeconfig-merge';
import { parseKubeconfig, type ParsedKubeconfig } from '../kubeconfig-parse';
import { loadGroup, type LoadedGroup } from '../kubeconfig-store';

export type Result<T> = { ok: true; value: T } | { ok: false; code: string; error: ClusterError };

export interface ContextOutcome {
  entry: ContextEntry;
  build: Result<unknown>;
  /** null when testing it could have reached something other than a closed loopback port. */
  test: { ok: boolean; code: string | null; message: string | null } | null;
}

export interface CaseOutcome {
  parse: Result<ParsedKubeconfig>;
  loaded: LoadedGroup;
  list: ContextsList;
  contexts: Map<string, ContextOutcome>;
}

/** Anything but a ClusterError escaping is the bug these tests look for: rethrow it. */
export function capture<T>(fn: () => T): Result<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (e instanceof ClusterError) return { ok: false, code: e.code, error: e };
    throw e;
  }
}

export interface RunOptions {
  /** The one server URL test() may use: https://127.0.0.1:<closed port>. */
  closedServer: string;
  home: string;
  testTimeoutMs?: number;
  /** Only test() these contexts (for files with thousands). */
  testOnly?: readonly string[];
}

export async function runCase(file: string, options: RunOptions): Promise<CaseOutcome> {
  const text = await readFile(file, 'utf8');
  const parse = capture(() => parseKubeconfig(file, text));
  const loaded = await loadGroup({ kind: 'added', key: `added:${file}`, files: [file] });
  // env without KUBECONFIG and an empty home: only the added file is read.
  const service = new ContextsService({ env: {}, home: options.home, addedFiles: async () => [file], testTimeoutMs: options.testTimeoutMs ?? 2000 });
  try {
    const snapshot = await service.snapshot();
    const list = ContextsList.parse(contextsList(snapshot));
    const contexts = new Map<string, ContextOutcome>();
    for (const entry of loaded.contexts) {
      const build = capture(() => buildConnectionConfig(entry, loaded.merged));
      let test: ContextOutcome['test'] = null;
      const wanted = options.testOnly === undefined || options.testOnly.includes(entry.name);
      if (wanted && safeToTest(entry, loaded.merged, options.closedServer)) {
        const r = await service.test(entry.id);
        if (r.error !== null && !(r.error instanceof ClusterError)) throw new Error(`test() returned a non-ClusterError: ${String(r.error)}`);
        test = { ok: r.ok, code: r.error?.code ?? null, message: r.error?.message ?? null };
      }
      contexts.set(entry.name, { entry, build, test });
    }
    return { parse, loaded, list, contexts };
  } finally {
    service.close();
  }
}

/** Whether test() on this context can only fail before any socket, or hit the closed port. */
export function safeToTest(entry: ContextEntry, merged: MergedKubeconfig, closedServer: string): boolean {
  if (entry.problem) return true;
  // OIDC refreshes talk to the issuer: never in these tests.
  if (entry.auth.kind === 'auth-provider' && entry.auth.authProvider === 'oidc') return false;
  const cluster = merged.clusters.get(entry.clusterName)?.body ?? {};
  const proxy = cluster['proxy-url'];
  if (typeof proxy === 'string' && proxy !== '' && parses(proxy)) return false;
  if (entry.server === null || !parses(entry.server)) return true;
  const url = new URL(entry.server);
  const closed = new URL(closedServer);
  return url.protocol === closed.protocol && url.hostname === closed.hostname && url.port === closed.port;
}

function parses(url: string): boolean {
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}
