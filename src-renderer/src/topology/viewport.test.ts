import { describe, expect, it } from 'vitest';
import { buildTopology } from '../../../src-main/contract';
import { seedSession } from '../test/fixtures';
import { focusBox, pathEdges, READABLE_ZOOM, viewFor } from './viewport';

const model = buildTopology({ kind: 'session', session: seedSession() });

describe('default view', () => {
  it('fits a small focus, centred, but never zooms in past the fit cap', () => {
    const v = viewFor({ x1: 0, y1: 0, x2: 100, y2: 50 }, 1000, 600);
    expect(v.zoom).toBeCloseTo(1.6);
    expect(v.pan.x).toBeCloseTo(500 - 1.6 * 50);
    expect(v.pan.y).toBeCloseTo(300 - 1.6 * 25);
  });

  it('keeps text readable: a focus too big for the canvas is shown at zoom 1 from its origin side', () => {
    const v = viewFor({ x1: 100, y1: 40, x2: 3100, y2: 1040 }, 1000, 600);
    expect(v.zoom).toBe(READABLE_ZOOM);
    expect(v.pan).toEqual({ x: 24 - 100, y: 24 - 40 });
  });

  it('focuses on the paths: every edge route and label lies in the box', () => {
    const box = focusBox(model.elements)!;
    for (const e of model.elements) {
      if (e.group !== 'edges') continue;
      for (const p of e.data.route) expect(p.x >= box.x1 && p.x <= box.x2 && p.y >= box.y1 && p.y <= box.y2).toBe(true);
    }
    // One path's edges: a smaller box inside the whole.
    const first = model.elements.find((e) => e.group === 'edges')!;
    const one = focusBox(model.elements, pathEdges(model.elements, first.data.id))!;
    expect(one.x2 - one.x1).toBeLessThanOrEqual(box.x2 - box.x1);
    expect(pathEdges(model.elements, first.data.id).has(first.data.id)).toBe(true);
  });
});
