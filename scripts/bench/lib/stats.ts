// Summaries of repeated measurements: the median is robust to the odd slow run on a shared
// 2-core machine; min and max show the spread.
import type { Stat, Target } from './types';

export function stat(values: readonly number[]): Stat | null {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
  return { median, min: v[0]!, max: v[v.length - 1]!, n: v.length };
}

/** ours / reference of the medians, or null when either is missing or the reference is 0. */
export function ratio(ours: Stat | null | undefined, reference: Stat | null | undefined): number | null {
  if (!ours || !reference || reference.median === 0) return null;
  return ours.median / reference.median;
}

export function meetsTarget(target: Target, ours: Stat | null | undefined, reference: Stat | null | undefined): boolean | null {
  const value = target.of === 'ratio' ? ratio(ours, reference) : (ours?.median ?? null);
  return value === null ? null : value <= target.max;
}
