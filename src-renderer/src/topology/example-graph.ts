// The example picture shown before a cluster is connected: the original report's situation
// (Cluster policy via node2 is masqueraded; Local via node2 is dropped; via node1 preserved).
import type { GraphElement } from './graph-types';

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function exampleGraph(t: Translate): GraphElement[] {
  return [
    { group: 'nodes', data: { id: 'desktop', kind: 'actor', label: t('canvas.desktop'), address: '203.0.113.1' } },
    { group: 'nodes', data: { id: 'node1', kind: 'node', label: `node1\n198.18.0.11\n${t('canvas.nodePort', { port: 30080 })}`, address: '198.18.0.11' } },
    { group: 'nodes', data: { id: 'node2', kind: 'node', label: `node2\n198.18.0.12\n${t('canvas.nodePort', { port: 30080 })}`, address: '198.18.0.12' } },
    { group: 'nodes', data: { id: 'pod-frontend', kind: 'pod', label: 'frontend\n198.19.1.10', parent: 'node1', address: '198.19.1.10' } },
    { group: 'edges', data: { id: 'p-local-node1', kind: 'path', source: 'desktop', target: 'pod-frontend', verdict: 'preserved', label: t('canvas.preserved') } },
    { group: 'edges', data: { id: 'p-cluster-node2', kind: 'path', source: 'desktop', target: 'node2', verdict: 'snat', label: t('canvas.snat', { address: '198.18.0.12' }) } },
    { group: 'edges', data: { id: 'p-node2-forward', kind: 'path', source: 'node2', target: 'pod-frontend', verdict: 'snat', label: '' } },
  ];
}
