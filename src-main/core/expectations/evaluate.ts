// Deciding each expectation against the cells (predicted or measured): pure, no I/O. An
// expectation that no path matches fails too — a check that silently covers nothing would stay
// green after the service it guards was renamed.
import type { ExplainStep, Fix, Locale } from '../explain/types';
import type { CheckCell } from './cells';
import type { ClientIpExpectation, Expectation } from './schema';

export interface CaseResult {
  service: string;
  /** Index of the expectation within its service. */
  index: number;
  expectation: Expectation;
  /** The path, or null when no path matched the expectation. */
  cell: CheckCell | null;
  pass: boolean;
  /** "saw SNAT to 198.19.1.1 at node1" in the chosen language. */
  seen: string;
  explanation: ExplainStep[];
  fixes: Fix[];
}

export function matchesFrom(from: string, o: CheckCell['origin']): boolean {
  if (from === 'desktop') return o.kind === 'desktop';
  if (from === 'pods') return o.kind === 'pod';
  const [kind, name] = from.split('/') as [string, string];
  if (kind === 'relay') return o.kind === 'relay' && o.relay === name;
  return o.kind === kind && 'node' in o && o.node === name;
}

export function matchesVia(via: string | undefined, e: CheckCell['entry']): boolean {
  if (!via || via === 'any') return true;
  if (via === 'any-node') return e.kind === 'nodePort';
  if (via === 'endpoint-nodes') return e.kind === 'nodePort' && e.endpointNode;
  if (via === 'load-balancer') return e.kind === 'load-balancer';
  if (via === 'cluster-ip') return e.kind === 'cluster-ip';
  const m = /^node\/(.+)$/.exec(via);
  return Boolean(m && e.kind === 'nodePort' && e.node === m[1]);
}

export function holds(want: ClientIpExpectation, c: CheckCell): boolean {
  switch (want) {
    case 'preserved':
      return c.verdict === 'preserved';
    case 'x-forwarded-for':
    case 'x-real-ip':
    case 'proxy-protocol':
      return c.carrier === want && c.verdict !== 'dropped' && c.verdict !== 'rejected' && c.verdict !== 'broken';
    case 'visible':
      return c.verdict === 'preserved' || (c.carrier !== null && c.verdict !== 'dropped' && c.verdict !== 'rejected' && c.verdict !== 'broken');
    case 'snat':
      return c.verdict === 'snat';
    case 'dropped':
      return c.verdict === 'dropped' || c.verdict === 'rejected';
  }
}

const CARRIER_ZH: Record<string, string> = { 'x-forwarded-for': 'X-Forwarded-For', 'x-real-ip': 'X-Real-IP', 'proxy-protocol': 'PROXY protocol 头' };

const WORDS = {
  en: {
    verdict: { preserved: 'client address preserved', snat: 'SNAT', dropped: 'dropped', rejected: 'refused', proxied: 'proxied', broken: 'broken (PROXY header mismatch)', unknown: 'no answer' } as Record<string, string>,
    to: (a: string) => ` to ${a}`,
    at: (h: string) => ` at ${h}`,
    carried: (c: string) => `; client carried in ${c}`,
    noCarrier: '; client address carried nowhere',
    none: 'no path matched this expectation (check the origin, the entry and the relay declarations)',
  },
  'zh-CN': {
    verdict: { preserved: '客户端地址保留', snat: 'SNAT', dropped: '丢弃', rejected: '拒绝', proxied: '代理', broken: '损坏（PROXY 头不匹配）', unknown: '无应答' } as Record<string, string>,
    to: (a: string) => `，源地址为 ${a}`,
    at: (h: string) => `（在 ${h}）`,
    carried: (c: string) => `；客户端地址在 ${CARRIER_ZH[c] ?? c} 中`,
    noCarrier: '；客户端地址没有任何携带',
    none: '没有路径匹配此期望（请检查来源、入口和中继声明）',
  },
};

export function describeSeen(c: CheckCell, locale: Locale): string {
  const w = WORDS[locale];
  let s = w.verdict[c.verdict] ?? c.verdict;
  if (c.verdict === 'snat' || c.verdict === 'proxied') {
    if (c.observedAddress) s += w.to(c.observedAddress);
    if (c.rewritingHop) s += w.at(c.rewritingHop);
    s += c.carrier ? w.carried(c.carrier) : w.noCarrier;
  }
  return s;
}

export function evaluateService(service: string, expectations: Expectation[], cells: CheckCell[], locale: Locale): CaseResult[] {
  const out: CaseResult[] = [];
  expectations.forEach((e, index) => {
    const matching = cells.filter((c) => matchesFrom(e.from, c.origin) && (c.origin.kind === 'relay' && !e.via ? true : matchesVia(e.via, c.entry)));
    if (!matching.length) {
      out.push({ service, index, expectation: e, cell: null, pass: false, seen: WORDS[locale].none, explanation: [], fixes: [] });
      return;
    }
    for (const c of matching) {
      const pass = holds(e.clientIP, c);
      out.push({ service, index, expectation: e, cell: c, pass, seen: describeSeen(c, locale), explanation: c.explanation, fixes: pass ? [] : c.fixes });
    }
  });
  return out;
}

/** "from desktop via endpoint-nodes: preserved" — the expectation as a line of the file. */
export function expectationText(e: Expectation): string {
  return `from ${e.from}${e.via ? ` via ${e.via}` : ''}: ${e.clientIP}`;
}
