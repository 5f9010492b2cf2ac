// kube-proxy settings from the kube-system/kube-proxy ConfigMap (kubeadm layout: `config.conf`
// holds a KubeProxyConfiguration) and, as a fallback, the kube-proxy DaemonSet's flags.
import type { V1ConfigMap, V1DaemonSet } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { isCIDR } from './detect-address';
import { at, configMapData, flagValue, guarded, imageOf, metaName, nonEmptyStr, obj, str, strList, templateContainers } from './detect-json';
import type { CniInfo, DetectLocalMode, ProxyConfig, ProxyMode } from './types';

function emptyProxy(): ProxyConfig {
  return {
    source: 'absent',
    mode: 'unknown',
    clusterCIDR: null,
    masqueradeAll: false,
    detectLocalMode: 'unknown',
    detectLocalValue: null,
    nodePortAddresses: [],
    daemonSetPresent: null,
    replacedBy: null,
    warnings: [],
  };
}

function modeOf(raw: string | null, warnings: string[]): ProxyMode {
  const m = (raw ?? '').trim();
  // An empty mode means the platform default: iptables on Linux (KubeProxyConfiguration docs).
  if (m === '' || m === 'iptables') return 'iptables';
  if (m === 'ipvs' || m === 'nftables' || m === 'kernelspace') return m;
  warnings.push(`unrecognised kube-proxy mode ${JSON.stringify(m.slice(0, 32))}`);
  return 'unknown';
}

function detectLocalOf(raw: string | null, warnings: string[]): DetectLocalMode {
  const m = (raw ?? '').trim();
  if (m === '' || m === 'ClusterCIDR') return 'ClusterCIDR'; // kube-proxy's default
  if (m === 'NodeCIDR' || m === 'BridgeInterface' || m === 'InterfaceNamePrefix') return m;
  warnings.push(`unrecognised detectLocalMode ${JSON.stringify(m.slice(0, 32))}`);
  return 'unknown';
}

function cidrList(raw: string | null, warnings: string[]): string | null {
  if (!raw || raw.trim() === '') return null;
  const parts = raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const bad = parts.filter((p) => !isCIDR(p));
  if (bad.length > 0) warnings.push(`clusterCIDR has invalid entries: ${bad.join(', ').slice(0, 128)}`);
  const good = parts.filter((p) => isCIDR(p));
  return good.length > 0 ? good.join(',') : null;
}

/** The KubeProxyConfiguration document inside the ConfigMap, whatever key holds it. */
function findConfigDocument(data: Record<string, string>, warnings: string[]): { doc: Record<string, unknown> | null; parseFailed: boolean } {
  const keys = Object.keys(data).sort((a, b) => (a === 'config.conf' ? -1 : b === 'config.conf' ? 1 : a.localeCompare(b)));
  let parseFailed = false;
  for (const key of keys) {
    if (key === 'kubeconfig.conf') continue;
    const text = data[key] ?? '';
    if (!/KubeProxyConfiguration|^\s*mode\s*:/m.test(text)) continue;
    try {
      const doc = obj(parse(text, { maxAliasCount: 50, prettyErrors: false }));
      if (doc && (str(doc.kind) === 'KubeProxyConfiguration' || 'mode' in doc)) return { doc, parseFailed: false };
    } catch (err) {
      parseFailed = true;
      warnings.push(`kube-proxy ConfigMap key ${key}: ${err instanceof Error ? err.message.split('\n')[0] : 'unparseable'}`);
    }
  }
  return { doc: null, parseFailed };
}

function isKubeProxyDaemonSet(ds: unknown): boolean {
  return metaName(ds) === 'kube-proxy' || templateContainers(ds).some((c) => /(^|\/)kube-proxy(:|@|$)/.test(imageOf(c)));
}

export function detectProxy(configMap: V1ConfigMap | null, daemonSets: readonly V1DaemonSet[] = [], cni: CniInfo | null = null): ProxyConfig {
  return guarded('kube-proxy configuration', emptyProxy, () => {
    const info = emptyProxy();
    const dsList: unknown[] = Array.isArray(daemonSets) ? [...daemonSets] : [];
    const ds = dsList.find(isKubeProxyDaemonSet);
    info.daemonSetPresent = dsList.length > 0 ? ds !== undefined : null;

    const data = configMapData(configMap);
    const { doc, parseFailed } = configMap ? findConfigDocument(data, info.warnings) : { doc: null, parseFailed: false };
    if (doc) {
      info.source = 'configmap';
      info.mode = modeOf(str(doc.mode), info.warnings);
      info.clusterCIDR = cidrList(str(doc.clusterCIDR), info.warnings);
      info.detectLocalMode = detectLocalOf(str(doc.detectLocalMode), info.warnings);
      // masqueradeAll lives under iptables (v1alpha1), nftables (1.29+) or linux (v1alpha2).
      info.masqueradeAll = [at(doc, 'iptables', 'masqueradeAll'), at(doc, 'nftables', 'masqueradeAll'), at(doc, 'linux', 'masqueradeAll'), doc.masqueradeAll].some(
        (v) => v === true,
      );
      info.nodePortAddresses = strList(doc.nodePortAddresses);
    } else if (configMap && parseFailed) {
      info.source = 'unparseable';
    } else if (configMap) {
      info.warnings.push('kube-proxy ConfigMap has no KubeProxyConfiguration');
    }

    // Flags fill what the ConfigMap did not say (clusters not built by kubeadm pass flags).
    const container = ds ? templateContainers(ds).find((c) => flagValue(c, '--proxy-mode') !== null || /kube-proxy/.test(imageOf(c))) : undefined;
    if (container) {
      const flag = (name: string): string | null => {
        const v = flagValue(container, name);
        return v === true ? 'true' : v;
      };
      const usedFlags = info.source !== 'configmap';
      const mode = flag('--proxy-mode');
      if (mode !== null && (usedFlags || info.mode === 'unknown')) info.mode = modeOf(mode, info.warnings);
      const cidr = flag('--cluster-cidr');
      if (cidr !== null && info.clusterCIDR === null) info.clusterCIDR = cidrList(cidr, info.warnings);
      if (flag('--masquerade-all') === 'true') info.masqueradeAll = true;
      const dl = flag('--detect-local-mode');
      if (dl !== null && (usedFlags || info.detectLocalMode === 'unknown')) info.detectLocalMode = detectLocalOf(dl, info.warnings);
      const npa = flag('--nodeport-addresses');
      if (npa !== null && info.nodePortAddresses.length === 0) info.nodePortAddresses = npa.split(',').map((s) => s.trim()).filter(Boolean);
      if (usedFlags && (mode !== null || cidr !== null || dl !== null)) info.source = info.source === 'unparseable' ? 'unparseable' : 'daemonset-args';
      if (info.source === 'daemonset-args' && info.mode === 'unknown' && mode === null) info.mode = 'iptables';
      if (info.source === 'daemonset-args' && info.detectLocalMode === 'unknown') info.detectLocalMode = 'ClusterCIDR';
    }

    if (doc) {
      info.detectLocalValue =
        info.detectLocalMode === 'BridgeInterface'
          ? nonEmptyStr(at(doc, 'detectLocal', 'bridgeInterface'))
          : info.detectLocalMode === 'InterfaceNamePrefix'
            ? nonEmptyStr(at(doc, 'detectLocal', 'interfaceNamePrefix'))
            : null;
    }

    if (cni?.cilium?.kubeProxyReplacement === true) info.replacedBy = 'cilium';
    else if (cni?.calico?.dataplane === 'bpf') info.replacedBy = 'calico-ebpf';
    return info;
  });
}
