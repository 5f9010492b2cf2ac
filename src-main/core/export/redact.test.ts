import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectAliases, redactSession, redactText } from './redact';
import { parseSession } from './session-file';

const session = parseSession(readFileSync(join(import.meta.dirname, '../../../resources/sample/seed-session.json'), 'utf8'));

describe('redaction', () => {
  it('leaves no lab address, node name, namespace or service name anywhere', () => {
    const red = redactSession(session);
    const text = JSON.stringify(red);
    expect(red.redacted).toBe(true);
    expect(text).not.toMatch(/\b(198\.1[89]|203\.0\.113)\.\d+\.\d+|\b203\.0\.113\.\d+/);
    for (const secret of ['node1', 'node2', session.plan.namespace, 'frontend', 'echo-cluster', 'echo-local', session.cluster.context]) {
      expect(text, secret).not.toContain(secret);
    }
    // Still a valid session, and the original is untouched.
    expect(parseSession(JSON.stringify(red)).paths).toHaveLength(session.paths.length);
    expect(JSON.stringify(session)).toContain('node2');
  });

  it('maps each value to one stable alias everywhere, including other export text', () => {
    const aliases = collectAliases(session);
    const red = redactSession(session, aliases);
    const node2 = aliases.entries().find(([k]) => k === 'node2')![1];
    const cell = red.paths.find((p) => p.origin.kind === 'desktop' && p.target.node === node2 && p.service.policy === 'Cluster')!;
    expect(cell.observed.rewritingHop?.name).toBe(node2);
    expect(cell.observedSource).toBe(red.inventory.nodes.find((n) => n.name === node2)!.addresses.internalIPs[0]);
    expect(redactText('SNAT → 198.18.0.12 at node2', aliases)).toBe(`SNAT → ${cell.observedSource} at ${node2}`);
    // Every observation id referenced by a cell still exists after redaction.
    const ids = new Set(red.observations.map((o) => o.id));
    for (const p of red.paths) for (const id of p.observationIds) expect(ids.has(id)).toBe(true);
  });

  it('aliases declared relay names (the user\'s own hosts) and keeps the picture\'s relays apart', () => {
    const relay = (name: string, port: number) => ({ name, address: '203.0.113.11', mode: 'l4' as const, proxyProtocol: null, addsXForwardedFor: false, forwardsTo: { node: 'node1', port: 30091 }, listen: { address: '203.0.113.11', port } });
    const withRelays = parseSession(JSON.stringify({ ...session, plan: { ...session.plan, relays: [relay('edge-nginx-prod', 9090), relay('edge-haproxy-prod', 9091)] } }));
    const red = redactSession(withRelays);
    const text = JSON.stringify(red);
    expect(text).not.toContain('edge-nginx-prod');
    expect(text).not.toContain('edge-haproxy-prod');
    expect(red.plan.relays!.map((r) => r.name)).toEqual(['relay-1', 'relay-2']);
    expect(red.plan.relays![0]!.listen!.address).toBe(red.plan.relays![1]!.listen!.address);
  });
});
