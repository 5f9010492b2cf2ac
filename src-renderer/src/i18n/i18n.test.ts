import { describe, expect, it } from 'vitest';
import en from './en';
import zhCN from './zh-CN';
import { resolveLocale } from './index';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`)));
}

function leaves(obj: object): string[] {
  return Object.values(obj).flatMap((v) => (typeof v === 'string' ? [v] : leaves(v as object)));
}

describe('translations', () => {
  it('English and Simplified Chinese define the same keys', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
  });
  it('no translation is empty and placeholders match', () => {
    const enKeys = keys(en);
    const get = (o: object, k: string) => k.split('.').reduce<unknown>((a, p) => (a as Record<string, unknown>)[p], o) as string;
    for (const k of enKeys) {
      expect(get(zhCN, k).trim(), k).not.toBe('');
      const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(ph(get(zhCN, k)), k).toEqual(ph(get(en, k)));
    }
    expect(leaves(zhCN).some((s) => /[\u4e00-\u9fff]/.test(s))).toBe(true);
  });
  it('system language follows the browser: zh-* picks Chinese', () => {
    expect(resolveLocale('system', ['zh-TW', 'en'])).toBe('zh-CN');
    expect(resolveLocale('system', ['de-DE'])).toBe('en');
    expect(resolveLocale('en', ['zh-CN'])).toBe('en');
    expect(resolveLocale('zh-CN', ['en-US'])).toBe('zh-CN');
  });
});
