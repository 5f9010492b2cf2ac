import { describe, expect, it } from 'vitest';
import { ConditionClock, exitCodeOf, podConditions, podPhase, qosClass, restartDelayMs, type ContainerView } from './pod-status';

const c = (name: string, state: ContainerView['state'], extra: Partial<ContainerView> = {}): ContainerView => ({
  name, image: 'nginx', imageID: '', state, lastState: {}, restartCount: 0, ready: false, started: false, ...extra,
});
const t = (exitCode: number) => ({ terminated: { exitCode, reason: exitCode ? 'Error' : 'Completed', startedAt: 'a', finishedAt: 'b' } });

describe('podPhase', () => {
  it('is Pending while a container has never started (image pull back-off included)', () => {
    expect(podPhase([], [c('a', { waiting: { reason: 'ImagePullBackOff' } })], true, 'Always')).toBe('Pending');
    expect(podPhase([], [c('a', { waiting: { reason: 'ContainerCreating' } })], true, 'Always')).toBe('Pending');
  });
  it('is Running while a container runs or crash-loops', () => {
    expect(podPhase([], [c('a', { running: { startedAt: 'x' } })], true, 'Always')).toBe('Running');
    expect(podPhase([], [c('a', { waiting: { reason: 'CrashLoopBackOff' } }, { lastState: t(1) })], true, 'Always')).toBe('Running');
  });
  it('ends Succeeded or Failed by restart policy', () => {
    expect(podPhase([], [c('a', t(0))], true, 'Never')).toBe('Succeeded');
    expect(podPhase([], [c('a', t(0))], true, 'OnFailure')).toBe('Succeeded');
    expect(podPhase([], [c('a', t(2))], true, 'Never')).toBe('Failed');
    expect(podPhase([c('init', t(1))], [c('a', { waiting: { reason: 'PodInitializing' } })], false, 'Never')).toBe('Failed');
  });
});

describe('podConditions', () => {
  it('names unready containers and keeps transition times while unchanged', () => {
    const conds = podConditions([], [c('a', { running: { startedAt: 'x' } }), c('b', { running: { startedAt: 'x' } }, { ready: true })], { sandboxReady: true, initDone: true, phase: 'Running' });
    expect(conds.find((x) => x.type === 'Ready')).toEqual({ type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [a]' });
    const clock = new ConditionClock();
    const first = clock.stamp(conds, 't1');
    const second = clock.stamp(conds, 't2');
    expect(second.find((x) => x.type === 'Ready')?.lastTransitionTime).toBe('t1');
    expect(first.map((x) => x.type)).toEqual(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
  });
});

describe('back-off and exit codes', () => {
  it('restarts immediately once, then 10s, 20s, … capped at 5 minutes', () => {
    expect([0, 1, 2, 3, 10].map((n) => restartDelayMs(n, 10_000))).toEqual([0, 10_000, 20_000, 40_000, 300_000]);
  });
  it('reports 128+signal for a signalled process', () => {
    expect(exitCodeOf(null, 'SIGKILL')).toBe(137);
    expect(exitCodeOf(null, 'SIGTERM')).toBe(143);
    expect(exitCodeOf(3, null)).toBe(3);
  });
});

describe('qosClass', () => {
  it('is BestEffort without resources, Guaranteed when limits equal requests, else Burstable', () => {
    expect(qosClass([{}])).toBe('BestEffort');
    expect(qosClass([{ resources: { limits: { cpu: '100m', memory: '64Mi' } } }])).toBe('Guaranteed');
    expect(qosClass([{ resources: { requests: { cpu: '50m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } } }])).toBe('Burstable');
  });
});
