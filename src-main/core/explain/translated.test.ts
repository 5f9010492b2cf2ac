// The explanation catalogs: every Chinese sentence is a translation (not the English text left
// in place), and a relay is 中继 throughout.
import { describe, expect, it } from 'vitest';
import { en } from './catalog-en';
import { zhCN } from './catalog-zh-CN';

/** Codes whose text is the same in both languages on purpose (names, commands, protocol terms). */
const SAME_ON_PURPOSE = new Set(['term.carrier.x-forwarded-for', 'term.carrier.x-real-ip', 'fix.snippet.kubectlPatch', 'fix.snippet.helm']);

describe('explanation catalogs', () => {
  it('no Chinese text equals its English text', () => {
    const same = (Object.keys(en) as (keyof typeof en)[]).filter((k) => zhCN[k] === en[k] && !SAME_ON_PURPOSE.has(k));
    expect(same).toEqual([]);
  });

  it('calls a relay 中继, never 中转', () => {
    expect(Object.entries(zhCN).filter(([k, v]) => v.includes('中转') && k !== 'calicoEbpf.ctlb').map(([k]) => k)).toEqual([]);
  });
});
