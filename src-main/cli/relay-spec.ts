// `--relay name=address,mode=l4|l7,to=node:port[,…]`, shared by `inspect` and `probe`: what the
// SRE types becomes the contract's relay, and a wrong value says which part is wrong.
import { isIP } from 'node:net';
import type { ProbeRelay } from '../contract/probe';

/** "host:port" or "[IPv6]:port". */
function hostPort(text: string): { host: string; port: number } | null {
  const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text) ?? /^([^:\s]+):(\d{1,5})$/.exec(text);
  const port = Number(m?.[2]);
  return m && port >= 1 && port <= 65535 ? { host: m[1]!, port } : null;
}

/** "name=addr,mode=l4|l7,to=node:port[,proxy=v1|v2][,xff][,listen=addr:port]" */
export function parseRelay(text: string): ProbeRelay {
  const usage = `--relay ${JSON.stringify(text)}: expected name=address,mode=l4|l7,to=node:port[,proxy=v1|v2][,xff][,listen=address:port] (IPv6 as [address]:port)`;
  const fields = new Map<string, string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    fields.set(eq < 0 ? part.trim() : part.slice(0, eq).trim(), eq < 0 ? 'true' : part.slice(eq + 1).trim());
  }
  const name = [...fields.keys()][0] ?? '';
  const address = fields.get(name) ?? '';
  const to = hostPort(fields.get('to') ?? '');
  const listen = fields.has('listen') ? hostPort(fields.get('listen') ?? '') : null;
  if (!name || !address || !to || (fields.has('listen') && !listen)) throw new Error(usage);
  // Observed sources are compared with these literally: a host name could never match.
  for (const [what, value] of [['address', address], ['listen address', listen?.host]] as const) {
    if (value !== undefined && !isIP(value)) throw new Error(`--relay ${JSON.stringify(text)}: the ${what} ${JSON.stringify(value)} is not an IP address; give the relay's literal IPv4 or IPv6 address`);
  }
  const mode = fields.get('mode') ?? 'l4';
  if (mode !== 'l4' && mode !== 'l7') throw new Error(`${usage}; mode must be l4 or l7, not ${JSON.stringify(mode)}`);
  return {
    name,
    address,
    mode,
    proxyProtocol: fields.get('proxy') === 'v1' || fields.get('proxy') === 'v2' ? (fields.get('proxy') as 'v1' | 'v2') : null,
    addsXForwardedFor: fields.has('xff'),
    forwardsTo: { node: to.host, port: to.port },
    listen: listen ? { address: listen.host, port: listen.port } : null,
  };
}
