import { describe, expect, it } from 'vitest';
import { buildTopology } from '../../../src-main/contract';
import { seedSession } from '../test/fixtures';
import { mountWith } from '../test/mount';
import TopologyLegend from './TopologyLegend.vue';

describe('TopologyLegend', () => {
  it('explains each verdict with a symbol, a sample line and text — not colour alone', () => {
    const { legend } = buildTopology({ kind: 'session', session: seedSession() }, { origin: 'pod:node1' });
    const w = mountWith(TopologyLegend, { props: { legend, theme: 'dark' } });
    const dropped = w.get('[data-testid="legend-dropped"]');
    expect(dropped.text()).toContain('✕');
    expect(dropped.text()).toContain('Dropped (blocked)');
    expect(dropped.find('line[stroke-dasharray="2 3"]').exists()).toBe(true);
    expect(w.get('[data-testid="legend-snat"]').find('line[stroke-dasharray="6 4"]').exists()).toBe(true);
    expect(w.get('[data-testid="legend-snat-marker"]').text()).toContain('SNAT →');
    expect(w.get('[data-testid="legend-mismatch"]').text()).toContain('≠');
  });
  it('uses the labels it is given (the picture’s language)', () => {
    const { legend } = buildTopology({ kind: 'session', session: seedSession() }, { locale: 'zh-CN' });
    expect(mountWith(TopologyLegend, { props: { legend, theme: 'light' } }).text()).toContain('源地址被改写（SNAT）');
  });

  it('draws the SNAT marker in its own shape (an octagon, as in the picture) and lists numbered badges', () => {
    const t = buildTopology({ kind: 'session', session: seedSession() });
    const w = mountWith(TopologyLegend, { props: { legend: t.legend, theme: 'light', labelKey: [{ n: 1, edge: 'e:x', text: 'NodePort :30080\n✕ dropped' }] } });
    expect(w.get('[data-testid="legend-snat-marker"]').find('svg[data-shape="octagon"]').exists()).toBe(true);
    expect(w.get('[data-testid="label-key"]').text()).toContain('1 NodePort :30080 · ✕ dropped');
  });
});
