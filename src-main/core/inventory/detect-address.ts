// Address and CIDR helpers on top of ipaddr.js (pure JS, no Node built-ins).
import ipaddr from 'ipaddr.js';

/** Strips brackets and a port from "[::1]:80" / "1.2.3.4:80" forms; leaves bare addresses alone. */
function stripPort(s: string): string {
  const t = s.trim();
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(t);
  if (bracket) return bracket[1] ?? t;
  const v4port = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(t);
  if (v4port) return v4port[1] ?? t;
  return t;
}

// Predictions and verdicts compare the same few thousand addresses over and over (every path ×
// every node: 25,000 paths × 5,000 nodes when inspecting a NodePort on a 5,000-node cluster), and
// parsing with ipaddr.js each time dominated `snatscope inspect` and the probe's verdicts there.
// Results are plain strings/numbers, so caching by input text is safe; the caches are bounded.
const MEMO_LIMIT = 100_000;
const normalized = new Map<string, string | null>();
const parsedCidrs = new Map<string, [ipaddr.IPv4 | ipaddr.IPv6, number] | null>();
const nth = new Map<string, string | null>();

function memo<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  if (cache.has(key)) return cache.get(key) as T;
  const value = compute();
  if (cache.size >= MEMO_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** ipaddr.parseCIDR, cached; null when the text is not a CIDR. The result must not be mutated. */
function parseCidr(cidr: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | null {
  return memo(parsedCidrs, cidr, () => {
    try {
      return ipaddr.parseCIDR(cidr.trim());
    } catch {
      return null;
    }
  });
}

export function isIP(s: unknown): boolean {
  return typeof s === 'string' && ipaddr.isValid(stripPort(s)) && !stripPort(s).includes('%');
}

/**
 * Canonical text of an address: IPv4-mapped IPv6 ("::ffff:198.18.0.11", as Node reports peers on
 * dual-stack sockets) becomes plain IPv4; IPv6 is compressed. Returns null for non-addresses.
 */
export function normalizeIP(s: unknown): string | null {
  if (typeof s !== 'string') return null;
  return memo(normalized, s, () => {
    const bare = stripPort(s);
    if (!ipaddr.isValid(bare) || bare.includes('%')) return null;
    try {
      return ipaddr.process(bare).toString();
    } catch {
      return null;
    }
  });
}

export function sameIP(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const na = normalizeIP(a);
  const nb = normalizeIP(b);
  return na !== null && na === nb;
}

export function isCIDR(s: unknown): boolean {
  return typeof s === 'string' && parseCidr(s) !== null;
}

/** Whether `address` lies inside `cidr` (same family; IPv4-mapped addresses count as IPv4). */
export function cidrContains(cidr: string, address: string): boolean {
  const parsed = parseCidr(cidr);
  if (!parsed) return false;
  try {
    const [net, bits] = parsed;
    const a = normalizeIP(address);
    if (a === null) return false;
    const addr = ipaddr.parse(a);
    if (addr.kind() !== net.kind()) return false;
    return addr.match([net, bits]);
  } catch {
    return false;
  }
}

export function anyCidrContains(cidrs: readonly string[], address: string): boolean {
  return cidrs.some((c) => cidrContains(c, address));
}

/** The n-th address of a CIDR (0 = network address, flannel's `.0`; 1 = the usual bridge gateway). */
export function nthAddress(cidr: string, n: number): string | null {
  return memo(nth, `${n} ${cidr}`, () => computeNthAddress(cidr, n));
}

function computeNthAddress(cidr: string, n: number): string | null {
  const parsed = parseCidr(cidr);
  if (!parsed) return null;
  try {
    const [net, bits] = parsed;
    // toByteArray returns a fresh array: the cached CIDR stays untouched.
    const bytes = net.toByteArray();
    const hostBits = bytes.length * 8 - bits;
    if (hostBits <= 0 || (hostBits < 31 && n >= 2 ** hostBits)) return null;
    // Zero the host bits, then add n (small n only: carry through the low bytes).
    for (let i = 0; i < bytes.length; i++) {
      const keep = Math.max(0, Math.min(8, bits - i * 8));
      const mask = keep === 0 ? 0 : (0xff << (8 - keep)) & 0xff;
      bytes[i] = (bytes[i] ?? 0) & mask;
    }
    let carry = n;
    for (let i = bytes.length - 1; i >= 0 && carry > 0; i--) {
      const sum = (bytes[i] ?? 0) + carry;
      bytes[i] = sum & 0xff;
      carry = Math.floor(sum / 256);
    }
    return ipaddr.fromByteArray(bytes).toString();
  } catch {
    return null;
  }
}

/** True for 0.0.0.0/0 and ::/0 (trust everyone). */
export function isTrustAll(cidr: string): boolean {
  try {
    const [, bits] = ipaddr.parseCIDR(cidr.trim());
    return bits === 0;
  } catch {
    return false;
  }
}

export function isIPv4(s: string): boolean {
  const n = normalizeIP(s);
  return n !== null && ipaddr.IPv4.isValid(n) && !n.includes(':');
}
