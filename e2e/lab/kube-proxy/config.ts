// kube-proxy's effective settings on a lab node: the scenario's data-plane settings win, then
// the cluster's `kube-system/kube-proxy` ConfigMap (KubeProxyConfiguration in config.conf, as
// kubeadm writes it — the same object SNATScope reads to predict), then kube-proxy's defaults.
import { parse } from 'yaml';
import type { KObject } from '../data-plane';
import type { LocalDetector } from './render';

export interface ProxyOverrides {
  clusterCIDR?: string;
  masqueradeAll?: boolean;
  localDetector?: 'ClusterCIDR' | 'NodeCIDR' | 'none';
}

export interface EffectiveProxyConfig {
  clusterCIDR?: string;
  masqueradeAll: boolean;
  masqueradeBit: number;
  detectLocalMode: 'ClusterCIDR' | 'NodeCIDR' | 'none';
  /** Where each value came from, for the lab log. */
  source: 'settings' | 'configmap' | 'defaults';
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export function readKubeProxyConfigMap(cm: KObject | undefined): Json | undefined {
  const text: unknown = (cm as Json)?.data?.['config.conf'];
  if (typeof text !== 'string') return undefined;
  try {
    const doc = parse(text) as Json;
    return doc && typeof doc === 'object' && doc.kind === 'KubeProxyConfiguration' ? doc : undefined;
  } catch {
    return undefined;
  }
}

export function effectiveProxyConfig(overrides: ProxyOverrides, cm: KObject | undefined, defaultClusterCIDR: string): EffectiveProxyConfig {
  const conf = readKubeProxyConfigMap(cm);
  const fromCm = (v: unknown) => v !== undefined && v !== null && v !== '';
  const mode = overrides.localDetector ?? (fromCm(conf?.detectLocalMode) ? String(conf.detectLocalMode) : 'ClusterCIDR');
  const clusterCIDR = overrides.clusterCIDR ?? (fromCm(conf?.clusterCIDR) ? String(conf.clusterCIDR).split(',')[0]?.trim() : conf ? undefined : defaultClusterCIDR);
  return {
    clusterCIDR,
    masqueradeAll: overrides.masqueradeAll ?? conf?.iptables?.masqueradeAll === true,
    masqueradeBit: Number(conf?.iptables?.masqueradeBit ?? 14),
    // BridgeInterface / InterfaceNamePrefix detectors are not modelled: treated as none.
    detectLocalMode: mode === 'ClusterCIDR' || mode === 'NodeCIDR' ? mode : 'none',
    source: overrides.clusterCIDR !== undefined || overrides.localDetector !== undefined || overrides.masqueradeAll !== undefined ? 'settings' : conf ? 'configmap' : 'defaults',
  };
}

/** The detector for one node: ClusterCIDR needs a cluster CIDR (else kube-proxy has none). */
export function localDetectorFor(cfg: EffectiveProxyConfig, nodePodCIDR: string): LocalDetector {
  if (cfg.detectLocalMode === 'ClusterCIDR' && cfg.clusterCIDR) return { mode: 'ClusterCIDR', clusterCIDR: cfg.clusterCIDR };
  if (cfg.detectLocalMode === 'NodeCIDR') return { mode: 'ClusterCIDR', clusterCIDR: nodePodCIDR };
  return { mode: 'none' };
}
