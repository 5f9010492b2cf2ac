// Before measuring from the desktop, every probe service must answer once: kube-proxy programs
// its rules a moment after the endpoints appear. A Local-policy service answers only on a node
// with an echo (KUBE-SVL keeps node-local endpoints), so that is where it is warmed up.
import { describe, expect, it } from 'vitest';
import type { Target } from '../../../resources/probe/echo.mjs';
import type { TargetMeta } from './observations';
import { warmUpTargets } from './warm-up';

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
