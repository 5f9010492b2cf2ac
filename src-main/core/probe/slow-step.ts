// No silent waits (issue 15, item 10): once a probe step takes longer than it usually does, say
// what it is waiting for, and again every few seconds with the time spent, until it ends.
import type { ProbeStep } from '../../contract/probe';
import { step, type ExplainCode, type ExplainStep } from '../explain/types';
import type { Clock } from '../ports/clock';

/** How long each step usually takes on a healthy cluster (measured on the lab and kind-sized clusters). */
export const USUAL_MS: Record<ProbeStep, number> = {
  preflight: 5_000,
  namespace: 5_000,
  configmap: 5_000,
  pods: 10_000,
  services: 10_000,
  ready: 20_000,
  desktop: 15_000,
  'in-cluster': 30_000,
  verdicts: 10_000,
  cleanup: 20_000,
};

/** What a step waits for, unless the step says more precisely (e.g. the desktop's warm-up). */
export const WAITING_FOR: Record<ProbeStep, ExplainCode> = {
  preflight: 'wait.api',
  namespace: 'wait.api',
  configmap: 'wait.api',
  pods: 'wait.api',
  services: 'wait.api',
  ready: 'wait.echoReady',
  desktop: 'wait.desktopRequests',
  'in-cluster': 'wait.clientPods',
  verdicts: 'wait.api',
  cleanup: 'wait.namespaceDeleted',
};

export const REPEAT_MS = 5_000;

/**
 * Calls `onSlow` with "still waiting for …, N s" after `usualMs`, then every REPEAT_MS, until the
 * returned stop() is called. `reason()` is read each time, so a step can narrow it as it goes.
 */
export function watchSlowStep(clock: Clock, usualMs: number, reason: () => ExplainCode, onSlow: (waiting: ExplainStep) => void): () => void {
  const stop = new AbortController();
  const started = clock.now().getTime();
  void (async () => {
    let wait = usualMs;
    while (!stop.signal.aborted) {
      try {
        await clock.sleep(wait, stop.signal);
      } catch {
        return;
      }
      if (stop.signal.aborted) return;
      onSlow(step(reason(), { seconds: Math.round((clock.now().getTime() - started) / 1000) }));
      wait = REPEAT_MS;
    }
  })();
  return () => stop.abort();
}
