// Keeps an open inspection current: watches the service, its EndpointSlices and its pods, and
// re-reads those (not the node list) shortly after any change. A watch that ends, breaks or
// answers 410 Gone is simply started again; the re-read is a fresh list, so nothing is missed.
import type { KubeClient } from '../cluster/kube-client';
import type { Connection } from '../cluster/contexts-service';
import { assembleServiceInventory } from '../inventory/assemble';
import { fetchServiceObjects, fetchServiceScoped, labelSelector, type ServiceObjects } from '../inventory/fetch-objects';
import type { Clock } from '../ports/clock';
import { answerQuestions, serviceHazards } from './inspect';
import type { InspectResult } from './types';

export interface FollowOptions {
  clock: Clock;
  onResult: (result: InspectResult) => void;
  onError: (error: unknown) => void;
  debounceMs?: number;
}

export function followService(connection: Connection, ref: { namespace: string; name: string }, opts: FollowOptions): () => void {
  const stop = new AbortController();
  const client = connection.client;
  const identity = { context: connection.entry.name, server: client.server };
  let base: ServiceObjects | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let again = false;

  const publish = (objects: ServiceObjects) => {
    const inventory = assembleServiceInventory(objects, identity);
    opts.onResult({ inventory, answers: answerQuestions(inventory), hazards: serviceHazards(inventory) });
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
        if (!base) base = await fetchServiceObjects(client, ref, stop.signal);
        else base = { ...base, ...(await fetchServiceScoped(client, ref, stop.signal)) };
        if (!stop.signal.aborted) publish(base);
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
    let first = true;
    let failures = 0;
    while (!signal.aborted) {
      const q = query();
      if (!q) {
        await clock.sleep(5000, signal).catch(() => undefined);
        continue;
      }
      try {
        // Without a resourceVersion the server starts with the current objects (ADDED events);
        // skip those on the first connection, since the initial read already has them.
        let initial = first;
        const started = clock.now().getTime();
        await client.watch(path, { ...q, timeoutSeconds: 300 }, (event) => {
          if (initial && event.type === 'ADDED' && clock.now().getTime() - started < 1000) return;
          initial = false;
          if (event.type !== 'BOOKMARK') onChange();
        }, signal);
        failures = 0;
        // A reconnect may have missed events: re-read.
        if (!first) onChange();
      } catch {
        failures++;
        onChange();
      }
      first = false;
      if (!signal.aborted) await clock.sleep(Math.min(30_000, 500 * 2 ** Math.min(failures, 6)), signal).catch(() => undefined);
    }
  })();
}
