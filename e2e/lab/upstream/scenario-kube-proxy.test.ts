import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { toScenario } from '../scenario/load';
import { withKubeProxy } from './scenario-kube-proxy';

const cmOf = (s: ReturnType<typeof toScenario>) => (s.objects as { kind: string; metadata: { name: string }; data?: Record<string, string> }[]).find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'kube-proxy');

describe('withKubeProxy', () => {
  it('sets the ConfigMap mode of the seed scenario and keeps the rest of its config', () => {
    const seed = toScenario('e2e/lab/scenarios/seed.yaml');
    const nft = withKubeProxy(seed, { mode: 'nftables' });
    expect(parse(cmOf(nft)?.data?.['config.conf'] ?? '')).toMatchObject({ kind: 'KubeProxyConfiguration', mode: 'nftables', clusterCIDR: '198.19.0.0/16' });
    expect(nft.dataPlane.kubeProxy).toBe('upstream');
    expect(nft.objects.length).toBe(seed.objects.length);
    expect(parse(cmOf(seed)?.data?.['config.conf'] ?? '').mode).toBe('iptables');
  });
  it('creates the ConfigMap when the scenario has none, and refuses nftables on the lab\'s own rules', () => {
    const s = withKubeProxy(toScenario({ name: 'x', dataPlane: { kind: 'netns' } }), { implementation: 'upstream', mode: 'iptables' });
    expect(parse(cmOf(s)?.data?.['config.conf'] ?? '').mode).toBe('iptables');
    expect(() => withKubeProxy(toScenario({ name: 'x' }), { implementation: 'lab', mode: 'nftables' })).toThrow(/needs upstream kube-proxy/);
  });
});
