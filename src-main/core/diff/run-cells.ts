// The comparable cells of one run, from a probe session or from `inspect --json`: keyed by what
// stays the same between two runs (origin, entry node or kind, service/policy) and never by
// what changes every run (probe nodePorts, ClusterIPs, client pod IPs).
import { z } from 'zod';
import { parseSession } from '../export/session-file';
import { cellOriginText, type Session } from '../probe/session-types';

export interface RunCell {
  key: string;
  /** "desktop → node2 (echo-cluster, Cluster)" */
  label: string;
  verdict: string;
  /** The source the backend saw; "(client)" when it was the client's own address. */
  observed: string | null;
  rewritingHop: string | null;
}

export interface Run {
  kind: 'session' | 'inspect';
  /** A short description: context and time, or the inspected service. */
  title: string;
  cells: RunCell[];
}

export const MAX_RUN_BYTES = 200 * 1024 * 1024;

// Only the fields the comparison reads; the rest of `inspect --json` (docs/cli-json.md) passes.
const InspectDoc = z.object({
  kind: z.literal('snatscope.inspect'),
  version: z.number(),
  inventory: z.object({ service: z.object({ namespace: z.string(), name: z.string() }).nullable().optional() }).passthrough(),
  answers: z.array(
    z.object({
      prediction: z.object({
        origin: z.object({ kind: z.string(), node: z.string().optional(), relay: z.object({ name: z.string() }).optional() }).passthrough(),
        target: z.object({ kind: z.string() }).passthrough(),
        groups: z.array(
          z.object({
            entryNode: z.string().nullable(),
            verdict: z.string(),
            observedAddress: z.string().nullable(),
            observedClass: z.string(),
            rewrittenBy: z.object({ name: z.string() }).nullable(),
          }).passthrough(),
        ),
      }).passthrough(),
    }).passthrough(),
  ),
}).passthrough();

function sessionCells(s: Session): RunCell[] {
  const cells = new Map<string, RunCell>();
  for (const p of s.paths) {
    const relay = p.target.kind === 'relay' ? (s.plan.relays ?? []).find((r) => r.listen?.address === p.target.address && r.listen.port === p.target.port)?.name : undefined;
    const origin = cellOriginText(p.origin);
    const entry = p.target.kind === 'nodePort' ? `node ${p.target.node ?? p.target.address}` : p.target.kind === 'relay' ? `relay ${relay ?? `${p.target.address}:${p.target.port}`}` : p.target.kind;
    const key = `${origin}|${entry}|${p.service.policy}|${p.service.type}${p.ingress ? `|${p.ingress.host}${p.ingress.path}` : ''}`;
    const own = p.observedSource !== null && p.observedSource === p.origin.address;
    cells.set(key, { key, label: `${origin} → ${entry} (${p.service.name}, ${p.service.policy})`, verdict: p.observed.verdict, observed: own ? '(client)' : p.observedSource, rewritingHop: p.observed.rewritingHop?.name ?? null });
  }
  return [...cells.values()];
}

function inspectCells(doc: z.infer<typeof InspectDoc>): RunCell[] {
  const svc = doc.inventory.service ? `${doc.inventory.service.namespace}/${doc.inventory.service.name}` : '?';
  const cells = new Map<string, RunCell>();
  for (const a of doc.answers) {
    const o = a.prediction.origin;
    const origin = o.kind === 'external' ? 'desktop' : o.kind === 'relay' ? `relay ${o.relay?.name ?? '?'}` : `${o.kind}@${o.node ?? '?'}`;
    for (const g of a.prediction.groups) {
      const entry = a.prediction.target.kind === 'nodePort' ? `node ${g.entryNode ?? '?'}` : a.prediction.target.kind;
      const key = `${origin}|${entry}|${svc}`;
      const own = g.observedClass === 'client' || g.observedClass === 'pod';
      // Several groups per entry (per endpoint) fold into one cell: keep the first, mark a mix.
      const prev = cells.get(key);
      const cell: RunCell = { key, label: `${origin} → ${entry} (${svc})`, verdict: g.verdict, observed: own ? '(client)' : g.observedAddress, rewritingHop: g.rewrittenBy?.name ?? null };
      if (!prev) cells.set(key, cell);
      else if (prev.verdict !== cell.verdict) prev.verdict = [...new Set([...prev.verdict.split('+'), cell.verdict])].sort().join('+');
    }
  }
  return [...cells.values()];
}

/** Reads a session file or `inspect --json` output; throws an Error whose message says what is wrong. */
export function parseRun(text: string): Run {
  if (text.length > MAX_RUN_BYTES) throw new Error(`it is larger than ${MAX_RUN_BYTES / 1024 / 1024} MiB`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`it is not valid JSON (${(e as Error).message.slice(0, 120)})`, { cause: e });
  }
  const kind = doc && typeof doc === 'object' ? (doc as { kind?: unknown }).kind : undefined;
  if (kind === 'snatscope.session') {
    const s = parseSession(text);
    return { kind: 'session', title: `${s.cluster.context} ${s.createdAt}${s.plan.target ? ` ${s.plan.target.namespace}/${s.plan.target.name}` : ''}`, cells: sessionCells(s) };
  }
  if (kind === 'snatscope.inspect') {
    const parsed = InspectDoc.safeParse(doc);
    if (!parsed.success) throw new Error(`not a valid inspect result: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const svc = parsed.data.inventory.service;
    return { kind: 'inspect', title: svc ? `inspect ${svc.namespace}/${svc.name}` : 'inspect', cells: inspectCells(parsed.data) };
  }
  throw new Error(`"kind" is ${JSON.stringify(kind)?.slice(0, 40) ?? 'missing'}: expected a session ("snatscope.session", from probe --json or --out) or inspect --json output ("snatscope.inspect")`);
}
