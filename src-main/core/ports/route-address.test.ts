import { describe, expect, it } from 'vitest';
import { systemRouteAddress } from './route-address';

describe('systemRouteAddress', () => {
  it('names the local address toward an address (loopback here), sending nothing', async () => {
    expect(await systemRouteAddress('127.0.0.1')).toBe('127.0.0.1');
  });

  it('is null for anything that is not an address', async () => {
    expect(await systemRouteAddress('not-an-ip')).toBeNull();
  });
});
