import { describe, expect, it } from 'vitest';
import { Ipam } from './ipam';

describe('Ipam', () => {
  it('hands out .2 upwards round-robin, is idempotent per owner, and does not reuse a freed address at once', () => {
    const ipam = new Ipam('198.19.1.0/24');
    expect(ipam.allocate('a')).toBe('198.19.1.2');
    expect(ipam.allocate('b')).toBe('198.19.1.3');
    expect(ipam.allocate('a')).toBe('198.19.1.2');
    ipam.release('a');
    expect(ipam.allocate('c')).toBe('198.19.1.4');
    expect(ipam.inUse).toBe(2);
  });

  it('wraps around to freed addresses and fails when the CIDR is exhausted (never broadcast)', () => {
    const ipam = new Ipam('198.19.1.0/29'); // .2 – .6
    for (const o of ['a', 'b', 'c', 'd', 'e']) ipam.allocate(o);
    expect(() => ipam.allocate('f')).toThrow(/no free address/);
    ipam.release('b');
    expect(ipam.allocate('f')).toBe('198.19.1.3');
  });
});
