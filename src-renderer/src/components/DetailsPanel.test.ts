import { describe, expect, it } from 'vitest';
import { buildTopology, type TopoElement } from '../../../src-main/contract';
import { seedSession } from '../test/fixtures';
import { mountWith } from '../test/mount';
import DetailsPanel from './DetailsPanel.vue';

const model = buildTopology({ kind: 'session', session: seedSession() });
const find = (id: string) => model.elements.find((e) => e.data.id === id)!;

describe('DetailsPanel', () => {
  it('prompts for a selection', () => {
    expect(mountWith(DetailsPanel, { props: { element: null, locale: 'en' } }).text()).toContain('Point at or select');
  });

  it('shows a path: verdict, the hop chain with the rule at each hop, and the numbered flow', () => {
    const edge = model.elements.find((e) => e.group === 'edges' && e.data.source === 'snat:node2:198.18.0.12')!;
    const w = mountWith(DetailsPanel, { props: { element: edge, locale: 'en' } });
    expect(w.get('[data-testid="details-verdict"]').text()).toContain('SNAT → 198.18.0.12');
    const hops = w.get('[data-testid="details-hops"]');
    expect(hops.findAll('li').length).toBeGreaterThan(2);
    expect(hops.get('li.rewrite').text()).toContain('Source 203.0.113.1 → 198.18.0.12');
    expect(hops.text()).toContain('KUBE-MARK-MASQ');
    expect(w.text()).toContain('1. 203.0.113.1 sends a request to 198.18.0.12:');
  });

  it('shows a SNAT marker and a box, as text even when names are markup, in Chinese', () => {
    const marker = find('snat:node2:198.18.0.12');
    const zh = mountWith(DetailsPanel, { props: { element: marker, locale: 'zh-CN' }, locale: 'zh-CN' });
    expect(zh.get('[data-testid="details-kind"]').text()).toBe('SNAT 标记');
    expect(zh.get('[data-testid="details-snat"]').text()).toContain('→ 198.18.0.12');
    expect(zh.get('[data-testid="details-rule"]').text()).toContain('MASQUERADE');
    const evil: TopoElement = { group: 'nodes', position: { x: 0, y: 0 }, data: { id: 'pod:x', kind: 'pod', label: '<b>evil</b>', name: '<b>evil</b>', address: '198.19.1.10', w: 10, h: 10 } };
    const w = mountWith(DetailsPanel, { props: { element: evil, locale: 'en' } });
    expect(w.find('b').exists()).toBe(false);
    expect(w.text()).toContain('<b>evil</b>');
    expect(w.text()).toContain('198.19.1.10');
  });

  it('marks a path the probe saw differently', () => {
    const fromPod = buildTopology({ kind: 'session', session: seedSession() }, { origin: 'pod:node1' });
    const odd = fromPod.elements.find((e) => e.group === 'edges' && e.data.mismatch)!;
    const w = mountWith(DetailsPanel, { props: { element: odd, locale: 'en' } });
    expect(w.text()).toContain('The probe saw something other than the model predicted.');
    expect(w.text()).toContain('Predicted');
    expect(w.text()).toContain('preserved');
  });
});
