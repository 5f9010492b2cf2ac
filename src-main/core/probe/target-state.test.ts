import { describe, expect, it } from 'vitest';
import { renderStep } from '../explain/render';
import { copyDifferences, targetHasNoEndpoints, targetStateFinding } from './target-state';

const info = (pods: number, terminatingServing = 0) => ({ type: 'NodePort' as const, externalTrafficPolicy: 'Cluster' as const, healthCheckNodePort: null, nodePort: 30080, pods: Array.from({ length: pods }, (_, i) => ({ name: `web-${i}`, node: 'node1' })), terminatingServing });

describe('the target\'s own endpoints in the probe\'s finding', () => {
  it('says a target without endpoints refuses its real clients, whatever the copy measured', () => {
    const [f] = targetStateFinding('default/web', info(0));
    expect(renderStep(f!, 'en')).toMatch(/^default\/web itself has no ready endpoints: its real clients get "connection refused"/);
    expect(renderStep(f!, 'zh-CN')).toContain('连接被拒绝');
    expect(targetHasNoEndpoints(info(0))).toBe(true);
  });

  it('names the terminating-endpoint fallback', () => {
    const [f] = targetStateFinding('default/web', info(0, 2));
    expect(renderStep(f!, 'en')).toContain('only 2 terminating one(s) that still serve');
    expect(targetHasNoEndpoints(info(0, 2))).toBe(false);
  });

  it('says a ClusterIP-only target was measured in-cluster only', () => {
    expect(targetStateFinding('default/db', { ...info(1), type: 'ClusterIP' }).map((s) => s.code)).toEqual(['finding.clusterIpOnly']);
    expect(targetStateFinding('default/db', { ...info(0), type: 'ClusterIP' }).map((s) => s.code)).toEqual(['finding.targetNoEndpoints', 'finding.clusterIpOnly']);
  });

  it('adds nothing when the target has ready endpoints (or is an ExternalName, or the run was a matrix)', () => {
    expect(targetStateFinding('default/web', info(1))).toEqual([]);
    expect(targetStateFinding('default/x', { ...info(0), type: 'ExternalName' })).toEqual([]);
    expect(targetHasNoEndpoints(undefined)).toBe(false);
  });
});

describe('where the copy differs from the user\'s Service', () => {
  const base = { target: { type: 'NodePort', ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }], externalIPs: [], endpointNodes: ['node1'] }, measuredLoadBalancer: false, echoNodes: ['node1'] };

  it('says nothing when the copy covers the Service', () => {
    expect(copyDifferences('default/web', base)).toEqual([]);
  });

  it('names an unmeasured load balancer, extra ports, externalIPs and endpoint nodes without an echo', () => {
    const steps = copyDifferences('default/web', {
      ...base,
      target: { type: 'LoadBalancer', ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }, { port: 53, protocol: 'UDP', nodePort: 30053 }], externalIPs: ['203.0.113.50'], endpointNodes: ['node1', 'node3'] },
    });
    expect(steps.map((s) => s.code)).toEqual(['finding.copyNoLoadBalancer', 'finding.copyOnePort', 'finding.copyExternalIPs', 'finding.copyEchoNodes']);
    const en = steps.map((s) => renderStep(s, 'en')).join('\n');
    expect(en).toContain('80:30080/TCP, 53:30053/UDP');
    expect(en).toContain('203.0.113.50');
    expect(en).toContain('node3');
    expect(en).toContain('--load-balancer');
    const zh = steps.map((s) => renderStep(s, 'zh-CN')).join('\n');
    expect(zh).toContain('node3');
    expect(zh).not.toMatch(/\b(measured|probe|only)\b/);
  });

  it('a load balancer without NodePorts: the copy\'s NodePort cells are not paths of the Service', () => {
    const steps = copyDifferences('default/web', { ...base, target: { ...base.target, type: 'LoadBalancer', ports: [{ port: 80, protocol: 'TCP', nodePort: null }] }, measuredLoadBalancer: true });
    expect(steps.map((s) => s.code)).toEqual(['finding.copyNoNodePorts']);
    expect(renderStep(steps[0]!, 'en')).toContain('allocateLoadBalancerNodePorts');
  });

  it('a measured load balancer is not a difference', () => {
    expect(copyDifferences('default/web', { ...base, target: { ...base.target, type: 'LoadBalancer' }, measuredLoadBalancer: true })).toEqual([]);
  });
});
