import type { V1Namespace } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { isProbeNamespace, sweepCandidates } from './cleanup';

const clock = { now: () => new Date('2026-11-26T12:00:00Z'), sleep: async () => undefined };
const ns = (name: string, labels: Record<string, string>, annotations: Record<string, string> = {}, phase = 'Active'): V1Namespace => ({ metadata: { name, labels, annotations }, status: { phase } });
const ours = (id: string, a: Record<string, string>, phase?: string) => ns(`snatscope-${id}`, { 'app.kubernetes.io/managed-by': 'snatscope', 'snatscope.io/run-id': id }, a, phase);

describe('sweep', () => {
  it('only ever considers namespaces carrying our labels and prefix', () => {
    expect(isProbeNamespace(ours('abc123', {}))).toBe(true);
    expect(isProbeNamespace(ns('snatscope-abc123', {}))).toBe(false);
    expect(isProbeNamespace(ns('prod', { 'app.kubernetes.io/managed-by': 'snatscope', 'snatscope.io/run-id': 'x' }))).toBe(false);
  });

  it('picks expired runs and runs whose owner on this host is gone, never live or foreign ones', () => {
    const list = [
      ours('expired', { 'snatscope.io/expires-at': '2026-11-26T11:00:00Z', 'snatscope.io/owner-host': 'other', 'snatscope.io/owner-pid': '1' }),
      ours('deadpid', { 'snatscope.io/expires-at': '2026-11-26T13:00:00Z', 'snatscope.io/owner-host': 'me', 'snatscope.io/owner-pid': '999' }),
      ours('livepid', { 'snatscope.io/expires-at': '2026-11-26T13:00:00Z', 'snatscope.io/owner-host': 'me', 'snatscope.io/owner-pid': '1000' }),
      ours('foreign', { 'snatscope.io/expires-at': '2026-11-26T13:00:00Z', 'snatscope.io/owner-host': 'other', 'snatscope.io/owner-pid': '999' }),
      ours('terminating', { 'snatscope.io/expires-at': '2026-11-26T11:00:00Z' }, 'Terminating'),
      ns('kube-system', {}),
    ];
    const picked = sweepCandidates(list, { clock, hostname: 'me', isAlive: (pid) => pid === 1000 });
    expect(picked.map((c) => [c.runId, c.reason])).toEqual([
      ['expired', 'expired'],
      ['deadpid', 'owner-gone'],
    ]);
    const all = sweepCandidates(list, { clock, hostname: 'me', isAlive: (pid) => pid === 1000, all: true });
    expect(all.map((c) => c.runId)).toEqual(['expired', 'deadpid', 'livepid']);
  });

  it('lets the sweeping app remove its own finished runs (a cleanup that failed), never its running ones', () => {
    const mine = (id: string) => ours(id, { 'snatscope.io/expires-at': '2026-11-26T13:00:00Z', 'snatscope.io/owner-host': 'me', 'snatscope.io/owner-pid': '1000' });
    const list = [mine('done01'), mine('running'), ours('other', { 'snatscope.io/expires-at': '2026-11-26T13:00:00Z', 'snatscope.io/owner-host': 'me', 'snatscope.io/owner-pid': '1001' })];
    const picked = sweepCandidates(list, { clock, hostname: 'me', isAlive: () => true, self: { pid: 1000, isRunning: (id) => id === 'running' } });
    expect(picked.map((c) => [c.runId, c.reason])).toEqual([['done01', 'owner-done']]);
  });
});
