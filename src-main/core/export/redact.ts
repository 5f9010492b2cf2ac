// Redaction for sharing outside the company. Aliases are collected by walking the session's typed
// fields (every name, address, host, zone, label, owner and image field, whatever it looks like:
// names that start with a digit, IPv6, short names), so nothing depends on a value "looking like"
// a name. Every string field is then replaced: exactly, when it is a collected value, or in free
// text (messages, warnings, plan YAML, snippets) by substring, with any IPv4/IPv6 address not
// collected replaced as well. Aliases keep their role (`node-2`, `node-2-ip`, `relay-1-ip`,
// `lb-1-ip`, `desktop-ip`) so a redacted picture still reads. The same real value always maps to
// the same alias within one export. Hashes (serverHash) become a keyed HMAC with a random key made
// for this export and never stored: the unkeyed sha256 of a loopback URL was reversed in 131 ms.
// Credentials are never in a session to begin with (see session-types.ts).
import { createHmac, randomBytes } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { OWNER_ANNOTATION, OWNER_HOST_ANNOTATION, OWNER_PID_ANNOTATION } from '../probe/names';
import { DEFAULT_IMAGE } from '../probe/plan';
import type { Session } from '../probe/session-types';

const IPV4 = /(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?(?![\d.])/g;
/** Candidate IPv6 text (validated with ipaddr.js): hex groups with at least two colons. */
const IPV6 = /(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{0,4}|\d{1,3}(?:\.\d{1,3}){3})(?:\/(\d{1,3}))?(?![0-9A-Za-z:.])/g;
/** Structural fields whose values are codes, not cluster data. */
const KEEP = new Set(['code', 't', 'kind', 'version', 'verdict', 'class', 'result', 'outcome', 'stage', 'role', 'policy', 'language', 'mode', 'status', 'severity', 'via', 'type', 'redacted', 'createdAt', 'finishedAt', 'effect', 'protocol', 'phase', 'problem', 'verb', 'resource', 'detectLocalMode', 'ipMode', 'pathType', 'fixIds', 'key']);
/** Label and annotation keys under these prefixes are Kubernetes' own, not the company's. */
const PUBLIC_KEY = /^([a-z0-9.-]*\.)?(kubernetes\.io|k8s\.io|snatscope\.io)\/|^(app|name|version|component|tier)$/;

function isIp(value: string): boolean {
  return ipaddr.isValid(value.replace(/\/\d{1,3}$/, ''));
}

export class Aliases {
  private readonly map = new Map<string, string>();
  /** Values replaced in free text too (others only where they are a whole field). */
  private readonly inText = new Set<string>();
  private readonly counters = new Map<string, number>();
  private readonly key = randomBytes(32);
  private pattern: RegExp | null = null;

  private next(prefix: string): number {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return n;
  }

  /** Registers a value under `prefix-N` (or returns its alias if it has one); an address under its role. */
  add(value: string | null | undefined, prefix: string, options: { inText?: boolean } = {}): string | null {
    if (value === null || value === undefined || value === '') return null;
    const known = this.map.get(value);
    if (known) return known;
    if (isIp(value)) return this.addIp(value, null);
    const alias = `${prefix}-${this.next(prefix)}`;
    this.set(value, alias, options.inText ?? true);
    return alias;
  }

  /** An address named after what it belongs to: `node-2-ip`, `relay-1-ip`, `desktop-ip`; a CIDR keeps its length. */
  addIp(value: string | null | undefined, owner: string | null): string | null {
    if (!value) return null;
    const known = this.map.get(value);
    if (known) return known;
    const cidr = /\/(\d{1,3})$/.exec(value);
    let alias: string;
    if (cidr) alias = `cidr-${this.next('cidr')}/${cidr[1]}`;
    else if (owner) {
      const n = this.next(`${owner}-ip`);
      alias = n === 1 ? `${owner}-ip` : `${owner}-ip-${n}`;
    } else alias = value.includes(':') ? `ip6-${this.next('ip6')}` : `ip-${this.next('ip')}`;
    this.set(value, alias, true);
    return alias;
  }

  /** A keyed hash of a value, stable within this export only. */
  hash(value: string): string {
    const known = this.map.get(value);
    if (known) return known;
    const alias = createHmac('sha256', this.key).update(value).digest('hex').slice(0, 16);
    this.set(value, alias, true);
    return alias;
  }

  private set(value: string, alias: string, inText: boolean) {
    this.map.set(value, alias);
    // Whole fields always; inside text only what cannot be mistaken for ordinary words or numbers.
    if (inText && value.length >= 2 && !/^\d+$/.test(value)) this.inText.add(value);
    this.pattern = null;
  }

  /** The alias of a whole field, or the text with every known value and address replaced. */
  apply(text: string): string {
    const exact = this.map.get(text);
    if (exact !== undefined) return exact;
    if (this.inText.size) {
      this.pattern ??= new RegExp(
        `(?<![A-Za-z0-9])(${[...this.inText]
          .sort((a, b) => b.length - a.length)
          .map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('|')})(?![A-Za-z0-9])`,
        'g',
      );
    }
    const named = this.pattern ? text.replace(this.pattern, (m) => this.map.get(m) ?? m) : text;
    return named
      .replace(IPV4, (m) => (isIp(m) ? (this.map.get(m) ?? this.addIp(m, null)!) : m))
      .replace(IPV6, (m) => (isIp(m) ? (this.map.get(m) ?? this.addIp(m, null)!) : m));
  }

  entries(): [string, string][] {
    return [...this.map];
  }
}

export function collectAliases(session: Session): Aliases {
  const a = new Aliases();
  const inv = session.inventory;
  const node = (name: string | null | undefined) => a.add(name, 'node');
  const labels = (record: Record<string, string> | null) => {
    for (const [k, v] of Object.entries(record ?? {})) {
      if (!PUBLIC_KEY.test(k)) a.add(k, 'label-key');
      // A value is often a common word ("true", "linux"): replaced where it is the whole field,
      // and in text only when it is specific enough (a dot, slash or digit, or long).
      a.add(v, 'label', { inText: /[./\d]/.test(v) || v.length >= 8 });
    }
  };
  const service = (s: typeof inv.service) => {
    if (!s) return;
    a.add(s.namespace, 'namespace');
    const alias = a.add(s.name, 'service');
    for (const ip of s.clusterIPs) a.addIp(ip, alias);
    for (const ip of s.externalIPs) a.addIp(ip, `${alias}-external`);
    for (const [i, lb] of s.loadBalancer.ingress.entries()) {
      a.addIp(lb.ip, `lb-${i + 1}`);
      a.add(lb.hostname, 'lb-host');
    }
    for (const r of s.loadBalancer.sourceRanges) a.addIp(r, null);
    if (s.loadBalancer.loadBalancerClass) a.add(s.loadBalancer.loadBalancerClass, 'lb-class');
    labels(s.selector);
    labels(s.annotations);
  };

  a.add(session.id, 'run');
  a.add(session.cluster.context, 'cluster');
  a.add(inv.cluster.context, 'cluster');
  a.hash(session.cluster.serverHash);
  a.hash(inv.cluster.serverHash);
  for (const n of inv.nodes) {
    const alias = node(n.name);
    for (const ip of [...n.addresses.internalIPs, ...n.addresses.externalIPs]) a.addIp(ip, alias);
    for (const h of n.addresses.hostnames) a.add(h, 'host');
    for (const c of n.podCIDRs) a.addIp(c, null);
    a.add(n.zone, 'zone');
    if (n.tunnel) a.addIp(n.tunnel.address, `${alias}-tunnel`);
    a.addIp(n.routerAddress, `${alias}-router`);
    for (const t of n.taints) a.add(t.value, 'taint');
    labels(n.labels);
  }
  for (const n of [...session.plan.echoNodes, ...session.plan.clientNodes]) node(n);
  a.add(session.plan.namespace, 'namespace');
  if (session.plan.image !== DEFAULT_IMAGE) a.add(session.plan.image, 'image');
  for (const p of session.plan.permissions) a.add(p.namespace, 'namespace');
  // The operator's OS user, machine name and pid, from the probe namespace's annotations.
  for (const [, k, v] of session.plan.yaml.matchAll(/^\s*(snatscope\.io\/owner(?:-host|-pid)?): "?([^"\n]*)"?$/gm)) {
    if (k === OWNER_ANNOTATION) a.add(v, 'user');
    else if (k === OWNER_HOST_ANNOTATION) a.add(v, 'machine');
    else if (k === OWNER_PID_ANNOTATION) a.add(v, 'pid');
  }
  // Relay names are the user's own host names ("edge-nginx-prod"): aliased like nodes.
  for (const r of session.plan.relays ?? []) {
    const alias = a.add(r.name, 'relay');
    a.addIp(r.address, alias);
    node(r.forwardsTo.node);
    if (r.listen) a.addIp(r.listen.address, alias);
  }
  if (session.plan.target) {
    a.add(session.plan.target.namespace, 'namespace');
    a.add(session.plan.target.name, 'service');
  }
  service(inv.service);
  for (const s of session.services) {
    const alias = a.add(s.name, 'service');
    a.addIp(s.clusterIP, alias);
    for (const [i, ip] of s.lbAddresses.entries()) a.addIp(ip, `lb-${i + 1}`);
  }
  for (const p of [...session.echoPods, ...session.clientPods]) {
    a.addIp(p.ip, a.add(p.name, 'pod'));
    node(p.node);
  }
  for (const p of session.plan.targetService?.pods ?? []) {
    a.add(p.name, 'pod');
    node(p.node);
  }
  for (const p of inv.pods) {
    a.add(p.namespace, 'namespace');
    a.addIp(p.ip, a.add(p.name, 'pod'));
    node(p.nodeName);
    labels(p.labels);
  }
  for (const e of inv.endpoints) {
    const pod = e.targetRef ? a.add(e.targetRef.name, 'pod') : null;
    if (e.targetRef) a.add(e.targetRef.namespace, 'namespace');
    a.addIp(e.address, pod);
    node(e.nodeName);
    a.add(e.zone, 'zone');
    for (const p of e.ports) a.add(p.name, 'port');
  }
  for (const s of inv.service?.ports ?? []) a.add(s.name, 'port');
  a.addIp(inv.proxy.clusterCIDR, null);
  if (inv.proxy.detectLocalValue) a.add(inv.proxy.detectLocalValue, 'local');
  for (const c of inv.proxy.nodePortAddresses) a.addIp(c, null);
  for (const c of inv.ingressControllers) {
    a.add(c.namespace, 'namespace');
    a.add(c.className, 'ingress-class');
    if (c.workload) {
      a.add(c.workload.namespace, 'namespace');
      a.add(c.workload.name, 'workload');
    }
    if (c.service) {
      a.add(c.service.namespace, 'namespace');
      a.add(c.service.name, 'service');
    }
    service(c.serviceInfo);
    if (c.configMap) {
      a.add(c.configMap.namespace, 'namespace');
      a.add(c.configMap.name, 'configmap');
    }
    for (const r of c.config.proxyRealIpCidr) a.addIp(r, null);
    for (const p of c.pods) {
      a.add(p.namespace, 'namespace');
      a.addIp(p.ip, a.add(p.name, 'pod'));
      node(p.nodeName);
      labels(p.labels);
    }
  }
  for (const i of inv.ingresses) {
    a.add(i.namespace, 'namespace');
    a.add(i.name, 'ingress');
    a.add(i.className, 'ingress-class');
    for (const r of i.rules) {
      a.add(r.host, 'ingress-host');
      for (const p of r.paths) {
        a.add(p.path, 'ingress-path');
        a.add(p.backend.service, 'service');
      }
    }
    if (i.defaultBackend) a.add(i.defaultBackend.service, 'service');
  }
  const hop = (h: { kind: string; name: string; address?: string | null } | null) => {
    if (!h) return;
    const alias = h.kind === 'node' ? node(h.name) : a.add(h.name, h.kind);
    a.addIp(h.address, alias);
  };
  for (const o of session.observations) {
    if (o.origin.kind === 'desktop') a.addIp(o.origin.address, 'desktop');
    else if (o.origin.kind === 'pod') {
      node(o.origin.node);
      a.addIp(o.origin.address, a.add(o.origin.pod, 'pod'));
    } else a.addIp(o.origin.address, a.add(o.origin.relay, 'relay'));
    const entry = { nodePort: node(o.target.node), loadBalancer: 'lb', clusterIP: 'service', ingress: 'ingress', relay: null }[o.target.kind];
    a.addIp(o.target.address, entry);
    node(o.target.node);
    if (o.ingress) {
      a.add(o.ingress.className, 'ingress-class');
      a.add(o.ingress.host, 'ingress-host');
      a.add(o.ingress.path, 'ingress-path');
    }
    if (o.echoPod) {
      a.addIp(o.echoPod.ip, a.add(o.echoPod.name, 'pod'));
      node(o.echoPod.node);
    }
  }
  // Ids are built from names and addresses ("pod:node1|nodePort:node2:30950|echo-local").
  // Whole fields only: a large session has 100,000 of them, too many for the free-text pattern.
  for (const o of session.observations) a.add(o.id, 'request', { inText: false });
  for (const p of session.paths) {
    a.add(p.id, 'path', { inText: false });
    a.add(p.predicted.pathId, 'route', { inText: false });
    if (p.ingress) {
      a.add(p.ingress.host, 'ingress-host');
      a.add(p.ingress.path, 'ingress-path');
    }
    hop(p.predicted.rewrittenBy);
    hop(p.observed.rewritingHop);
    node(p.observed.node);
  }
  for (const p of session.progress) {
    a.addIp(p.podIP, a.add(p.name, 'pod'));
    node(p.node);
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
  // Fix ids name entries of our own catalogue (explain/), never cluster data.
  out.fixes = out.fixes.map((f, i) => ({ ...f, id: session.fixes[i]!.id }));
  // Step codes, timing names and record keys of our own stay readable.
  out.timings = session.timings;
  out.app = session.app;
  out.redacted = true;
  return out;
}

/** Redacts any other export text (Markdown, SVG) with the same aliases as the session. */
export function redactText(text: string, aliases: Aliases): string {
  return aliases.apply(text);
}
