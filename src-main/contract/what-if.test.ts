import { describe, expect, it } from 'vitest';
import { requests } from './index';

const ref = { contextId: '0123456789abcdef', namespace: 'default', name: 'echo' };
const parse = (changes: unknown) => requests['inspect.whatIf'].params.safeParse({ ...ref, changes });

describe('inspect.whatIf params', () => {
  it('accepts every kind of change', () => {
    const all = [
      { key: 'etp', value: 'Local' },
      { key: 'itp', value: 'Cluster' },
      { key: 'lb-proxy', value: null },
      { key: 'relay-proxy', relay: 'public', value: 'v2' },
      { key: 'use-forwarded-headers', value: true },
      { key: 'compute-full-forwarded-for', value: false },
      { key: 'use-proxy-protocol', value: true },
      { key: 'proxy-real-ip-cidr', value: ['203.0.113.0/24', '2001:db8::/32'] },
      { key: 'endpoints-on', nodes: ['node2'] },
    ];
    const r = parse(all);
    expect(r.success).toBe(true);
    if (r.success) expect(r.data.relays).toEqual([]);
  });
  it.each([
    ['no change', []],
    ['an unknown key', [{ key: 'etpp', value: 'Local' }]],
    ['a bad policy', [{ key: 'etp', value: 'local' }]],
    ['a bad CIDR', [{ key: 'proxy-real-ip-cidr', value: ['203.0.113.0/33'] }]],
    ['an extra field', [{ key: 'etp', value: 'Local', apply: true }]],
    ['too many changes', Array.from({ length: 17 }, () => ({ key: 'etp', value: 'Local' }))],
  ])('refuses %s', (_what, changes) => {
    expect(parse(changes).success).toBe(false);
  });
});
