// Follows a set of pods until a condition holds: list, then watch from the list's
// resourceVersion; a cut watch, a 410 Gone or an API hiccup simply leads to a fresh list, so
// faults slow the probe down but do not break it.
import type { V1Pod } from '@kubernetes/client-node';
import type { KubeClient, KubeList, WatchEvent } from '../cluster/kube-client';
import type { Clock } from '../ports/clock';

export interface ObserveOptions {
  namespace: string;
  labelSelector: string;
  /** Called with every pod whenever the set changes; return true to stop. */
  check: (pods: V1Pod[]) => boolean;
  deadline: number;
  clock: Clock;
  signal?: AbortSignal;
  onError?: (error: unknown) => void;
}

export type ObserveOutcome = 'done' | 'deadline' | 'aborted';

export async function observePods(client: KubeClient, opts: ObserveOptions): Promise<ObserveOutcome> {
  const path = `/api/v1/namespaces/${encodeURIComponent(opts.namespace)}/pods`;
  const pods = new Map<string, V1Pod>();
  const current = () => [...pods.values()].sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  while (true) {
    if (opts.signal?.aborted) return 'aborted';
    if (opts.clock.now().getTime() >= opts.deadline) return 'deadline';
    let rv: string | undefined;
    try {
      const list = await client.request<KubeList<V1Pod>>({ path, query: { labelSelector: opts.labelSelector }, ...(opts.signal ? { signal: opts.signal } : {}) });
      pods.clear();
      for (const p of list.items ?? []) pods.set(p.metadata?.name ?? '', p);
      rv = list.metadata?.resourceVersion;
      if (opts.check(current())) return 'done';
    } catch (error) {
      if (opts.signal?.aborted) return 'aborted';
      opts.onError?.(error);
      await sleepUntil(opts, 1000);
      continue;
    }
    const remaining = opts.deadline - opts.clock.now().getTime();
    if (remaining <= 0) return 'deadline';
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => stop.abort(), Math.min(remaining, 30_000));
    let done = false;
    try {
      await client.watch<V1Pod>(
        path,
        { labelSelector: opts.labelSelector, resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: Math.max(1, Math.ceil(Math.min(remaining, 30_000) / 1000)) },
        (event: WatchEvent<V1Pod>) => {
          if (event.type === 'ERROR') {
            stop.abort(); // usually 410 Gone: relist
            return;
          }
          if (event.type === 'BOOKMARK') return;
          const name = event.object.metadata?.name ?? '';
          if (event.type === 'DELETED') pods.delete(name);
          else pods.set(name, event.object);
          if (!done && opts.check(current())) {
            done = true;
            stop.abort();
          }
        },
        stop.signal,
      );
    } catch (error) {
      if (!done && !stop.signal.aborted) opts.onError?.(error);
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
    if (done) return 'done';
    if (opts.signal?.aborted) return 'aborted';
  }
}

async function sleepUntil(opts: ObserveOptions, ms: number) {
  const wait = Math.max(0, Math.min(ms, opts.deadline - opts.clock.now().getTime()));
  try {
    await opts.clock.sleep(wait, opts.signal);
  } catch {
    // aborted: the loop notices
  }
}
