import { describe, expect, it } from 'vitest';
import type { Session } from '../../../src-main/contract';
import sampleText from '../../../resources/sample/seed-session.json?raw';
import { seedSession } from '../test/fixtures';
import { buildMatrix } from './matrix';

describe('buildMatrix', () => {
  it('groups cells by origin (desktop first) and entry, one column per policy', () => {
    const m = buildMatrix(seedSession());
    expect(m.policies).toEqual(['Cluster', 'Local']);
    expect(m.blocks.map((b) => b.origin)).toEqual(['desktop', 'pod:node1', 'pod:node2']);
    expect(m.blocks[0]!.rows.map((r) => r.key)).toEqual(['node1', 'node2']);
    expect(m.blocks[1]!.rows.map((r) => r.key)).toEqual(['node1', 'node2', 'clusterIP']);
    expect(m.blocks[0]!.rows[1]!.cells.Cluster!.observed.verdict).toBe('snat');
    expect(m.blocks[0]!.rows[1]!.cells.Local!.observed.verdict).toBe('dropped');
    expect(m.mismatches).toBe(1);
  });
  it('keeps two relays on one address apart by their port', async () => {
    const sample = JSON.parse(sampleText) as Session;
    const desktop = buildMatrix(sample).blocks.find((b) => b.origin === 'desktop')!;
    const relays = desktop.rows.filter((r) => r.entry.kind === 'relay');
    expect(relays.map((r) => r.key)).toEqual(['relay-203.0.113.11-9090', 'relay-203.0.113.11-9091']);
    expect(relays.map((r) => r.cells.Local?.target.port)).toEqual([9090, 9091]);
  });
  it('has only the policies that were probed', () => {
    const s = seedSession();
    s.paths = s.paths.filter((p) => p.service.policy === 'Local');
    expect(buildMatrix(s).policies).toEqual(['Local']);
  });
});
