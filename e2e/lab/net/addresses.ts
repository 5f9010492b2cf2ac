// The lab's address plan and small IPv4 helpers. Lab traffic stays inside these ranges
// (preamble): nodes 198.18.0.0/16, pods 198.19.0.0/16, the outside network 203.0.113.0/24.
import ipaddr from 'ipaddr.js';

export const NODE_NETWORK = '198.18.0.0/16';
export const POD_NETWORK = '198.19.0.0/16';
export const LAB_NETWORKS = '198.18.0.0/15';
export const OUTSIDE_NETWORK = '203.0.113.0/24';

export function isIPv4(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

export function inCidr(ip: string, cidr: string): boolean {
  if (!isIPv4(ip)) return false;
  const [range, bits] = ipaddr.IPv4.parseCIDR(cidr);
  return ipaddr.IPv4.parse(ip).match(range, bits);
}

export function parseCidr(cidr: string): { base: string; bits: number } {
  const [range, bits] = ipaddr.IPv4.parseCIDR(cidr);
  const base = ipaddr.IPv4.networkAddressFromCIDR(cidr).toString();
  if (base !== range.toString()) throw new Error(`${cidr} is not a network address (did you mean ${base}/${bits}?)`);
  return { base, bits };
}

export function ipToInt(ip: string): number {
  return ipaddr.IPv4.parse(ip).toByteArray().reduce((acc, o) => acc * 256 + o, 0);
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** The n-th address of a network: nth('198.19.1.0/24', 1) = 198.19.1.1. */
export function nthAddress(cidr: string, n: number): string {
  const { base, bits } = parseCidr(cidr);
  if (n < 0 || n >= 2 ** (32 - bits)) throw new Error(`${cidr} has no address #${n}`);
  return intToIp(ipToInt(base) + n);
}

export function cidrSize(cidr: string): number {
  return 2 ** (32 - parseCidr(cidr).bits);
}

/** "203.0.113.100-203.0.113.110" or "203.0.113.100" or "203.0.113.96/28" → addresses. */
export function expandPool(entries: string[]): string[] {
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.includes('-')) {
      const [from, to] = entry.split('-').map((s) => s.trim());
      if (!from || !to) throw new Error(`bad address range ${entry}`);
      for (let n = ipToInt(from); n <= ipToInt(to); n++) out.push(intToIp(n));
    } else if (entry.includes('/')) {
      const size = cidrSize(entry);
      for (let i = 0; i < size; i++) out.push(nthAddress(entry, i));
    } else out.push(entry.trim());
  }
  return out;
}
