import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../e2e/lab/scenario/load';
import { MAX_PROBE_LAB_NODES, probeLabScenario } from './probe-lab-scenario';

describe('the probe benchmark lab scenario', () => {
  it('is a valid lab scenario with N nodes on the lab address plan', () => {
    const s = parseScenario(probeLabScenario(30), 'bench');
    expect(s.nodes).toHaveLength(30);
    expect(s.nodes[0]).toMatchObject({ name: 'node1', internalIP: '198.18.0.11', podCIDR: '198.19.1.0/24' });
    expect(s.nodes[29]).toMatchObject({ name: 'node30', internalIP: '198.18.0.40', podCIDR: '198.19.30.0/24' });
    expect(new Set(s.nodes.map((n) => n.internalIP)).size).toBe(30);
    expect(s.dataPlane.kind).toBe('netns');
    const kinds = s.objects.map((o) => `${o.kind}/${(o.metadata as { name?: string }).name}`);
    expect(kinds).toEqual(['ConfigMap/kube-proxy', 'Pod/echo', 'Service/echo']);
  });

  it('stays inside 198.18.0.0/24 for nodes and refuses sizes that do not fit', () => {
    const last = parseScenario(probeLabScenario(MAX_PROBE_LAB_NODES)).nodes.at(-1)!;
    expect(last.internalIP).toBe('198.18.0.253');
    expect(last.podCIDR).toBe(`198.19.${MAX_PROBE_LAB_NODES}.0/24`);
    expect(() => probeLabScenario(0)).toThrow(/node count/);
    expect(() => probeLabScenario(MAX_PROBE_LAB_NODES + 1)).toThrow(/node count/);
  });
});
