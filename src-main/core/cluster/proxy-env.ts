// Which proxy a request to the API server goes through, as kubectl decides it: the cluster's
// proxy-url wins; otherwise the environment, read like Go's http.ProxyFromEnvironment
// (golang.org/x/net/http/httpproxy, used by client-go's default transport):
// - HTTPS_PROXY/https_proxy for https URLs, HTTP_PROXY/http_proxy for http URLs (upper case first);
// - HTTP_PROXY is ignored when REQUEST_METHOD is set (CGI, "httpoxy");
// - a value without a scheme means http://;
// - NO_PROXY/no_proxy: comma-separated hosts, ".suffix" or "suffix" domains (both match
//   subdomains, "suffix" also the name itself), IPs, CIDRs, optional ":port", or "*";
// - localhost and loopback addresses are never proxied.
import { isIP } from 'node:net';

export function proxyFromEnvironment(server: string, env: NodeJS.ProcessEnv): string | null {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return null;
  }
  const get = (name: string) => env[name] ?? env[name.toLowerCase()] ?? '';
  const https = url.protocol === 'https:';
  const raw = https ? get('HTTPS_PROXY') : env.REQUEST_METHOD ? '' : get('HTTP_PROXY');
  if (raw.trim() === '') return null;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (https ? '443' : '80');
  if (!useProxy(host, port, get('NO_PROXY'))) return null;
  const value = raw.trim();
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
}

function useProxy(host: string, port: string, noProxy: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return false;
  const ipVersion = isIP(host);
  if (ipVersion && isLoopback(host)) return false;
  for (const rawEntry of noProxy.split(',')) {
    const entry = rawEntry.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return false;
    if (entry.includes('/')) {
      if (ipVersion && inCidr(host, entry)) return false;
      continue;
    }
    let name = entry;
    let entryPort = '';
    const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (bracket) {
      name = bracket[1]!;
      entryPort = bracket[2] ?? '';
    } else if (!isIP(entry)) {
      const m = /^(.*):(\d+)$/.exec(entry);
      if (m) {
        name = m[1]!;
        entryPort = m[2]!;
      }
    }
    if (entryPort && entryPort !== port) continue;
    if (isIP(name)) {
      if (ipVersion && sameIp(name, host)) return false;
      continue;
    }
    if (name.startsWith('*.')) name = name.slice(1);
    if (name.startsWith('.')) {
      if (host.endsWith(name)) return false;
    } else if (host === name || host.endsWith(`.${name}`)) return false;
  }
  return true;
}

function isLoopback(ip: string): boolean {
  if (isIP(ip) === 4) return ip.startsWith('127.');
  const bytes = ipv6Bytes(ip);
  return bytes !== null && bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1;
}

function sameIp(a: string, b: string): boolean {
  const x = ipBytes(a);
  const y = ipBytes(b);
  return x !== null && y !== null && x.length === y.length && x.every((v, i) => v === y[i]);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  const net = ipBytes(base ?? '');
  const addr = ipBytes(ip);
  if (!net || !addr || net.length !== addr.length || !Number.isInteger(bits) || bits < 0 || bits > net.length * 8) return false;
  for (let i = 0; i < bits; i++) {
    const mask = 0x80 >> i % 8;
    if ((net[i >> 3]! & mask) !== (addr[i >> 3]! & mask)) return false;
  }
  return true;
}

function ipBytes(ip: string): number[] | null {
  if (isIP(ip) === 4) return ip.split('.').map(Number);
  return ipv6Bytes(ip);
}

function ipv6Bytes(ip: string): number[] | null {
  if (isIP(ip) !== 6) return null;
  let text = ip.split('%')[0]!;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  let tail: number[] = [];
  if (v4) {
    tail = v4[1]!.split('.').map(Number);
    text = text.slice(0, -v4[1]!.length) + '0:0';
  }
  const [head, rest] = text.split('::');
  const h = head ? head.split(':') : [];
  const r = rest !== undefined && rest !== '' ? rest.split(':') : [];
  const groups = rest === undefined ? h : [...h, ...Array<string>(8 - h.length - r.length).fill('0'), ...r];
  const bytes = groups.flatMap((g) => {
    const n = parseInt(g || '0', 16);
    return [n >> 8, n & 0xff];
  });
  if (v4) bytes.splice(12, 4, ...tail);
  return bytes.length === 16 ? bytes : null;
}
