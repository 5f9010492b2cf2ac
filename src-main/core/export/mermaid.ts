// A Mermaid flowchart of the measured paths (renders on GitHub/GitLab): clients → entry nodes →
// echo pods, one edge per matrix cell with its verdict; SNAT edges name the new address.
import type { PathResult, Session } from '../probe/session-types';

const VERDICT_TEXT: Record<string, string> = { preserved: 'client IP preserved', snat: 'SNAT', dropped: 'dropped', rejected: 'refused', proxied: 'client in headers', broken: 'broken', unknown: 'unknown' };

/** Mermaid ids must be simple; labels are quoted and stripped of characters Mermaid interprets. */
export function mermaidId(text: string): string {
  return `n_${text.replace(/[^A-Za-z0-9]/g, '_')}`;
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

export function edgeLabel(p: PathResult): string {
  const policy = `${p.service.policy}`;
  if (p.observed.verdict === 'snat') return `${policy}: SNAT → ${p.observedSource ?? '?'}`;
  if (p.observed.verdict === 'dropped') return `${policy}: dropped ✕`;
  return `${policy}: ${VERDICT_TEXT[p.observed.verdict] ?? p.observed.verdict}`;
}

/** The graph as data (also used by the tests to compare with the paths). */
export function mermaidGraph(session: Session, origins: 'desktop' | 'all' = 'desktop'): { nodes: Map<string, string>; edges: MermaidEdge[] } {
  const nodes = new Map<string, string>();
  const edges: MermaidEdge[] = [];
  const add = (id: string, text: string) => {
    if (!nodes.has(id)) nodes.set(id, text);
  };
  const echo = session.echoPods[0];
  const echoId = mermaidId(`pod ${echo?.name ?? 'echo'}`);
  add(echoId, `echo pod ${echo?.name ?? ''} (${echo?.node ?? '?'})`);
  for (const p of session.paths) {
    if (origins === 'desktop' && p.origin.kind !== 'desktop') continue;
    if (p.target.kind === 'clusterIP') continue;
    const clientText = p.origin.kind === 'desktop' ? `this desktop ${p.origin.address ?? ''}` : p.origin.kind === 'pod' ? `pod on ${p.origin.node}` : `relay ${p.origin.relay}`;
    const clientId = mermaidId(p.origin.kind === 'desktop' ? 'desktop' : p.origin.kind === 'pod' ? `client ${p.origin.node}` : `relay ${p.origin.relay}`);
    add(clientId, clientText);
    let entryId: string;
    if (p.target.kind === 'relay') {
      entryId = mermaidId(`relay ${p.target.address}:${p.target.port}`);
      add(entryId, `relay ${p.target.address}:${p.target.port}`);
    } else {
      entryId = mermaidId(`node ${p.target.node ?? p.target.address}`);
      add(entryId, p.target.node ? `${p.target.node} ${p.target.address}` : p.target.address);
    }
    const style = p.observed.verdict === 'dropped' || p.observed.verdict === 'rejected' ? 'blocked' : p.observed.verdict === 'snat' ? 'dashed' : 'solid';
    edges.push({ from: clientId, to: entryId, label: `${p.target.kind === 'relay' ? '' : `:${p.target.port} `}${edgeLabel(p)}`, style });
    if (style !== 'blocked') edges.push({ from: entryId, to: echoId, label: p.service.name, style });
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

export function mermaidFlowchart(session: Session, origins: 'desktop' | 'all' = 'desktop'): string {
  const { nodes, edges } = mermaidGraph(session, origins);
  const lines = ['flowchart LR'];
  for (const [id, text] of nodes) lines.push(`  ${id}["${label(text)}"]`);
  edges.forEach((e) => {
    const arrow = e.style === 'solid' ? '-->' : e.style === 'dashed' ? '-.->' : '--x';
    lines.push(`  ${e.from} ${arrow}|"${label(e.label)}"| ${e.to}`);
  });
  // Colour is never the only signal: dashed = rewritten, ✕ = blocked; classes add colour.
  edges.forEach((e, i) => {
    if (e.style === 'dashed') lines.push(`  linkStyle ${i} stroke:#b35900,stroke-width:2px`);
    if (e.style === 'blocked') lines.push(`  linkStyle ${i} stroke:#c62828,stroke-width:2px`);
  });
  return lines.join('\n');
}
