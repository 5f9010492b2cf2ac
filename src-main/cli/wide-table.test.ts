import { describe, expect, it } from 'vitest';
import { displayWidth, wideTable } from './wide-table';

describe('wideTable', () => {
  it('aligns columns by display width (CJK counts two)', () => {
    expect(displayWidth('结果')).toBe(4);
    expect(wideTable([['通过', 'x'], ['FAIL', 'y']], ['结果', '服务']).split('\n')).toEqual(['结果   服务', '通过   x', 'FAIL   y']);
  });
});
