import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultQuestions } from '../inspect/questions';
import { predict } from '../prediction/predict';
import { makeInventory } from '../prediction/test-inventory';
import type { Session } from '../probe/session-types';
import { buildTopology } from './index';
import { pathSummary, worstPath } from './summary';

const sample = JSON.parse(readFileSync(join(import.meta.dirname, '../../../resources/sample/seed-session.json'), 'utf8')) as Session;

describe('path summary line', () => {
  const t = buildTopology({ kind: 'session', session: sample });
  const ids = new Set(t.elements.map((e) => e.data.id));

  it('leads with the worst path: SNAT across nodes, in the original report’s words', () => {
    expect(worstPath(t)!.id).toBe('desktop|nodePort:node2:30950|echo-cluster');
    const s = pathSummary(t, null)!;
    expect(s.text).toBe('203.0.113.1 → node2:30950 ⇄ SNAT → 198.18.0.12 → node1 → probe echo on node1 sees 198.18.0.12');
    // Every hop names the element it stands for, so a click can select it.
    expect(s.parts.map((p) => p.element)).toEqual(['actor:desktop', 'np:node2', 'snat:node2:198.18.0.12', 'node:node1', 'pod:node1:echo-0-node1']);
    for (const p of s.parts) expect(ids.has(p.element!), p.element!).toBe(true);
  });

  it('says where a path is dropped, and where a relay replaced the source', () => {
    expect(pathSummary(t, 'desktop|nodePort:node2:30091|echo-local')!.text).toBe('203.0.113.1 → node2:30091 ✕ dropped at node2');
    expect(pathSummary(t, 'desktop|relay:node1:9090|echo-local')!.text).toBe('203.0.113.1 → relay probe-l4 ↪ proxy → 203.0.113.11 → node1 → probe echo on node1 sees 203.0.113.11');
    expect(pathSummary(t, 'desktop|nodePort:node1:30091|echo-local')!.text).toBe('203.0.113.1 → node1:30091 → ✓ probe echo on node1 sees the client 203.0.113.1');
  });

  it('a pod-origin path starts at the sending pod, not at the entry node', () => {
    const pods = buildTopology({ kind: 'session', session: sample }, { origin: 'pod:node2' });
    const fromPod = pods.paths.find((p) => p.id.includes('nodePort:node1'))!;
    const s = pathSummary(pods, fromPod.id)!;
    expect(s.parts[0]!.kind).toBe('client');
    expect(s.text).toMatch(/^client-\d+-node2 198\.19\.2\.\d+ → node1:\d+/);
    const inv = makeInventory();
    const backend = defaultQuestions(inv).find((q) => q.origin.kind === 'pod' && q.origin.backend && q.target.kind === 'clusterIP')!;
    const p = buildTopology({ kind: 'inspect', result: { inventory: inv, answers: [{ id: backend.id, prediction: predict(inv, backend.origin, backend.target), coverage: null }], hazards: [] } }, { origin: backend.id.split('>')[0]! });
    const all = { inventory: inv, answers: defaultQuestions(inv).map((q) => ({ id: q.id, prediction: predict(inv, q.origin, q.target), coverage: null })), hazards: [] };
    // Only the first node is the entry; the next one is just where the endpoint runs.
    expect(pathSummary(buildTopology({ kind: 'inspect', result: all }, { origin: 'pod:node2' }), null)!.text).toBe('pod on node2 → node2:30080 → node1 ⇄ SNAT → 198.19.1.1 → echo-5 sees 198.19.1.1');
    // The backend names itself and its address: "echo-0 198.19.1.5 → …".
    expect(pathSummary(p, null)!.text).toMatch(/^\S+ 198\.19\.1\.5 → /);
  });

  it('is translated, and works on a prediction', () => {
    const zh = buildTopology({ kind: 'session', session: sample }, { locale: 'zh-CN' });
    expect(pathSummary(zh, 'desktop|nodePort:node2:30091|echo-local', 'zh-CN')!.text).toBe('203.0.113.1 → node2:30091 ✕ 在 node2 被丢弃');
    const inv = makeInventory();
    const p = buildTopology({ kind: 'inspect', result: { inventory: inv, answers: defaultQuestions(inv).map((q) => ({ id: q.id, prediction: predict(inv, q.origin, q.target), coverage: null })), hazards: [] } });
    const s = pathSummary(p, null)!;
    expect(s.verdict).toBe('snat');
    expect(s.text).toMatch(/→ node2:30080 ⇄ SNAT → 198\.18\.0\.12 → node1 → .* sees 198\.18\.0\.12$/);
  });
});
