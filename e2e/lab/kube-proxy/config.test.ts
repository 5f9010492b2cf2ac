import { describe, expect, it } from 'vitest';
import type { KObject } from '../data-plane';
import { effectiveProxyConfig, localDetectorFor } from './config';

const cm = (conf: string): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-proxy', namespace: 'kube-system' }, data: { 'config.conf': conf } });

describe('effective kube-proxy config', () => {
  it('defaults to the ClusterCIDR detector on the lab pod range', () => {
    const c = effectiveProxyConfig({}, undefined, '198.19.0.0/16');
    expect(c).toMatchObject({ clusterCIDR: '198.19.0.0/16', masqueradeAll: false, masqueradeBit: 14, detectLocalMode: 'ClusterCIDR', source: 'defaults' });
    expect(localDetectorFor(c, '198.19.1.0/24')).toEqual({ mode: 'ClusterCIDR', clusterCIDR: '198.19.0.0/16' });
  });

  it('reads the kube-system/kube-proxy ConfigMap like kubeadm writes it', () => {
    const c = effectiveProxyConfig({}, cm('apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: iptables\nclusterCIDR: 198.19.0.0/16\ndetectLocalMode: NodeCIDR\niptables:\n  masqueradeAll: true\n'), '10.0.0.0/8');
    expect(c).toMatchObject({ masqueradeAll: true, detectLocalMode: 'NodeCIDR', source: 'configmap' });
    expect(localDetectorFor(c, '198.19.2.0/24')).toEqual({ mode: 'ClusterCIDR', clusterCIDR: '198.19.2.0/24' });
  });

  it('a ConfigMap without clusterCIDR leaves kube-proxy without a ClusterCIDR detector', () => {
    const c = effectiveProxyConfig({}, cm('kind: KubeProxyConfiguration\nmode: iptables\n'), '198.19.0.0/16');
    expect(localDetectorFor(c, '198.19.1.0/24')).toEqual({ mode: 'none' });
  });

  it('scenario settings win over the ConfigMap', () => {
    const c = effectiveProxyConfig({ localDetector: 'none', masqueradeAll: false }, cm('kind: KubeProxyConfiguration\nclusterCIDR: 198.19.0.0/16\niptables:\n  masqueradeAll: true\n'), '198.19.0.0/16');
    expect(c).toMatchObject({ masqueradeAll: false, detectLocalMode: 'none', source: 'settings' });
  });
});
