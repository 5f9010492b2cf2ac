// The nginx snippets that point a relay's test port at the probe's fixed nodePorts, so a request
// through the real front door (the "public server forwards to the internal nginx" of the report)
// can be measured like any other path. Each variant keeps or loses the client differently.
import type { ProbeRelay } from '../../contract/probe';

export interface RelaySnippet {
  title: string;
  text: string;
}

export function relaySnippets(opts: { nodeAddress: string; ports: Partial<Record<'Cluster' | 'Local', number>>; relays: ProbeRelay[] }): RelaySnippet[] {
  const out: RelaySnippet[] = [];
  const targets = Object.entries(opts.ports).filter((e): e is [string, number] => typeof e[1] === 'number');
  if (!targets.length) return out;
  const declared = opts.relays.filter((r) => r.listen);
  for (const [policy, port] of targets) {
    const upstream = `${opts.nodeAddress}:${port}`;
    if (declared.length === 0) {
      out.push(
        { title: `nginx stream (L4) → ${policy} nodePort ${port}`, text: stream(9090, upstream, false) },
        { title: `nginx stream (L4) + PROXY protocol → ${policy} nodePort ${port}`, text: stream(9090, upstream, true) },
        { title: `nginx http (L7) → ${policy} nodePort ${port}`, text: http(9091, upstream, false) },
        { title: `nginx http (L7) + X-Forwarded-For → ${policy} nodePort ${port}`, text: http(9091, upstream, true) },
      );
      continue;
    }
    for (const r of declared) {
      if (r.forwardsTo.port !== port) continue;
      out.push({
        title: `${r.name} (${r.mode === 'l4' ? 'nginx stream' : 'nginx http'}) → ${policy} nodePort ${port}`,
        text: r.mode === 'l4' ? stream(r.listen!.port, upstream, r.proxyProtocol !== null) : http(r.listen!.port, upstream, r.addsXForwardedFor),
      });
    }
  }
  return out;
}

function stream(listen: number, upstream: string, proxyProtocol: boolean): string {
  return ['stream {', '    server {', `        listen ${listen};`, `        proxy_pass ${upstream};`, ...(proxyProtocol ? ['        proxy_protocol on;'] : []), '    }', '}'].join('\n');
}

function http(listen: number, upstream: string, xff: boolean): string {
  return [
    'http {',
    '    server {',
    `        listen ${listen};`,
    '        location / {',
    `            proxy_pass http://${upstream};`,
    ...(xff ? ['            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;', '            proxy_set_header X-Real-IP $remote_addr;'] : []),
    '        }',
    '    }',
    '}',
  ].join('\n');
}
