// A Mermaid flowchart of the measured paths (renders on GitHub/GitLab), the same graph as the
// picture: clients → entry (node NodePort or relay) → the node a relay forwards to → the hop that
// rewrote the source (SNAT/proxy, with the new address, where it happened) → echo pods; one edge
// from the client per matrix cell with its verdict; SNAT edges name the new address.
import type { Locale } from '../explain/types';
import type { PathResult, Session } from '../probe/session-types';

/** The labels in both languages (report.md and diagram.mmd are written in the chosen one). */
const WORDS = {
  en: {
    verdict: { preserved: 'client IP preserved', snat: 'SNAT', dropped: 'dropped', rejected: 'refused', proxied: 'client in headers', broken: 'broken', unknown: 'unknown' } as Record<string, string>,
    colon: ': ',
    echo: (node: string) => `probe echo on ${node}`,
    desktop: (address: string) => `this desktop ${address}`,
    backend: (pod: string, node: string) => `backend ${pod} on ${node}`,
    process: (node: string) => `process on ${node}`,
    pod: (node: string) => `pod on ${node}`,
    relay: (name: string) => `relay ${name}`,
    proxy: 'proxy',
    sees: (address: string) => `sees ${address}`,
  },
  'zh-CN': {
    verdict: { preserved: '客户端 IP 保留', snat: 'SNAT', dropped: '丢弃', rejected: '拒绝', proxied: '客户端地址在请求头中', broken: '损坏', unknown: '未知' } as Record<string, string>,
    colon: '：',
    echo: (node: string) => `${node} 上的探测回显 Pod`,
    desktop: (address: string) => `本机 ${address}`,
    backend: (pod: string, node: string) => `${node} 上的后端 ${pod}`,
    process: (node: string) => `${node} 上的进程`,
    pod: (node: string) => `${node} 上的 Pod`,
    relay: (name: string) => `中继 ${name}`,
    proxy: '代理',
    sees: (address: string) => `看到 ${address}`,
  },
};

/**
 * Mermaid ids must be simple, and different names must stay different nodes: "node a.b" and
 * "node a_b" both became n_node_a_b and were drawn as one. Letters and digits are kept, `_`
 * doubled, anything else written as `_<hex code point>_`: reversible, so no two names collide.
 * Labels are quoted and stripped of characters Mermaid interprets.
 */
export function mermaidId(text: string): string {
  return `n_${text.replace(/[^A-Za-z0-9]/gu, (c) => (c === '_' ? '__' : `_${c.codePointAt(0)!.toString(16)}_`))}`;
}

function label(text: string): string {
  return text.replace(/["<>{}[\]|#;`]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80);
}

export interface MermaidEdge {
  from: string;
  to: string;
  label: string;
  style: 'solid' | 'dashed' | 'blocked';
}

export function edgeLabel(p: PathResult, locale: Locale = 'en'): string {
  const w = WORDS[locale] ?? WORDS.en;
  const policy = `${p.service.policy}${w.colon}`;
  if (p.observed.verdict === 'snat') return `${policy}SNAT → ${p.observedSource ?? '?'}`;
  if (p.observed.verdict === 'dropped') return `${policy}${w.verdict.dropped} ✕`;
  return `${policy}${w.verdict[p.observed.verdict] ?? p.observed.verdict}`;
}

/** The graph as data (also used by the tests to compare with the paths). */
export function mermaidGraph(session: Session, origins: 'desktop' | 'all' = 'desktop', locale: Locale = 'en'): { nodes: Map<string, string>; edges: MermaidEdge[] } {
  const w = WORDS[locale] ?? WORDS.en;
  const nodes = new Map<string, string>();
  const edges: MermaidEdge[] = [];
  const add = (id: string, text: string) => {
    if (!nodes.has(id)) nodes.set(id, text);
  };
  const echo = session.echoPods[0];
  const echoId = mermaidId(`pod ${echo?.name ?? 'echo'}`);
  // The echo is the probe's own pod, not one of the user's: say so (issue 13), never its name.
  add(echoId, w.echo(echo?.node ?? '?'));
  for (const p of session.paths) {
    if (origins === 'desktop' && p.origin.kind !== 'desktop') continue;
    if (p.target.kind === 'clusterIP') continue;
    const clientText = p.origin.kind === 'desktop' ? w.desktop(p.origin.address ?? '') : p.origin.kind === 'pod' ? (p.origin.backend ? w.backend(p.origin.pod, p.origin.node) : p.origin.hostNetwork ? w.process(p.origin.node) : w.pod(p.origin.node)) : w.relay(p.origin.relay);
    const clientId = mermaidId(p.origin.kind === 'desktop' ? 'desktop' : p.origin.kind === 'pod' ? (p.origin.backend ? `backend ${p.origin.pod}` : p.origin.hostNetwork ? `process ${p.origin.node}` : `client ${p.origin.node}`) : `relay ${p.origin.relay}`);
    add(clientId, clientText);
    let entryId: string;
    if (p.target.kind === 'relay') {
      entryId = mermaidId(`relay ${p.target.address}:${p.target.port}`);
      add(entryId, w.relay(`${p.target.address}:${p.target.port}`));
    } else {
      entryId = mermaidId(`node ${p.target.node ?? p.target.address}`);
      add(entryId, p.target.node ? `${p.target.node} ${p.target.address}` : p.target.address);
    }
    const style = p.observed.verdict === 'dropped' || p.observed.verdict === 'rejected' ? 'blocked' : p.observed.verdict === 'snat' ? 'dashed' : 'solid';
    edges.push({ from: clientId, to: entryId, label: `${p.target.kind === 'relay' ? '' : `:${p.target.port} `}${edgeLabel(p, locale)}`, style });
    if (style === 'blocked') continue;
    // After the entry, the same hops as the picture: a relay is wired to the node and NodePort it
    // forwards to, and the rewrite is a station of its own on the hop where it happened.
    const chain: { id: string; label: string }[] = [{ id: entryId, label: '' }];
    const hop = p.observed.rewritingHop;
    const rewrite = hop && p.observedSource && (p.observed.verdict === 'snat' || p.observed.verdict === 'proxied') ? { hop, address: p.observedSource } : null;
    const rewriteStation = () => {
      if (!rewrite) return;
      const id = mermaidId(`rewrite ${rewrite.hop.kind} ${rewrite.hop.name} ${rewrite.address}`);
      add(id, `${p.observed.verdict === 'snat' ? 'SNAT' : w.proxy} → ${rewrite.address} @ ${rewrite.hop.name}`);
      chain.push({ id, label: '' });
    };
    if (rewrite?.hop.kind === 'relay') rewriteStation();
    if (p.target.kind === 'relay' && p.target.node) {
      const nodeId = mermaidId(`node ${p.target.node}`);
      const ip = session.inventory.nodes.find((n) => n.name === p.target.node)?.addresses.internalIPs[0];
      add(nodeId, ip ? `${p.target.node} ${ip}` : p.target.node);
      const nodePort = session.services.find((x) => x.name === p.service.name)?.nodePort;
      chain.push({ id: nodeId, label: nodePort ? `NodePort :${nodePort}` : '' });
    }
    if (rewrite && rewrite.hop.kind !== 'relay') rewriteStation();
    // The probe's copies differ only by policy, so the policy names the copy (never "echo-cluster").
    const copy = `eTP ${p.service.policy}`;
    chain.push({ id: echoId, label: rewrite ? `${copy}${w.colon}${w.sees(rewrite.address)}` : copy });
    for (let i = 1; i < chain.length; i++) {
      const label = chain[i]!.label || copy;
      edges.push({ from: chain[i - 1]!.id, to: chain[i]!.id, label, style });
    }
  }
  return { nodes, edges: dedupe(edges) };
}

function dedupe(edges: MermaidEdge[]): MermaidEdge[] {
  const seen = new Set<string>();
  return edges.filter((e) => {
    const k = `${e.from}>${e.to}>${e.label}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function mermaidFlowchart(session: Session, origins: 'desktop' | 'all' = 'desktop', locale: Locale = 'en'): string {
  const { nodes, edges } = mermaidGraph(session, origins, locale);
  const lines = ['flowchart LR'];
  for (const [id, text] of nodes) lines.push(`  ${id}["${label(text)}"]`);
  edges.forEach((e) => {
    const arrow = e.style === 'solid' ? '-->' : e.style === 'dashed' ? '-.->' : '--x';
    lines.push(`  ${e.from} ${arrow}|"${label(e.label)}"| ${e.to}`);
  });
  // Colour is never the only signal: dashed = rewritten, ✕ = blocked; the colours are the
  // picture's (Okabe–Ito orange and vermillion, style.ts).
  edges.forEach((e, i) => {
    if (e.style === 'dashed') lines.push(`  linkStyle ${i} stroke:#C98A00,stroke-width:2px`);
    if (e.style === 'blocked') lines.push(`  linkStyle ${i} stroke:#D55E00,stroke-width:2px`);
  });
  return lines.join('\n');
}
