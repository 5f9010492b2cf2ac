import { describe, expect, it } from 'vitest';
import { mountWith } from '../test/mount';
import ContextSidebar from './ContextSidebar.vue';

describe('ContextSidebar', () => {
  it('explains the empty state', () => {
    const w = mountWith(ContextSidebar, { props: { contexts: [], selectedId: null } });
    expect(w.get('[data-testid="sidebar-empty"]').text()).toContain('No kubeconfig contexts');
  });
  it('lists contexts as text, marks the selected one and emits selection', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const w = mountWith(ContextSidebar, {
      props: { contexts: [{ id: 'a', name: hostile, file: '/k/config' }, { id: 'b', name: 'prod', file: '/k/prod' }], selectedId: 'b' },
    });
    expect(w.find('img').exists()).toBe(false);
    expect(w.text()).toContain(hostile);
    expect(w.findAll('button')[1]!.attributes('aria-current')).toBe('true');
    await w.findAll('button')[0]!.trigger('click');
    expect(w.emitted('select')).toEqual([['a']]);
  });
});
