import { describe, expect, it } from 'vitest';
import { mountWith } from '../test/mount';
import DetailsPanel from './DetailsPanel.vue';

describe('DetailsPanel', () => {
  it('prompts for a selection', () => {
    expect(mountWith(DetailsPanel, { props: { element: null } }).text()).toContain('Select a node');
  });
  it('shows a node as text, even when its name is markup', () => {
    const w = mountWith(DetailsPanel, {
      props: { element: { group: 'nodes', data: { id: 'n', kind: 'pod', label: '<b>evil</b>', address: '198.19.1.10' } } },
    });
    expect(w.find('b').exists()).toBe(false);
    expect(w.text()).toContain('<b>evil</b>');
    expect(w.text()).toContain('198.19.1.10');
    expect(w.text()).toContain('Pod');
  });
  it('shows a path verdict', () => {
    const w = mountWith(DetailsPanel, {
      props: { element: { group: 'edges', data: { id: 'e', kind: 'path', source: 'a', target: 'b', label: 'SNAT', verdict: 'snat' } } },
      locale: 'zh-CN',
    });
    expect(w.text()).toContain('路径');
    expect(w.text()).toContain('snat');
  });
});
