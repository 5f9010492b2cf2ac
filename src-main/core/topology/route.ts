// Orthogonal edge routing around boxes: every path leaves its source on the right, enters its
// target on the left, and runs along horizontal and vertical lines that keep a clearance from
// every box it does not connect to (a node box may only be crossed to reach a child of it).
// A* over a sparse grid made of the boxes' sides ± clearance, their centres and the ports; a
// bend costs extra and a line already used by another path costs more, so parallel paths get
// their own lines. Deterministic (ties broken by grid index) and fast enough for the few dozen
// elements a collapsed picture has.
import type { TopoPoint } from './types';

export interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface Obstacle extends Rect {
  id: string;
}

export interface RouteRequest {
  id: string;
  source: string;
  target: string;
}

export interface RouteWorld {
  /** Leaf elements and node boxes (a node box's rect includes its label band). */
  obstacles: Obstacle[];
  /** id → ids of the node boxes it sits in (crossing those is allowed on the way in or out). */
  ancestors: Map<string, string[]>;
}

export const CLEARANCE = 7;
const BEND = 24;
const SHARED = 4;
const PORT_STEP = 9;

/** Strictly inside (touching the border does not count). */
export function pointInside(r: Rect, x: number, y: number): boolean {
  return x > r.x1 && x < r.x2 && y > r.y1 && y < r.y2;
}

/** Whether the axis-parallel or oblique segment a→b passes through r's interior. */
export function segmentCrosses(r: Rect, a: TopoPoint, b: TopoPoint): boolean {
  // Liang–Barsky clipping against the open rectangle.
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const eps = 1e-6;
  const tests: [number, number][] = [
    [-dx, a.x - r.x1 - eps],
    [dx, r.x2 - a.x - eps],
    [-dy, a.y - r.y1 - eps],
    [dy, r.y2 - a.y - eps],
  ];
  for (const [p, q] of tests) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
  }
  return t1 - t0 > eps;
}

class Heap {
  private keys: number[] = [];
  private vals: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  push(key: number, val: number): void {
    const k = this.keys;
    const v = this.vals;
    let i = k.length;
    k.push(key);
    v.push(val);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (k[p]! < key || (k[p] === key && v[p]! <= val)) break;
      k[i] = k[p]!;
      v[i] = v[p]!;
      i = p;
    }
    k[i] = key;
    v[i] = val;
  }
  pop(): number {
    const k = this.keys;
    const v = this.vals;
    const top = v[0]!;
    const lastK = k.pop()!;
    const lastV = v.pop()!;
    if (k.length) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= k.length) break;
        const rr = l + 1;
        const c = rr < k.length && (k[rr]! < k[l]! || (k[rr] === k[l] && v[rr]! < v[l]!)) ? rr : l;
        if (k[c]! > lastK || (k[c] === lastK && v[c]! >= lastV)) break;
        k[i] = k[c]!;
        v[i] = v[c]!;
        i = c;
      }
      k[i] = lastK;
      v[i] = lastV;
    }
    return top;
  }
}

function uniqueSorted(values: number[]): number[] {
  const r = (v: number) => Math.round(v * 10) / 10;
  return [...new Set(values.map(r))].sort((a, b) => a - b);
}

/** Port positions: edges leaving (or entering) one element spread along its side. */
function ports(requests: RouteRequest[], rects: Map<string, Obstacle>, end: 'source' | 'target'): Map<string, number> {
  const by = new Map<string, RouteRequest[]>();
  for (const q of requests) by.set(q[end], [...(by.get(q[end]) ?? []), q]);
  const out = new Map<string, number>();
  for (const [id, list] of by) {
    const r = rects.get(id)!;
    const cy = (r.y1 + r.y2) / 2;
    const other = (q: RouteRequest) => rects.get(end === 'source' ? q.target : q.source)!;
    // Paths towards higher elements leave from higher on the side, so they do not cross at the port.
    list.sort((a, b) => other(a).y1 - other(b).y1 || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const step = Math.min(PORT_STEP, (r.y2 - r.y1 - 6) / Math.max(1, list.length));
    list.forEach((q, i) => out.set(q.id, cy + (i - (list.length - 1) / 2) * step));
  }
  return out;
}

export function routeEdges(world: RouteWorld, requests: RouteRequest[]): Map<string, TopoPoint[]> {
  const rects = new Map(world.obstacles.map((o) => [o.id, o] as const));
  const wanted = requests.filter((q) => rects.has(q.source) && rects.has(q.target) && q.source !== q.target);
  const out = new Map<string, TopoPoint[]>();
  if (!wanted.length) return out;
  const fromY = ports(wanted, rects, 'source');
  const toY = ports(wanted, rects, 'target');

  const xsRaw: number[] = [];
  const ysRaw: number[] = [];
  for (const o of world.obstacles) {
    xsRaw.push(o.x1 - CLEARANCE, o.x2 + CLEARANCE, (o.x1 + o.x2) / 2);
    ysRaw.push(o.y1 - CLEARANCE, o.y2 + CLEARANCE, (o.y1 + o.y2) / 2);
  }
  for (const q of wanted) {
    ysRaw.push(fromY.get(q.id)!, toY.get(q.id)!);
    xsRaw.push(rects.get(q.source)!.x2 + CLEARANCE, rects.get(q.target)!.x1 - CLEARANCE);
  }
  const xs0 = uniqueSorted(xsRaw);
  const ys0 = uniqueSorted(ysRaw);
  // Channels: the middle of every wide gap, so paths run down the middle rather than hugging boxes.
  const mids = (vs: number[]) => vs.flatMap((v, i) => (i && v - vs[i - 1]! > 4 * CLEARANCE ? [(v + vs[i - 1]!) / 2] : []));
  const xs = uniqueSorted([...xs0, ...mids(xs0)]);
  const ys = uniqueSorted([...ys0, ...mids(ys0)]);
  const NX = xs.length;
  const NY = ys.length;
  const xIndex = new Map(xs.map((v, i) => [v, i] as const));
  const yIndex = new Map(ys.map((v, i) => [v, i] as const));
  const rnd = (v: number) => Math.round(v * 10) / 10;

  // Which obstacles contain each grid point (interior, with clearance for leaves).
  const inside: (number[] | undefined)[] = new Array(NX * NY);
  world.obstacles.forEach((o, k) => {
    const x1 = o.x1 - CLEARANCE + 0.5;
    const x2 = o.x2 + CLEARANCE - 0.5;
    const y1 = o.y1 - CLEARANCE + 0.5;
    const y2 = o.y2 + CLEARANCE - 0.5;
    for (let i = lowerBound(xs, x1); i < NX && xs[i]! < x2; i++) {
      for (let j = lowerBound(ys, y1); j < NY && ys[j]! < y2; j++) {
        const cell = i * NY + j;
        (inside[cell] ??= []).push(k);
      }
    }
  });
  const used = new Map<number, number>();
  const scratch = newScratch(NX * NY);
  const segKey = (a: number, b: number) => (a < b ? a * NX * NY + b : b * NX * NY + a);

  for (const q of [...wanted].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const s = rects.get(q.source)!;
    const t = rects.get(q.target)!;
    const allowed = new Set<number>();
    const allowedIds = new Set([...(world.ancestors.get(q.source) ?? []), ...(world.ancestors.get(q.target) ?? [])]);
    world.obstacles.forEach((o, k) => {
      if (allowedIds.has(o.id)) allowed.add(k);
    });
    const sIdx = world.obstacles.indexOf(s);
    const tIdx = world.obstacles.indexOf(t);
    const startY = fromY.get(q.id)!;
    const endY = toY.get(q.id)!;
    const start = xIndex.get(rnd(s.x2 + CLEARANCE))! * NY + yIndex.get(rnd(startY))!;
    const goal = xIndex.get(rnd(t.x1 - CLEARANCE))! * NY + yIndex.get(rnd(endY))!;
    // The stubs out of the source and into the target may touch their own clearance zone.
    const ownStart = new Set([sIdx]);
    const ownGoal = new Set([tIdx]);
    const free = (cell: number) => {
      const list = inside[cell];
      if (!list) return true;
      for (const k of list) {
        if (allowed.has(k)) continue;
        if (cell === start && ownStart.has(k)) continue;
        if (cell === goal && ownGoal.has(k)) continue;
        if ((ownStart.has(k) || ownGoal.has(k)) && !pointInside(world.obstacles[k]!, xs[Math.floor(cell / NY)]!, ys[cell % NY]!)) continue;
        return false;
      }
      return true;
    };
    const path = astar(start, goal, NX, NY, xs, ys, free, used, segKey, scratch);
    let points: TopoPoint[];
    if (path) {
      points = path.map((c) => ({ x: xs[Math.floor(c / NY)]!, y: ys[c % NY]! }));
      for (let i = 1; i < path.length; i++) {
        const k = segKey(path[i - 1]!, path[i]!);
        used.set(k, (used.get(k) ?? 0) + 1);
      }
    } else {
      // No free way (should not happen with the layout's gaps): a plain dog-leg, which the
      // geometric check reports.
      const mx = (s.x2 + t.x1) / 2;
      points = [
        { x: s.x2 + CLEARANCE, y: startY },
        { x: mx, y: startY },
        { x: mx, y: endY },
        { x: t.x1 - CLEARANCE, y: endY },
      ];
    }
    out.set(q.id, simplify([{ x: s.x2, y: startY }, ...points, { x: t.x1, y: endY }]));
  }
  return out;
}

function lowerBound(vs: number[], v: number): number {
  let lo = 0;
  let hi = vs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (vs[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Drops points in the middle of straight runs. */
export function simplify(points: TopoPoint[]): TopoPoint[] {
  const out: TopoPoint[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && last.x === p.x && last.y === p.y) continue;
    if (out.length >= 2) {
      const a = out[out.length - 2]!;
      const b = last!;
      if ((a.x === b.x && b.x === p.x) || (a.y === b.y && b.y === p.y)) out.pop();
    }
    out.push(p);
  }
  return out;
}

interface Scratch {
  dist: Float64Array;
  prev: Int32Array;
  seen: Uint32Array;
  closed: Uint32Array;
  free: Uint32Array;
  freeValue: Uint8Array;
  generation: number;
}

// One set of arrays per routing run, reset by a generation stamp instead of refilling per edge.
function newScratch(cells: number): Scratch {
  return { dist: new Float64Array(cells * 4), prev: new Int32Array(cells * 4), seen: new Uint32Array(cells * 4), closed: new Uint32Array(cells * 4), free: new Uint32Array(cells), freeValue: new Uint8Array(cells), generation: 0 };
}

function astar(
  start: number,
  goal: number,
  NX: number,
  NY: number,
  xs: number[],
  ys: number[],
  free: (cell: number) => boolean,
  used: Map<number, number>,
  segKey: (a: number, b: number) => number,
  scratch: Scratch,
): number[] | null {
  // State = cell * 4 + direction of arrival (0 →, 1 ←, 2 ↓, 3 ↑); the first step leaves rightwards.
  const gen = ++scratch.generation;
  const { dist, prev, seen } = scratch;
  const distOf = (s: number) => (seen[s] === gen ? dist[s]! : Infinity);
  const heap = new Heap();
  const gx = xs[Math.floor(goal / NY)]!;
  const gy = ys[goal % NY]!;
  const h = (cell: number) => Math.abs(xs[Math.floor(cell / NY)]! - gx) + Math.abs(ys[cell % NY]! - gy);
  const s0 = start * 4;
  dist[s0] = 0;
  prev[s0] = -1;
  seen[s0] = gen;
  heap.push(h(start), s0);
  const isFree = (c: number) => {
    if (scratch.free[c] !== gen) {
      scratch.free[c] = gen;
      scratch.freeValue[c] = free(c) ? 1 : 0;
    }
    return scratch.freeValue[c] === 1;
  };
  while (heap.size) {
    const state = heap.pop();
    const cell = state >> 2;
    const dir = state & 3;
    const d = dist[state]!;
    if (scratch.closed[state] === gen) continue;
    scratch.closed[state] = gen;
    // Arriving from the left (heading right) into the goal: the path enters the target's left side.
    if (cell === goal && dir === 0) {
      const cells: number[] = [];
      for (let s = state; s !== -1; s = prev[s]!) cells.push(s >> 2);
      return cells.reverse();
    }
    const i = Math.floor(cell / NY);
    const j = cell % NY;
    for (let nd = 0; nd < 4; nd++) {
      // No U-turns.
      if ((dir ^ nd) === 1) continue;
      const ni = nd === 0 ? i + 1 : nd === 1 ? i - 1 : i;
      const nj = nd === 2 ? j + 1 : nd === 3 ? j - 1 : j;
      if (ni < 0 || nj < 0 || ni >= NX || nj >= NY) continue;
      const next = ni * NY + nj;
      if (!isFree(next)) continue;
      const len = nd < 2 ? Math.abs(xs[ni]! - xs[i]!) : Math.abs(ys[nj]! - ys[j]!);
      const shared = used.size ? (used.get(segKey(cell, next)) ?? 0) : 0;
      const cost = d + len * (1 + SHARED * shared) + (nd !== dir || (d === 0 && nd !== 0) ? BEND : 0);
      const ns = next * 4 + nd;
      if (cost < distOf(ns)) {
        dist[ns] = cost;
        seen[ns] = gen;
        prev[ns] = state;
        heap.push(cost + h(next), ns);
      }
    }
  }
  return null;
}
