import { flushPromises } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { buildTopology } from '../../../src-main/contract';
import { instances } from '../test/fake-cytoscape';
import { seedSession } from '../test/fixtures';

vi.mock('cytoscape', async () => ({ default: (await import('../test/fake-cytoscape')).fakeCytoscape }));

const { mountWith } = await import('../test/mount');
const { default: TopologyCanvas } = await import('./TopologyCanvas.vue');
const { toCyElements } = await import('../topology/cy-elements');

const model = buildTopology({ kind: 'session', session: seedSession() });
const els = model.elements;

describe('TopologyCanvas', () => {
  it('hands cytoscape plain copies at the preset positions, without animation, and the theme style', async () => {
    const w = mountWith(TopologyCanvas, { props: { elements: els, theme: 'light', banner: 'Example' }, attachTo: document.body });
    // cytoscape is imported on demand: the instance exists once the import resolved.
    await flushPromises();
    const cy = instances.at(-1)!;
    // Every element, at the layout's positions, plus one label node per labelled path.
    expect(cy.options.elements).toEqual(toCyElements(els));
    const given = cy.options.elements as { data: { id: string; kind?: string; edge?: string }; position?: { x: number; y: number } }[];
    for (const e of els) expect(given.find((g) => g.data.id === e.data.id)?.position, e.data.id).toEqual(e.group === 'nodes' ? e.position : undefined);
    expect(given.filter((g) => g.data.kind === 'edge-label').length).toBe(els.filter((e) => e.group === 'edges' && e.data.labelBox).length);
    expect(cy.options.layout).toMatchObject({ name: 'preset', animate: false });
    expect(w.get('[data-testid="canvas-banner"]').text()).toBe('Example');
    await w.setProps({ theme: 'dark' });
    expect(cy.styles).toHaveLength(1);
    await w.setProps({ elements: els.slice(0, 3) });
    expect(cy.added.at(-1)).toHaveLength(toCyElements(els.slice(0, 3)).length);
    expect(cy.layouts.at(-1)).toMatchObject({ name: 'preset', animate: false });
    w.unmount();
    expect(cy.destroyed).toBe(true);
  });

  it('loads cytoscape only once there is a picture to draw', async () => {
    const before = instances.length;
    const w = mountWith(TopologyCanvas, { props: { elements: [], theme: 'light' } });
    await flushPromises();
    expect(instances.length).toBe(before);
    await w.setProps({ elements: els });
    await flushPromises();
    expect(instances.length).toBe(before + 1);
    expect(instances.at(-1)!.options.elements).toEqual(toCyElements(els));
    w.unmount();
  });

  it('emits the tapped and hovered element ids, and null for the background', async () => {
    const w = mountWith(TopologyCanvas, { props: { elements: els, theme: 'light' } });
    await flushPromises();
    const cy = instances.at(-1)!;
    cy.handlers.tap!({ target: { id: () => 'np:node2' } });
    cy.handlers['mouseover node, edge']!({ target: { id: () => 'snat:node2:198.18.0.12', addClass: () => undefined } });
    cy.handlers['mouseout node, edge']!({ target: { removeClass: () => undefined } });
    expect(w.emitted('select')).toEqual([['np:node2']]);
    expect(w.emitted('hover')).toEqual([['snat:node2:198.18.0.12'], [null]]);
    w.unmount();
  });

  it('is keyboard reachable: focusable, arrows move through the elements, Escape clears, selection is announced', async () => {
    const w = mountWith(TopologyCanvas, { props: { elements: els, theme: 'light', selectedId: null } });
    await flushPromises();
    const canvas = w.get('[data-testid="topology-canvas"]');
    expect(canvas.attributes('tabindex')).toBe('0');
    await canvas.trigger('keydown', { key: 'ArrowRight' });
    const firstEdge = els.find((e) => e.group === 'edges')!.data.id;
    expect(w.emitted('select')!.at(-1)).toEqual([firstEdge]);
    await w.setProps({ selectedId: firstEdge });
    expect(instances.at(-1)!.selected).toBe(firstEdge);
    expect(w.get('[data-testid="canvas-announce"]').text()).not.toBe('');
    await canvas.trigger('keydown', { key: 'ArrowLeft' });
    // Wraps around: before the first path comes the last box.
    const order = [...els.filter((e) => e.group === 'edges'), ...els.filter((e) => e.group === 'nodes')];
    expect(w.emitted('select')!.at(-1)).toEqual([order.at(-1)!.data.id]);
    await canvas.trigger('keydown', { key: 'Escape' });
    expect(w.emitted('select')!.at(-1)).toEqual([null]);
    w.unmount();
  });

  it('a click on an edge label selects its path', async () => {
    const w = mountWith(TopologyCanvas, { props: { elements: els, theme: 'light' } });
    await flushPromises();
    const cy = instances.at(-1)!;
    const edge = els.find((e) => e.group === 'edges' && e.data.labelBox)!;
    cy.handlers.tap!({ target: { id: () => `label:${edge.data.id}`, data: (k: string) => (k === 'edge' ? edge.data.id : undefined) } });
    expect(w.emitted('select')).toEqual([[edge.data.id]]);
    w.unmount();
  });

  it('opens readable (zoom ≥ 1), and has zoom, fit and 1:1 controls', async () => {
    const w = mountWith(TopologyCanvas, { props: { elements: els, theme: 'light' } });
    await flushPromises();
    const cy = instances.at(-1)!;
    expect(cy.viewport.zoom).toBeGreaterThanOrEqual(1);
    const start = cy.viewport.zoom;
    await w.get('[data-testid="zoom-in"]').trigger('click');
    expect(cy.viewport.zoom).toBeCloseTo(start * 1.25);
    await w.get('[data-testid="zoom-out"]').trigger('click');
    await w.get('[data-testid="zoom-out"]').trigger('click');
    expect(cy.viewport.zoom).toBeCloseTo(start / 1.25);
    await w.get('[data-testid="zoom-actual"]').trigger('click');
    expect(cy.viewport.zoom).toBe(1);
    await w.get('[data-testid="zoom-fit"]').trigger('click');
    expect(cy.viewport.zoom).toBe(start);
    expect(w.find('[data-testid="minimap"]').exists()).toBe(true);
    await w.get('[data-testid="minimap-toggle"]').trigger('click');
    expect(w.find('[data-testid="minimap"]').exists()).toBe(false);
    w.unmount();
  });
});
