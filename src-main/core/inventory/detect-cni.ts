// Which CNI / dataplane runs the cluster, from its DaemonSets, Deployments, ConfigMaps and
// (optionally) Calico custom resources and Node annotations. Fact sheet §3 lists why it matters.
import type { V1ConfigMap, V1DaemonSet, V1Deployment } from '@kubernetes/client-node';
import { at, boolish, configMapData, envValue, field, flagValue, guarded, imageOf, list, metaName, metaNamespace, own, str, templateContainers } from './detect-json';
import type { CalicoInfo, CiliumInfo, CniInfo, FlannelInfo, NodeInfo } from './types';

export interface CniExtra {
  /** crd.projectcalico.org/v1 or projectcalico.org/v3 FelixConfiguration named `default`. */
  felixConfiguration?: unknown;
  /** operator.tigera.io/v1 Installation named `default`. */
  installation?: unknown;
  /** Calico IPPool objects. */
  ipPools?: unknown[];
  /** Nodes, for CNIs that only show themselves in Node annotations (e.g. k3s' embedded flannel). */
  nodes?: readonly NodeInfo[];
}

interface Workload {
  namespace: string;
  name: string;
  kind: 'DaemonSet' | 'Deployment';
  containers: unknown[];
}

function emptyCni(): CniInfo {
  return { kind: 'unknown', evidence: [], calico: null, cilium: null, flannel: null, warnings: [] };
}

function workloads(items: readonly unknown[], kind: Workload['kind']): Workload[] {
  return list(items as unknown).map((w) => ({ namespace: metaNamespace(w), name: metaName(w), kind, containers: templateContainers(w) }));
}

function findWorkload(all: Workload[], names: RegExp, image: RegExp): { w: Workload; container: unknown } | null {
  for (const w of all) {
    const byImage = w.containers.find((c) => image.test(imageOf(c)));
    if (byImage) return { w, container: byImage };
    if (names.test(w.name)) return { w, container: w.containers[0] ?? null };
  }
  return null;
}

function findConfigMap(configMaps: readonly unknown[], names: string[]): { name: string; namespace: string; data: Record<string, string> } | null {
  for (const cm of list(configMaps as unknown)) {
    const name = metaName(cm);
    if (names.includes(name)) return { name, namespace: metaNamespace(cm), data: configMapData(cm) };
  }
  return null;
}

function ref(w: Workload): string {
  return `${w.kind} ${w.namespace}/${w.name}`;
}

// ---- Cilium ----------------------------------------------------------------------------------

function ciliumInfo(found: { w: Workload; container: unknown }, configMaps: readonly unknown[], evidence: string[], warnings: string[]): CiliumInfo {
  const info: CiliumInfo = { kubeProxyReplacement: null, lbMode: null, tunnel: null };
  const cm = findConfigMap(configMaps, ['cilium-config']);
  const data = cm?.data ?? {};
  if (cm) evidence.push(`ConfigMap ${cm.namespace}/cilium-config`);
  const flag = (name: string): string | null => {
    const v = flagValue(found.container, name);
    return v === true ? 'true' : v;
  };

  const kpr = own(data, 'kube-proxy-replacement') ?? flag('--kube-proxy-replacement');
  if (kpr !== null) {
    const v = kpr.trim().toLowerCase();
    if (v === 'true' || v === 'strict') info.kubeProxyReplacement = true;
    else if (v === 'false' || v === 'disabled') info.kubeProxyReplacement = false;
    else if (v === 'partial' || v === 'probe') {
      info.kubeProxyReplacement = false;
      warnings.push(`cilium kube-proxy-replacement=${v}: partial replacement, kube-proxy semantics assumed`);
    } else warnings.push(`unrecognised cilium kube-proxy-replacement ${JSON.stringify(v.slice(0, 32))}`);
    evidence.push(`kube-proxy-replacement=${kpr}`);
  }

  // Helm's loadBalancer.mode is rendered as bpf-lb-mode (older: node-port-mode).
  const mode = own(data, 'bpf-lb-mode') ?? own(data, 'node-port-mode') ?? flag('--bpf-lb-mode');
  if (mode !== null) {
    const m = mode.trim().toLowerCase();
    if (m === 'snat' || m === 'dsr' || m === 'hybrid' || m === 'annotation') info.lbMode = m;
    else if (m.startsWith('dsr')) info.lbMode = 'dsr';
    else warnings.push(`unrecognised cilium bpf-lb-mode ${JSON.stringify(m.slice(0, 32))}`);
    evidence.push(`bpf-lb-mode=${mode}`);
  } else if (info.kubeProxyReplacement === true) {
    info.lbMode = 'snat'; // the agent's default (Cilium kube-proxy-free docs)
    evidence.push('bpf-lb-mode absent: Cilium default snat');
  }

  const routing = own(data, 'routing-mode');
  const tunnel = own(data, 'tunnel');
  if (routing === 'native') info.tunnel = 'disabled';
  else if (routing === 'tunnel') info.tunnel = own(data, 'tunnel-protocol') ?? 'vxlan';
  else if (tunnel !== null) info.tunnel = tunnel;
  else if (cm) info.tunnel = own(data, 'tunnel-protocol') ?? 'vxlan';
  return info;
}

// ---- Calico ----------------------------------------------------------------------------------

function calicoInfo(calicoNode: { w: Workload; container: unknown } | null, vpp: { w: Workload } | null, extra: CniExtra, evidence: string[]): CalicoInfo {
  const info: CalicoInfo = { dataplane: 'iptables', natOutgoing: null, encapsulation: 'unknown' };
  const c = calicoNode?.container ?? null;
  const felix = extra.felixConfiguration;
  const install = extra.installation;
  const linuxDataplane = str(at(install, 'spec', 'calicoNetwork', 'linuxDataplane'));

  if (vpp || linuxDataplane === 'VPP') {
    info.dataplane = 'vpp';
    evidence.push(vpp ? `${ref(vpp.w)} (Calico VPP)` : 'Installation linuxDataplane=VPP');
  } else if (boolish(envValue(c, 'FELIX_BPFENABLED')) === true || at(felix, 'spec', 'bpfEnabled') === true || linuxDataplane === 'BPF') {
    info.dataplane = 'bpf';
    evidence.push('Calico eBPF dataplane (FELIX_BPFENABLED / FelixConfiguration bpfEnabled / Installation BPF)');
  } else if (
    (envValue(c, 'FELIX_NFTABLESMODE') ?? '').toLowerCase() === 'enabled' ||
    str(at(felix, 'spec', 'nftablesMode')) === 'Enabled' ||
    linuxDataplane === 'Nftables'
  ) {
    info.dataplane = 'nftables';
    evidence.push('Calico nftables dataplane');
  }

  // natOutgoing: IPPools are authoritative; then the operator's Installation; then calico-node env.
  const pools = list(extra.ipPools);
  if (pools.length > 0) {
    info.natOutgoing = pools.some((p) => at(p, 'spec', 'natOutgoing') === true);
    const modes = pools.map((p) => [str(at(p, 'spec', 'vxlanMode')), str(at(p, 'spec', 'ipipMode'))]);
    if (modes.some(([v]) => v === 'Always' || v === 'CrossSubnet')) info.encapsulation = 'vxlan';
    else if (modes.some(([, i]) => i === 'Always' || i === 'CrossSubnet')) info.encapsulation = 'ipip';
    else info.encapsulation = 'none';
  } else {
    const installPools = list(at(install, 'spec', 'calicoNetwork', 'ipPools'));
    if (installPools.length > 0) {
      info.natOutgoing = installPools.some((p) => str(field(p, 'natOutgoing')) !== 'Disabled');
      const enc = installPools.map((p) => str(field(p, 'encapsulation')) ?? '');
      info.encapsulation = enc.some((e) => e.startsWith('VXLAN')) ? 'vxlan' : enc.some((e) => e.startsWith('IPIP')) ? 'ipip' : 'none';
    } else if (c) {
      const nat = boolish(envValue(c, 'CALICO_IPV4POOL_NAT_OUTGOING'));
      if (nat !== null) info.natOutgoing = nat;
      const vx = envValue(c, 'CALICO_IPV4POOL_VXLAN');
      const ipip = envValue(c, 'CALICO_IPV4POOL_IPIP');
      if (vx === 'Always' || vx === 'CrossSubnet') info.encapsulation = 'vxlan';
      else if (ipip === 'Always' || ipip === 'CrossSubnet') info.encapsulation = 'ipip';
      else if (vx !== null || ipip !== null) info.encapsulation = 'none';
    }
  }
  return info;
}

// ---- flannel ---------------------------------------------------------------------------------

function flannelBackend(raw: string | null): FlannelInfo['backend'] {
  const t = (raw ?? '').trim().toLowerCase();
  return t === 'vxlan' || t === 'host-gw' || t === 'wireguard' || t === 'udp' ? t : 'unknown';
}

function flannelInfo(found: { w: Workload; container: unknown } | null, configMaps: readonly unknown[], extra: CniExtra, evidence: string[], warnings: string[]): FlannelInfo {
  const info: FlannelInfo = { backend: 'unknown', ipMasq: null };
  const cm = findConfigMap(configMaps, ['kube-flannel-cfg', 'canal-config']);
  const netConf = cm ? own(cm.data, 'net-conf.json') : null;
  if (cm && netConf !== null) {
    try {
      const parsed: unknown = JSON.parse(netConf);
      info.backend = flannelBackend(str(at(parsed, 'Backend', 'Type')));
      evidence.push(`ConfigMap ${cm.namespace}/${cm.name} net-conf.json Backend.Type=${str(at(parsed, 'Backend', 'Type')) ?? '(none)'}`);
    } catch {
      warnings.push(`ConfigMap ${cm.namespace}/${cm.name}: net-conf.json is not JSON`);
    }
  }
  if (info.backend === 'unknown') {
    const fromNode = extra.nodes?.map((n) => n.flannelBackend).find((b) => b !== null) ?? null;
    if (fromNode !== null) {
      info.backend = flannelBackend(fromNode);
      evidence.push(`Node annotation flannel.alpha.coreos.com/backend-type=${fromNode}`);
    }
  }
  const flannelContainer = found?.w.containers.find((c) => /flannel/.test(imageOf(c))) ?? found?.container ?? null;
  if (flannelContainer) {
    // flanneld's --ip-masq defaults to false.
    info.ipMasq = flagValue(flannelContainer, '--ip-masq') !== null && flagValue(flannelContainer, '--ip-masq') !== 'false';
    evidence.push(`flanneld --ip-masq ${info.ipMasq ? 'set' : 'not set'}`);
  }
  return info;
}

// ---- entry point -----------------------------------------------------------------------------

export function detectCni(
  daemonSets: readonly V1DaemonSet[],
  deployments: readonly V1Deployment[] = [],
  configMaps: readonly V1ConfigMap[] = [],
  extra: CniExtra = {},
): CniInfo {
  return guarded('CNI', emptyCni, () => {
    const info = emptyCni();
    const ds = workloads(daemonSets, 'DaemonSet');
    const all = [...ds, ...workloads(deployments, 'Deployment')];

    const cilium = findWorkload(ds, /^cilium$/, /(^|\/)cilium\/cilium(-dev)?(:|@|$)/);
    const calicoNode = findWorkload(ds, /^calico-node$/, /(^|\/)calico\/node(:|@|$)/);
    const vpp = findWorkload(ds, /^calico-vpp-node$/, /calicovpp\//);
    const flannel = findWorkload(ds, /^(kube-flannel(-ds)?|canal)$/, /flannel(cni)?[/-]flannel(:|@|$)|coreos\/flannel(:|@|$)/);
    const weave = findWorkload(ds, /^weave-net$/, /weaveworks\/weave-kube|weave-kube(:|@|$)/);
    const kindnet = findWorkload(ds, /^kindnet$/, /kindnetd(:|@|$)/);
    const aws = findWorkload(ds, /^aws-node$/, /amazon-k8s-cni(:|@|$)/);
    const tigera = all.find((w) => w.name === 'tigera-operator');
    const calicoByCrd = extra.felixConfiguration !== undefined || extra.installation !== undefined;
    const flannelByNodes = (extra.nodes ?? []).some((n) => n.flannelBackend !== null);

    if (cilium) {
      info.kind = 'cilium';
      info.evidence.push(ref(cilium.w));
      info.cilium = ciliumInfo(cilium, configMaps, info.evidence, info.warnings);
    }
    if (calicoNode || vpp || tigera || calicoByCrd) {
      if (info.kind === 'unknown') info.kind = 'calico';
      if (calicoNode) info.evidence.push(ref(calicoNode.w));
      if (tigera) info.evidence.push(`${ref(tigera)} (Calico operator)`);
      info.calico = calicoInfo(calicoNode, vpp, extra, info.evidence);
    }
    if (flannel || (flannelByNodes && info.kind === 'unknown')) {
      // Canal = flannel networking + Calico policy: flannel decides the source addresses.
      if (info.kind === 'unknown' || (info.kind === 'calico' && flannel)) info.kind = 'flannel';
      if (flannel) info.evidence.push(ref(flannel.w));
      info.flannel = flannelInfo(flannel, configMaps, extra, info.evidence, info.warnings);
    }
    for (const [found, kind] of [
      [weave, 'weave'],
      [kindnet, 'kindnet'],
      [aws, 'aws-vpc-cni'],
    ] as const) {
      if (!found) continue;
      info.evidence.push(ref(found.w));
      if (info.kind === 'unknown') info.kind = kind;
    }
    if (info.kind === 'unknown') info.evidence.push('no known CNI DaemonSet found');
    return info;
  });
}
