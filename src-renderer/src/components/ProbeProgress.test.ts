import { describe, expect, it } from 'vitest';
import { PROBE_STEPS, type ProbeStep, type StepState } from '../../../src-main/contract';
import { mountWith } from '../test/mount';
import ProbeProgress from './ProbeProgress.vue';

const steps = Object.fromEntries(PROBE_STEPS.map((s) => [s, { state: 'pending' as StepState, message: null }])) as Record<ProbeStep, { state: StepState; message: string | null }>;
steps.preflight = { state: 'done', message: null };
steps.pods = { state: 'running', message: 'echo-0-node1 pulling' };

describe('ProbeProgress', () => {
  it('shows each step, each pod and the requests, with Cancel while running', async () => {
    const w = mountWith(ProbeProgress, {
      props: {
        steps,
        pods: [{ name: 'echo-0-node1', role: 'echo', node: 'node1', stage: 'pulling', reason: 'ContainerCreating', message: null, problem: null, restarts: 0, podIP: null }],
        requests: { done: 3, total: 8 },
        running: true,
        cancelling: false,
        locale: 'en',
      },
    });
    expect(w.get('[data-testid="step-preflight"]').text()).toContain('✓ done');
    expect(w.get('[data-testid="step-pods"]').attributes('data-state')).toBe('running');
    expect(w.get('[data-testid="step-pods"]').text()).toContain('echo-0-node1 pulling');
    expect(w.get('[data-testid="step-cleanup"]').text()).toContain('○ pending');
    expect(w.get('[data-testid="pod-echo-0-node1"]').text()).toContain('pulling (ContainerCreating)');
    expect(w.get('[data-testid="probe-requests"]').text()).toContain('Requests 3/8');
    await w.get('[data-testid="probe-cancel"]').trigger('click');
    expect(w.emitted('cancel')).toHaveLength(1);
  });

  it('has no Cancel once finished, and is translated', () => {
    const w = mountWith(ProbeProgress, { props: { steps, pods: [], requests: null, running: false, cancelling: false, locale: 'zh-CN' }, locale: 'zh-CN' });
    expect(w.find('[data-testid="probe-cancel"]').exists()).toBe(false);
    expect(w.get('[data-testid="step-cleanup"]').text()).toContain('清理');
  });

  it('says what a slow step waits for, in the UI language, only while it runs', () => {
    const slow = { ...steps, desktop: { state: 'running' as StepState, message: null, waiting: { code: 'wait.serviceRules' as const, params: { seconds: 25 } } } };
    const en = mountWith(ProbeProgress, { props: { steps: slow, pods: [], requests: null, running: true, cancelling: false, locale: 'en' } });
    expect(en.get('[data-testid="step-desktop-waiting"]').text()).toBe("Still waiting for kube-proxy to program the probe services' rules (25 s).");
    const zh = mountWith(ProbeProgress, { props: { steps: slow, pods: [], requests: null, running: true, cancelling: false, locale: 'zh-CN' }, locale: 'zh-CN' });
    expect(zh.get('[data-testid="step-desktop-waiting"]').text()).toContain('25 秒');
    const done = { ...slow, desktop: { ...slow.desktop, state: 'done' as StepState } };
    expect(mountWith(ProbeProgress, { props: { steps: done, pods: [], requests: null, running: true, cancelling: false, locale: 'en' } }).find('[data-testid="step-desktop-waiting"]').exists()).toBe(false);
  });
});
