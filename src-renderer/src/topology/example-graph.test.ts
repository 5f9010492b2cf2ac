import { describe, expect, it } from 'vitest';
import { exampleGraph } from './example-graph';

describe('exampleGraph', () => {
  it('draws the report situation with translated labels and consistent references', () => {
    const t = (k: string, p?: Record<string, string | number>) => `${k}${p ? JSON.stringify(p) : ''}`;
    const els = exampleGraph(t);
    const ids = new Set(els.map((e) => e.data.id));
    for (const e of els) {
      if (e.group === 'edges') {
        expect(ids.has(e.data.source)).toBe(true);
        expect(ids.has(e.data.target)).toBe(true);
      } else if (e.data.parent) expect(ids.has(e.data.parent)).toBe(true);
    }
    const snat = els.find((e) => e.data.id === 'p-cluster-node2')!;
    expect(snat.data.label).toBe('canvas.snat{"address":"198.18.0.12"}');
    expect(exampleGraph(t)).toEqual(els);
  });
});
