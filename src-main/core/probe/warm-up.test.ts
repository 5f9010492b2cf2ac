// Before measuring from the desktop, every probe service must answer once: kube-proxy programs
// its rules a moment after the endpoints appear. A Local-policy service answers only on a node
// with an echo (KUBE-SVL keeps node-local endpoints), so that is where it is warmed up.
import { describe, expect, it } from 'vitest';
import type { ResultLine, Target } from '../../../resources/probe/echo.mjs';
import type { TargetMeta } from './observations';
import { refusedTargets, remeasureRefused, waitForEveryEcho, warmUpTargets } from './warm-up';

const entry = (label: string, kind: TargetMeta['target']['kind'], policy: 'Cluster' | 'Local', node: string | null): [Target, TargetMeta] => [
  { label, host: '198.18.0.11', port: 30090, proto: 'http', target: `${label}`, headers: {} },
  { target: { kind, node, address: '198.18.0.11', port: 30090 }, service: { name: `echo-${policy.toLowerCase()}`, policy, type: 'NodePort' } } as TargetMeta,
];

function tableOf(entries: [Target, TargetMeta][]) {
  return { targets: entries.map(([t]) => t), table: new Map(entries.map(([t, m]) => [t.label, m])) };
}

describe('warmUpTargets', () => {
  it('warms each policy up through a node running an echo, and the ingress', () => {
    const { targets, table } = tableOf([
      entry('t0', 'nodePort', 'Cluster', 'node2'),
      entry('t1', 'nodePort', 'Cluster', 'node1'),
      entry('t2', 'nodePort', 'Local', 'node2'),
      entry('t3', 'nodePort', 'Local', 'node1'),
      entry('t4', 'relay', 'Local', 'node1'),
      entry('t5', 'ingress', 'Cluster', 'node1'),
    ]);
    expect(warmUpTargets(targets, table, ['node1']).map((t) => t.label)).toEqual(['t1', 't3', 't5']);
  });

  it('with only the Local policy still warms up (the case that measured rule-programming lag)', () => {
    const { targets, table } = tableOf([entry('t0', 'nodePort', 'Local', 'node2'), entry('t1', 'nodePort', 'Local', 'node1')]);
    expect(warmUpTargets(targets, table, ['node1']).map((t) => t.label)).toEqual(['t1']);
    // No echo node among the entries: a Cluster service answers anywhere, a Local one nowhere.
    const cluster = tableOf([entry('t0', 'nodePort', 'Cluster', 'node2')]);
    expect(warmUpTargets(cluster.targets, cluster.table, ['node9']).map((t) => t.label)).toEqual(['t0']);
    const local = tableOf([entry('t0', 'nodePort', 'Local', 'node2')]);
    expect(warmUpTargets(local.targets, local.table, ['node9'])).toEqual([]);
  });
});

// A node whose kube-proxy has not synced the probe's EndpointSlice yet rejects the NodePort as a
// service without endpoints; once synced, the same Local path is dropped (a timeout). Measured on
// the nftables lab, where node2 lagged node1 by a sync period.
describe('remeasureRefused', () => {
  const target = (label: string): Target => ({ label, host: '198.18.0.12', port: 30091, proto: 'http', target: label, headers: {} });
  const line = (label: string, result: ResultLine['result']) => ({ label, result }) as ResultLine;
  const fakeClock = () => {
    let t = 0;
    return { now: () => new Date(t), sleep: async (ms: number) => void (t += ms) };
  };

  it('picks the targets whose every request was refused', () => {
    const lines = [line('a', 'refused'), line('a', 'refused'), line('b', 'refused'), line('b', 'timeout'), line('c', 'ok')];
    expect(refusedTargets([target('a'), target('b'), target('c'), target('d')], lines).map((t) => t.label)).toEqual(['a']);
  });

  it('measures refused paths again until kube-proxy answers otherwise, keeping the other lines', async () => {
    const answers: ResultLine['result'][] = ['refused', 'timeout'];
    const asked: string[][] = [];
    const out = await remeasureRefused({ clock: fakeClock() }, [target('a'), target('b')], [line('a', 'refused'), line('b', 'ok')], async (list) => {
      asked.push(list.map((t) => t.label));
      return list.map((t) => line(t.label, answers.shift()!));
    });
    expect(asked).toEqual([['a'], ['a']]);
    expect(out.remeasured).toEqual(['a']);
    expect(out.lines.map((l) => `${l.label}:${l.result}`).sort()).toEqual(['a:timeout', 'b:ok']);
  });

  it('stops at the budget and keeps a refusal that persists (a node without kube-proxy)', async () => {
    let calls = 0;
    const out = await remeasureRefused({ clock: fakeClock() }, [target('a')], [line('a', 'refused')], async (list) => {
      calls++;
      return list.map((t) => line(t.label, 'refused'));
    }, { budgetMs: 5000, pauseMs: 1000 });
    expect(calls).toBe(5);
    expect(out.lines.map((l) => l.result)).toEqual(['refused']);
  });

  it('costs nothing when nothing was refused', async () => {
    let calls = 0;
    const out = await remeasureRefused({ clock: fakeClock() }, [target('a')], [line('a', 'timeout')], async () => {
      calls++;
      return [];
    });
    expect(calls).toBe(0);
    expect(out.remeasured).toEqual([]);
  });
});

describe('waitForEveryEcho', () => {
  const fakeClock = () => {
    let t = 0;
    return { now: () => new Date(t), sleep: async (ms: number) => void (t += ms) };
  };
  const ok = (label: string, pod: string) => ({ label, result: 'ok', echo: { pod: { name: pod } } }) as unknown as ResultLine;

  it('asks each Cluster entry again until every echo answered through it (a lagging node catches up), with the run key', async () => {
    const { targets, table } = tableOf([entry('c1', 'nodePort', 'Cluster', 'node1'), entry('c2', 'nodePort', 'Cluster', 'node2'), entry('l1', 'nodePort', 'Local', 'node1')]);
    let node1Rounds = 0;
    const keys: (string | undefined)[] = [];
    const desktop = {
      run: async ([t]: Target[], o: { repeat: number; key?: string }) => {
        keys.push(o.key);
        // node1's kube-proxy knows only its local echo for the first two rounds.
        if (t!.label === 'c1') return Array.from({ length: o.repeat }, (_, i) => ok('c1', ++node1Rounds > 8 && i % 2 ? 'echo-1-node2' : 'echo-0-node1'));
        return Array.from({ length: o.repeat }, (_, i) => ok(t!.label, i % 2 ? 'echo-1-node2' : 'echo-0-node1'));
      },
    };
    const r = await waitForEveryEcho({ clock: fakeClock() as never, desktop }, targets, table, 2, { key: 'k' });
    expect(r).toEqual({ converged: ['c1', 'c2'], partial: [] });
    expect(node1Rounds).toBeGreaterThan(8);
    expect(keys.every((k) => k === 'k')).toBe(true);
  });

  it('leaves an entry that never converges or never answers to the measurement, within its budget', async () => {
    const { targets, table } = tableOf([entry('c1', 'nodePort', 'Cluster', 'node1'), entry('c2', 'nodePort', 'Cluster', 'node2')]);
    let calls = 0;
    const desktop = {
      run: async ([t]: Target[], o: { repeat: number }) => {
        calls++;
        return t!.label === 'c1' ? Array.from({ length: o.repeat }, () => ok('c1', 'echo-0-node1')) : [{ label: 'c2', result: 'timeout' } as ResultLine];
      },
    };
    expect(await waitForEveryEcho({ clock: fakeClock() as never, desktop }, targets, table, 2)).toEqual({ converged: [], partial: ['c1'] });
    expect(calls).toBe(5); // 4 rounds for c1, one for c2
    // One echo: nothing to wait for.
    expect(await waitForEveryEcho({ clock: fakeClock() as never, desktop }, targets, table, 1)).toEqual({ converged: [], partial: [] });
  });
});
