// Keeps an open inspection current: watches the service, its EndpointSlices and its pods, and
// re-reads those (not the node list) shortly after any change. A watch that ends, breaks or
// answers 410 Gone is simply started again; the re-read is a fresh list, so nothing is missed.
import { setMaxListeners } from 'node:events';
import type { KubeClient } from '../cluster/kube-client';
import type { Connection } from '../cluster/contexts-service';
import { assembleServiceInventory } from '../inventory/assemble';
import { fetchServiceObjects, fetchServiceScoped, labelSelector, type ServiceObjects } from '../inventory/fetch-objects';
import type { Clock } from '../ports/clock';
import type { RelayDecl } from '../prediction/types';
import { answerQuestions, serviceHazards } from './inspect';
import type { InspectResult } from './types';

export interface FollowOptions {
  clock: Clock;
  onResult: (result: InspectResult) => void;
  onError: (error: unknown) => void;
  debounceMs?: number;
  /**
   * Publish the first read too (default). The app asks for `inspect.service` first and then
   * follows: it already has that result, and a second copy of a big one only costs time.
   */
  publishInitial?: boolean;
  /** Outside relays the user declared: their paths join every prediction published. */
  relays?: RelayDecl[];
}

export function followService(connection: Connection, ref: { namespace: string; name: string }, opts: FollowOptions): () => void {
  const stop = new AbortController();
  // Shared by every request and watch of this view: many listeners at once is expected.
  setMaxListeners(100, stop.signal);
  const client = connection.client;
  const identity = { context: connection.entry.name, server: client.server };
  let base: ServiceObjects | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let again = false;

  const publish = (objects: ServiceObjects) => {
    const inventory = assembleServiceInventory(objects, identity);
    opts.onResult({ inventory, answers: answerQuestions(inventory, undefined, undefined, opts.relays), hazards: serviceHazards(inventory) });
  };

  const refresh = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const initial = !base;
        if (!base) base = await fetchServiceObjects(client, ref, stop.signal);
        else base = { ...base, ...(await fetchServiceScoped(client, ref, stop.signal)) };
        if (!stop.signal.aborted && (!initial || opts.publishInitial !== false)) publish(base);
      } while (again && !stop.signal.aborted);
    } catch (e) {
      if (!stop.signal.aborted) opts.onError(e);
    } finally {
      running = false;
    }
  };

  const schedule = () => {
    if (stop.signal.aborted) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void refresh(), opts.debounceMs ?? 300);
  };

  const ns = encodeURIComponent(ref.namespace);
  void refresh().then(() => {
    if (stop.signal.aborted) return;
    watchLoop(client, `/api/v1/namespaces/${ns}/services`, () => ({ fieldSelector: `metadata.name=${ref.name}` }), schedule, stop.signal, opts.clock);
    watchLoop(client, `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`, () => ({ labelSelector: `kubernetes.io/service-name=${ref.name}` }), schedule, stop.signal, opts.clock);
    watchLoop(client, `/api/v1/namespaces/${ns}/pods`, () => {
      const selector = labelSelector(base?.service.spec?.selector);
      return selector ? { labelSelector: selector } : null;
    }, schedule, stop.signal, opts.clock);
  });

  return () => {
    stop.abort();
    if (timer) clearTimeout(timer);
  };
}

function watchLoop(client: KubeClient, path: string, query: () => Record<string, string> | null, onChange: () => void, signal: AbortSignal, clock: Clock) {
  void (async () => {
    let rv: string | null = null;
    let failures = 0;
    while (!signal.aborted) {
      const q = query();
      if (!q) {
        await clock.sleep(5000, signal).catch(() => undefined);
        continue;
      }
      try {
        if (rv === null) {
          // Start from the current resourceVersion: the initial read already has these objects.
          const list = await client.request<{ metadata?: { resourceVersion?: string } }>({ path, query: { ...q, limit: 1 }, signal });
          rv = list?.metadata?.resourceVersion ?? '';
        }
        let gone = false;
        await client.watch<{ metadata?: { resourceVersion?: string }; code?: number }>(path, { ...q, resourceVersion: rv || undefined, allowWatchBookmarks: true, timeoutSeconds: 300 }, (event) => {
          if (event.type === 'ERROR') {
            // Usually 410 Gone (history compacted): re-list and start over from a fresh version.
            gone = true;
            return;
          }
          if (event.object?.metadata?.resourceVersion) rv = event.object.metadata.resourceVersion;
          if (event.type !== 'BOOKMARK') onChange();
        }, signal);
        failures = 0;
        if (gone) {
          rv = null;
          onChange();
        }
      } catch (e) {
        failures++;
        // 410 as an HTTP status, a reset or a cut stream: re-list (a change may have been missed).
        if ((e as { status?: number }).status === 410) rv = null;
        if (failures > 1) rv = null;
        onChange();
      }
      if (!signal.aborted) await clock.sleep(Math.min(30_000, failures ? 500 * 2 ** Math.min(failures, 6) : 0), signal).catch(() => undefined);
    }
  })();
}
