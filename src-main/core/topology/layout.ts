// A deterministic layered layout, linear in the number of elements: clients (column A) →
// relays, load balancers and service information (column B) → node boxes stacked by name
// (column C), each box holding its NodePort badge and senders, then SNAT markers, then pods.
// Renderers use these positions as they are (cytoscape: layout 'preset'), so the same input
// always gives the same picture, on screen and in exports.
import { edgeLabelSize, placeLabels } from './place-labels';
import { routeEdges, type Obstacle } from './route';
import type { Scene, SceneNode } from './scene';
import { TOPO_METRICS as M, VERDICT_STYLE } from './style';
import { cmp } from './traces';
import type { LabelKeyEntry, TopoBox, TopoEdgeData, TopoElement, TopoNodeData } from './types';

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    code >= 0x20000
  );
}

/** The drawn size of a leaf node for its label (monospace-like estimate, CJK twice as wide). */
export function labelSize(label: string): { w: number; h: number } {
  const lines = label.split('\n');
  let widest = 0;
  for (const line of lines) {
    let w = 0;
    for (const ch of line) w += isWide(ch.codePointAt(0) ?? 0) ? M.wideCharWidth : M.charWidth;
    widest = Math.max(widest, w);
  }
  return { w: Math.max(M.minWidth, Math.ceil(widest + 2 * M.padX)), h: lines.length * M.lineHeight + 2 * M.padY };
}

interface Placed {
  node: SceneNode;
  w: number;
  h: number;
  x: number;
  y: number;
  bbox?: TopoBox;
}

const byOrder = (a: SceneNode, b: SceneNode) => cmp(a.order, b.order) || cmp(a.data.id, b.data.id);

function stack(list: SceneNode[], gap: number): { items: { node: SceneNode; w: number; h: number }[]; width: number; height: number } {
  const items = list.sort(byOrder).map((node) => ({ node, ...labelSize(node.data.label) }));
  const width = items.reduce((m, i) => Math.max(m, i.w), 0);
  const height = items.reduce((s, i) => s + i.h, 0) + Math.max(0, items.length - 1) * gap;
  return { items, width, height };
}

/** The label as drawn: the verdict's symbol first (✓ ⇄ ↪ ✕ …), so the path itself carries it; a path without words shows the symbol alone. */
export function drawnText(e: Pick<TopoEdgeData, 'label' | 'verdict' | 'bundle'>): string {
  const symbol = VERDICT_STYLE[e.verdict].symbol;
  // Bundled paths (a node group's members) say how many they stand for, as Hubble and Kiali do.
  const count = e.bundle && e.bundle > 1 ? ` ×${e.bundle}` : '';
  if (!e.label) return `${symbol}${count}`;
  const text = e.label.split('\n').some((l) => l.startsWith(symbol)) ? e.label : `${symbol} ${e.label}`;
  if (!count) return text;
  const [first, ...rest] = text.split('\n');
  return [`${first}${count}`, ...rest].join('\n');
}

/** Gaps wide enough for the labels that will sit in them (capped, so one long name cannot blow the picture up). */
function labelRoom(edges: TopoEdgeData[], which: (e: TopoEdgeData) => boolean, min: number): number {
  let widest = 0;
  for (const e of edges) if (which(e)) widest = Math.max(widest, edgeLabelSize(drawnText(e)).w);
  return Math.max(min, Math.min(widest, 320) + 4 * 7 + 8);
}

export function layoutScene(scene: Scene): { elements: TopoElement[]; width: number; height: number; labelKey: LabelKeyEntry[] } {
  const sceneEdges = [...scene.edges.values()];
  const outside = (id: string) => !scene.nodes.get(id)?.data.parent;
  // Entry labels sit between the outside columns and the node boxes; delivery labels inside boxes.
  const columnGap = labelRoom(sceneEdges, (e) => outside(e.source), M.columnGap);
  const podGap = labelRoom(sceneEdges, (e) => !outside(e.source) && !outside(e.target), M.podGap);
  const colA: SceneNode[] = [];
  const colB: SceneNode[] = [];
  const info: SceneNode[] = [];
  const boxes: SceneNode[] = [];
  const groups: SceneNode[] = [];
  const children = new Map<string, [SceneNode[], SceneNode[], SceneNode[]]>();
  for (const n of scene.nodes.values()) {
    const p = n.place;
    if ('box' in p) {
      const slot = children.get(p.box) ?? [[], [], []];
      slot[p.inner].push(n);
      children.set(p.box, slot);
    } else if (n.data.kind === 'node') boxes.push(n);
    else if (p.col === 'C') groups.push(n);
    else if (p.col === 'info') info.push(n);
    else (p.col === 'A' ? colA : colB).push(n);
  }
  boxes.sort(byOrder);
  groups.sort(byOrder);

  // Inner columns share one width across all boxes so the boxes line up.
  const stacks = new Map(boxes.map((b) => [b.data.id, (children.get(b.data.id) ?? [[], [], []]).map((list) => stack(list, M.childGap))] as const));
  const innerW = [0, 1, 2].map((k) => Math.max(0, ...[...stacks.values()].map((s) => s[k]!.width)));
  const active = innerW.map((w) => w > 0);
  // Gaps leave room for edge labels: short hop badge → marker, long hop into the pods.
  const innerOffset: number[] = [];
  let offset = 0;
  for (let k = 0; k < 3; k++) {
    const gap = k === 2 ? podGap : M.markerGap;
    if (active[k] && offset > 0) offset += gap;
    innerOffset.push(offset);
    if (active[k]) offset += innerW[k]!;
  }
  const contentW = offset;
  const boxW = Math.max(contentW + 2 * M.boxPad, ...boxes.map((b) => labelSize(b.data.label).w));

  const placed: Placed[] = [];
  const a = stack(colA, M.boxGap);
  // Column B: one lane (row) per relay or load balancer, its rewrite marker beside it, so a path
  // through a relay reads left to right: relay → where it rewrote the source → the node.
  const rowKey = (n: SceneNode) => (n.data.kind === 'relay' ? `relay:${n.data.name}` : n.data.kind === 'lb' ? `lb:${n.data.address ?? n.data.name}` : null);
  const heads = colB.filter((n) => rowKey(n) !== null);
  const headKeys = new Set(heads.map(rowKey));
  const besides = new Map<string, SceneNode[]>();
  const rest: SceneNode[] = [];
  for (const n of colB) {
    if (rowKey(n) !== null) continue;
    if (n.data.kind === 'snat' && n.data.at && headKeys.has(n.data.at)) besides.set(n.data.at, [...(besides.get(n.data.at) ?? []), n]);
    else rest.push(n);
  }
  const b = stack([...heads, ...rest], M.boxGap);
  const side = new Map([...besides].map(([k, list]) => [k, stack(list, M.childGap)] as const));
  const sideW = Math.max(0, ...[...side.values()].map((s) => s.width));
  const headW = b.width;
  if (sideW > 0) b.width = headW + M.markerGap + sideW;
  for (const item of b.items) {
    const s = side.get(rowKey(item.node) ?? '');
    if (s) item.h = Math.max(item.h, s.height);
  }
  b.height = b.items.reduce((sum, i) => sum + i.h, 0) + Math.max(0, b.items.length - 1) * M.boxGap;
  const facts = stack(info, M.childGap);
  const groupStack = stack(groups, M.boxGap);
  const widthA = Math.max(a.width, facts.width);
  const xA = 0;
  const xB = a.items.length || facts.items.length ? widthA + columnGap : 0;
  const xC = xB + (b.items.length ? b.width + columnGap : 0);
  const colCWidth = Math.max(boxes.length ? boxW : 0, groupStack.width);

  // Column C: node boxes, then collapsed groups.
  let y = 0;
  for (const box of boxes) {
    y += M.boxLabel;
    const top = y;
    const left = xC;
    let innerH = 0;
    const s = stacks.get(box.data.id)!;
    // Markers start one row below the badge, so a path that keeps the client address (badge →
    // pod, straight across) never appears to pass through a SNAT marker.
    const firstRow = s[0]!.items[0] ? s[0]!.items[0].h + M.childGap : 0;
    for (let k = 0; k < 3; k++) {
      let cy = top + M.boxPad + (k === 1 ? firstRow : 0);
      for (const item of s[k]!.items) {
        // Left-aligned in their column: the box's left/top edge is then exactly children + padding.
        placed.push({ node: item.node, w: item.w, h: item.h, x: left + M.boxPad + innerOffset[k]! + item.w / 2, y: cy + item.h / 2 });
        cy += item.h + M.childGap;
      }
      innerH = Math.max(innerH, s[k]!.height + (k === 1 && s[k]!.items.length ? firstRow : 0));
    }
    const h = innerH + 2 * M.boxPad;
    const bbox = { x1: left, y1: top, x2: left + boxW, y2: top + h };
    placed.push({ node: box, w: boxW, h, x: left + boxW / 2, y: top + h / 2, bbox });
    y = top + h + M.boxGap;
  }
  for (const item of groupStack.items) {
    placed.push({ node: item.node, w: item.w, h: item.h, x: xC + colCWidth / 2, y: y + item.h / 2 });
    y += item.h + M.boxGap;
  }
  const heightC = Math.max(0, y - M.boxGap);

  // Service facts sit above the clients, off the paths; clients and relays centre on the nodes.
  const factsBottom = facts.items.length ? facts.height + M.boxGap * 2 : 0;
  const total = Math.max(heightC, b.height, factsBottom + a.height);
  const column = (s: ReturnType<typeof stack>, x: number, width: number, top: number, gap: number) => {
    let cy = top;
    for (const item of s.items) {
      placed.push({ node: item.node, w: item.w, h: item.h, x: x + width / 2, y: cy + item.h / 2 });
      cy += item.h + gap;
    }
  };
  column(facts, xA, widthA, 0, M.childGap);
  column(a, xA, widthA, Math.max(factsBottom, (total - a.height) / 2), M.boxGap);
  {
    let cy = (total - b.height) / 2;
    for (const item of b.items) {
      const own = labelSize(item.node.data.label);
      placed.push({ node: item.node, w: own.w, h: own.h, x: xB + (sideW > 0 ? headW / 2 : b.width / 2), y: cy + item.h / 2 });
      const s = side.get(rowKey(item.node) ?? '');
      if (s) {
        let sy = cy + (item.h - s.height) / 2;
        for (const m of s.items) {
          placed.push({ node: m.node, w: m.w, h: m.h, x: xB + headW + M.markerGap + m.w / 2, y: sy + m.h / 2 });
          sy += m.h + M.childGap;
        }
      }
      cy += item.h + M.boxGap;
    }
  }

  // Shift so the picture starts at the margin; round so positions are stable across platforms.
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of placed) {
    const top = p.bbox ? p.bbox.y1 - M.boxLabel : p.y - p.h / 2;
    minX = Math.min(minX, p.x - p.w / 2);
    maxX = Math.max(maxX, p.x + p.w / 2);
    minY = Math.min(minY, top);
    maxY = Math.max(maxY, p.y + p.h / 2);
  }
  if (!placed.length) minX = minY = maxX = maxY = 0;
  const dx = M.margin - minX;
  const dy = M.margin - minY;
  const r = (v: number) => Math.round(v * 10) / 10;

  const elements: TopoElement[] = [];
  const order = (p: Placed) => {
    const n = p.node;
    if (n.data.kind === 'node') return `2:${n.order}:0`;
    if ('box' in n.place) return `2:${scene.nodes.get(n.place.box)?.order ?? ''}:1:${n.place.inner}:${n.order}`;
    return `${n.place.col === 'info' ? 0 : n.place.col === 'A' ? 1 : n.place.col === 'B' ? 1.5 : 3}:${n.order}`;
  };
  placed.sort((p, q) => cmp(order(p), order(q)) || cmp(p.node.data.id, q.node.data.id));
  for (const p of placed) {
    const data: TopoNodeData = { ...p.node.data, w: r(p.w), h: r(p.h) };
    if (p.bbox) data.bbox = { x1: r(p.bbox.x1 + dx), y1: r(p.bbox.y1 + dy), x2: r(p.bbox.x2 + dx), y2: r(p.bbox.y2 + dy) };
    elements.push({ group: 'nodes', data, position: { x: r(p.x + dx), y: r(p.y + dy) } });
  }

  // Routes and labels, from the final positions.
  const nodeEls = elements as Extract<TopoElement, { group: 'nodes' }>[];
  const obstacles: Obstacle[] = nodeEls.map((n) => {
    const b = n.data.bbox;
    if (b) return { id: n.data.id, x1: b.x1, y1: b.y1 - M.boxLabel, x2: b.x2, y2: b.y2 };
    return { id: n.data.id, x1: n.position.x - n.data.w / 2, y1: n.position.y - n.data.h / 2, x2: n.position.x + n.data.w / 2, y2: n.position.y + n.data.h / 2 };
  });
  const ancestors = new Map<string, string[]>();
  for (const n of nodeEls) if (n.data.parent) ancestors.set(n.data.id, [n.data.parent]);
  const sortedEdges = sceneEdges.sort((p, q) => cmp(p.id, q.id));
  const routes = routeEdges({ obstacles, ancestors }, sortedEdges.map((e) => ({ id: e.id, source: e.source, target: e.target })));
  const { placed: labelsAt, key } = placeLabels(
    { leaves: obstacles.filter((o) => scene.nodes.get(o.id)?.data.kind !== 'node'), boxes: obstacles.filter((o) => scene.nodes.get(o.id)?.data.kind === 'node') },
    sortedEdges.map((e) => ({ id: e.id, text: drawnText(e), route: routes.get(e.id) ?? [], containers: new Set([...(ancestors.get(e.source) ?? []), ...(ancestors.get(e.target) ?? [])]) })),
  );
  let width = maxX - minX + 2 * M.margin;
  let height = maxY - minY + 2 * M.margin;
  for (const e of sortedEdges) {
    const route = (routes.get(e.id) ?? []).map((p) => ({ x: r(p.x), y: r(p.y) }));
    const label = labelsAt.get(e.id);
    const labelBox = label ? { x1: r(label.box.x1), y1: r(label.box.y1), x2: r(label.box.x2), y2: r(label.box.y2) } : null;
    for (const p of route) {
      width = Math.max(width, p.x + M.margin);
      height = Math.max(height, p.y + M.margin);
    }
    if (labelBox) {
      width = Math.max(width, labelBox.x2 + M.margin);
      height = Math.max(height, labelBox.y2 + M.margin);
    }
    const data: TopoEdgeData = { ...e, text: drawnText(e), route, labelBox };
    if (label?.badge !== undefined) data.badge = label.badge;
    elements.push({ group: 'edges', data });
  }
  return { elements, width: r(width), height: r(height), labelKey: key };
}
