// IPv4 ranges: service CIDR for ClusterIPs, load-balancer pools ("a.b.c.d-a.b.c.e" or CIDR).
import ipaddr from 'ipaddr.js';

export function ipToInt(ip: string): number {
  const b = ipaddr.IPv4.parse(ip).octets;
  return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
}

export function intToIp(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export interface Range {
  first: number;
  last: number;
  text: string;
}

/** A CIDR (network and broadcast excluded) or an inclusive "from-to" range. */
export function parseRange(text: string): Range {
  if (text.includes('-')) {
    const [a, b] = text.split('-').map((s) => s.trim());
    return { first: ipToInt(a!), last: ipToInt(b!), text };
  }
  const [addr, len] = ipaddr.IPv4.parseCIDR(text);
  const base = ipToInt(addr.toString()) & (len === 0 ? 0 : (~0 << (32 - len)) >>> 0);
  const size = 2 ** (32 - len);
  return { first: (base >>> 0) + (size > 2 ? 1 : 0), last: (base >>> 0) + size - (size > 2 ? 2 : 1), text };
}

export function inRange(r: Range, ip: string): boolean {
  if (!ipaddr.IPv4.isValid(ip)) return false;
  const n = ipToInt(ip);
  return n >= r.first && n <= r.last;
}
