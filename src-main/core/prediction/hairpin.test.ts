// A backend calling its own Service (issue 15, item 1): when kube-proxy picks the sender itself
// the request is masqueraded (KUBE-SEP-* `-s <endpoint>` → KUBE-MARK-MASQ, pkg/proxy/iptables/
// proxier.go), so the backend sees its node's bridge address. Verified on the netns lab by
// e2e/integration/kernel-facts.test.ts ("the backend origin"); here the model and the fixes that fit each mechanism.
import { describe, expect, it } from 'vitest';
import { answerQuestions } from '../inspect/inspect';
import { backendPods, defaultQuestions, parseOriginSpec } from '../inspect/questions';
import { predict } from './predict';
import { makeEndpoint, makeInventory, makeProxy } from './test-inventory';

const self = { kind: 'pod' as const, node: 'node1', podIP: '198.19.1.5', backend: 'echo-5' };

describe('a backend calling its own Service', () => {
  it('with one endpoint: every ClusterIP call hairpins, is masqueraded to the bridge gateway, and says why', () => {
    const p = predict(makeInventory(), self, { kind: 'clusterIP', port: 80 });
    expect(p.paths).toHaveLength(1);
    expect(p.paths[0]).toMatchObject({ verdict: 'snat', observed: { address: '198.19.1.1', class: 'bridge-gateway' } });
    expect(p.paths[0]!.explanation.map((s) => s.code)).toEqual(expect.arrayContaining(['origin.backend', 'kp.hairpin']));
    expect(p.paths[0]!.hops.some((h) => /hairpin/.test(h.rule))).toBe(true);
    expect(p.warnings.find((w) => w.code === 'warn.hairpin')?.params).toMatchObject({ pod: 'echo-5', address: '198.19.1.1', share: '100 %' });
    // The fix fits the mechanism: no Service setting turns a hairpin off, and eTP never touches ClusterIP traffic.
    expect(p.fixes.map((f) => f.id)).toEqual(['hairpin-self-call']);
  });

  it('with two endpoints: half the calls hairpin, the other half keep the pod address', () => {
    const inv = makeInventory({ endpoints: [makeEndpoint('198.19.1.5', 'node1'), makeEndpoint('198.19.2.6', 'node2')] });
    const p = predict(inv, self, { kind: 'clusterIP', port: 80 });
    const byEndpoint = Object.fromEntries(p.paths.map((x) => [x.endpoint!.address, x.verdict]));
    expect(byEndpoint).toEqual({ '198.19.1.5': 'snat', '198.19.2.6': 'preserved' });
    expect(p.warnings.find((w) => w.code === 'warn.hairpin')?.params.share).toBe('50 %');
  });

  it('a plain pod with the same address is not called a backend, and gets no hairpin warning when it is not an endpoint', () => {
    const p = predict(makeInventory(), { kind: 'pod', node: 'node1', podIP: '198.19.1.7' }, { kind: 'clusterIP', port: 80 });
    expect(p.paths[0]!.verdict).toBe('preserved');
    expect(p.warnings.some((w) => w.code === 'warn.hairpin')).toBe(false);
  });

  it('masqueradeAll: the fix is kube-proxy\'s setting, not externalTrafficPolicy', () => {
    const p = predict(makeInventory({ proxy: makeProxy({ masqueradeAll: true }) }), { kind: 'pod', node: 'node2', podIP: '198.19.2.7' }, { kind: 'clusterIP', port: 80 });
    expect(p.paths[0]!.verdict).toBe('snat');
    expect(p.fixes.map((f) => f.id)).toEqual(['kube-proxy-masquerade-all']);
    expect(p.fixes[0]!.snippets[0]!.text).toContain('masqueradeAll: false');
    const viaArgs = predict(makeInventory({ proxy: makeProxy({ masqueradeAll: true, source: 'daemonset-args' }) }), { kind: 'pod', node: 'node2', podIP: '198.19.2.7' }, { kind: 'clusterIP', port: 80 });
    expect(viaArgs.fixes[0]!.snippets[0]!.text).toContain('--masquerade-all');
  });

  it('a node process reaching a ClusterIP is masqueraded, and externalTrafficPolicy is not offered as its fix', () => {
    const p = predict(makeInventory(), { kind: 'node', node: 'node1' }, { kind: 'clusterIP', port: 80 });
    expect(p.paths[0]!.verdict).toBe('snat');
    expect(p.fixes.map((f) => f.id)).not.toContain('etp-local');
  });
});

describe('the backend origin in the questions', () => {
  it('parses backend and backend:<pod>, and rejects a name that is not a pod name', () => {
    expect(parseOriginSpec('backend')).toEqual({ kind: 'backend' });
    expect(parseOriginSpec('backend:web-0')).toEqual({ kind: 'backend', pod: 'web-0' });
    expect(parseOriginSpec('backend:Web_0')).toBeNull();
  });

  it('stands for a ready endpoint pod, by name, and is one of the default origins', () => {
    const inv = makeInventory({ endpoints: [makeEndpoint('198.19.2.6', 'node2'), makeEndpoint('198.19.1.5', 'node1'), makeEndpoint('198.19.1.9', 'node1', { ready: false })] });
    expect(backendPods(inv).map((b) => b.pod)).toEqual(['echo-5', 'echo-6']);
    const qs = defaultQuestions(inv);
    const mine = qs.filter((q) => q.id.startsWith('backend:'));
    expect(mine.map((q) => q.id)).toEqual(['backend:echo-5>nodePort:30080/TCP', 'backend:echo-5>clusterIP:80/TCP']);
    expect(mine[0]!.origin).toEqual({ kind: 'pod', node: 'node1', podIP: '198.19.1.5', backend: 'echo-5' });
    expect(defaultQuestions(inv, [{ kind: 'backend', pod: 'echo-6' }])[0]!.origin).toMatchObject({ node: 'node2', backend: 'echo-6' });
    // A name that is no ready endpoint asks nothing (the CLI says so and exits 2).
    expect(defaultQuestions(inv, [{ kind: 'backend', pod: 'echo-9' }])).toEqual([]);
    expect(defaultQuestions(makeInventory({ endpoints: [] }), [{ kind: 'backend' }])).toEqual([]);
  });

  it('answers through the same model: the NodePort self-call on its own node hairpins too', () => {
    const answers = answerQuestions(makeInventory(), [{ kind: 'backend' }]);
    const nodePort = answers.find((a) => a.prediction.target.kind === 'nodePort')!;
    const viaNode1 = nodePort.prediction.groups.find((g) => g.entryNode === 'node1')!;
    expect(viaNode1.verdict).toBe('snat');
  });
});
