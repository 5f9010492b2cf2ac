import { describe, expect, it } from 'vitest';
import { renderStep } from '../explain/render';
import { targetHasNoEndpoints, targetStateFinding } from './target-state';

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
