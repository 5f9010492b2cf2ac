import { describe, expect, it } from 'vitest';
import { assertPrefix, hostLinkName, netnsNames, podKeyOf, podVethName } from './names';

describe('names', () => {
  it('fits interface names in 15 characters and keeps them stable per run', () => {
    expect(hostLinkName('sslab-1a2b3c')).toBe('sslab-1a2b3ch');
    expect(hostLinkName('a-much-longer-prefix')).toMatch(/^snl[0-9a-f]{8}h$/);
    expect(hostLinkName('a-much-longer-prefix')).not.toBe(hostLinkName('a-much-longer-prefiy'));
    expect(podVethName('default/echo/uid-1').length).toBeLessThanOrEqual(15);
  });

  it('prefixes every namespace with the run id, infrastructure with "_" so no node name collides', () => {
    expect(netnsNames.node('lab-1', 'node1')).toBe('lab-1-node1');
    expect(netnsNames.router('lab-1')).toBe('lab-1_router');
    expect(netnsNames.pod('lab-1', 'default/echo')).toMatch(/^lab-1_pod-[0-9a-f]{8}$/);
    expect(netnsNames.node('lab-1', 'router')).not.toBe(netnsNames.router('lab-1'));
  });

  it('rejects prefixes that cannot name namespaces safely', () => {
    expect(() => assertPrefix('sslab-1a2b3c')).not.toThrow();
    expect(() => assertPrefix('../x')).toThrow();
    expect(() => assertPrefix('')).toThrow();
    expect(() => assertPrefix('a b')).toThrow();
  });

  it('keys pods by uid when present', () => {
    expect(podKeyOf({ metadata: { name: 'p', namespace: 'ns', uid: 'u1' } })).toBe('ns/p/u1');
    expect(podKeyOf({ metadata: { name: 'p' } })).toBe('default/p');
  });
});
