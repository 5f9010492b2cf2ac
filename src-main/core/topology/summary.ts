// A path as one line, in the style of the original report's plain flow — the line a postmortem
// quotes: "203.0.113.1 → node2:30080 ⇄ SNAT → 198.18.0.12 → node1 → frontend sees 198.18.0.12".
// Built from the path's hop chain; each part names the picture element it stands for, so the
// app can make every hop clickable. The default path is the worst one: where the client address
// is lost (SNAT) first, because that is the question the picture answers, then drops, refusals,
// broken PROXY headers, proxies, unclassified, preserved.
import { makeId } from './ids';
import { labeller } from './labels';
import type { EdgeVerdict, PathSummary, SummaryPart, TopoLocale, TopoPath, Topology } from './types';

const SEVERITY: Record<EdgeVerdict, number> = { snat: 6, dropped: 5, rejected: 4, broken: 3, proxied: 2, unknown: 1, preserved: 0 };

/** The path the picture leads with: the most severe verdict, then the first by id. */
export function worstPath(t: Pick<Topology, 'paths' | 'elements'>): TopoPath | null {
  let top = -1;
  for (const p of t.paths) top = Math.max(top, SEVERITY[p.verdict]);
  const worst = t.paths.filter((p) => SEVERITY[p.verdict] === top);
  // Ties: the path that says most (a hop to another node shows more of what happens), then by id.
  let best: TopoPath | null = null;
  let bestParts = -1;
  for (const p of worst) {
    const n = summarise(t, p, 'en').parts.length;
    if (n > bestParts) {
      best = p;
      bestParts = n;
    }
  }
  return best;
}

function portOf(destination: string): string | null {
  const m = /:(\d+)$/.exec(destination);
  return m ? m[1]! : null;
}

export function pathSummary(t: Pick<Topology, 'paths' | 'elements'>, pathId: string | null, locale: TopoLocale = 'en'): PathSummary | null {
  const path = (pathId ? t.paths.find((p) => p.id === pathId) : null) ?? worstPath(t);
  return path ? summarise(t, path, locale) : null;
}

function summarise(t: Pick<Topology, 'paths' | 'elements'>, path: TopoPath, locale: TopoLocale): PathSummary {
  const label = labeller(locale);
  const drawn = new Set(t.elements.map((e) => e.data.id));
  const nodeData = new Map(t.elements.flatMap((e) => (e.group === 'nodes' ? [[e.data.id, e.data] as const] : [])));
  const chain = path.elements;
  let at = 0;
  /** The next element of the path's chain whose id starts with one of the prefixes. */
  const next = (...prefixes: string[]): string | null => {
    for (let i = at; i < chain.length; i++) {
      if (prefixes.some((p) => chain[i]!.startsWith(p))) {
        at = i + 1;
        return chain[i]!;
      }
    }
    return null;
  };
  const parts: SummaryPart[] = [];
  // A drop names no element of its own: it points at where the path ends.
  const push = (text: string, element: string | null, kind: SummaryPart['kind'], join: SummaryPart['join'] = ' → ') =>
    parts.push({ text, element: element ?? (kind === 'drop' ? (parts[parts.length - 1]?.element ?? null) : null), kind, join: parts.length ? join : '' });
  const seenNodes = new Set<string>();
  for (const h of path.hops) {
    switch (h.kind) {
      case 'client': {
        // The drawn origin knows the address when a hop only has a placeholder ("<client>").
        const origin = chain[0] ? nodeData.get(chain[0]) : undefined;
        const address = /^[<(]/.test(h.address) || !h.address ? (origin?.address ?? origin?.name ?? h.name) : h.address;
        push(address || h.name, chain[0] ?? null, 'client');
        at = 1;
        break;
      }
      case 'relay':
      case 'lb':
      case 'ingress':
        if (h.action === 'proxy' || h.action === 'snat') {
          if (h.sourceAfter !== h.sourceBefore) push(label(h.action === 'snat' ? 'summary.snat' : 'summary.proxy', { address: h.sourceAfter }), next('snat:'), 'rewrite', ' ');
          else if (!parts.some((p) => p.text.endsWith(h.name))) push(label(h.kind === 'lb' ? 'summary.lb' : 'summary.relay', { name: h.kind === 'lb' ? h.address : h.name }), next(h.kind === 'lb' ? 'lb:' : 'relay:', 'pod:'), h.kind === 'lb' ? 'lb' : 'relay');
        } else if (h.action === 'drop' || h.action === 'reject') push(label(h.action === 'drop' ? 'summary.dropped' : 'summary.rejected', { name: h.name }), null, 'drop', ' ');
        else push(label(h.kind === 'lb' ? 'summary.lb' : 'summary.relay', { name: h.kind === 'lb' ? h.address : h.name }), next(h.kind === 'lb' ? 'lb:' : 'relay:', 'pod:'), h.kind === 'lb' ? 'lb' : 'relay');
        break;
      case 'node': {
        if (!seenNodes.has(h.name)) {
          // Only the first node a path reaches is its entry ("node2:30080").
          const first = seenNodes.size === 0;
          seenNodes.add(h.name);
          const port = h.destination.startsWith(`${h.address}:`) ? portOf(h.destination) : portOf(path.targetLabel);
          const entry = first && parts.length <= 2 && port !== null;
          const box = makeId('node', h.name);
          push(entry ? `${h.name}:${port}` : h.name, entry ? next('np:', 'group:') : drawn.has(box) ? box : next('group:'), entry ? 'entry' : 'node');
        }
        if (h.action === 'snat' && h.sourceAfter !== h.sourceBefore) push(label('summary.snat', { address: h.sourceAfter }), next('snat:'), 'rewrite', ' ');
        if (h.action === 'drop' || h.action === 'reject') push(label(h.action === 'drop' ? 'summary.dropped' : 'summary.rejected', { name: h.name }), null, 'drop', ' ');
        break;
      }
      case 'pod':
        // A pod origin (a client pod, a backend calling its own Service): the line starts at the sender.
        if (h.action === 'send' && parts.length === 0) {
          const shown = /^pod on /.test(h.name) ? label('summary.podOn', { node: h.name.slice('pod on '.length) }) : h.name;
          push(h.address && !/^[<(]/.test(h.address) ? `${shown} ${h.address}` : shown, chain[0] ?? null, 'client');
          at = 1;
        } else if (h.action === 'deliver') {
          const element = next('pod:', 'pods:', 'group:');
          // The node the backend runs on, when the hop chain went there without naming it.
          const box = element ? nodeData.get(element)?.parent : undefined;
          const boxName = box ? nodeData.get(box)?.name : undefined;
          if (box && boxName && !seenNodes.has(boxName)) {
            seenNodes.add(boxName);
            push(boxName, box, 'node');
          }
          // The pod as the picture names it (a probe echo is "probe echo on node1", not its pod name).
          const shown = element?.startsWith('pod:') ? (nodeData.get(element)?.name ?? h.name) : h.name;
          push(path.verdict === 'preserved' ? label('summary.preserved', { name: shown, address: h.sourceBefore }) : label('summary.sees', { name: shown, address: path.observedAddress ?? h.sourceBefore }), element, 'pod');
        } else if (h.action === 'drop' || h.action === 'reject') push(label(h.action === 'drop' ? 'summary.dropped' : 'summary.rejected', { name: h.name }), null, 'drop', ' ');
        else if ((h.action === 'proxy' || h.action === 'snat') && h.sourceAfter !== h.sourceBefore) push(label('summary.proxy', { address: h.sourceAfter }), next('snat:'), 'rewrite', ' ');
        break;
    }
  }
  // A path the probe saw blocked without a drop hop in the chain (a timeout) still says so.
  if (path.blocked && !parts.some((p) => p.kind === 'drop')) push(label(path.verdict === 'rejected' ? 'summary.rejectedPlain' : 'summary.droppedPlain'), null, 'drop', ' ');
  return { path: path.id, verdict: path.verdict, parts, text: summaryText(parts) };
}

export function summaryText(parts: SummaryPart[]): string {
  return parts.map((p) => `${p.join}${p.text}`).join('');
}
