// The KubeProxyConfiguration each lab node's upstream kube-proxy runs with: the cluster's
// kube-system/kube-proxy ConfigMap (`config.conf`, as kubeadm writes it — the object SNATScope
// reads to predict), with only what ties it to the lab changed (pure; unit-tested):
//  - clientConnection: the node's own kubeconfig, JSON (the lab API answers JSON only),
//  - hostnameOverride: the node,
//  - metricsBindAddress: the node's InternalIP (the lab polls it to know a sync finished),
//  - conntrack.maxPerCore/min = 0: leave the host-wide conntrack table size alone (upstream:
//    "0 to leave the limit as-is"); the per-namespace TCP timeouts are still set,
//  - minSyncPeriod: 1s by default upstream (0 means the default), 10ms here unless the ConfigMap
//    says more — timing only, the rules are the same.
// The scenario's dataPlane settings (clusterCIDR, masqueradeAll, localDetector) win over the
// ConfigMap, as before. Unknown ConfigMap fields are passed on: kube-proxy decodes strictly and
// refuses them, as on a real node.
import { parse, stringify } from 'yaml';

export const KUBE_PROXY_CONFIG_API = 'kubeproxy.config.k8s.io/v1alpha1';
export const DEFAULT_HEALTHZ_PORT = 10256;
export const DEFAULT_METRICS_PORT = 10249;
const LAB_MIN_SYNC = '10ms';

export interface LabProxyOverrides {
  clusterCIDR?: string;
  masqueradeAll?: boolean;
  /** `none`: the ClusterCIDR detector with no CIDR, upstream's no-op detector. */
  localDetector?: 'ClusterCIDR' | 'NodeCIDR' | 'none';
}

export interface NodeProxyInput {
  /** config.conf of kube-system/kube-proxy, if the ConfigMap exists. */
  configConf?: string;
  nodeName: string;
  nodeIP: string;
  kubeconfigPath: string;
  overrides: LabProxyOverrides;
  /** clusterCIDR when there is no ConfigMap at all (the lab's pod network). */
  defaultClusterCIDR: string;
}

export interface NodeProxyConfig {
  yaml: string;
  mode: 'iptables' | 'nftables' | 'ipvs' | 'kernelspace';
  healthzPort: number;
  metricsPort: number;
  /** One line for the lab log and `lab status`. */
  summary: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export class ProxyConfigError extends Error {}

function portOf(bind: unknown, fallback: number): number {
  if (typeof bind !== 'string' || !bind) return fallback;
  const m = /:(\d+)$/.exec(bind);
  return m ? Number(m[1]) : fallback;
}

function durationMs(v: unknown): number {
  if (typeof v !== 'string') return 0;
  let ms = 0;
  for (const [, n, u] of v.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) ms += Number(n) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as Record<string, number>)[u as string]!;
  return ms;
}

export function renderNodeProxyConfig(input: NodeProxyInput): NodeProxyConfig {
  let doc: Json = {};
  if (input.configConf !== undefined) {
    try {
      doc = parse(input.configConf) ?? {};
    } catch (e) {
      throw new ProxyConfigError(`kube-system/kube-proxy ConfigMap: config.conf is not YAML: ${(e as Error).message}`);
    }
    if (typeof doc !== 'object' || Array.isArray(doc)) throw new ProxyConfigError('kube-system/kube-proxy ConfigMap: config.conf is not a KubeProxyConfiguration object');
  }
  doc.apiVersion ??= KUBE_PROXY_CONFIG_API;
  doc.kind ??= 'KubeProxyConfiguration';
  if (doc.kind !== 'KubeProxyConfiguration') throw new ProxyConfigError(`kube-system/kube-proxy ConfigMap: config.conf has kind ${String(doc.kind)}, expected KubeProxyConfiguration`);
  const { overrides } = input;

  doc.clientConnection = { ...(doc.clientConnection ?? {}), kubeconfig: input.kubeconfigPath, contentType: 'application/json', acceptContentTypes: 'application/json' };
  doc.hostnameOverride = input.nodeName;
  const healthzPort = portOf(doc.healthzBindAddress, DEFAULT_HEALTHZ_PORT);
  const metricsPort = portOf(doc.metricsBindAddress, DEFAULT_METRICS_PORT);
  doc.metricsBindAddress = `${input.nodeIP}:${metricsPort}`;
  doc.conntrack = { ...(doc.conntrack ?? {}), maxPerCore: 0, min: 0 };
  for (const section of ['iptables', 'nftables', 'ipvs'] as const) {
    doc[section] = { ...(doc[section] ?? {}) };
    if (durationMs(doc[section].minSyncPeriod) === 0) doc[section].minSyncPeriod = LAB_MIN_SYNC;
  }

  if (overrides.clusterCIDR !== undefined) doc.clusterCIDR = overrides.clusterCIDR;
  else if (input.configConf === undefined) doc.clusterCIDR = input.defaultClusterCIDR;
  if (overrides.masqueradeAll !== undefined) doc.iptables.masqueradeAll = overrides.masqueradeAll;
  if (overrides.localDetector === 'none') {
    doc.detectLocalMode = 'ClusterCIDR';
    doc.clusterCIDR = '';
  } else if (overrides.localDetector) doc.detectLocalMode = overrides.localDetector;

  const mode = String(doc.mode || 'iptables') as NodeProxyConfig['mode'];
  if (!['iptables', 'nftables', 'ipvs'].includes(mode)) throw new ProxyConfigError(`kube-system/kube-proxy ConfigMap: mode "${mode}" is not a Linux proxy mode (iptables, nftables, ipvs)`);
  const summary = [
    `mode=${mode}`,
    `clusterCIDR=${doc.clusterCIDR || '-'}`,
    `detectLocalMode=${doc.detectLocalMode || 'ClusterCIDR'}`,
    `masqueradeAll=${doc.iptables.masqueradeAll === true}`,
    `nodePortAddresses=${Array.isArray(doc.nodePortAddresses) && doc.nodePortAddresses.length ? doc.nodePortAddresses.join(',') : '-'}`,
    ...(mode === 'iptables' ? [`localhostNodePorts=${doc.iptables.localhostNodePorts !== false}`] : []),
  ].join(' ');
  return { yaml: stringify(doc), mode, healthzPort, metricsPort, summary };
}

/** The node's kubeconfig: the lab API on the host's lab address, the node-proxier token. */
export function renderNodeKubeconfig(server: string, caPath: string, token: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'lab', cluster: { server, 'certificate-authority': caPath } }],
    users: [{ name: 'kube-proxy', user: { token } }],
    contexts: [{ name: 'kube-proxy', context: { cluster: 'lab', user: 'kube-proxy' } }],
    'current-context': 'kube-proxy',
  });
}

/**
 * kube-proxy's sync state from its /metrics text: per ip_family, the last successful sync and
 * the last time a sync was queued (pkg/proxy/metrics). `pending` while some family has a sync
 * queued after its last one finished; `fingerprint` changes with every queue or sync.
 */
export function syncState(metricsText: string): { pending: boolean; synced: boolean; fingerprint: string } {
  const fam = new Map<string, { sync: number; queued: number }>();
  for (const line of metricsText.split('\n')) {
    const m = /^kubeproxy_sync_proxy_rules_last_(timestamp|queued_timestamp)_seconds(?:\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const v = Number(m[3]);
    if (!Number.isFinite(v)) continue;
    const key = /ip_family="([^"]*)"/.exec(m[2] ?? '')?.[1] ?? '';
    const e = fam.get(key) ?? { sync: 0, queued: 0 };
    if (m[1] === 'timestamp') e.sync = v;
    else e.queued = v;
    fam.set(key, e);
  }
  const entries = [...fam.entries()].sort(([a], [b]) => a.localeCompare(b));
  return {
    pending: entries.some(([, e]) => e.queued > e.sync),
    synced: entries.length > 0 && entries.every(([, e]) => e.sync > 0),
    fingerprint: entries.map(([k, e]) => `${k}:${e.sync}:${e.queued}`).join(' '),
  };
}
