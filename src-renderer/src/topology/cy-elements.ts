// The layout's elements as cytoscape elements, drawn exactly where the layout put them: each
// path follows its routed line (segments, with the end points on the sides the router chose)
// and each edge label is a node of its own at the box the layout reserved for it, so nothing
// on screen overlaps that the geometric test says is clear. Exports draw the same routes.
import type { TopoEdgeData, TopoElement, TopoPoint } from '../../../src-main/contract';

export interface CyElement {
  group: 'nodes' | 'edges';
  data: Record<string, unknown>;
  position?: { x: number; y: number };
  classes?: string;
}

export const LABEL_PREFIX = 'label:';

const r = (v: number) => Math.round(v * 100) / 100;

/** cytoscape's segment weights and distances for the bends, relative to the line between the two node centres. */
export function segmentsFor(route: TopoPoint[], s: TopoPoint, t: TopoPoint): { weights: string; distances: string } | null {
  const bends = route.slice(1, -1);
  if (!bends.length) return null;
  const vx = t.x - s.x;
  const vy = t.y - s.y;
  const l2 = vx * vx + vy * vy || 1;
  const l = Math.sqrt(l2);
  const w: number[] = [];
  const d: number[] = [];
  for (const p of bends) {
    w.push(r(((p.x - s.x) * vx + (p.y - s.y) * vy) / l2));
    // cytoscape measures distances along (-vy, vx) / |v|.
    d.push(r(((p.x - s.x) * -vy + (p.y - s.y) * vx) / l));
  }
  return { weights: w.join(' '), distances: d.join(' ') };
}

export function toCyElements(elements: TopoElement[]): CyElement[] {
  const positions = new Map<string, TopoPoint>();
  for (const e of elements) if (e.group === 'nodes') positions.set(e.data.id, e.data.bbox ? { x: (e.data.bbox.x1 + e.data.bbox.x2) / 2, y: (e.data.bbox.y1 + e.data.bbox.y2) / 2 } : e.position);
  const out: CyElement[] = [];
  const labels: CyElement[] = [];
  for (const e of elements) {
    if (e.group === 'nodes') {
      out.push({ group: 'nodes', data: JSON.parse(JSON.stringify(e.data)) as Record<string, unknown>, position: { ...e.position } });
      continue;
    }
    const d: TopoEdgeData = e.data;
    const data = JSON.parse(JSON.stringify(d)) as Record<string, unknown>;
    const s = positions.get(d.source);
    const t = positions.get(d.target);
    if (s && t && d.route.length >= 2) {
      const first = d.route[0]!;
      const last = d.route[d.route.length - 1]!;
      data.sourceEndpoint = `${r(first.x - s.x)}px ${r(first.y - s.y)}px`;
      data.targetEndpoint = `${r(last.x - t.x)}px ${r(last.y - t.y)}px`;
      const seg = segmentsFor(d.route, s, t);
      if (seg) {
        data.segWeights = seg.weights;
        data.segDistances = seg.distances;
      }
    }
    out.push({ group: 'edges', data, classes: data.segWeights ? 'routed' : 'straight' });
    const text = d.text || d.label;
    if (d.labelBox && text) {
      const b = d.labelBox;
      labels.push({
        group: 'nodes',
        data: { id: `${LABEL_PREFIX}${d.id}`, kind: 'edge-label', edge: d.id, verdict: d.verdict, label: d.badge !== undefined ? String(d.badge) : text, badge: d.badge ?? null, w: b.x2 - b.x1, h: b.y2 - b.y1 },
        position: { x: (b.x1 + b.x2) / 2, y: (b.y1 + b.y2) / 2 },
      });
    }
  }
  return [...out, ...labels];
}
