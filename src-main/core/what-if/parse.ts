// `--what-if key=value` → a WhatIfChange, or a message saying what is wrong and what is accepted.
import { isCIDR } from '../inventory/detect-address';
import type { WhatIfCode } from './catalog';
import type { ProxyVersion, WhatIfChange, WhatIfMessage } from './types';

/** Accepted keys with their long spellings (the Service field / ConfigMap key names). */
const ALIASES: Record<string, WhatIfChange['key']> = {
  etp: 'etp',
  externaltrafficpolicy: 'etp',
  itp: 'itp',
  internaltrafficpolicy: 'itp',
  'lb-proxy': 'lb-proxy',
  'relay-proxy': 'relay-proxy',
  'use-forwarded-headers': 'use-forwarded-headers',
  'compute-full-forwarded-for': 'compute-full-forwarded-for',
  'use-proxy-protocol': 'use-proxy-protocol',
  'proxy-real-ip-cidr': 'proxy-real-ip-cidr',
  'endpoints-on': 'endpoints-on',
};

export const WHAT_IF_KEYS =
  'etp=Cluster|Local, itp=Cluster|Local, lb-proxy=v1|v2|off, relay-proxy=<relay>:v1|v2|off, use-forwarded-headers=true|false, compute-full-forwarded-for=true|false, use-proxy-protocol=true|false, proxy-real-ip-cidr=<cidr>[,<cidr>…], endpoints-on=<node>[,<node>…]';

export type ParseResult = { ok: true; change: WhatIfChange } | { ok: false; error: WhatIfMessage };

const fail = (code: WhatIfCode, params: Record<string, string | number>): ParseResult => ({ ok: false, error: { code, params: { keys: WHAT_IF_KEYS, ...params } } });

function policy(v: string): 'Cluster' | 'Local' | null {
  const l = v.toLowerCase();
  return l === 'cluster' ? 'Cluster' : l === 'local' ? 'Local' : null;
}

function proxyVersion(v: string): ProxyVersion | null | undefined {
  const l = v.toLowerCase();
  if (l === 'v1' || l === 'v2') return l;
  if (l === 'off' || l === 'none' || l === 'false') return null;
  return undefined;
}

function bool(v: string): boolean | null {
  const l = v.toLowerCase();
  return l === 'true' || l === 'on' || l === 'yes' ? true : l === 'false' || l === 'off' || l === 'no' ? false : null;
}

function list(v: string): string[] {
  return v
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

export function parseWhatIf(text: string): ParseResult {
  const eq = text.indexOf('=');
  if (eq <= 0) return fail('whatif.err.syntax', { text: JSON.stringify(text) });
  const rawKey = text.slice(0, eq).trim();
  const value = text.slice(eq + 1).trim();
  const key = Object.prototype.hasOwnProperty.call(ALIASES, rawKey.toLowerCase()) ? ALIASES[rawKey.toLowerCase()]! : null;
  if (!key) return fail('whatif.err.unknownKey', { key: JSON.stringify(rawKey) });
  const bad = (expected: string) => fail('whatif.err.badValue', { key, value: JSON.stringify(value), expected });
  switch (key) {
    case 'etp':
    case 'itp': {
      const p = policy(value);
      return p ? { ok: true, change: { key, value: p } } : bad('Cluster | Local');
    }
    case 'lb-proxy': {
      const v = proxyVersion(value);
      return v === undefined ? bad('v1 | v2 | off') : { ok: true, change: { key, value: v } };
    }
    case 'relay-proxy': {
      const colon = value.lastIndexOf(':');
      const relay = colon > 0 ? value.slice(0, colon).trim() : '';
      const v = colon > 0 ? proxyVersion(value.slice(colon + 1).trim()) : undefined;
      return relay === '' || v === undefined ? bad('<relay>:v1 | <relay>:v2 | <relay>:off') : { ok: true, change: { key, relay, value: v } };
    }
    case 'use-forwarded-headers':
    case 'compute-full-forwarded-for':
    case 'use-proxy-protocol': {
      const b = bool(value);
      return b === null ? bad('true | false') : { ok: true, change: { key, value: b } };
    }
    case 'proxy-real-ip-cidr': {
      const cidrs = list(value);
      if (cidrs.length === 0) return fail('whatif.err.empty', { key });
      const wrong = cidrs.find((c) => !isCIDR(c));
      return wrong !== undefined ? fail('whatif.err.badCidr', { value: JSON.stringify(wrong) }) : { ok: true, change: { key, value: cidrs } };
    }
    case 'endpoints-on': {
      const nodes = list(value);
      return nodes.length === 0 ? fail('whatif.err.empty', { key }) : { ok: true, change: { key, nodes: [...new Set(nodes)] } };
    }
  }
}

/** Identity of a change for "given twice": relay-proxy is per relay. */
function slot(c: WhatIfChange): string {
  return c.key === 'relay-proxy' ? `relay-proxy:${c.relay}` : c.key;
}

/** Parses every --what-if; the first problem wins (so the message names one thing to fix). */
export function parseWhatIfs(texts: readonly string[]): { ok: true; changes: WhatIfChange[] } | { ok: false; error: WhatIfMessage } {
  const changes: WhatIfChange[] = [];
  const seen = new Map<string, string>();
  for (const text of texts) {
    const r = parseWhatIf(text);
    if (!r.ok) return r;
    const s = slot(r.change);
    const json = JSON.stringify(r.change);
    const prior = seen.get(s);
    if (prior !== undefined && prior !== json) return { ok: false, error: { code: 'whatif.err.duplicate', params: { key: s } } };
    if (prior === undefined) changes.push(r.change);
    seen.set(s, json);
  }
  return { ok: true, changes };
}
