// Redaction for sharing outside the company: node, namespace, service and pod names, contexts,
// hostnames and every IPv4 address/CIDR are replaced by stable aliases — the same real value
// always maps to the same alias within one document, so the picture still reads correctly.
// Credentials are never in a session to begin with (see session-types.ts).
import type { Session } from '../probe/session-types';

const IPV4 = /(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?(?![\d.])/g;
/** Structural fields whose values are codes, not cluster data. */
const KEEP = new Set(['code', 't', 'kind', 'version', 'verdict', 'class', 'result', 'outcome', 'stage', 'role', 'policy', 'language', 'mode', 'status', 'action', 'severity', 'via', 'type', 'redacted']);

export class Aliases {
  private readonly map = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  private pattern: RegExp | null = null;

  add(value: string | null | undefined, prefix: string): void {
    if (!value || value.length < 2 || this.map.has(value)) return;
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    this.map.set(value, `${prefix}-${n}`);
    this.pattern = null;
  }

  private ip(match: string, cidr: string | undefined): string {
    const key = match;
    if (!this.map.has(key)) {
      const prefix = cidr !== undefined ? 'cidr' : 'ip';
      const n = (this.counters.get(prefix) ?? 0) + 1;
      this.counters.set(prefix, n);
      this.map.set(key, cidr !== undefined ? `cidr-${n}/${cidr}` : `ip-${n}`);
    }
    return this.map.get(key)!;
  }

  apply(text: string): string {
    let out = text.replace(IPV4, (m, _a, _b, _c, _d, cidr: string | undefined) => this.ip(m, cidr));
    if (this.map.size) {
      this.pattern ??= new RegExp(
        `(?<![A-Za-z0-9])(${[...this.map.keys()]
          .filter((k) => !/^\d/.test(k))
          .sort((a, b) => b.length - a.length)
          .map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('|') || '(?!)'})(?![A-Za-z0-9])`,
        'g',
      );
      out = out.replace(this.pattern, (m) => this.map.get(m) ?? m);
    }
    return out;
  }

  entries(): [string, string][] {
    return [...this.map];
  }
}

export function collectAliases(session: Session): Aliases {
  const a = new Aliases();
  const inv = session.inventory;
  a.add(session.cluster.context, 'cluster');
  for (const n of inv.nodes) {
    a.add(n.name, 'node');
    for (const h of n.addresses.hostnames) a.add(h, 'host');
  }
  for (const n of [...session.plan.echoNodes, ...session.plan.clientNodes]) a.add(n, 'node');
  a.add(session.plan.namespace, 'namespace');
  // Relay names are the user's own host names ("edge-nginx-prod"): aliased like nodes.
  for (const r of session.plan.relays ?? []) a.add(r.name, 'relay');
  for (const o of session.observations) if (o.origin.kind === 'relay') a.add(o.origin.relay, 'relay');
  if (session.plan.target) {
    a.add(session.plan.target.namespace, 'namespace');
    a.add(session.plan.target.name, 'service');
  }
  if (inv.service) {
    a.add(inv.service.namespace, 'namespace');
    a.add(inv.service.name, 'service');
  }
  for (const s of session.services) a.add(s.name, 'service');
  for (const p of [...session.echoPods, ...session.clientPods]) a.add(p.name, 'pod');
  for (const p of inv.pods) {
    a.add(p.namespace, 'namespace');
    a.add(p.name, 'pod');
  }
  for (const e of inv.endpoints) if (e.targetRef) a.add(e.targetRef.name, 'pod');
  for (const o of session.observations) if (o.origin.kind === 'pod') a.add(o.origin.pod, 'pod');
  for (const c of inv.ingressControllers) {
    if (c.namespace) a.add(c.namespace, 'namespace');
    if (c.service) a.add(c.service.name, 'service');
  }
  return a;
}

function walk(value: unknown, aliases: Aliases, key: string | null): unknown {
  if (typeof value === 'string') return key !== null && KEEP.has(key) ? value : aliases.apply(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, aliases, key));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[KEEP.has(k) ? k : aliases.apply(k)] = walk(v, aliases, k);
    return out;
  }
  return value;
}

/** A redacted copy of the session (the original is not modified). */
export function redactSession(session: Session, aliases: Aliases = collectAliases(session)): Session {
  const out = walk(session, aliases, null) as Session;
  out.redacted = true;
  return out;
}

/** Redacts any other export text (Markdown, SVG) with the same aliases as the session. */
export function redactText(text: string, aliases: Aliases): string {
  return aliases.apply(text);
}
