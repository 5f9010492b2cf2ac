// The words drawn inside the picture, in English and Simplified Chinese. They live here (not in
// the renderer's i18n) because exports draw the same picture without the renderer.
import type { EdgeVerdict, TopoLocale } from './types';

const en = {
  desktop: 'This desktop',
  relay: 'Relay {name}',
  relayMode: '{mode} proxy',
  lb: 'Load balancer',
  service: 'Service {name}',
  mirrors: 'mirrors {name}',
  ingress: 'Ingress controller',
  ingressClass: 'class {name}',
  nodePort: 'NodePort {ports}',
  noNodePort: 'no NodePort',
  clientPod: 'client pod',
  nodeProcess: 'node process',
  snat: 'SNAT → {address}',
  proxy: 'proxy → {address}',
  otherPods: '+{count} other pods',
  nodeGroup: '+{count} nodes',
  groupIdle: 'no paths, no endpoints',
  groupEach: 'each rewrites to its own address',
  zone: 'zone {zone}',
  sees: 'sees {address}',
  seesVarious: 'sees each entry node’s own address',
  mismatch: '≠ predicted: {verdict}',
  mismatchObserved: '≠ probe saw: {verdict}',
  'edge.preserved': '✓ client IP preserved',
  'edge.dropped': '✕ dropped',
  'edge.rejected': '⊘ rejected',
  'edge.broken': '⚠ broken',
  'edge.unknown': '? not classified',
  'origin.desktop': 'This desktop',
  'origin.pod': 'A pod on {node}',
  'origin.node': 'A process on {node}',
  'origin.relay': 'Via relay {name}',
  'target.nodePort': 'NodePort :{port}',
  'target.nodePortPolicy': '{policy} :{port}',
  'target.lb': 'LB {address}',
  'target.clusterIP': 'ClusterIP {address}',
  'target.ingress': 'Ingress {host}{path}',
  'target.relay': 'relay {address}',
  'verdict.preserved': 'preserved',
  'verdict.snat': 'SNAT',
  'verdict.dropped': 'dropped',
  'verdict.rejected': 'rejected',
  'verdict.proxied': 'proxied',
  'verdict.broken': 'broken',
  'verdict.unknown': 'unknown',
  'legend.preserved': 'Client IP preserved',
  'legend.snat': 'Source rewritten (SNAT)',
  'legend.dropped': 'Dropped (blocked)',
  'legend.rejected': 'Rejected (refused)',
  'legend.proxied': 'Through a proxy',
  'legend.broken': 'Broken (PROXY header mismatch)',
  'legend.unknown': 'Not classified',
  'legend.snat-marker': 'Where the source was rewritten',
  'legend.mismatch': 'Probe differs from the prediction',
  'legend.node-group': 'Collapsed nodes',
} as const;

export type LabelKey = keyof typeof en;

const zhCN: Record<LabelKey, string> = {
  desktop: '本机',
  relay: '中继 {name}',
  relayMode: '{mode} 代理',
  lb: '负载均衡器',
  service: 'Service {name}',
  mirrors: '镜像 {name}',
  ingress: 'Ingress 控制器',
  ingressClass: '类 {name}',
  nodePort: 'NodePort {ports}',
  noNodePort: '无 NodePort',
  clientPod: '客户端 Pod',
  nodeProcess: '节点进程',
  snat: 'SNAT → {address}',
  proxy: '代理 → {address}',
  otherPods: '另有 {count} 个 Pod',
  nodeGroup: '另有 {count} 个节点',
  groupIdle: '无路径、无端点',
  groupEach: '各自改写为本节点地址',
  zone: '可用区 {zone}',
  sees: '看到 {address}',
  seesVarious: '看到各入口节点自己的地址',
  mismatch: '≠ 预测：{verdict}',
  mismatchObserved: '≠ 探测结果：{verdict}',
  'edge.preserved': '✓ 保留客户端 IP',
  'edge.dropped': '✕ 被丢弃',
  'edge.rejected': '⊘ 被拒绝',
  'edge.broken': '⚠ 协议错误',
  'edge.unknown': '? 未能分类',
  'origin.desktop': '本机',
  'origin.pod': '{node} 上的 Pod',
  'origin.node': '{node} 上的进程',
  'origin.relay': '经中继 {name}',
  'target.nodePort': 'NodePort :{port}',
  'target.nodePortPolicy': '{policy} :{port}',
  'target.lb': 'LB {address}',
  'target.clusterIP': 'ClusterIP {address}',
  'target.ingress': 'Ingress {host}{path}',
  'target.relay': '中继 {address}',
  'verdict.preserved': '保留',
  'verdict.snat': 'SNAT',
  'verdict.dropped': '丢弃',
  'verdict.rejected': '拒绝',
  'verdict.proxied': '经代理',
  'verdict.broken': '协议错误',
  'verdict.unknown': '未知',
  'legend.preserved': '保留客户端 IP',
  'legend.snat': '源地址被改写（SNAT）',
  'legend.dropped': '被丢弃（阻断）',
  'legend.rejected': '被拒绝',
  'legend.proxied': '经过代理',
  'legend.broken': '协议错误（PROXY 头不匹配）',
  'legend.unknown': '未能分类',
  'legend.snat-marker': '源地址被改写之处',
  'legend.mismatch': '探测结果与预测不同',
  'legend.node-group': '折叠的节点',
};

const CATALOGS: Record<TopoLocale, Record<LabelKey, string>> = { en, 'zh-CN': zhCN };

export type Label = (key: LabelKey, params?: Record<string, string | number>) => string;

export function labeller(locale: TopoLocale): Label {
  const catalog = CATALOGS[locale] ?? en;
  return (key, params = {}) =>
    catalog[key].replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => (Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole));
}

export function verdictLabel(label: Label, verdict: EdgeVerdict): string {
  return label(`verdict.${verdict}`);
}

/** For tests: both catalogs must have the same keys and placeholders. */
export const TOPOLOGY_LABELS = CATALOGS;
