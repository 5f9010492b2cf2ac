// API faults, from the scenario or set at run time through the lab handle: per-route latency,
// 5xx error rates, connection resets, 429 with Retry-After, watches cut after N events, and
// bearer tokens that expire.

export interface FaultMatch {
  method?: string;
  /** Regular expression tested against the URL path. */
  path?: string;
  /** Plural resource, optionally with subresource: "pods", "pods/log". */
  resource?: string;
  verb?: string;
  user?: string;
  namespace?: string;
}

export interface FaultRule {
  id?: string;
  match?: FaultMatch;
  latencyMs?: number;
  /** Probability (0..1) of answering with `errorStatus` (default 500) instead of serving. */
  errorRate?: number;
  errorStatus?: number;
  /** The Status message of injected errors (e.g. an admission webhook's or Pod Security's words). */
  errorMessage?: string;
  /** Probability of destroying the connection without an answer. */
  resetRate?: number;
  /** Probability of answering 429 with Retry-After. */
  throttleRate?: number;
  retryAfterSeconds?: number;
  /** Watches end (cleanly, as an apiserver timeout would) after this many events. */
  cutWatchAfterEvents?: number;
  /** Apply the rule at most this many times, then forget it. */
  times?: number;
}

export interface RequestFacts {
  method: string;
  path: string;
  user?: string;
  verb?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
}

export interface FaultDecision {
  latencyMs: number;
  action?: { kind: 'reset' } | { kind: 'throttle'; retryAfterSeconds: number } | { kind: 'error'; status: number; message?: string };
  cutWatchAfterEvents?: number;
  rules: string[];
}

/** Small seeded PRNG (mulberry32) so fault runs can be reproduced with a scenario seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function matches(m: FaultMatch | undefined, r: RequestFacts): boolean {
  if (!m) return true;
  if (m.method && m.method.toUpperCase() !== r.method) return false;
  if (m.path && !new RegExp(m.path).test(r.path)) return false;
  if (m.resource) {
    const full = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
    if (m.resource !== full && m.resource !== r.resource) return false;
  }
  if (m.verb && m.verb !== r.verb) return false;
  if (m.user && m.user !== r.user) return false;
  if (m.namespace && m.namespace !== r.namespace) return false;
  return true;
}

export class Faults {
  private rules: (FaultRule & { id: string; used: number })[] = [];
  private nextId = 1;
  private readonly expiry = new Map<string, number>();

  constructor(
    private readonly random: () => number = Math.random,
    private readonly clock: () => number = Date.now,
  ) {}

  add(rule: FaultRule): string {
    const id = rule.id ?? `fault-${this.nextId++}`;
    this.rules = this.rules.filter((r) => r.id !== id);
    this.rules.push({ ...rule, id, used: 0 });
    return id;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
    this.expiry.clear();
  }

  list(): FaultRule[] {
    return this.rules.map(({ used: _u, ...r }) => r);
  }

  /** The user's token stops working `afterSeconds` from now (0: at once). */
  expireToken(user: string, afterSeconds = 0): void {
    this.expiry.set(user, this.clock() + afterSeconds * 1000);
  }

  tokenExpired(user: string): boolean {
    const t = this.expiry.get(user);
    return t !== undefined && this.clock() >= t;
  }

  decide(r: RequestFacts): FaultDecision {
    const d: FaultDecision = { latencyMs: 0, rules: [] };
    for (const rule of [...this.rules]) {
      if (!matches(rule.match, r)) continue;
      if (rule.times !== undefined && rule.used >= rule.times) continue;
      let applied = false;
      if (rule.latencyMs) {
        d.latencyMs += rule.latencyMs;
        applied = true;
      }
      if (r.verb === 'watch' && rule.cutWatchAfterEvents !== undefined) {
        d.cutWatchAfterEvents = Math.min(d.cutWatchAfterEvents ?? Infinity, rule.cutWatchAfterEvents);
        applied = true;
      }
      if (!d.action && rule.resetRate && this.random() < rule.resetRate) {
        d.action = { kind: 'reset' };
        applied = true;
      }
      if (!d.action && rule.throttleRate && this.random() < rule.throttleRate) {
        d.action = { kind: 'throttle', retryAfterSeconds: rule.retryAfterSeconds ?? 1 };
        applied = true;
      }
      if (!d.action && rule.errorRate && this.random() < rule.errorRate) {
        d.action = { kind: 'error', status: rule.errorStatus ?? 500, ...(rule.errorMessage ? { message: rule.errorMessage } : {}) };
        applied = true;
      }
      if (applied) {
        rule.used++;
        d.rules.push(rule.id);
      }
    }
    return d;
  }
}
