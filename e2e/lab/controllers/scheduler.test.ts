import { describe, expect, it } from 'vitest';
import { schedule } from './scheduler';
import type { Obj } from '../api/store';

const node = (name: string, extra: Partial<Obj['spec']> = {}, labels: Record<string, string> = {}): Obj => ({ metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } }, spec: extra });
const pod = (spec: Record<string, unknown>): Obj => ({ metadata: { name: 'p', namespace: 'd' }, spec: { containers: [], ...spec } });

describe('scheduler', () => {
  const nodes = [node('node1'), node('node2', { taints: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }] }, { disk: 'ssd' })];

  it('honours nodeSelector, tolerations and spreads by load', () => {
    expect(schedule(pod({}), nodes, new Map())).toEqual({ node: 'node1' });
    expect(schedule(pod({ tolerations: [{ key: 'dedicated', operator: 'Exists' }] }), nodes, new Map([['node1', 3]]))).toEqual({ node: 'node2' });
    expect(schedule(pod({ nodeSelector: { disk: 'ssd' }, tolerations: [{ operator: 'Exists' }] }), nodes, new Map())).toEqual({ node: 'node2' });
  });

  it('honours required node affinity on kubernetes.io/hostname', () => {
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node2'] }] }] } } };
    expect(schedule(pod({ affinity, tolerations: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }] }), nodes, new Map())).toEqual({ node: 'node2' });
  });

  it('explains failures with the scheduler message shape', () => {
    const r = schedule(pod({ nodeSelector: { disk: 'ssd' } }), [...nodes, node('node3', { unschedulable: true })], new Map());
    expect(r).toEqual({
      message:
        "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {dedicated: batch}, 1 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    });
  });
});
