// One cell, several sources (issue 15, item 3): a Cluster service with endpoints on two nodes,
// entered at node1, sees node1's bridge address when kube-proxy picks the local endpoint and
// node1's own address when it picks node2's. The cell keeps both, with counts, classes and nodes.
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../contract/probe';
import { renderStep } from '../explain/render';
import { sourceText } from '../export/report-model';
import { makeEndpoint, makeInventory } from '../prediction/test-inventory';
import { judge } from './judge';

const inv = makeInventory({ endpoints: [makeEndpoint('198.19.1.5', 'node1'), makeEndpoint('198.19.2.6', 'node2')] });

function obs(i: number, source: string, echoIp: string, echoNode: string): Observation {
  return {
    id: `desktop-${i}`,
    attempt: i,
    origin: { kind: 'desktop', address: '203.0.113.1' },
    target: { kind: 'nodePort', node: 'node1', address: '198.18.0.11', port: 30080 },
    service: { name: 'echo', policy: 'Cluster', type: 'NodePort' },
    result: 'ok',
    status: 200,
    source: { ip: source, port: 40000 + i },
    echoPod: { name: `echo-${echoNode}`, node: echoNode, ip: echoIp },
    headers: null,
    proxyHeader: null,
    local: { ip: '203.0.113.1', port: 50000 + i },
    timings: { connectMs: 1, totalMs: 2 },
    error: null,
  };
}

describe('judge: a cell whose requests saw several sources', () => {
  const observations = [
    ...Array.from({ length: 6 }, (_, i) => obs(i, '198.18.0.11', '198.19.2.6', 'node2')),
    ...Array.from({ length: 14 }, (_, i) => obs(100 + i, '198.19.1.1', '198.19.1.5', 'node1')),
  ];
  const [cell] = judge({ inventories: new Map([['echo', inv]]), observations, relays: [], lbAddresses: [] }).paths;

  it('keeps every source with its count, class and node, the most frequent first', () => {
    expect(cell!.observedSource).toBe('198.19.1.1');
    expect(cell!.observedSplit).toEqual([
      { address: '198.19.1.1', count: 14, class: 'bridge-gateway', node: 'node1' },
      { address: '198.18.0.11', count: 6, class: 'node-ip', node: 'node1' },
    ]);
    expect(cell!.observed).toMatchObject({ verdict: 'snat', class: 'bridge-gateway', node: 'node1' });
  });

  it('says so in the cell notes and the report', () => {
    const split = cell!.note.find((n) => n.code === 'probe.split')!;
    expect(renderStep(split, 'en')).toBe('The 20 requests saw different sources: 14× 198.19.1.1 @node1, 6× 198.18.0.11 @node1.');
    expect(sourceText(cell!)).toBe('14× 198.19.1.1 @node1, 6× 198.18.0.11 @node1');
  });

  it('a cell with one source has no split', () => {
    const [one] = judge({ inventories: new Map([['echo', inv]]), observations: observations.slice(6), relays: [], lbAddresses: [] }).paths;
    expect(one!.observedSplit).toBeUndefined();
    expect(one!.note.some((n) => n.code === 'probe.split')).toBe(false);
  });
});

describe('judge: an overlay the CNI detection missed (issue 15, item 8)', () => {
  // No CNI objects: the model assumes node addresses. The kernel used node1's flannel.1 (.0 of its pod CIDR).
  const far = makeInventory({ endpoints: [makeEndpoint('198.19.2.6', 'node2')] });
  const observations = Array.from({ length: 2 }, (_, i) => obs(i, '198.19.1.0', '198.19.2.6', 'node2'));
  const [cell] = judge({ inventories: new Map([['echo', far]]), observations, relays: [], lbAddresses: [] }).paths;

  it('classifies the .0 of the pod CIDR as that node\'s overlay and says detection missed it', () => {
    expect(cell!.observed).toMatchObject({ class: 'overlay', node: 'node1' });
    const missed = cell!.note.find((n) => n.code === 'probe.cniMissed')!;
    expect(renderStep(missed, 'en')).toContain('CNI detection missed this overlay');
    expect(renderStep(missed, 'zh-CN')).toContain('CNI 检测没有发现');
  });

  it('says nothing when the CNI was detected', () => {
    const detected = { ...far, cni: { ...far.cni, kind: 'flannel' as const } };
    const [c] = judge({ inventories: new Map([['echo', detected]]), observations, relays: [], lbAddresses: [] }).paths;
    expect(c!.note.some((n) => n.code === 'probe.cniMissed')).toBe(false);
  });
});
