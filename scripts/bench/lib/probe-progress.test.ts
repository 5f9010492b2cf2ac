import { describe, expect, it } from 'vitest';
import { parseProgressLine, ProbeProgressTracker } from './probe-progress';

describe('probe progress lines', () => {
  it('splits step, state, message and pod stages', () => {
    expect(parseProgressLine('ready running [echo-0-node1:pulling(ContainerCreating)]')).toEqual({
      step: 'ready',
      state: 'running',
      message: null,
      pods: [{ name: 'echo-0-node1', stage: 'pulling' }],
    });
    expect(parseProgressLine('cleanup running: Terminating 3720/3720 [echo-0-node1:ready client-0-node1:succeeded]')).toEqual({
      step: 'cleanup',
      state: 'running',
      message: 'Terminating',
      pods: [
        { name: 'echo-0-node1', stage: 'ready' },
        { name: 'client-0-node1', stage: 'succeeded' },
      ],
    });
    expect(parseProgressLine('desktop done 120/120')).toMatchObject({ step: 'desktop', state: 'done', message: null, pods: [] });
    expect(parseProgressLine('warning: something else')).toBeNull();
  });

  it('finds the moments of a run, each the first time it is seen', () => {
    const t = new ProbeProgressTracker(2);
    const lines: [string, number][] = [
      ['ready running [echo-0-node1:running]', 1000],
      ['ready done [echo-0-node1:ready]', 2000],
      ['desktop running 0/4 [echo-0-node1:ready]', 2100],
      ['desktop done 4/4 [echo-0-node1:ready]', 3000],
      ['in-cluster running 4/4 [echo-0-node1:ready]', 3000],
      ['in-cluster running 0/10 [echo-0-node1:ready client-0-node1:pulling(ContainerCreating) client-1-node2:ready]', 3500],
      ['in-cluster running 0/10 [echo-0-node1:ready client-0-node1:ready client-1-node2:ready]', 4000],
      ['in-cluster running 0/10 [echo-0-node1:ready client-0-node1:succeeded client-1-node2:ready]', 4500],
      ['in-cluster running 0/10 [echo-0-node1:ready client-0-node1:succeeded client-1-node2:succeeded]', 5000],
      ['in-cluster done 10/10 [echo-0-node1:ready client-0-node1:succeeded client-1-node2:succeeded]', 5200],
      ['cleanup done 10/10', 6000],
    ];
    for (const [l, at] of lines) t.line(l, at);
    expect(t.moments).toEqual({
      echoReady: 2000,
      desktopStart: 2100,
      desktopDone: 3000,
      inClusterStart: 3000,
      clientsStarted: 4000,
      clientsFinished: 5000,
      matrix: 5200,
      cleanupDone: 6000,
      failed: null,
    });
  });

  it('keeps the first failure', () => {
    const t = new ProbeProgressTracker(1);
    t.line('ready failed: pod echo-0-node1 cannot pull its image', 10);
    t.line('cleanup failed: forbidden', 20);
    expect(t.moments.failed).toBe('ready: pod echo-0-node1 cannot pull its image');
  });
});
