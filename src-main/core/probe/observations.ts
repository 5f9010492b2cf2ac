// Turns echo client result lines (from the desktop or from client pods' logs) into observations.
// Target labels encode which matrix cell a request belongs to.
import type { Observation } from '../../contract/probe';
import type { ResultLine } from '../../../resources/probe/echo.mjs';

export interface TargetMeta {
  target: Observation['target'];
  service: Observation['service'];
  /** Through-ingress targets: the Host and path to send. */
  ingress?: { className: string; host: string; path: string };
}

/** Label format: `<index>` into the run's target table, so labels stay short in pod args. */
export function targetLabel(index: number): string {
  return `t${index}`;
}

export function parseLogLines(text: string): ResultLine[] {
  const out: ResultLine[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{') || !line.includes('"snatscope.result"')) continue;
    try {
      const parsed = JSON.parse(line) as ResultLine;
      if (parsed.kind === 'snatscope.result' && parsed.v === 1) out.push(parsed);
    } catch {
      // A truncated or interleaved line: skip it, the rest still counts.
    }
  }
  return out;
}

function firstHeader(headers: Record<string, string[]> | undefined, name: string): string | null {
  const v = headers?.[name];
  return v && v.length ? v.join(', ') : null;
}

export function toObservation(line: ResultLine, origin: Observation['origin'], table: Map<string, TargetMeta>): Observation | null {
  const meta = table.get(line.label);
  if (!meta) return null;
  const echo = line.echo;
  const proxy = echo?.proxy ?? null;
  const proxySource = proxy && proxy.source && 'ip' in proxy.source ? `${proxy.source.ip}:${proxy.source.port}` : null;
  return {
    id: `${origin.kind === 'pod' ? origin.pod : origin.kind}-${line.id}`,
    attempt: line.attempt,
    origin: origin.kind === 'desktop' || origin.kind === 'pod' || origin.kind === 'relay' ? { ...origin, address: origin.address ?? line.local?.ip ?? null } : origin,
    target: meta.target,
    service: meta.service,
    ...(meta.ingress ? { ingress: meta.ingress } : {}),
    result: line.result,
    status: line.status,
    source: echo ? { ip: echo.peer.ip, port: echo.peer.port } : null,
    echoPod: echo ? { name: echo.pod.name ?? null, node: echo.pod.node ?? null, ip: echo.pod.ip ?? null } : null,
    headers: echo?.request
      ? { xForwardedFor: firstHeader(echo.request.headers, 'x-forwarded-for'), xRealIp: firstHeader(echo.request.headers, 'x-real-ip'), forwarded: firstHeader(echo.request.headers, 'forwarded') }
      : null,
    proxyHeader: proxy ? { version: proxy.version, source: proxySource } : null,
    local: line.local,
    timings: { connectMs: line.connectMs, totalMs: line.totalMs },
    error: line.error ? `${line.error.class}: ${line.error.message}` : null,
  };
}
