import { describe, expect, it } from 'vitest';
import { meetsTarget, ratio, stat } from './stats';

describe('bench statistics', () => {
  it('takes the median of odd and even counts, ignoring non-numbers', () => {
    expect(stat([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, n: 3 });
    expect(stat([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, n: 4 });
    expect(stat([NaN, 2, Infinity])).toEqual({ median: 2, min: 2, max: 2, n: 1 });
    expect(stat([])).toBeNull();
  });

  it('judges ratio and absolute targets on medians', () => {
    const ours = stat([900, 1000, 1100]);
    const ref = stat([2000]);
    expect(ratio(ours, ref)).toBe(0.5);
    expect(meetsTarget({ of: 'ratio', max: 1 }, ours, ref)).toBe(true);
    expect(meetsTarget({ of: 'ratio', max: 0.4 }, ours, ref)).toBe(false);
    expect(meetsTarget({ of: 'value', max: 1000 }, ours, null)).toBe(true);
    expect(meetsTarget({ of: 'ratio', max: 1 }, ours, null)).toBeNull();
    expect(ratio(ours, stat([0]))).toBeNull();
  });
});
