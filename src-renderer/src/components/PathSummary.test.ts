import { describe, expect, it } from 'vitest';
import { buildTopology } from '../../../src-main/contract';
import { seedSession } from '../test/fixtures';

const { mountWith } = await import('../test/mount');
const { default: PathSummary } = await import('./PathSummary.vue');

describe('PathSummary', () => {
  const model = buildTopology({ kind: 'session', session: seedSession() });

  it('shows the worst path as one line; each hop selects its element; picking another path shows that one', async () => {
    const w = mountWith(PathSummary, { props: { model, selectedId: null, locale: 'en' } });
    const line = w.get('[data-testid="path-summary"]');
    expect(line.text()).toContain('⇄ SNAT → 198.18.0.12');
    expect(line.classes()).toContain('verdict-snat');
    const hops = w.findAll('button.hop');
    expect(hops.length).toBeGreaterThan(2);
    await hops[1]!.trigger('click');
    const picked = w.emitted('select')![0]![0] as string;
    expect(model.elements.some((e) => e.data.id === picked)).toBe(true);
    // Selecting a hop of the path keeps the line; selecting a path elsewhere switches to it.
    await w.setProps({ selectedId: picked });
    expect(w.get('[data-testid="path-summary"]').text()).toBe(line.text());
    const dropped = model.elements.find((e) => e.group === 'edges' && e.data.verdict === 'dropped')!;
    await w.setProps({ selectedId: dropped.data.id });
    expect(w.get('[data-testid="path-summary"]').text()).toContain('✕');
  });

  it('renders cluster strings as text, not markup', () => {
    const session = seedSession();
    session.echoPods[0]!.name = '<img src=x onerror=alert(1)>';
    const hostile = buildTopology({ kind: 'session', session });
    const w = mountWith(PathSummary, { props: { model: hostile, selectedId: null, locale: 'en' } });
    expect(w.find('img').exists()).toBe(false);
  });
});
