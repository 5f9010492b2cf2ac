// Plain-text rendering of predictions and hazards for the terminal (both languages).
import { renderExplanation, renderFix, renderStep } from '../core/explain/render';
import type { Fix, Locale } from '../core/explain/types';
import type { Inventory } from '../core/inventory/types';
import type { Answer, InspectResult } from '../core/inspect/inspect';
import type { Prediction } from '../core/prediction/types';
import type { Hazard } from '../core/scan/scan';

const VERDICT_MARK: Record<string, string> = { preserved: '✓', snat: '✗', dropped: '⊘', rejected: '⊘', proxied: '~', broken: '!' };

export function describeOrigin(p: Prediction, lang: Locale): string {
  const o = p.origin;
  const zh = lang === 'zh-CN';
  if (o.kind === 'external') return zh ? '从本机（集群外）' : 'From this desktop (outside the cluster)';
  if (o.kind === 'pod' && o.backend) return zh ? `从服务自己的后端 ${o.backend}（${o.node}）` : `From the service's own backend ${o.backend} on ${o.node}`;
  if (o.kind === 'pod') return zh ? `从 ${o.node} 上的 Pod` : `From a pod on ${o.node}`;
  if (o.kind === 'node') return zh ? `从节点 ${o.node} 上的进程` : `From a process on node ${o.node}`;
  return zh ? `经中继 ${o.relay.name}` : `Through relay ${o.relay.name}`;
}

export function describeTarget(p: Prediction): string {
  const t = p.target;
  if (t.kind === 'nodePort') return `NodePort ${t.port}/${t.protocol ?? 'TCP'}`;
  if (t.kind === 'loadBalancer') return `LoadBalancer ${t.address ?? ''}:${t.port}`;
  if (t.kind === 'clusterIP') return `ClusterIP :${t.port}`;
  return `Ingress ${t.host ?? '*'}${t.path}`;
}

export function renderInventoryHeader(inv: Inventory, lang: Locale): string[] {
  const s = inv.service;
  const zh = lang === 'zh-CN';
  const lines: string[] = [];
  if (s) {
    const ports = s.ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}`).join(', ');
    lines.push(`${s.namespace}/${s.name} · ${s.type} ${ports} · externalTrafficPolicy=${s.externalTrafficPolicy} · internalTrafficPolicy=${s.internalTrafficPolicy}`);
  }
  const proxy = inv.proxy;
  lines.push(
    `${zh ? '数据面' : 'Dataplane'}: kube-proxy ${proxy.mode}${proxy.source === 'absent' ? (zh ? '（未找到配置）' : ' (no config found)') : ''}${proxy.replacedBy ? ` → ${proxy.replacedBy}` : ''} · CNI: ${inv.cni.kind === 'unknown' && zh ? '未知' : inv.cni.kind}${inv.cni.flannel ? ` (${inv.cni.flannel.backend})` : ''}`,
  );
  const eps = inv.endpoints.map((e) => `${e.address}${e.nodeName ? `@${e.nodeName}` : ''}${e.ready ? '' : zh ? '（未就绪）' : ' (not ready)'}`);
  lines.push(`${zh ? '端点' : 'Endpoints'}: ${eps.length ? eps.join(', ') : zh ? '无' : 'none'}`);
  return lines;
}

export function renderAnswer(a: Answer, lang: Locale, verbose: boolean): string[] {
  const p = a.prediction;
  const out = [`${describeOrigin(p, lang)} → ${describeTarget(p)}:`];
  if (a.coverage) {
    out.push(
      lang === 'zh-CN'
        ? `  （${a.coverage.entryNodes} 个节点中预测了 ${a.coverage.predictedEntryNodes} 个入口节点：所有有端点的节点和几个没有端点的节点；其余节点与同类节点行为相同。）`
        : `  (predicted for ${a.coverage.predictedEntryNodes} of ${a.coverage.entryNodes} entry nodes: every node with an endpoint and a few without; the others behave like those of their kind.)`,
    );
  }
  for (const g of p.groups) out.push(`  ${VERDICT_MARK[g.verdict] ?? '?'} ${renderStep(g.summary, lang)}`);
  if (verbose) {
    // A numbered flow per entry node, like the original problem report (per verdict on big clusters).
    const perGroup = p.groups.length <= 4;
    const shown = new Set<string>();
    for (const g of p.groups) {
      if (!perGroup && shown.has(g.verdict)) continue;
      shown.add(g.verdict);
      const path = p.paths.find((x) => x.id === g.pathIds[0]);
      if (!path) continue;
      out.push(`    ${lang === 'zh-CN' ? '原因' : 'Why'} (${g.entryNode ?? '-'}):`);
      for (const line of renderExplanation(path.explanation, lang)) out.push(`      ${line}`);
    }
  }
  return out;
}

export function renderFixes(fixes: Fix[], lang: Locale): string[] {
  const out: string[] = [];
  fixes.forEach((f, i) => {
    const r = renderFix(f, lang);
    out.push(`  ${i + 1}. ${r.title}`);
    for (const d of r.description) out.push(`     ${d}`);
    for (const t of r.tradeoffs) out.push(`     ${lang === 'zh-CN' ? '代价：' : 'Trade-off: '}${t}`);
    for (const s of r.snippets) {
      out.push(`     ${s.label}${lang === 'zh-CN' ? '：' : ':'}`);
      for (const line of s.text.split('\n')) out.push(`       ${line}`);
    }
  });
  return out;
}

export function renderHazard(h: Hazard, lang: Locale): string[] {
  const where = h.service ? `${h.service.namespace}/${h.service.name}` : `ingressclass/${h.ingressClass}`;
  if (lang === 'zh-CN') return [`[${SEVERITY_ZH[h.severity] ?? h.severity}] ${where}：${h.why.map((s) => renderStep(s, lang)).join('')}`];
  return [`[${h.severity}] ${where}: ${h.why.map((s) => renderStep(s, lang)).join(' ')}`];
}

/** `snatscope inspect` as text: the header, every answer, then warnings, assumptions, fixes and hazards once each. */
export function renderInspectText(result: InspectResult, lang: Locale, brief: boolean): string[] {
  const zh = lang === 'zh-CN';
  const out: string[] = [...renderInventoryHeader(result.inventory, lang), ''];
  for (const a of result.answers) out.push(...renderAnswer(a, lang, !brief), '');
  // Warnings (a hairpin, a node not Ready, a Local LB without health check …), once each.
  const warnings = new Map<string, string>();
  for (const a of result.answers) for (const s of a.prediction.warnings) warnings.set(JSON.stringify(s), renderStep(s, lang));
  if (warnings.size) out.push(zh ? '警告：' : 'Warnings:', ...[...warnings.values()].map((s) => `  - ${s}`), '');
  const assumptions = new Map<string, string>();
  for (const a of result.answers) for (const s of a.prediction.assumptions) assumptions.set(JSON.stringify(s), renderStep(s, lang));
  if (assumptions.size) out.push(zh ? '假设：' : 'Assumptions:', ...[...assumptions.values()].map((s) => `  - ${s}`), '');
  const fixes = new Map<string, Fix>();
  for (const a of result.answers) for (const f of a.prediction.fixes) if (!fixes.has(f.id)) fixes.set(f.id, f);
  if (fixes.size) out.push(zh ? '修复建议：' : 'Fixes:', ...renderFixes([...fixes.values()], lang), '');
  if (result.hazards.length) out.push(zh ? '隐患：' : 'Hazards:', ...result.hazards.flatMap((h) => renderHazard(h, lang).map((l) => `  ${l}`)));
  return out;
}

const SEVERITY_ZH: Record<string, string> = { high: '高', medium: '中', low: '低' };

/** `snatscope scan` as text: how many services were read, then each hazard with its fixes. */
export function renderScanText(hazards: Hazard[], servicesScanned: number, lang: Locale): string[] {
  const out = [lang === 'zh-CN' ? `已扫描 ${servicesScanned} 个 Service；发现 ${hazards.length} 个隐患。` : `${servicesScanned} services scanned; ${hazards.length} hazard(s).`];
  for (const h of hazards) out.push('', ...renderHazard(h, lang), ...renderFixes(h.fixes, lang));
  return out;
}
