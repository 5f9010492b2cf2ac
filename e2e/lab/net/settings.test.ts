import { describe, expect, it } from 'vitest';
import { expandPool, inCidr, nthAddress } from './addresses';
import { parseSettings } from './settings';

describe('data-plane settings', () => {
  it('defaults to host-gw, the ClusterCIDR detector and the standard host address', () => {
    const s = parseSettings({});
    expect(s.mode).toBe('host-gw');
    // kube-proxy switches stay unset: the kube-proxy ConfigMap or kube-proxy's defaults decide
    expect(s.localDetector).toBeUndefined();
    expect(s.clusterCIDR).toBeUndefined();
    expect(s.hostAddress).toBe('203.0.113.1');
    expect(s.relays).toEqual([]);
  });

  it('accepts relays and a load balancer, and rejects addresses outside the lab', () => {
    const s = parseSettings({
      mode: 'vxlan',
      relays: [{ name: 'public', address: '203.0.113.10', port: 8080, mode: 'l4', proxyProtocol: true, target: { node: 'node1', service: 'default/frontend' } }],
      loadBalancer: {},
    });
    expect(s.relays[0]?.proxyProtocol).toBe(true);
    expect(s.loadBalancer?.pool).toBeUndefined();
    expect(parseSettings({ kind: 'netns' }).mode).toBe('host-gw');
    expect(() => parseSettings({ hostAddress: '192.0.2.9' })).toThrow(/hostAddress/);
    expect(() => parseSettings({ relays: [{ name: 'r', address: '203.0.113.10', port: 1, mode: 'l4', target: { node: 'n' } }] })).toThrow(/nodePort or service/);
    expect(() => parseSettings({ typo: 1 })).toThrow();
    expect(() => parseSettings({ clusterCIDR: '10.0.0.0/8' })).toThrow(/clusterCIDR/);
  });
});

describe('addresses', () => {
  it('does the small CIDR arithmetic the topology needs', () => {
    expect(nthAddress('198.19.1.0/24', 1)).toBe('198.19.1.1');
    expect(nthAddress('198.19.1.0/24', 0)).toBe('198.19.1.0');
    expect(() => nthAddress('198.19.1.0/24', 256)).toThrow();
    expect(inCidr('198.19.2.7', '198.18.0.0/15')).toBe(true);
    expect(inCidr('203.0.114.1', '203.0.113.0/24')).toBe(false);
    expect(expandPool(['203.0.113.100-203.0.113.102', '203.0.113.200'])).toEqual(['203.0.113.100', '203.0.113.101', '203.0.113.102', '203.0.113.200']);
  });
});
