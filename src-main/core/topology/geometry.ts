// The picture's geometry, checked: every box, marker and label as a rectangle from the layout's
// output, and what overlaps what. The geometric tests run this over every fixture; it is also
// what says a deliberately overlapping layout is wrong. Environment-neutral.
import { contains, overlaps } from './place-labels';
import { segmentCrosses, type Rect } from './route';
import { TOPO_METRICS as M } from './style';
import type { TopoEdgeData, TopoElement, Topology } from './types';

type NodeEl = Extract<TopoElement, { group: 'nodes' }>;

export function nodeRect(n: NodeEl): Rect {
  const b = n.data.bbox;
  // A node box owns the band above it where its name is written.
  if (b) return { x1: b.x1, y1: b.y1 - M.boxLabel, x2: b.x2, y2: b.y2 };
  return { x1: n.position.x - n.data.w / 2, y1: n.position.y - n.data.h / 2, x2: n.position.x + n.data.w / 2, y2: n.position.y + n.data.h / 2 };
}

function ancestors(id: string, byId: Map<string, NodeEl>): string[] {
  const out: string[] = [];
  for (let p = byId.get(id)?.data.parent; p; p = byId.get(p)?.data.parent) out.push(p);
  return out;
}

/** Everything that overlaps what it must not, as readable sentences; empty when the picture is clean. */
export function layoutProblems(t: Pick<Topology, 'elements'>): string[] {
  const nodes = t.elements.filter((e): e is NodeEl => e.group === 'nodes');
  const edges = t.elements.filter((e): e is Extract<TopoElement, { group: 'edges' }> => e.group === 'edges').map((e) => e.data);
  const byId = new Map(nodes.map((n) => [n.data.id, n] as const));
  const leaves = nodes.filter((n) => n.data.kind !== 'node').map((n) => ({ id: n.data.id, r: nodeRect(n), anc: ancestors(n.data.id, byId) }));
  const boxes = nodes.filter((n) => n.data.kind === 'node').map((n) => ({ id: n.data.id, r: nodeRect(n) }));
  const problems: string[] = [];

  // Boxes and markers never overlap one another (a child inside its own node box is fine).
  for (let i = 0; i < leaves.length; i++) for (let j = i + 1; j < leaves.length; j++) if (overlaps(leaves[i]!.r, leaves[j]!.r)) problems.push(`box ${leaves[i]!.id} overlaps box ${leaves[j]!.id}`);
  for (const l of leaves) for (const b of boxes) if (overlaps(l.r, b.r) && !(l.anc.includes(b.id) && contains(b.r, l.r))) problems.push(`box ${l.id} overlaps node box ${b.id}`);
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlaps(boxes[i]!.r, boxes[j]!.r)) problems.push(`node box ${boxes[i]!.id} overlaps node box ${boxes[j]!.id}`);

  const labelled = edges.filter((e): e is TopoEdgeData & { labelBox: NonNullable<TopoEdgeData['labelBox']> } => e.labelBox !== null && e.labelBox !== undefined);
  for (let i = 0; i < labelled.length; i++) {
    for (let j = i + 1; j < labelled.length; j++) if (overlaps(labelled[i]!.labelBox, labelled[j]!.labelBox)) problems.push(`label of ${labelled[i]!.id} overlaps label of ${labelled[j]!.id}`);
  }
  for (const e of labelled) {
    const own = new Set([...ancestors(e.source, byId), ...ancestors(e.target, byId)]);
    for (const l of leaves) if (overlaps(e.labelBox, l.r)) problems.push(`label of ${e.id} overlaps ${l.id}`);
    for (const b of boxes) {
      if (!overlaps(e.labelBox, b.r)) continue;
      const inner = { x1: b.r.x1, y1: b.r.y1 + M.boxLabel, x2: b.r.x2, y2: b.r.y2 };
      if (own.has(b.id) && contains(inner, e.labelBox)) continue;
      problems.push(`label of ${e.id} overlaps node box ${b.id}`);
    }
  }

  for (const e of edges) {
    const route = e.route ?? [];
    if (route.length < 2) {
      problems.push(`edge ${e.id} has no route`);
      continue;
    }
    const own = new Set([e.source, e.target, ...ancestors(e.source, byId), ...ancestors(e.target, byId)]);
    for (let i = 1; i < route.length; i++) {
      const a = route[i - 1]!;
      const b = route[i]!;
      for (const l of leaves) if (!own.has(l.id) && segmentCrosses(l.r, a, b)) problems.push(`edge ${e.id} passes through ${l.id}`);
      for (const x of boxes) if (!own.has(x.id) && segmentCrosses(x.r, a, b)) problems.push(`edge ${e.id} passes through node box ${x.id}`);
    }
  }
  return [...new Set(problems)];
}
