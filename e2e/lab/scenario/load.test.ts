import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadScenarioFile, parseScenarioYaml } from './load';

describe('scenario loader', () => {
  it('loads the shipped scenarios', () => {
    for (const f of ['api-basic.yaml', 'seed-api.yaml', 'seed.yaml']) {
      const s = loadScenarioFile(fileURLToPath(new URL(`../scenarios/${f}`, import.meta.url)));
      expect(s.nodes.map((n) => n.name)).toEqual(['node1', 'node2']);
    }
  });

  it('applies defaults and keeps the data-plane section opaque', () => {
    const s = parseScenarioYaml('dataPlane: { kind: netns, overlay: vxlan }');
    expect(s.serviceCIDR).toBe('198.18.240.0/20');
    expect(s.dataPlane).toEqual({ kind: 'netns', overlay: 'vxlan' });
    expect(s.users).toEqual([]);
  });

  it('names the offending path on errors', () => {
    expect(() => parseScenarioYaml('nodes: [{ name: n1, internalIP: nope }]', 'x.yaml')).toThrow(/x.yaml is not a valid lab scenario:\n {2}nodes.0.internalIP/);
  });
});
