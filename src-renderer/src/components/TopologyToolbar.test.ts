import { describe, expect, it } from 'vitest';
import { mountWith } from '../test/mount';
import TopologyToolbar from './TopologyToolbar.vue';

const origins = [
  { key: 'desktop', label: 'This desktop' },
  { key: 'pod:node1', label: 'A pod on node1' },
];
const base = { origins, origin: 'desktop', view: 'predicted' as const, canObserve: false, source: 'Prediction for default/frontend', mismatches: 0, collapsed: null, building: false };

describe('TopologyToolbar', () => {
  it('chooses the origin and toggles predicted / observed (observed needs a probe)', async () => {
    const w = mountWith(TopologyToolbar, { props: base });
    expect(w.get('[data-testid="topology-source"]').text()).toBe('Prediction for default/frontend');
    expect(w.get('[data-testid="view-predicted"]').attributes('aria-checked')).toBe('true');
    expect(w.get('[data-testid="view-observed"]').attributes('disabled')).toBeDefined();
    await w.get('[data-testid="origin-select"]').setValue('pod:node1');
    expect(w.emitted('update:origin')).toEqual([['pod:node1']]);
    await w.setProps({ canObserve: true, view: 'observed', mismatches: 1 });
    expect(w.get('[data-testid="view-observed"]').attributes('aria-checked')).toBe('true');
    await w.get('[data-testid="view-predicted"]').trigger('click');
    expect(w.emitted('update:view')).toEqual([['predicted']]);
    expect(w.get('[data-testid="mismatch-count"]').text()).toContain('≠ 1');
  });
  it('is translated', () => {
    const w = mountWith(TopologyToolbar, { props: base, locale: 'zh-CN' });
    expect(w.text()).toContain('预测');
    expect(w.text()).toContain('路径起点');
  });
});
