// "Save as expectation": an expectations file that pins what a probe session measured, path by
// path, so a later `check --probe` fails when any of it changes. Only the mirrored service's
// cells (and relays) count, as in check; cells without an answer are left out and listed.
import { stringify } from 'yaml';
import type { Session } from '../probe/session-types';
import { cellsFromSession, type CheckCell } from './cells';
import { EXPECTATIONS_API_VERSION, EXPECTATIONS_KIND, type ClientIpExpectation, type Expectation, type ExpectationsFile } from './schema';

function clientIpOf(c: CheckCell): ClientIpExpectation | null {
  if (c.verdict === 'preserved') return 'preserved';
  if (c.verdict === 'dropped' || c.verdict === 'rejected') return 'dropped';
  if ((c.verdict === 'snat' || c.verdict === 'proxied') && c.carrier) return c.carrier;
  if (c.verdict === 'snat') return 'snat';
  return null;
}

function fromOf(c: CheckCell): string {
  return c.origin.kind === 'desktop' ? 'desktop' : c.origin.kind === 'relay' ? `relay/${c.origin.relay}` : `${c.origin.kind}/${c.origin.node}`;
}

function viaOf(c: CheckCell): string | undefined {
  switch (c.entry.kind) {
    case 'nodePort':
      return c.entry.node ? `node/${c.entry.node}` : 'any-node';
    case 'cluster-ip':
      return 'cluster-ip';
    case 'load-balancer':
      return 'load-balancer';
    default:
      return undefined;
  }
}

export function expectationsFromSession(session: Session): { file: ExpectationsFile; skipped: string[] } {
  const target = session.plan.target;
  if (session.plan.mode !== 'service' || !target) throw new Error('this session probed the NodePort matrix, not a service: save an expectation from a probe of <namespace>/<service>');
  if (session.status !== 'completed') throw new Error(`this session did not complete (${session.status}): nothing measured to pin`);
  const expect: Expectation[] = [];
  const seen = new Set<string>();
  const skipped: string[] = [];
  for (const c of cellsFromSession(session)) {
    const clientIP = clientIpOf(c);
    if (!clientIP) {
      skipped.push(`${c.label}: ${c.verdict}`);
      continue;
    }
    const via = c.origin.kind === 'relay' ? undefined : viaOf(c);
    const e: Expectation = { from: fromOf(c), ...(via ? { via } : {}), clientIP };
    const key = JSON.stringify(e);
    if (seen.has(key)) continue;
    seen.add(key);
    expect.push(e);
  }
  const relays = (session.plan.relays ?? []).filter((r) => r.listen);
  const mirror = session.services[0];
  const file: ExpectationsFile = {
    apiVersion: EXPECTATIONS_API_VERSION,
    kind: EXPECTATIONS_KIND,
    ...(relays.length
      ? {
          relays: relays.map((r) => ({ name: r.name, address: r.address, mode: r.mode, ...(r.proxyProtocol ? { proxyProtocol: r.proxyProtocol } : {}), ...(r.addsXForwardedFor ? { xForwardedFor: true } : {}), forwardsTo: r.forwardsTo, listen: r.listen! })),
          // The relays forward to the probe's fixed nodePorts: request the same ones next time.
          probe: { fixedNodePorts: Object.fromEntries(session.services.filter((s) => s.type === 'NodePort' && s.nodePort !== null && relays.some((r) => r.forwardsTo.port === s.nodePort)).map((s) => [s.policy, s.nodePort!])) },
        }
      : {}),
    services: [{ service: `${target.namespace}/${target.name}`, expect }],
  };
  if (!expect.length) throw new Error(`no measured path of ${target.namespace}/${target.name}${mirror ? ` (${mirror.name})` : ''} had an answer to pin`);
  return { file, skipped };
}

export function expectationsYaml(file: ExpectationsFile, header: string[]): string {
  return `${header.map((l) => `# ${l}`).join('\n')}\n${stringify(file, { lineWidth: 0 })}`;
}
