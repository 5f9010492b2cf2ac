// The what-if preview's own messages, English and Simplified Chinese. Kept apart from the
// explanation catalog (core/explain) so the preview can grow without touching it; placeholders
// use the same {name} syntax and both catalogs must have the same keys (catalog.test.ts).
export const whatIfEn = {
  // parsing --what-if key=value
  'whatif.err.syntax': 'expected key=value, got {text}. Keys: {keys}',
  'whatif.err.unknownKey': 'unknown key {key}. Keys: {keys}',
  'whatif.err.badValue': '{key}={value}: expected {expected}',
  'whatif.err.badCidr': 'proxy-real-ip-cidr: {value} is not a CIDR (e.g. 203.0.113.0/24)',
  'whatif.err.empty': '{key}: give at least one value',
  'whatif.err.duplicate': '{key} is given twice with different values: keep one',
  // applying a change to the inventory
  'whatif.err.noService': 'the service was not found, so there is nothing to change',
  'whatif.err.etpNeedsExternal': '{service} is type {type}: externalTrafficPolicy only applies to NodePort and LoadBalancer services (or ones with externalIPs)',
  'whatif.err.externalName': '{service} is type ExternalName: kube-proxy does not handle it, so traffic policies do not apply',
  'whatif.err.notLoadBalancer': '{service} is type {type}: lb-proxy needs a LoadBalancer service (declare a relay with --relay and use relay-proxy=<name>:v1|v2 instead)',
  'whatif.err.unknownRelay': 'no declared relay named {relay} (declared: {relays}); declare it with --relay',
  'whatif.err.noIngressNginx': '{key} is an ingress-nginx setting, and no ingress-nginx controller was found in this cluster',
  'whatif.err.unknownNode': 'endpoints-on: no node named {node} (nodes: {nodes})',
  'whatif.err.noEndpointPort': 'endpoints-on: the service targets the named port {port} and has no endpoint to copy its number from',
  'whatif.err.noChanges': 'no change given: use --what-if key=value (keys: {keys})',
  // what a change did
  'whatif.note.set': '{what}: {before} → {after}',
  'whatif.note.unchanged': '{what} is already {value}: this change changes nothing',
  'whatif.note.hcAllocated': 'the API server allocates a healthCheckNodePort for {service} when externalTrafficPolicy becomes Local (the number is known only after the change)',
  'whatif.note.hcReleased': 'the API server releases healthCheckNodePort {port} of {service} when externalTrafficPolicy becomes Cluster',
  'whatif.note.lbProxyHow': 'how PROXY protocol is switched on depends on the load balancer (a cloud annotation, or the LB’s own setting); the backend must then accept the PROXY header',
  'whatif.note.relayProxyHow': 'the relay {relay} then sends a PROXY header first; whatever receives it (the backend, or ingress-nginx with use-proxy-protocol) must accept it',
  'whatif.note.endpointAdded': 'a ready endpoint on {node} (stand-in address {address})',
  'whatif.note.endpointExists': '{node} already has a ready endpoint',
  'whatif.note.noIngress': 'no Ingress routes to {service}: the ingress-nginx settings do not change what its paths see',
  // report
  'whatif.h.title': 'What if: {changes}',
  'whatif.h.notes': 'The change:',
  'whatif.h.changed': 'Paths whose outcome changes ({count} of {total} entry points):',
  'whatif.h.unchanged': 'No path changes its outcome ({total} entry points checked).',
  'whatif.h.dropping': 'Entry nodes that start dropping:',
  'whatif.h.healthCheck': 'Load balancer health check:',
  'whatif.h.spread': 'Per-node endpoint spread (share of outside traffic per endpoint, if the LB or clients spread evenly over the nodes that answer):',
  'whatif.h.proxyBreaks': 'In-cluster callers that send no PROXY header (they break once the backend requires it):',
  'whatif.none': 'none',
  'whatif.dropping.row': '{node} — on {count} question(s), e.g. {question}',
  'whatif.hc.active': 'healthCheckNodePort {port}: nodes without a local endpoint answer 503 and get no traffic from the LB',
  'whatif.hc.activeAllocated': 'healthCheckNodePort (allocated on apply): nodes without a local endpoint answer 503 and get no traffic from the LB',
  'whatif.hc.inactive': 'no health check on the nodes (externalTrafficPolicy Cluster: every node answers)',
  'whatif.hc.takesOut': 'takes out: {nodes}',
  'whatif.hc.keeps': 'keeps: {nodes}',
  'whatif.spread.row': '{node}: {endpoints} endpoint(s), {before} → {after} each',
  'whatif.spread.imbalance': 'busiest / idlest endpoint: {before} → {after}',
  'whatif.reason.lb-short-circuit': 'kube-proxy takes traffic to the LB address straight to the service, past the load balancer',
  'whatif.reason.no-proxy-header': 'reaches the backend directly, without the relay or load balancer',
  'whatif.via': 'via {node}',
  'whatif.h.after': 'After the change:',
} as const;

export type WhatIfCode = keyof typeof whatIfEn;

export const whatIfZhCN: Record<WhatIfCode, string> = {
  'whatif.err.syntax': '应为 key=value 格式，实际为 {text}。可用的键：{keys}',
  'whatif.err.unknownKey': '未知的键 {key}。可用的键：{keys}',
  'whatif.err.badValue': '{key}={value}：应为 {expected}',
  'whatif.err.badCidr': 'proxy-real-ip-cidr：{value} 不是 CIDR（例如 203.0.113.0/24）',
  'whatif.err.empty': '{key}：至少给出一个值',
  'whatif.err.duplicate': '{key} 出现两次且值不同：只保留一个',
  'whatif.err.noService': '未找到该服务，没有可以修改的对象',
  'whatif.err.etpNeedsExternal': '{service} 的类型为 {type}：externalTrafficPolicy 只适用于 NodePort 和 LoadBalancer 服务（或带 externalIPs 的服务）',
  'whatif.err.externalName': '{service} 的类型为 ExternalName：kube-proxy 不处理它，流量策略不适用',
  'whatif.err.notLoadBalancer': '{service} 的类型为 {type}：lb-proxy 需要 LoadBalancer 服务（请用 --relay 声明中继，再用 relay-proxy=<名称>:v1|v2）',
  'whatif.err.unknownRelay': '没有名为 {relay} 的已声明中继（已声明：{relays}）；请用 --relay 声明',
  'whatif.err.noIngressNginx': '{key} 是 ingress-nginx 的设置，但集群中未找到 ingress-nginx 控制器',
  'whatif.err.unknownNode': 'endpoints-on：没有名为 {node} 的节点（节点：{nodes}）',
  'whatif.err.noEndpointPort': 'endpoints-on：服务的目标端口是命名端口 {port}，且没有现有端点可用来确定端口号',
  'whatif.err.noChanges': '未给出任何更改：请使用 --what-if key=value（可用的键：{keys}）',
  'whatif.note.set': '{what}：{before} → {after}',
  'whatif.note.unchanged': '{what} 已经是 {value}：此更改不会改变任何东西',
  'whatif.note.hcAllocated': '当 externalTrafficPolicy 改为 Local 时，API 服务器会为 {service} 分配 healthCheckNodePort（端口号在更改后才知道）',
  'whatif.note.hcReleased': '当 externalTrafficPolicy 改为 Cluster 时，API 服务器会释放 {service} 的 healthCheckNodePort {port}',
  'whatif.note.lbProxyHow': '如何开启 PROXY 协议取决于负载均衡器（云厂商注解或负载均衡器自身的设置）；之后后端必须接受 PROXY 头',
  'whatif.note.relayProxyHow': '中继 {relay} 之后会先发送 PROXY 头；接收方（后端，或开启 use-proxy-protocol 的 ingress-nginx）必须接受它',
  'whatif.note.endpointAdded': '{node} 上一个就绪端点（替代地址 {address}）',
  'whatif.note.endpointExists': '{node} 上已有就绪端点',
  'whatif.note.noIngress': '没有 Ingress 路由到 {service}：ingress-nginx 的设置不会改变它各条路径看到的地址',
  'whatif.h.title': '假如：{changes}',
  'whatif.h.notes': '更改内容：',
  'whatif.h.changed': '结果会改变的路径（{total} 个入口中的 {count} 个）：',
  'whatif.h.unchanged': '没有路径的结果会改变（已检查 {total} 个入口）。',
  'whatif.h.dropping': '将开始丢弃流量的入口节点：',
  'whatif.h.healthCheck': '负载均衡器健康检查：',
  'whatif.h.spread': '各节点端点分布（假设负载均衡器或客户端在会应答的节点间平均分配，每个端点承担的外部流量份额）：',
  'whatif.h.proxyBreaks': '不发送 PROXY 头的集群内调用方（后端要求 PROXY 头后它们会失败）：',
  'whatif.none': '无',
  'whatif.dropping.row': '{node} — 涉及 {count} 个问题，例如 {question}',
  'whatif.hc.active': 'healthCheckNodePort {port}：没有本地端点的节点返回 503，负载均衡器不再向其发送流量',
  'whatif.hc.activeAllocated': 'healthCheckNodePort（应用更改时分配）：没有本地端点的节点返回 503，负载均衡器不再向其发送流量',
  'whatif.hc.inactive': '节点上没有健康检查（externalTrafficPolicy 为 Cluster：每个节点都应答）',
  'whatif.hc.takesOut': '移出：{nodes}',
  'whatif.hc.keeps': '保留：{nodes}',
  'whatif.spread.row': '{node}：{endpoints} 个端点，每个 {before} → {after}',
  'whatif.spread.imbalance': '最忙 / 最闲端点之比：{before} → {after}',
  'whatif.reason.lb-short-circuit': 'kube-proxy 把发往负载均衡器地址的流量直接送到服务，绕过了负载均衡器',
  'whatif.reason.no-proxy-header': '不经过中继或负载均衡器，直接到达后端',
  'whatif.via': '经 {node}',
  'whatif.h.after': '更改之后：',
};

export type WhatIfLocale = 'en' | 'zh-CN';

/**
 * A note names what it changed and the values in the words of the setting (apply.ts; the same
 * in --json): "default/web PROXY protocol (load balancer)", "off". Those few words in Chinese.
 */
const ZH_WHAT: [RegExp, string][] = [
  [/^(.+) PROXY protocol \(load balancer\)$/, '$1 的 PROXY protocol（负载均衡器）'],
  [/^relay (\S+) PROXY protocol$/, '中继 $1 的 PROXY protocol'],
];
const ZH_VALUE: Record<string, string> = { off: '关闭', on: '开启' };

function zhNoteParams(params: Record<string, string | number>): Record<string, string | number> {
  const out = { ...params };
  if (typeof out.what === 'string') out.what = ZH_WHAT.reduce((w, [re, to]) => w.replace(re, to), out.what);
  for (const k of ['before', 'after', 'value']) if (typeof out[k] === 'string' && ZH_VALUE[out[k]]) out[k] = ZH_VALUE[out[k]]!;
  return out;
}

/** A message as a sentence; unknown codes and missing parameters stay visible. */
export function renderWhatIf(code: string, raw: Record<string, string | number>, locale: WhatIfLocale): string {
  const params = locale === 'zh-CN' && (code === 'whatif.note.set' || code === 'whatif.note.unchanged') ? zhNoteParams(raw) : raw;
  const c: Record<string, string> = locale === 'zh-CN' ? whatIfZhCN : whatIfEn;
  const template = Object.prototype.hasOwnProperty.call(c, code) ? c[code]! : code;
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => (Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole));
}
