import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderNodeProxyConfig, syncState, type NodeProxyInput } from './kube-proxy-config';

const base: NodeProxyInput = { nodeName: 'node1', nodeIP: '198.18.0.11', kubeconfigPath: '/run/kp/kubeconfig', overrides: {}, defaultClusterCIDR: '198.19.0.0/16' };
const conf = (text: string) => parse(renderNodeProxyConfig({ ...base, configConf: text }).yaml);

describe('renderNodeProxyConfig', () => {
  it('keeps what the ConfigMap says and changes only what ties kube-proxy to the lab node', () => {
    const c = conf('apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: nftables\nclusterCIDR: 198.19.0.0/16\nnodePortAddresses: [primary]\ndetectLocalMode: BridgeInterface\ndetectLocal: { bridgeInterface: cni0 }\nclientConnection: { kubeconfig: /var/lib/kube-proxy/kubeconfig.conf, qps: 7 }\nmetricsBindAddress: 127.0.0.1:10249\n');
    expect(c).toMatchObject({ mode: 'nftables', clusterCIDR: '198.19.0.0/16', nodePortAddresses: ['primary'], detectLocalMode: 'BridgeInterface', detectLocal: { bridgeInterface: 'cni0' } });
    expect(c.clientConnection).toEqual({ kubeconfig: '/run/kp/kubeconfig', qps: 7, contentType: 'application/json', acceptContentTypes: 'application/json' });
    expect(c.hostnameOverride).toBe('node1');
    expect(c.metricsBindAddress).toBe('198.18.0.11:10249');
    expect(c.conntrack).toMatchObject({ maxPerCore: 0, min: 0 });
    expect(c.nftables.minSyncPeriod).toBe('10ms');
  });

  it('no ConfigMap: kube-proxy defaults with the lab pod network as clusterCIDR; a ConfigMap without one keeps none', () => {
    const none = parse(renderNodeProxyConfig(base).yaml);
    expect(none).toMatchObject({ apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', clusterCIDR: '198.19.0.0/16' });
    expect(none.mode).toBeUndefined();
    expect(conf('mode: iptables\n').clusterCIDR).toBeUndefined();
    expect(renderNodeProxyConfig(base).mode).toBe('iptables');
  });

  it('scenario settings win; localDetector none is upstream\'s no-op detector (ClusterCIDR without a CIDR)', () => {
    const c = parse(renderNodeProxyConfig({ ...base, configConf: 'clusterCIDR: 198.19.0.0/16\n', overrides: { localDetector: 'none', masqueradeAll: true } }).yaml);
    expect(c).toMatchObject({ detectLocalMode: 'ClusterCIDR', clusterCIDR: '', iptables: { masqueradeAll: true } });
  });

  it('keeps a minSyncPeriod the ConfigMap sets and the health/metrics ports it chooses', () => {
    const r = renderNodeProxyConfig({ ...base, configConf: 'iptables: { minSyncPeriod: 2s }\nhealthzBindAddress: 0.0.0.0:10266\nmetricsBindAddress: 0.0.0.0:10259\n' });
    expect(parse(r.yaml).iptables.minSyncPeriod).toBe('2s');
    expect([r.healthzPort, r.metricsPort]).toEqual([10266, 10259]);
  });

  it('says what is wrong with a broken ConfigMap', () => {
    expect(() => renderNodeProxyConfig({ ...base, configConf: 'mode: [' })).toThrow(/config.conf is not YAML/);
    expect(() => renderNodeProxyConfig({ ...base, configConf: 'kind: KubeletConfiguration\n' })).toThrow(/expected KubeProxyConfiguration/);
    expect(() => renderNodeProxyConfig({ ...base, configConf: 'mode: userspace\n' })).toThrow(/not a Linux proxy mode/);
  });
});

describe('syncState', () => {
  const metrics = (v4: [number, number], v6?: [number, number]) =>
    [
      '# HELP kubeproxy_sync_proxy_rules_last_timestamp_seconds [ALPHA] The last time proxy rules were successfully synced',
      `kubeproxy_sync_proxy_rules_last_timestamp_seconds{ip_family="IPv4"} ${v4[0]}`,
      `kubeproxy_sync_proxy_rules_last_queued_timestamp_seconds{ip_family="IPv4"} ${v4[1]}`,
      ...(v6 ? [`kubeproxy_sync_proxy_rules_last_timestamp_seconds{ip_family="IPv6"} ${v6[0]}`, `kubeproxy_sync_proxy_rules_last_queued_timestamp_seconds{ip_family="IPv6"} ${v6[1]}`] : []),
    ].join('\n');
  it('pending while a family has a sync queued after its last one', () => {
    expect(syncState(metrics([10, 9]))).toMatchObject({ pending: false, synced: true });
    expect(syncState(metrics([10, 9], [8, 9])).pending).toBe(true);
    expect(syncState(metrics([10, 11])).pending).toBe(true);
    expect(syncState('').synced).toBe(false);
    expect(syncState(metrics([0, 1])).synced).toBe(false);
  });
  it('the fingerprint changes with every sync or queue', () => {
    expect(syncState(metrics([10, 9])).fingerprint).not.toBe(syncState(metrics([12, 9])).fingerprint);
    expect(syncState(metrics([10, 9])).fingerprint).toBe(syncState(metrics([10, 9])).fingerprint);
  });
});
