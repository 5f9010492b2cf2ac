// A step slower than usual says what it waits for (the case measured: rules that never appear,
// so every cell timed out after ~43 s without a word).
import { describe, expect, it } from 'vitest';
import { renderStep } from '../explain/render';
import type { ExplainStep } from '../explain/types';
import { REPEAT_MS, watchSlowStep } from './slow-step';

/** A clock whose sleeps end when the test advances time past them. */
function manualClock() {
  let t = 0;
  const sleepers: { until: number; resolve: () => void }[] = [];
  return {
    now: () => new Date(t),
    sleep: (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
        sleepers.push({ until: t + ms, resolve });
      }),
    async advance(ms: number) {
      t += ms;
      for (const s of sleepers.splice(0)) if (s.until <= t) s.resolve();
      else sleepers.push(s);
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
  };
}

describe('watchSlowStep', () => {
  it('is silent while the step takes its usual time, then says what it waits for, with the seconds, until stopped', async () => {
    const clock = manualClock();
    const said: ExplainStep[] = [];
    let reason: 'wait.desktopRequests' | 'wait.serviceRules' = 'wait.serviceRules';
    const stop = watchSlowStep(clock, 15_000, () => reason, (w) => said.push(w));
    await clock.advance(14_000);
    expect(said).toEqual([]);
    await clock.advance(1_000);
    expect(said.map((w) => renderStep(w, 'en'))).toEqual(["Still waiting for kube-proxy to program the probe services' rules (15 s)."]);
    reason = 'wait.desktopRequests';
    await clock.advance(REPEAT_MS);
    expect(said[1]).toEqual({ code: 'wait.desktopRequests', params: { seconds: 20 } });
    expect(renderStep(said[1]!, 'zh-CN')).toContain('20');
    stop();
    await clock.advance(60_000);
    expect(said).toHaveLength(2);
  });
});
