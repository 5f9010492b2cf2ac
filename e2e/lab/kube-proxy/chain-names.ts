// kube-proxy's chain names (fact sheet §1, KP-IPT): "<prefix>" + the first 16 characters of
// base32(sha256(servicePortName + protocol)), with the endpoint ("ip:port") appended for
// KUBE-SEP. servicePortName is "namespace/name" plus ":portName" when the port is named;
// protocol is lower-case ("tcp").
import { createHash } from 'node:crypto';

const RFC4648 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Standard (RFC 4648, padded) base32, as Go's base32.StdEncoding. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += RFC4648[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += RFC4648[(buffer << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

function hash16(text: string): string {
  return base32(createHash('sha256').update(text).digest()).slice(0, 16);
}

/** "ns/name" or "ns/name:port" — proxy.ServicePortName.String(). */
export function servicePortNameString(namespace: string, name: string, portName: string): string {
  return `${namespace}/${name}${portName ? `:${portName}` : ''}`;
}

export const CHAIN_PREFIX = { svc: 'KUBE-SVC-', svl: 'KUBE-SVL-', ext: 'KUBE-EXT-', fw: 'KUBE-FW-', sep: 'KUBE-SEP-' } as const;

export function serviceChain(kind: 'svc' | 'svl' | 'ext' | 'fw', svcPortName: string, protocol: string): string {
  return CHAIN_PREFIX[kind] + hash16(svcPortName + protocol.toLowerCase());
}

export function endpointChain(svcPortName: string, protocol: string, endpoint: string): string {
  return CHAIN_PREFIX.sep + hash16(svcPortName + protocol.toLowerCase() + endpoint);
}

/** True for the per-service chains kube-proxy owns and garbage-collects. */
export function isServiceChainName(chain: string): boolean {
  return Object.values(CHAIN_PREFIX).some((p) => chain.startsWith(p));
}
