// What changed between two runs of the same kind: cells whose verdict, observed address or
// rewriting hop differ, and paths that appeared or vanished. Pure.
import type { Run, RunCell } from './run-cells';

export type Field = 'verdict' | 'observed' | 'rewritingHop';

export interface CellChange {
  key: string;
  label: string;
  change: 'changed' | 'new' | 'vanished';
  fields: { field: Field; before: string | null; after: string | null }[];
  before: RunCell | null;
  after: RunCell | null;
}

export interface RunDiff {
  before: string;
  after: string;
  unchanged: number;
  changes: CellChange[];
}

const FIELDS: Field[] = ['verdict', 'observed', 'rewritingHop'];

export function diffRuns(before: Run, after: Run): RunDiff {
  if (before.kind !== after.kind) throw new Error(`cannot compare a ${before.kind} with an ${after.kind === 'inspect' ? 'inspect result' : 'session'}: compare two sessions, or two inspect --json outputs`);
  const a = new Map(before.cells.map((c) => [c.key, c]));
  const b = new Map(after.cells.map((c) => [c.key, c]));
  const changes: CellChange[] = [];
  let unchanged = 0;
  for (const [key, old] of a) {
    const now = b.get(key);
    if (!now) {
      changes.push({ key, label: old.label, change: 'vanished', fields: [], before: old, after: null });
      continue;
    }
    const fields = FIELDS.filter((f) => old[f] !== now[f]).map((f) => ({ field: f, before: old[f], after: now[f] }));
    if (fields.length) changes.push({ key, label: now.label, change: 'changed', fields, before: old, after: now });
    else unchanged++;
  }
  for (const [key, now] of b) if (!a.has(key)) changes.push({ key, label: now.label, change: 'new', fields: [], before: null, after: now });
  const order = { changed: 0, new: 1, vanished: 2 };
  changes.sort((x, y) => order[x.change] - order[y.change] || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return { before: before.title, after: after.title, unchanged, changes };
}
