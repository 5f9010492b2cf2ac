// jsdom has no canvas: cytoscape is replaced by a recording fake here; the real rendering is
// covered by the Playwright tests in Chromium.
import { describe, expect, it, vi } from 'vitest';

const instances: FakeCy[] = [];
interface FakeCy {
  options: { elements: unknown[]; style: unknown };
  added: unknown[][];
  styles: unknown[];
  handlers: Record<string, (e: unknown) => void>;
  destroyed: boolean;
}

vi.mock('cytoscape', () => ({
  default: (options: FakeCy['options']) => {
    const inst: FakeCy = { options, added: [], styles: [], handlers: {}, destroyed: false };
    instances.push(inst);
    const cy = {
      layout: () => ({ run: () => undefined }),
      nodes: () => ({ map: () => [] }),
      elements: () => ({ remove: () => undefined }),
      add: (els: unknown[]) => inst.added.push(els),
      style: (s: unknown) => inst.styles.push(s),
      on: (name: string, h: (e: unknown) => void) => (inst.handlers[name] = h),
      destroy: () => (inst.destroyed = true),
    };
    return cy;
  },
}));

const { mountWith } = await import('../test/mount');
const { default: TopologyCanvas } = await import('./TopologyCanvas.vue');

const els = [
  { group: 'nodes' as const, data: { id: 'a', kind: 'actor' as const, label: 'A' } },
  { group: 'nodes' as const, data: { id: 'b', kind: 'node' as const, label: 'B' } },
  { group: 'edges' as const, data: { id: 'e', kind: 'path' as const, source: 'a', target: 'b', label: 'x', verdict: 'snat' as const } },
];

describe('TopologyCanvas', () => {
  it('hands cytoscape plain copies of the elements and the theme style', async () => {
    const w = mountWith(TopologyCanvas, { props: { elements: els, theme: 'light', banner: 'Example' }, attachTo: document.body });
    const cy = instances.at(-1)!;
    expect(cy.options.elements).toEqual(els);
    expect(cy.options.elements).not.toBe(els);
    expect(w.get('[data-testid="canvas-banner"]').text()).toBe('Example');
    await w.setProps({ theme: 'dark' });
    expect(cy.styles).toHaveLength(1);
    await w.setProps({ elements: els.slice(0, 2) });
    expect(cy.added.at(-1)).toHaveLength(2);
    w.unmount();
    expect(cy.destroyed).toBe(true);
  });

  it('emits the tapped element id, and null for the background', () => {
    const w = mountWith(TopologyCanvas, { props: { elements: els, theme: 'light' } });
    const cy = instances.at(-1)!;
    cy.handlers.tap!({ target: { id: () => 'b' } });
    expect(w.emitted('select')).toEqual([['b']]);
    w.unmount();
  });
});
