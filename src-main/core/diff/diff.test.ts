import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerQuestions } from '../inspect/inspect';
import { makeInventory, makeService } from '../prediction/test-inventory';
import type { Session } from '../probe/session-types';
import { diffRuns } from './diff';
import { parseRun } from './run-cells';

const SESSION = readFileSync(join(import.meta.dirname, '..', 'topology', 'fixtures', 'seed-session.json'), 'utf8');

function inspectJson(policy: 'Cluster' | 'Local'): string {
  const inventory = makeInventory({ service: makeService({ externalTrafficPolicy: policy }) });
  return JSON.stringify({ version: 1, kind: 'snatscope.inspect', inventory, answers: answerQuestions(inventory), hazards: [] });
}

describe('diff of two runs', () => {
  it('the same session twice: nothing changed', () => {
    const d = diffRuns(parseRun(SESSION), parseRun(SESSION));
    expect(d.changes).toEqual([]);
    expect(d.unchanged).toBe((JSON.parse(SESSION) as Session).paths.length);
  });

  it('a re-run where client pods got new IPs and probe nodePorts moved is still "no change"', () => {
    const s = JSON.parse(SESSION) as Session;
    for (const p of s.paths) {
      if (p.target.kind === 'nodePort') p.target.port += 1;
      if (p.origin.kind === 'pod' && p.observedSource === p.origin.address) p.origin.address = p.observedSource = `198.19.9.${s.paths.indexOf(p)}`;
    }
    expect(diffRuns(parseRun(SESSION), parseRun(JSON.stringify(s))).changes).toEqual([]);
  });

  it('names the changed verdict, address and hop, and new and vanished paths', () => {
    const s = JSON.parse(SESSION) as Session;
    const snat = s.paths.find((p) => p.origin.kind === 'desktop' && p.observed.verdict === 'snat')!;
    const original = (JSON.parse(SESSION) as Session).paths.find((p) => p.id === snat.id)!;
    snat.observed = { ...snat.observed, verdict: 'preserved', rewritingHop: null };
    snat.observedSource = snat.origin.address;
    const gone = s.paths.findIndex((p) => p.origin.kind === 'pod');
    const [removed] = s.paths.splice(gone, 1);
    s.paths.push({ ...removed!, origin: { kind: 'pod', node: 'node9', pod: 'c9', address: '198.19.9.9' } });
    const d = diffRuns(parseRun(SESSION), parseRun(JSON.stringify(s)));
    expect(d.changes.map((c) => c.change)).toEqual(['changed', 'new', 'vanished']);
    expect(d.changes[0]!.fields).toEqual([
      { field: 'verdict', before: 'snat', after: 'preserved' },
      { field: 'observed', before: original.observedSource, after: '(client)' },
      { field: 'rewritingHop', before: original.observed.rewritingHop!.name, after: null },
    ]);
    expect(d.changes[1]!.label).toMatch(/^pod@node9 → /);
  });

  it('two inspect --json outputs: patching Cluster → Local shows every entry node that changed', () => {
    const d = diffRuns(parseRun(inspectJson('Cluster')), parseRun(inspectJson('Local')));
    const desktop = d.changes.filter((c) => c.label.startsWith('desktop'));
    expect(desktop.map((c) => [c.label, c.fields.find((f) => f.field === 'verdict')])).toEqual([
      ['desktop → node node1 (default/echo)', { field: 'verdict', before: 'snat', after: 'preserved' }],
      ['desktop → node node2 (default/echo)', { field: 'verdict', before: 'snat', after: 'dropped' }],
    ]);
  });

  it('refuses what it cannot compare, saying what it expected', () => {
    expect(() => diffRuns(parseRun(SESSION), parseRun(inspectJson('Local')))).toThrow(/compare two sessions, or two inspect --json outputs/);
    expect(() => parseRun('{"kind":"x"}')).toThrow(/expected a session/);
    expect(() => parseRun('nope')).toThrow(/not valid JSON/);
    expect(() => parseRun('{"kind":"snatscope.inspect","version":1}')).toThrow(/not a valid inspect result/);
  });
});
