// Issue 17 item 7: what the probe exposes and where it lands. The default image is a digest, a
// LoadBalancer probe service only admits the given source ranges, and pods tolerate their node's
// NoSchedule taints but not the control plane's unless asked.
import { describe, expect, it } from 'vitest';
import { ProbeOptions } from '../../contract';
import { buildPlan, DEFAULT_IMAGE, type PlanInput } from './plan';

const input: PlanInput = {
  runId: 'a1b2c3',
  owner: { user: 'sre', host: 'laptop', pid: 4242 },
  now: new Date('2026-11-26T10:00:00Z'),
  ttlMinutes: 60,
  nodes: [
    { name: 'cp1', hostnameLabel: 'cp1', taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] },
    { name: 'gpu1', hostnameLabel: 'gpu1', taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }, { key: 'evict-me', effect: 'NoExecute' }] },
    { name: 'node1', hostnameLabel: 'node1' },
  ],
  echoNodes: ['cp1', 'gpu1', 'node1'],
  clientNodes: [],
  image: DEFAULT_IMAGE,
  imagePullSecrets: [],
  policies: ['Cluster'],
  loadBalancer: true,
  loadBalancerSourceRanges: ['203.0.113.7/32'],
  fixedNodePorts: {},
  sessionAffinity: 'None',
  internalTrafficPolicy: 'Cluster',
  echoSource: '// echo',
};

describe('probe blast radius', () => {
  it('the default image is pinned by digest', () => {
    expect(DEFAULT_IMAGE).toMatch(/^docker\.io\/library\/node:22-alpine@sha256:[0-9a-f]{64}$/);
  });

  it('LoadBalancer probing is opt-in in the contract', () => {
    const o = ProbeOptions.parse({ contextId: '0123456789abcdef', target: { kind: 'matrix' } });
    expect(o.loadBalancer).toBe('no');
    expect(o.loadBalancerSourceRanges).toEqual([]);
    expect(o.tolerateControlPlane).toBe(false);
    expect(ProbeOptions.safeParse({ contextId: '0123456789abcdef', target: { kind: 'matrix' }, loadBalancerSourceRanges: ['0.0.0.0'] }).success).toBe(false);
  });

  it('a LoadBalancer probe service admits only the given source ranges', () => {
    const plan = buildPlan(input);
    const lb = plan.serviceObjects.find((s) => s.spec?.type === 'LoadBalancer')!;
    expect(lb.spec?.loadBalancerSourceRanges).toEqual(['203.0.113.7/32']);
    expect(plan.serviceObjects.find((s) => s.spec?.type === 'NodePort')!.spec?.loadBalancerSourceRanges).toBeUndefined();
  });

  it('tolerates the node\'s own NoSchedule taints, the control plane only when asked', () => {
    const tolerations = (p: PlanInput) => Object.fromEntries(buildPlan(p).echoPods.map((pod) => [pod.spec!.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms[0]!.matchExpressions![0]!.values![0]!, pod.spec!.tolerations]));
    expect(tolerations(input)).toEqual({ cp1: [], gpu1: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }], node1: [] });
    expect(tolerations({ ...input, tolerateControlPlane: true }).cp1).toEqual([{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }]);
    // Never a blanket toleration.
    for (const list of Object.values(tolerations(input))) for (const t of list ?? []) expect(t.key).toBeTruthy();
  });
});
