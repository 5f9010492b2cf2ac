// Where the canvas looks by default: at the paths in focus, never so far out that text drops
// below a readable size. Edge labels are TOPO_METRICS.edgeFontSize (11) px at zoom 1, so the
// default zoom never goes below 1; when the paths do not fit at that size, the view starts at
// their origin side (left, top) and the minimap shows the rest. Pure, for tests.
import type { TopoBox, TopoElement } from '../../../src-main/contract';

export const READABLE_ZOOM = 1;
export const MAX_FIT_ZOOM = 1.6;
export const ZOOM_STEP = 1.25;
export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 4;

export interface View {
  zoom: number;
  pan: { x: number; y: number };
}

function grow(b: TopoBox | null, x1: number, y1: number, x2: number, y2: number): TopoBox {
  return b ? { x1: Math.min(b.x1, x1), y1: Math.min(b.y1, y1), x2: Math.max(b.x2, x2), y2: Math.max(b.y2, y2) } : { x1, y1, x2, y2 };
}

/** The box around the given paths (all when none are given): their routes, labels and end boxes. */
export function focusBox(elements: TopoElement[], edgeIds?: Set<string>): TopoBox | null {
  const nodes = new Map<string, Extract<TopoElement, { group: 'nodes' }>>();
  for (const e of elements) if (e.group === 'nodes') nodes.set(e.data.id, e);
  let box: TopoBox | null = null;
  for (const e of elements) {
    if (e.group !== 'edges' || (edgeIds && !edgeIds.has(e.data.id))) continue;
    for (const p of e.data.route) box = grow(box, p.x, p.y, p.x, p.y);
    const l = e.data.labelBox;
    if (l) box = grow(box, l.x1, l.y1, l.x2, l.y2);
    for (const id of [e.data.source, e.data.target]) {
      const n = nodes.get(id);
      if (n) box = grow(box, n.position.x - n.data.w / 2, n.position.y - n.data.h / 2, n.position.x + n.data.w / 2, n.position.y + n.data.h / 2);
    }
  }
  if (box) return box;
  // No paths: the whole picture.
  for (const n of nodes.values()) {
    const b = n.data.bbox;
    box = b ? grow(box, b.x1, b.y1 - 40, b.x2, b.y2) : grow(box, n.position.x - n.data.w / 2, n.position.y - n.data.h / 2, n.position.x + n.data.w / 2, n.position.y + n.data.h / 2);
  }
  return box;
}

/** Zoom and pan that show `focus` in a `width`×`height` canvas, at a readable size. */
export function viewFor(focus: TopoBox, width: number, height: number, padding = 24, minZoom = READABLE_ZOOM): View {
  const bw = Math.max(1, focus.x2 - focus.x1);
  const bh = Math.max(1, focus.y2 - focus.y1);
  const fit = Math.min((width - 2 * padding) / bw, (height - 2 * padding) / bh);
  const zoom = Math.max(minZoom, Math.min(MAX_FIT_ZOOM, fit));
  const x = bw * zoom <= width - 2 * padding ? width / 2 - zoom * (focus.x1 + bw / 2) : padding - zoom * focus.x1;
  const y = bh * zoom <= height - 2 * padding ? height / 2 - zoom * (focus.y1 + bh / 2) : padding - zoom * focus.y1;
  return { zoom, pan: { x, y } };
}

/** Paths sharing a path id with the given edge (the whole path one click selected). */
export function pathEdges(elements: TopoElement[], edgeId: string): Set<string> {
  const edge = elements.find((e) => e.group === 'edges' && e.data.id === edgeId);
  if (!edge || edge.group !== 'edges') return new Set();
  const ids = new Set(edge.data.pathIds);
  return new Set(elements.filter((e) => e.group === 'edges' && e.data.pathIds.some((p) => ids.has(p))).map((e) => e.data.id));
}
