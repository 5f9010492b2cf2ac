// Edge labels placed where they overlap nothing: no other label, no box, no marker, and no node
// box border (a label sits wholly inside a node box it belongs to, or wholly outside). Candidates
// run along the label's own path, centred on it or just beside it, middle first; a label that
// fits nowhere becomes a small numbered badge (the text goes to the picture's key), and a badge
// is placed the same way. Deterministic: edges in id order, candidates in a fixed order.
import type { Rect } from './route';
import { TOPO_METRICS as M } from './style';
import type { TopoBox, TopoPoint } from './types';

export interface LabelRequest {
  id: string;
  text: string;
  route: TopoPoint[];
  /** Node boxes the path's ends sit in: a label may lie wholly inside those. */
  containers: Set<string>;
}

export interface LabelWorld {
  /** Leaf elements (including markers): nothing may touch them. */
  leaves: Rect[];
  /** Node boxes (with their label band): a label lies wholly inside (its own) or wholly outside. */
  boxes: (Rect & { id: string })[];
}

export interface PlacedLabel {
  box: TopoBox;
  badge?: number;
}

const GAP = 2;

function isWide(code: number): boolean {
  return (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6) || code >= 0x20000;
}

/** The drawn size of an edge label (its background box) at TOPO_METRICS.edgeFontSize. */
export function edgeLabelSize(text: string): { w: number; h: number } {
  const lines = text.split('\n');
  let widest = 0;
  for (const line of lines) {
    let w = 0;
    for (const ch of line) w += isWide(ch.codePointAt(0) ?? 0) ? M.edgeFontSize * 1.08 : M.edgeFontSize * 0.6;
    widest = Math.max(widest, w);
  }
  return { w: Math.ceil(widest + 2 * M.edgeLabelPad), h: lines.length * M.edgeLineHeight + 4 };
}

export function overlaps(a: Rect, b: Rect, gap = 0): boolean {
  return a.x1 < b.x2 + gap && b.x1 < a.x2 + gap && a.y1 < b.y2 + gap && b.y1 < a.y2 + gap;
}

export function contains(outer: Rect, inner: Rect): boolean {
  return inner.x1 >= outer.x1 && inner.x2 <= outer.x2 && inner.y1 >= outer.y1 && inner.y2 <= outer.y2;
}

const FRACTIONS = [0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9];

function candidates(route: TopoPoint[], w: number, h: number): TopoBox[] {
  const segs: { a: TopoPoint; b: TopoPoint; len: number; horizontal: boolean; order: number }[] = [];
  for (let i = 1; i < route.length; i++) {
    const a = route[i - 1]!;
    const b = route[i]!;
    segs.push({ a, b, len: Math.hypot(b.x - a.x, b.y - a.y), horizontal: a.y === b.y, order: i });
  }
  // Long horizontal runs first (text reads along them), then the rest; ties in path order.
  segs.sort((p, q) => Number(q.horizontal) - Number(p.horizontal) || q.len - p.len || p.order - q.order);
  const out: TopoBox[] = [];
  for (const s of segs) {
    for (const f of FRACTIONS) {
      const cx = s.a.x + (s.b.x - s.a.x) * f;
      const cy = s.a.y + (s.b.y - s.a.y) * f;
      // On the line, then just beside it, then stacked further off (parallel paths share a corridor).
      const offsets: [number, number][] = [[0, 0]];
      for (let k = 0; k < 3; k++) {
        if (s.horizontal) offsets.push([0, -(h / 2 + 3 + k * (h + 3))], [0, h / 2 + 3 + k * (h + 3)]);
        else offsets.push([w / 2 + 3 + k * (w + 3), 0], [-(w / 2 + 3 + k * (w + 3)), 0]);
      }
      for (const [dx, dy] of offsets) out.push({ x1: cx + dx - w / 2, y1: cy + dy - h / 2, x2: cx + dx + w / 2, y2: cy + dy + h / 2 });
    }
  }
  return out;
}

/** Wider rings around the path's middle, for a badge that found no room on the path itself. */
function around(route: TopoPoint[], w: number, h: number): TopoBox[] {
  const out: TopoBox[] = [];
  const anchors = [route[Math.floor(route.length / 2)]!, ...route];
  for (let radius = 14; radius <= 320; radius += 12) {
    for (const a of anchors) {
      for (let k = 0; k < 16; k++) {
        const angle = (k * Math.PI) / 8;
        const cx = a.x + Math.cos(angle) * radius;
        const cy = a.y + Math.sin(angle) * radius;
        out.push({ x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2 });
      }
    }
  }
  return out;
}

export function placeLabels(world: LabelWorld, requests: LabelRequest[]): { placed: Map<string, PlacedLabel>; key: { n: number; edge: string; text: string }[] } {
  const taken: Rect[] = [];
  const placed = new Map<string, PlacedLabel>();
  const key: { n: number; edge: string; text: string }[] = [];
  const fits = (r: Rect, containers: Set<string>) => {
    if (r.x1 < 0 || r.y1 < 0) return false;
    for (const l of world.leaves) if (overlaps(r, l, GAP)) return false;
    for (const b of world.boxes) {
      if (!overlaps(r, b, GAP)) continue;
      // Inside its own node box, clear of the border.
      if (containers.has(b.id) && contains({ x1: b.x1 + GAP, y1: b.y1 + M.boxLabel + GAP, x2: b.x2 - GAP, y2: b.y2 - GAP }, r)) continue;
      return false;
    }
    for (const t of taken) if (overlaps(r, t, GAP)) return false;
    return true;
  };
  const sorted = [...requests].filter((q) => q.text && q.route.length >= 2).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const late: LabelRequest[] = [];
  for (const q of sorted) {
    const { w, h } = edgeLabelSize(q.text);
    const box = candidates(q.route, w, h).find((c) => fits(c, q.containers));
    if (box) {
      taken.push(box);
      placed.set(q.id, { box });
    } else late.push(q);
  }
  // Badges after every label that fits, so a badge never takes a label's place.
  for (const q of late) {
    const n = key.length + 1;
    const { w, h } = edgeLabelSize(String(n));
    const list = candidates(q.route, w, h);
    const box = list.find((c) => fits(c, q.containers)) ?? around(q.route, w, h).find((c) => fits(c, q.containers)) ?? list[0]!;
    taken.push(box);
    placed.set(q.id, { box, badge: n });
    key.push({ n, edge: q.id, text: q.text });
  }
  return { placed, key };
}
