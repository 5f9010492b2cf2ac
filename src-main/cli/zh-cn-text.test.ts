// `--lang zh-CN` leaves no English behind (issue 15, item 9): every text the CLI and the exports
// write, rendered from unit-test data in Simplified Chinese, has no Latin word of three or more
// letters in its prose once the allow-list below (proper nouns, Kubernetes kinds and field
// names, protocol names) and the data's own names and addresses are taken out. Commands and
// configuration (fix snippets, fenced blocks, inline code, YAML keys) are code, not prose.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderFix, renderStep, renderTokens } from '../core/explain/render';
import { en } from '../core/explain/catalog-en';
import { zhCN } from '../core/explain/catalog-zh-CN';
import type { ExplainCode, Fix } from '../core/explain/types';
import { markdownReport } from '../core/export/markdown';
import { mermaidFlowchart } from '../core/export/mermaid';
import { redactSession } from '../core/export/redact';
import { renderExports } from '../core/export/render';
import { parseSession } from '../core/export/session-file';
import { cellsFromPrediction, cellsFromSession } from '../core/expectations/cells';
import { evaluateService, expectationText, type CaseResult } from '../core/expectations/evaluate';
import { expectationsFromSession, expectationsYaml } from '../core/expectations/from-session';
import { parseExpectations } from '../core/expectations/parse';
import { diffRuns } from '../core/diff/diff';
import { parseRun } from '../core/diff/run-cells';
import { answerQuestions, serviceHazards, type InspectResult } from '../core/inspect/inspect';
import { predictionDocument } from '../core/inspect/prediction-document';
import type { OriginSpec } from '../core/inspect/questions';
import type { ClusterInventory, Inventory } from '../core/inventory/types';
import { makeCni, makeEndpoint, makeIngress, makeIngressController, makeInventory, makeNode, makePod, makeProxy, makeService } from '../core/prediction/test-inventory';
import type { RelayDecl } from '../core/prediction/types';
import { rbacManifest } from '../core/probe/rbac-manifest';
import { relaySnippets } from '../core/probe/relay-snippets';
import { probeMessage, PROBE_MESSAGE_CODES } from '../core/probe/session-messages';
import type { Session } from '../core/probe/session-types';
import { retargetSession } from '../core/probe/target-map';
import { checkReport, probeReport, scanReport } from '../core/report-formats/builders';
import { markdownSummary } from '../core/report-formats/markdown-summary';
import type { TestReport } from '../core/report-formats/test-report';
import { scanHazards } from '../core/scan/scan';
import { parseWhatIfs, previewWhatIf, renderWhatIf, whatIfEn, WHAT_IF_KEYS } from '../core/what-if';
import { renderCheckText } from './commands/check';
import { renderDiffText } from './commands/diff';
import { dryRunText, progressText, renderSessionText } from './commands/probe';
import { renderInspectText, renderScanText } from './render-prediction';
import { renderWhatIfText } from './what-if';

// ---------------------------------------------------------------- the check

/**
 * What stays in English on purpose, case-sensitive ("Pod" as Kubernetes writes the kind, not
 * "pod"). Kept short: proper nouns and terms a Chinese Kubernetes text writes in English.
 */
const ALLOWED = new Set([
  // Kubernetes kinds, and values of the fields they are (type, policy, ipMode, condition, taint effect)
  'Kubernetes', 'Pod', 'Service', 'Ingress', 'IngressClass', 'EndpointSlice', 'ConfigMap', 'DaemonSet', 'Deployment',
  'NodePort', 'ClusterIP', 'LoadBalancer', 'ExternalName', 'Cluster', 'Local', 'Proxy', 'Ready', 'NoSchedule', 'Terminating',
  'privileged', 'restricted', // Pod Security levels
  'hairpin', // kubelet's hairpin mode: the term Chinese Kubernetes texts keep for a pod reaching itself through its Service
  // components and projects (proper nouns)
  'kube-proxy', 'kubectl', 'iptables', 'nftables', 'ipvs', 'IPVS', 'conntrack', 'flannel', 'Calico', 'Cilium', 'VPP', 'eBPF', 'IPPool',
  'calico', 'cilium', 'kindnet', 'aws-vpc-cni', // the CNI as the inventory names it
  'nginx', 'ingress-nginx', 'openresty', 'HAProxy', 'Helm', 'MetalLB', 'Kyverno', 'Gatekeeper', 'SNATScope', 'Node.js',
  // protocol and networking terms (as in Chinese technical writing) and header names
  'SNAT', 'DNAT', 'MASQUERADE', 'NAT', 'CNI', 'TCP', 'UDP', 'HTTP', 'HTTPS', 'PROXY', 'X-Forwarded-For', 'X-Real-IP', 'API', 'CIDR',
  'DSR', 'VXLAN', 'vxlan', 'IPIP', 'ipip', 'host-gw', 'geneve', 'BGP', 'TLS', 'DNS', 'UTC', 'RBAC', 'JUnit', 'TAP', 'YAML', 'JSON',
  'SVG', 'PNG', 'Markdown', 'Mermaid', 'CPU', 'localhost',
  'realip', // nginx's realip module
  'true', 'false', // configuration values, as in "masqueradeAll: false"
  'snat', 'hybrid', // Cilium's loadBalancer.mode values
  'Geneve', 'MTU', 'SCTP', 'AWS', 'Windows', 'kernelspace', 'weave', // protocols, vendors, a kube-proxy mode, a CNI's bridge
  'subjects', // the RoleBinding field
  // ingress-nginx ConfigMap keys (field names)
  'use-forwarded-headers', 'compute-full-forwarded-for', 'use-proxy-protocol', 'enable-real-ip', 'proxy-real-ip-cidr', 'forwarded-for-header',
  ...WHAT_IF_KEYS.split(', ').map((k) => k.split('=')[0]!), // the keys of --what-if key=value
]);
/** Phrases that are names as a whole ("PROXY protocol" is the protocol's name; "API server" the component). */
const PHRASES = [/\bPROXY protocol\b/g, /\bAPI server\b/g, /\bPod Security\b/g, /\bnginx (stream|http|upstream)\b/g, /\bHAProxy backend\b/g, /\bWeave Net\b/g, /\bsnatscope [a-z]+\b/g, /\bkubectl [a-z]+\b/g];
/** camelCase and PascalCase compounds are field names (externalTrafficPolicy, healthCheckNodePort), never English words; KUBE-* are iptables chains. */
const IDENTIFIER = /^(?:[a-z]+(?:[A-Z][a-z0-9]*)+|[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+|KUBE-[A-Z0-9-]+)$/;

interface Exempt {
  /** Names, addresses and ids of the data (nodes, pods, services, relays, classes, hosts). */
  names: Set<string>;
  /** Whole strings that are code or identifiers: snippet lines, expectation lines, path labels. */
  code: Set<string>;
}

/** The Latin words of 3+ letters left in the prose lines of a zh-CN text, each with its line. */
function english(text: string, exempt: Exempt): string[] {
  const hits: string[] = [];
  const withoutCode = text
    .replace(/(`{3,})[^\n]*\n[\s\S]*?\n\1/g, '') // Markdown fenced blocks
    .replace(/(`+)[^`\n]+?\1/g, ' ') // inline code
    .replace(/<\/?(details|summary)>/g, ' ')
    .replace(/\\([^\sA-Za-z0-9])/g, '$1') // Markdown escapes
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  for (const raw of withoutCode.split('\n')) {
    const trimmed = raw.trim();
    if (!trimmed || exempt.code.has(trimmed) || /^(kubectl|helm|nginx|#!) /.test(trimmed)) continue;
    let line = raw;
    for (const c of [...exempt.code].sort((a, b) => b.length - a.length)) if (c.length > 3 && line.includes(c)) line = line.split(c).join(' ');
    for (const p of PHRASES) line = line.replace(p, ' ');
    // A CLI flag with its value ("--load-balancer yes", "--lb-source-range <你的地址>/32") is a command.
    line = line.replace(/--[a-z][a-z-]*(?:[ =](?![\u4e00-\u9fff])[^\s，。；：（）()]+)?/g, ' ');
    for (const token of line.split(/[^A-Za-z0-9_./:=@<>{}$*+'’-]+/)) {
      if (!token || token.startsWith('--')) continue; // a CLI flag
      const t = token.replace(/^[.:=*+'’-]+|[.:=*+'’-]+$/g, '');
      if (!t || /[0-9/._:@<>{}$=*+]/.test(t) || ALLOWED.has(t) || exempt.names.has(t) || IDENTIFIER.test(t)) continue;
      for (const word of t.split(/['’-]/)) if (/^[A-Za-z]{3,}$/.test(word) && !ALLOWED.has(word) && !exempt.names.has(word)) hits.push(`${word}  ←  ${trimmed}`);
    }
  }
  return hits;
}

const NAME_KEYS = new Set(['name', 'namespace', 'node', 'nodeName', 'pod', 'relay', 'className', 'host', 'hostnames', 'context', 'echoNodes', 'clientNodes', 'backend', 'service', 'address', 'observedSource']);

/** Every name of the data: string values (and arrays of them) under the keys that hold names. */
function dataNames(...values: unknown[]): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown, key: string | null) => {
    if (typeof v === 'string') {
      if (key && NAME_KEYS.has(key)) for (const part of v.split('/')) out.add(part);
    } else if (Array.isArray(v)) for (const x of v) walk(x, key);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  for (const v of values) walk(v, null);
  return out;
}

const snippetLines = (fixes: readonly Fix[]) => fixes.flatMap((f) => f.snippets.flatMap((s) => s.text.split('\n').map((l) => l.trim()).filter(Boolean)));

/**
 * The kube-proxy rule of a hop ("KUBE-EXT-<ns/svc:port> → KUBE-MARK-MASQ (mark 0x4000)", the
 * rule's own comment in quotes): one language-neutral string per hop in the model and the
 * session, shown as it is in both languages, like a snippet.
 */
function ruleTexts(...values: unknown[]): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key: string | null) => {
    if (typeof v === 'string') {
      if (key === 'rule' || key === 'outcomeRule') out.push(v, renderTokens(v, 'zh-CN'));
    } else if (Array.isArray(v)) for (const x of v) walk(x, key);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  for (const v of values) walk(v, null);
  return out;
}

function exempt(data: unknown[], fixes: readonly Fix[] = [], code: readonly string[] = []): Exempt {
  return { names: dataNames(...data), code: new Set([...snippetLines(fixes), ...code, ...ruleTexts(...data)]) };
}

function expectChinese(text: string, ex: Exempt) {
  expect(text).toMatch(/[\u4e00-\u9fff]/);
  expect(english(text, ex)).toEqual([]);
}

// ---------------------------------------------------------------- the data

const sample = parseSession(readFileSync(join(import.meta.dirname, '../../resources/sample/seed-session.json'), 'utf8'));

const relays: RelayDecl[] = [
  { name: 'edge1', address: '203.0.113.11', mode: 'l4', proxyProtocol: 'v2', addsXForwardedFor: false, forwardsTo: { node: 'node1', port: 30080 } },
  { name: 'edge2', address: '203.0.113.12', mode: 'l7', proxyProtocol: null, addsXForwardedFor: true, forwardsTo: { node: 'node2', port: 30080 } },
  { name: 'edge3', address: '203.0.113.13', mode: 'l4', proxyProtocol: null, addsXForwardedFor: false, forwardsTo: { node: 'node2', port: 30080 } },
];
const threeNodes = [makeNode('node1', '198.18.0.11', '198.19.1.0/24'), makeNode('node2', '198.18.0.12', '198.19.2.0/24'), makeNode('node3', '198.18.0.13', '198.19.3.0/24', { ready: false })];
const lbStatus = (ip: string, extra: Partial<ReturnType<typeof makeService>['loadBalancer']> = {}) => ({ ingress: [{ ip, hostname: null, ipMode: null }], loadBalancerClass: null, sourceRanges: [], proxyProtocol: null, ...extra });

function ingressInventory(config: Partial<ReturnType<typeof makeIngressController>['config']> = {}): Inventory {
  const ctrl = makeIngressController();
  ctrl.config = { ...ctrl.config, ...config };
  return makeInventory({ ingressControllers: [ctrl], ingresses: [makeIngress()] });
}

/** Inventories that between them reach most explanation codes: relays, ingress, Local with partial endpoints, hairpin, masqueradeAll, CNIs. */
const INSPECTIONS: { name: string; inv: Inventory; origins?: OriginSpec[]; relays?: RelayDecl[] }[] = [
  { name: 'seed with relays and a hairpin', inv: makeInventory({ pods: [makePod('echo-5', '198.19.1.5', 'node1', { labels: { app: 'echo' } })] }), origins: [{ kind: 'desktop' }, { kind: 'pod', node: 'node1' }, { kind: 'pod', node: 'node2' }, { kind: 'node', node: 'node2' }, { kind: 'backend' }], relays },
  { name: 'ingress controller and Ingress', inv: ingressInventory() },
  { name: 'ingress trusting forwarded headers', inv: ingressInventory({ useForwardedHeaders: true }) },
  { name: 'ingress with PROXY protocol', inv: ingressInventory({ useProxyProtocol: true }) },
  {
    name: 'Local LoadBalancer with endpoints on one of three nodes',
    inv: makeInventory({ nodes: threeNodes, service: makeService({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: null, loadBalancer: lbStatus('203.0.113.100') }) }),
  },
  {
    name: 'Local with health check and a PROXY-protocol LB',
    inv: makeInventory({ service: makeService({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 32000, loadBalancer: lbStatus('203.0.113.100', { proxyProtocol: { version: 'v2', annotation: 'service.beta.kubernetes.io/aws-load-balancer-proxy-protocol', value: '*' } }) }) }),
  },
  { name: 'masqueradeAll, ClusterIP service', inv: makeInventory({ proxy: makeProxy({ masqueradeAll: true }), service: makeService({ type: 'ClusterIP', ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: null }] }) }) },
  { name: 'no kube-proxy config, internalTrafficPolicy Local', inv: makeInventory({ proxy: makeProxy({ source: 'absent', clusterCIDR: null, detectLocalMode: 'unknown' }), service: makeService({ internalTrafficPolicy: 'Local' }) }) },
  { name: 'no endpoints', inv: makeInventory({ endpoints: [] }) },
  { name: 'terminating endpoint only', inv: makeInventory({ endpoints: [makeEndpoint('198.19.1.5', 'node1', { ready: false, serving: true, terminating: true })] }) },
  { name: 'flannel vxlan', inv: makeInventory({ cni: makeCni({ kind: 'flannel', flannel: { backend: 'vxlan', ipMasq: true } }) }) },
  { name: 'calico ipip', inv: makeInventory({ cni: makeCni({ kind: 'calico', calico: { dataplane: 'iptables', natOutgoing: true, encapsulation: 'ipip' } }) }) },
  { name: 'cilium without kube-proxy', inv: makeInventory({ proxy: makeProxy({ replacedBy: 'cilium' }), cni: makeCni({ kind: 'cilium', cilium: { kubeProxyReplacement: true, lbMode: 'snat', tunnel: 'disabled' } }) }) },
  { name: 'cilium DSR', inv: makeInventory({ cni: makeCni({ kind: 'cilium', cilium: { kubeProxyReplacement: true, lbMode: 'dsr', tunnel: 'disabled' } }) }) },
];

function inspect(i: (typeof INSPECTIONS)[number]): InspectResult {
  return { inventory: i.inv, answers: answerQuestions(i.inv, i.origins, undefined, i.relays ?? []), hazards: serviceHazards(i.inv) };
}

const inspectionFixes = (r: InspectResult) => [...r.answers.flatMap((a) => a.prediction.fixes), ...r.hazards.flatMap((h) => h.fixes)];

function clusterOf(services: ReturnType<typeof makeService>[], extra: Partial<ClusterInventory> = {}): ClusterInventory {
  const base = makeInventory();
  return { cluster: base.cluster, nodes: base.nodes, services, endpointSummaries: { 'default/local-lb': { ready: 1, nodes: ['node1'] }, 'default/local-np': { ready: 1, nodes: ['node1'] } }, proxy: makeProxy(), cni: makeCni(), ingressControllers: [], ingresses: [], warnings: [], ...extra };
}

const trusting = makeIngressController({ className: 'trusting' });
trusting.config = { ...trusting.config, useForwardedHeaders: true };
const SCANS: ClusterInventory[] = [
  clusterOf(
    [
      makeService({ name: 'np' }),
      makeService({ name: 'lb', type: 'LoadBalancer', loadBalancer: lbStatus('198.18.100.1') }),
      makeService({ name: 'local-lb', type: 'LoadBalancer', externalTrafficPolicy: 'Local', loadBalancer: lbStatus('198.18.100.2') }),
      makeService({ name: 'local-np', externalTrafficPolicy: 'Local' }),
      makeService({ name: 'pp-lb', type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 32001, loadBalancer: lbStatus('198.18.100.3', { proxyProtocol: { version: 'v1', annotation: 'service.beta.kubernetes.io/aws-load-balancer-proxy-protocol', value: '*' } }) }),
    ],
    { ingressControllers: [makeIngressController(), trusting] },
  ),
  clusterOf([makeService({ name: 'np' })], { cni: makeCni({ kind: 'cilium', cilium: { kubeProxyReplacement: true, lbMode: 'snat', tunnel: 'disabled' } }) }),
  clusterOf([makeService({ name: 'np' })], { cni: makeCni({ kind: 'calico', calico: { dataplane: 'vpp', natOutgoing: true, encapsulation: 'none' } }) }),
];

const WHAT_IFS: { inv: Inventory; changes: string[]; relays?: RelayDecl[] }[] = [
  { inv: makeInventory(), changes: ['etp=Local'] },
  { inv: makeInventory(), changes: ['itp=Local'] },
  { inv: makeInventory({ endpoints: [] }), changes: ['etp=Local', 'endpoints-on=node2'] },
  { inv: makeInventory({ nodes: threeNodes, service: makeService({ type: 'LoadBalancer', loadBalancer: lbStatus('203.0.113.100') }) }), changes: ['etp=Local'] },
  { inv: makeInventory({ service: makeService({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 32000, loadBalancer: lbStatus('203.0.113.100') }) }), changes: ['etp=Cluster', 'lb-proxy=v2'] },
  { inv: makeInventory(), changes: ['relay-proxy=edge1:off', 'relay-proxy=edge3:v1'], relays },
  { inv: ingressInventory(), changes: ['use-forwarded-headers=true', 'compute-full-forwarded-for=true'] },
  { inv: ingressInventory({ useForwardedHeaders: true }), changes: ['proxy-real-ip-cidr=203.0.113.0/24'] },
  { inv: ingressInventory(), changes: ['use-proxy-protocol=true'] },
  { inv: makeInventory(), changes: ['etp=Cluster'] },
];

const EXPECTATIONS = `apiVersion: snatscope.io/v1alpha1
kind: ClientIPExpectations
services:
  - service: default/frontend
    expect:
      - { from: desktop, via: endpoint-nodes, clientIP: preserved }
      - { from: desktop, via: any-node, clientIP: preserved }
      - { from: pods, clientIP: visible }
      - { from: relay/edge2, clientIP: x-forwarded-for }
relays:
  - { name: edge2, address: 203.0.113.12, mode: l7, xForwardedFor: true, forwardsTo: { node: node2, port: 30080 } }
`;

function checkResults(): CaseResult[] {
  const parsed = parseExpectations(EXPECTATIONS, 'zh-CN');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const expect = parsed.file.services[0]!.expect;
  const inv = makeInventory({ service: makeService({ namespace: 'default', name: 'frontend' }) });
  return [...evaluateService('default/frontend', expect, cellsFromSession(sample), 'zh-CN'), ...evaluateService('default/frontend', expect, cellsFromPrediction(inv, answerQuestions(inv)), 'zh-CN')];
}

/** The sample with what a probe run can add: every session message, a failed cleanup, a failed run. */
function eventfulSessions(): Session[] {
  const ns = sample.plan.namespace;
  const params = { nodes: 'node1, node2', node: 'node1', service: 'default/frontend', count: 3, cap: 20, total: 40, className: 'nginx', destination: 'echo.example.test/x', seconds: 120, reason: 'Pod Security 准入拒绝', namespace: ns, expiresAt: '2026-01-01T00:00:00Z' };
  const warnings = PROBE_MESSAGE_CODES.map((code) => probeMessage(code, params));
  return [
    { ...sample, warnings, cleanup: { outcome: 'timeout', message: `namespace ${ns} is still terminating; it will disappear on its own (snatscope sweep checks)` } },
    { ...sample, cleanup: { outcome: 'kept', message: `kept ${ns} (--keep); it expires at 2026-01-01T00:00:00Z` } },
    { ...sample, status: 'failed', error: { code: 'probe.timeout', message: 'x', action: null } as never, finding: [{ code: 'finding.failed', params: { reason: '超时' } }], cleanup: { outcome: 'failed', message: `API 错误 — run \`snatscope sweep\` (or reopen the app) to remove ${ns}` } },
  ];
}

/** A session's names and rules, also as the report shows them (retargeted to the user's service). */
const sessionData = (s: Session) => [s, retargetSession(s)].map((x) => [x.inventory, x.plan, x.services, x.echoPods, x.clientPods, x.paths.map((p) => [p.origin, p.target, p.service, p.explanation, p.note])]);
const sessionExempt = (s: Session, extra: readonly string[] = []) => exempt([sessionData(s), relays], [...s.fixes, ...retargetSession(s).fixes], extra);

// ---------------------------------------------------------------- the outputs

describe('zh-CN output has no untranslated English (issue 15, item 9)', () => {
  it('probe: the table, finding, fixes, warnings and cleanup (renderSessionText)', () => {
    for (const s of [sample, ...eventfulSessions()]) expectChinese(renderSessionText(s, 'zh-CN'), sessionExempt(s));
  });

  it('probe: progress lines and the --dry-run notes', () => {
    const ex = exempt([{ node: 'node1' }, { pod: 'snatscope-client-node1' }]);
    const lines = (['preflight', 'namespace', 'configmap', 'pods', 'services', 'ready', 'desktop', 'in-cluster', 'verdicts', 'cleanup'] as const).flatMap((step) =>
      (['running', 'done', 'failed', 'skipped'] as const).map((state) =>
        progressText({ runId: 'r', step, state, message: null, waiting: state === 'running' ? { code: 'wait.serviceRules', params: {} } : null, pods: [{ name: 'snatscope-client-node1', role: 'client', node: 'node1', stage: 'pulling', reason: null } as never], requests: { done: 1, total: 4 }, at: '' }, 'zh-CN'),
      ),
    );
    expectChinese(lines.join('\n'), ex);
    // Snippet titles name nginx's own blocks (stream, http) for the copyable configuration below them.
    const snippets = relaySnippets({ nodeAddress: '198.18.0.11', ports: { Cluster: 30090 }, relays: [] });
    const warnings = PROBE_MESSAGE_CODES.filter((c) => c.startsWith('probe.warn.')).map((c) => probeMessage(c, { nodes: 'node3', service: 'default/frontend', node: 'node1', cap: 2, total: 3, count: 1, className: 'nginx', destination: 'echo.example.test/x', reason: '-', seconds: 5 }));
    const dry = dryRunText({ permissions: [{ verb: 'create', resource: 'pods', subresource: 'log', allowed: false }], warnings }, snippets, 'zh-CN');
    expectChinese(dry, exempt([{ node: 'node1' }], [], [...snippets.flatMap((x) => [x.title, ...x.text.split('\n').map((l) => `# ${l}`.trim())]), 'create pods/log']));
    expectChinese(dryRunText({ permissions: [], warnings: [] }, [], 'zh-CN'), exempt([]));
  });

  it('report.md: measured, redacted and predicted reports', () => {
    expectChinese(markdownReport(sample, { locale: 'zh-CN', pngFile: 'diagram.png' }), sessionExempt(sample));
    const redacted = redactSession(sample);
    expectChinese(markdownReport(redacted, { locale: 'zh-CN' }), sessionExempt(redacted));
    for (const i of INSPECTIONS) {
      const doc = predictionDocument(i.inv, { app: { name: 'snatscope', version: '0.1.0' }, now: new Date('2026-01-01T00:00:00Z'), ...(i.relays ? { relays: i.relays } : {}) });
      if (doc) expectChinese(markdownReport(doc, { locale: 'zh-CN' }), sessionExempt(doc));
    }
  });

  it('the diagram as Mermaid (diagram.mmd and the report’s block): node and edge labels', () => {
    const labels = (mmd: string) => [...mmd.matchAll(/"([^"]*)"/g)].map((m) => m[1]!).join('\n');
    for (const s of [sample, redactSession(sample)]) expectChinese(labels(mermaidFlowchart(s, 'desktop', 'zh-CN')), sessionExempt(s));
  });

  it('diagram.svg and diagram.mmd as exported: title, caption, labels', async () => {
    const matrix: Session = { ...sample, plan: { ...sample.plan, mode: 'matrix', target: null } };
    for (const s of [sample, matrix]) {
      for (const redact of [false, true]) {
        const { files } = await renderExports(s, { formats: ['svg', 'mermaid'], locale: 'zh-CN', theme: 'light', redact });
        const svg = (files.find((f) => f.name.endsWith('.svg')) as { text: string }).text;
        const texts = [...svg.matchAll(/<(text|tspan|title|desc)[^>]*>([^<]*)</g)].map((m) => m[2]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'"));
        const ex = redact ? sessionExempt(redactSession(retargetSession(s))) : sessionExempt(s);
        expect(texts.length).toBeGreaterThan(5);
        expectChinese(texts.join('\n'), ex);
        const mmd = (files.find((f) => f.name.endsWith('.mmd')) as { text: string }).text;
        expectChinese([...mmd.matchAll(/"([^"]*)"/g)].map((m) => m[1]!).join('\n'), ex);
      }
    }
  });

  it('inspect: header, answers with their numbered flows, warnings, assumptions, fixes, hazards', () => {
    for (const i of INSPECTIONS) {
      const r = inspect(i);
      const text = renderInspectText(r, 'zh-CN', false).join('\n');
      expect(text, i.name).toContain('数据面');
      expect(english(text, exempt([i.inv, i.relays ?? [], r.answers], inspectionFixes(r))), i.name).toEqual([]);
    }
  });

  it('scan: the list of hazards with their fixes', () => {
    for (const c of SCANS) {
      const hazards = scanHazards(c);
      expect(hazards.length).toBeGreaterThan(0);
      expectChinese(renderScanText(hazards, c.services.length, 'zh-CN').join('\n'), exempt([c], hazards.flatMap((h) => h.fixes)));
    }
    expectChinese(renderScanText([], 3, 'zh-CN').join('\n'), exempt([]));
  });

  it('inspect --what-if: the change, changed paths, dropping nodes, health check, spread, PROXY breaks', () => {
    for (const w of WHAT_IFS) {
      const parsed = parseWhatIfs(w.changes);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
      const r = previewWhatIf(w.inv, { changes: parsed.changes, relays: w.relays ?? [] });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      const text = renderWhatIfText(w.inv, r.result, 'zh-CN', false).join('\n');
      expect(english(text, exempt([w.inv, w.relays ?? [], r.result], [...r.result.after, ...r.result.before].flatMap((a) => a.prediction.fixes), w.changes)), w.changes.join(' ')).toEqual([]);
    }
  });

  it('check: the table, the failures with why and fix, the summary', () => {
    const results = checkResults();
    expect(results.some((r) => !r.pass)).toBe(true);
    const ids = results.flatMap((r) => [expectationText(r.expectation), ...(r.cell ? [r.cell.label] : [])]);
    expectChinese(renderCheckText(results, 'zh-CN'), exempt([sessionData(sample), results], results.flatMap((r) => r.fixes), ids));
  });

  it('diff: changes and the summary', () => {
    const before = JSON.stringify(sample);
    const changed = structuredClone(sample);
    changed.paths[1]!.observed.verdict = 'dropped';
    changed.paths[2]!.observed.verdict = 'preserved';
    changed.paths = changed.paths.slice(0, -1);
    const d = diffRuns(parseRun(before), parseRun(JSON.stringify(changed)));
    const labels = d.changes.map((c) => c.label);
    expectChinese(renderDiffText(d, 'zh-CN'), exempt([sample.inventory, sample.paths.map((p) => p.origin)], [], labels));
    expectChinese(renderDiffText(diffRuns(parseRun(before), parseRun(before)), 'zh-CN'), exempt([]));
  });

  it('CI outputs (--summary markdown, --junit/--tap messages) for probe, scan and check', () => {
    const results = checkResults();
    const reports: { report: TestReport; fixes: Fix[]; ids: string[] }[] = [
      ...[sample, ...eventfulSessions()].map((s) => ({ report: probeReport(s, 'zh-CN'), fixes: s.fixes, ids: [] })),
      ...SCANS.map((c) => {
        const hazards = scanHazards(c);
        return { report: scanReport(hazards, c.services.length, 'zh-CN', null), fixes: hazards.flatMap((h) => h.fixes), ids: [] };
      }),
      { report: scanReport([], 4, 'zh-CN', null), fixes: [], ids: [] },
      { report: checkReport(results, { name: 'snatscope check client-ip.yaml', mode: 'predict', locale: 'zh-CN', durationSeconds: 1, timestamp: null }), fixes: results.flatMap((r) => r.fixes), ids: results.flatMap((r) => [expectationText(r.expectation), ...(r.cell ? [r.cell.label] : [])]) },
    ];
    for (const { report, fixes, ids } of reports) {
      // Case names identify a path the same way in every language (a CI history must not change with it): data.
      const caseNames = report.suites.flatMap((s) => [s.name, ...s.cases.map((c) => c.name)]);
      // The last detail of a hazard cites its source (docs/source-ip-facts.md and the code it rests on).
      const citations = report.suites.flatMap((s) => s.cases.flatMap((c) => c.details.filter((d) => /^\(source-ip-facts §/.test(d))));
      const ex = exempt([sessionData(sample), SCANS, results], fixes, [...ids, ...caseNames, ...citations, report.name]);
      const prose = report.suites.flatMap((s) => s.cases.flatMap((c) => [c.message ?? '', ...c.details])).join('\n');
      expect(english(prose, ex), report.name).toEqual([]);
      expectChinese(markdownSummary(report, 'zh-CN'), ex);
    }
  });

  it('YAML an admin or a CI applies: the comments of --print-rbac and of expectations files', () => {
    for (const mode of ['read', 'probe'] as const) {
      const comments = rbacManifest(mode, { locale: 'zh-CN', ingress: true }).split('\n').filter((l) => l.trim().startsWith('#'));
      expectChinese(comments.join('\n'), exempt([]));
    }
    const yaml = expectationsYaml(expectationsFromSession(sample).file, ['由 session.json 固定（default/frontend 的探测）。']);
    expectChinese(yaml.split('\n').filter((l) => l.trim().startsWith('#')).join('\n'), exempt([sample.plan]));
  });

  it('the check itself: the same outputs in English are full of words it finds', async () => {
    const r = inspect(INSPECTIONS[0]!);
    const svg = (await renderExports(sample, { formats: ['svg'], locale: 'en', theme: 'light', redact: false })).files[0] as { text: string };
    const english_ = [
      renderSessionText(sample, 'en'),
      markdownReport(sample, { locale: 'en' }),
      renderInspectText(r, 'en', false).join('\n'),
      renderScanText(scanHazards(SCANS[0]!), 5, 'en').join('\n'),
      renderCheckText(checkResults(), 'en'),
      [...svg.text.matchAll(/<text[^>]*>([^<]*)</g)].map((m) => m[1]).join('\n'),
    ];
    for (const text of english_) expect(english(text, sessionExempt(sample)).length).toBeGreaterThan(5);
    expect(english('Pod 在 node1 上 timeout', exempt([{ node: 'node1' }]))).toEqual(['timeout  ←  Pod 在 node1 上 timeout']);
  });

  it('every sentence of the catalogs (explanations, fixes, session messages, what-if), with or without the model reaching it', () => {
    const filled = (template: string) => template.replace(/\{[A-Za-z0-9_]+\}/g, ' ');
    const ex = exempt([]);
    const explain = (Object.keys(zhCN) as ExplainCode[]).filter((k) => !k.startsWith('fix.snippet.')).map((k) => `${filled(zhCN[k])}`);
    expect(english(explain.join('\n'), ex)).toEqual([]);
    const whatIf = Object.keys(whatIfEn).map((k) => filled(renderWhatIf(k, {}, 'zh-CN')));
    expect(english(whatIf.join('\n'), ex)).toEqual([]);
    // The English catalog is what the session stores; every message code has its Chinese sentence.
    for (const code of PROBE_MESSAGE_CODES) expect(zhCN[code], code).not.toBe(en[code]);
    expect(renderStep({ code: 'probe.warn.unknownNodes', params: { nodes: 'node9' } }, 'zh-CN')).toMatch(/node9/);
    expect(renderFix(sample.fixes[0]!, 'zh-CN').title).toMatch(/[\u4e00-\u9fff]/);
  });
});
