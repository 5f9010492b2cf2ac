import { describe, expect, it } from 'vitest';
import { service } from '../kube-proxy/test-objects';
import { lbListeners, renderLbRules } from './load-balancer';

describe('passthrough load balancer', () => {
  const pool = new Set(['203.0.113.100', '203.0.113.101']);
  const local = service({ name: 'web', type: 'LoadBalancer', externalTrafficPolicy: 'Local', clusterIP: '10.96.0.30', ports: [{ name: 'http', port: 80, nodePort: 30090 }], loadBalancerIPs: ['203.0.113.100'], healthCheckNodePort: 32100 });
  const cluster = service({ name: 'api', type: 'LoadBalancer', clusterIP: '10.96.0.31', ports: [{ port: 443, nodePort: 30443 }], loadBalancerIPs: ['203.0.113.101'] });
  const foreign = service({ name: 'other', type: 'LoadBalancer', clusterIP: '10.96.0.32', ports: [{ port: 80, nodePort: 30000 }], loadBalancerIPs: ['203.0.113.200'] });

  it('listens on its own pool addresses; Local services are checked on healthCheckNodePort, Cluster on 10256', () => {
    expect(lbListeners([local, cluster, foreign], pool)).toEqual([
      { service: 'default/web:http', ip: '203.0.113.100', port: 80, protocol: 'tcp', nodePort: 30090, healthCheckNodePort: 32100 },
      { service: 'default/api', ip: '203.0.113.101', port: 443, protocol: 'tcp', nodePort: 30443, healthCheckNodePort: 0 },
    ]);
  });

  it('DNATs to healthy nodes only (no SNAT), spread evenly; no healthy node drops', () => {
    const [web, api] = lbListeners([local, cluster], pool);
    const rules = renderLbRules([
      { ...web!, backends: [{ node: 'node1', ip: '198.18.0.11' }] },
      { ...api!, backends: [{ node: 'node1', ip: '198.18.0.11' }, { node: 'node2', ip: '198.18.0.12' }] },
    ]);
    expect(rules).toContain('-A PREROUTING -d 203.0.113.100/32 -p tcp -m tcp --dport 80 -m comment --comment "default/web:http -> node1" -j DNAT --to-destination 198.18.0.11:30090');
    expect(rules).toContain('--probability 0.5000000000 -j DNAT --to-destination 198.18.0.11:30443');
    expect(rules).toContain('-j DNAT --to-destination 198.18.0.12:30443');
    expect(rules).not.toContain('MASQUERADE');
    expect(rules).not.toContain('SNAT');
    const none = renderLbRules([{ ...web!, backends: [] }]);
    expect(none).toContain('-A INPUT -d 203.0.113.100/32 -p tcp -m tcp --dport 80 -m comment --comment "default/web:http has no healthy nodes" -j DROP');
  });
});
