import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { podProgress } from './pod-state';

const pod = (status: V1Pod['status'], nodeName?: string): V1Pod => ({ metadata: { name: 'p' }, spec: { containers: [], ...(nodeName ? { nodeName } : {}) }, status });

describe('podProgress', () => {
  it('reports unschedulable pods with the scheduler message', () => {
    const p = podProgress(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/2 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}.' }] }));
    expect(p).toMatchObject({ stage: 'pending', problem: 'unschedulable', message: expect.stringContaining('untolerated taint') });
  });
  it('reports image pull failures', () => {
    const p = podProgress(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }], containerStatuses: [{ name: 'c', image: 'x', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.invalid/x"' } } }] }, 'n1'));
    expect(p).toMatchObject({ stage: 'pulling', problem: 'image-pull', reason: 'ImagePullBackOff', node: 'n1' });
  });
  it('follows a pod to ready and to completion', () => {
    expect(podProgress(pod({ phase: 'Running', podIP: '198.19.1.5', conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'True' }] }, 'n1'))).toMatchObject({ stage: 'ready', podIP: '198.19.1.5' });
    expect(podProgress(pod({ phase: 'Succeeded' }, 'n1')).stage).toBe('succeeded');
    const crash = podProgress(pod({ phase: 'Running', containerStatuses: [{ name: 'c', image: 'x', imageID: '', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 127, reason: 'Error' } } }] }, 'n1'));
    expect(crash).toMatchObject({ problem: 'crash', restarts: 3, message: 'exit 127 (Error)' });
  });
});
