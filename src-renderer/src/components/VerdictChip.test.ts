import { describe, expect, it } from 'vitest';
import { mountWith } from '../test/mount';
import VerdictChip from './VerdictChip.vue';

describe('VerdictChip', () => {
  it('says the verdict in words with a symbol, and the mismatch', () => {
    expect(mountWith(VerdictChip, { props: { verdict: 'snat', address: '198.18.0.12' } }).text()).toBe('SNAT → 198.18.0.12');
    expect(mountWith(VerdictChip, { props: { verdict: 'dropped' } }).text()).toBe('✕ dropped');
    expect(mountWith(VerdictChip, { props: { verdict: 'unknown', result: 'timeout' } }).text()).toBe('? timeout');
    const odd = mountWith(VerdictChip, { props: { verdict: 'dropped', predicted: 'preserved' } });
    expect(odd.get('[data-testid="chip-mismatch"]').text()).toBe('≠ predicted preserved');
    expect(mountWith(VerdictChip, { props: { verdict: 'preserved' }, locale: 'zh-CN' }).text()).toBe('✓ 保留');
  });
});
