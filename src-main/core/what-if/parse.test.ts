import { describe, expect, it } from 'vitest';
import { renderWhatIf, whatIfEn, whatIfZhCN } from './catalog';
import { parseWhatIf, parseWhatIfs } from './parse';

describe('parseWhatIf', () => {
  it.each([
    ['etp=Local', { key: 'etp', value: 'Local' }],
    ['externalTrafficPolicy=cluster', { key: 'etp', value: 'Cluster' }],
    ['itp=Local', { key: 'itp', value: 'Local' }],
    ['lb-proxy=v2', { key: 'lb-proxy', value: 'v2' }],
    ['lb-proxy=off', { key: 'lb-proxy', value: null }],
    ['relay-proxy=public-tcp:v1', { key: 'relay-proxy', relay: 'public-tcp', value: 'v1' }],
    ['use-forwarded-headers=true', { key: 'use-forwarded-headers', value: true }],
    ['compute-full-forwarded-for=off', { key: 'compute-full-forwarded-for', value: false }],
    ['use-proxy-protocol=yes', { key: 'use-proxy-protocol', value: true }],
    ['proxy-real-ip-cidr=203.0.113.0/24, 198.18.0.0/16', { key: 'proxy-real-ip-cidr', value: ['203.0.113.0/24', '198.18.0.0/16'] }],
    ['endpoints-on=node2,node3,node2', { key: 'endpoints-on', nodes: ['node2', 'node3'] }],
  ])('%s', (text, change) => {
    expect(parseWhatIf(text)).toEqual({ ok: true, change });
  });

  it.each([
    ['etp', 'whatif.err.syntax'],
    ['=Local', 'whatif.err.syntax'],
    ['etpp=Local', 'whatif.err.unknownKey'],
    ['etp=Locale', 'whatif.err.badValue'],
    ['lb-proxy=v3', 'whatif.err.badValue'],
    ['relay-proxy=v1', 'whatif.err.badValue'],
    ['use-forwarded-headers=maybe', 'whatif.err.badValue'],
    ['proxy-real-ip-cidr=203.0.113.0/33', 'whatif.err.badCidr'],
    ['proxy-real-ip-cidr=', 'whatif.err.empty'],
    ['endpoints-on=,', 'whatif.err.empty'],
  ])('%s is refused with %s', (text, code) => {
    const r = parseWhatIf(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });

  it('an unknown key names the key and lists the accepted ones, in both languages', () => {
    const r = parseWhatIf('etpp=Local');
    if (r.ok) throw new Error('parsed');
    const en = renderWhatIf(r.error.code, r.error.params, 'en');
    expect(en).toContain('unknown key "etpp"');
    expect(en).toContain('etp=Cluster|Local');
    expect(renderWhatIf(r.error.code, r.error.params, 'zh-CN')).toContain('未知的键 "etpp"');
  });

  it('a key given twice with different values is refused; the same value twice is kept once', () => {
    expect(parseWhatIfs(['etp=Local', 'etp=Cluster'])).toEqual({ ok: false, error: { code: 'whatif.err.duplicate', params: { key: 'etp' } } });
    expect(parseWhatIfs(['etp=Local', 'etp=local'])).toEqual({ ok: true, changes: [{ key: 'etp', value: 'Local' }] });
    expect(parseWhatIfs(['relay-proxy=a:v1', 'relay-proxy=b:v2'])).toMatchObject({ ok: true });
  });
});

describe('what-if catalogs', () => {
  it('have the same keys and the same placeholders in English and Chinese', () => {
    const holes = (s: string) => [...s.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(whatIfZhCN).sort()).toEqual(Object.keys(whatIfEn).sort());
    for (const [k, v] of Object.entries(whatIfEn)) expect(holes(whatIfZhCN[k as keyof typeof whatIfEn]), k).toEqual(holes(v));
  });
});
