// The results matrix: entry × policy, one block per origin, from the session's cells. Pure.
import type { PathResult, Session } from '../../../src-main/contract';
import { cellOriginKey } from '../../../src-main/contract/constants';

export type Policy = 'Cluster' | 'Local';

export interface MatrixRow {
  /** Stable, for test ids: "node2", "clusterIP", "lb-203.0.113.100", "relay-203.0.113.11-9090". */
  key: string;
  entry: { kind: PathResult['target']['kind']; node: string | null; address: string; port: number };
  cells: Partial<Record<Policy, PathResult>>;
}

export interface MatrixBlock {
  /** "desktop", "pod:node1", "backend:web-0", "relay:public". */
  origin: string;
  kind: 'desktop' | 'pod' | 'node' | 'backend' | 'relay';
  name: string;
  rows: MatrixRow[];
}

export interface Matrix {
  policies: Policy[];
  blocks: MatrixBlock[];
  mismatches: number;
}

function originOf(c: PathResult): { key: string; kind: MatrixBlock['kind']; name: string } {
  const key = cellOriginKey(c.origin);
  if (c.origin.kind === 'pod') return c.origin.backend ? { key, kind: 'backend', name: c.origin.pod } : { key, kind: c.origin.hostNetwork ? 'node' : 'pod', name: c.origin.node };
  if (c.origin.kind === 'relay') return { key, kind: 'relay', name: c.origin.relay };
  return { key, kind: 'desktop', name: '' };
}

function rowKey(c: PathResult): string {
  const t = c.target;
  if (t.kind === 'nodePort') return t.node ?? t.address;
  if (t.kind === 'clusterIP') return 'clusterIP';
  if (t.kind === 'ingress') return `ingress-${t.node ?? t.address}`;
  if (t.kind === 'loadBalancer') return `lb-${t.address}`;
  // Relays are told apart by their test port too: one front door often has an L4 and an L7 port.
  return `relay-${t.address}-${t.port}`;
}

const ROW_RANK = { nodePort: 0, loadBalancer: 1, ingress: 2, relay: 3, clusterIP: 4 } as const;
const ORIGIN_RANK = { desktop: 0, relay: 1, pod: 2, node: 3, backend: 4 } as const;

export function buildMatrix(session: Session): Matrix {
  const policies = (['Cluster', 'Local'] as const).filter((p) => session.paths.some((c) => c.service.policy === p));
  const blocks = new Map<string, MatrixBlock>();
  for (const c of session.paths) {
    const o = originOf(c);
    const block = blocks.get(o.key) ?? { origin: o.key, kind: o.kind, name: o.name, rows: [] };
    blocks.set(o.key, block);
    const key = rowKey(c);
    let row = block.rows.find((r) => r.key === key);
    if (!row) {
      row = { key, entry: { kind: c.target.kind, node: c.target.node, address: c.target.address, port: c.target.port }, cells: {} };
      block.rows.push(row);
    }
    row.cells[c.service.policy] ??= c;
  }
  const sorted = [...blocks.values()].sort((a, b) => ORIGIN_RANK[a.kind] - ORIGIN_RANK[b.kind] || (a.origin < b.origin ? -1 : 1));
  for (const b of sorted) b.rows.sort((x, y) => ROW_RANK[x.entry.kind] - ROW_RANK[y.entry.kind] || (x.key < y.key ? -1 : 1));
  return { policies, blocks: sorted, mismatches: session.paths.filter((c) => !c.matches).length };
}
