// Issue 17 item 9: Mermaid ids made two differently named nodes one ("node a.b" and "node a_b"
// were both n_node_a_b), merging their edges in the picture.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mermaidFlowchart, mermaidGraph, mermaidId } from './mermaid';
import { parseSession } from './session-file';

const TEXT = readFileSync(join(import.meta.dirname, '../../../resources/sample/seed-session.json'), 'utf8');

describe('Mermaid ids', () => {
  it('are Mermaid-safe and differ for any two different names', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(mermaidId(a)).toMatch(/^n_[A-Za-z0-9_]*$/);
        if (a !== b) expect(mermaidId(a)).not.toBe(mermaidId(b));
      }),
      { numRuns: 2000 },
    );
    expect(mermaidId('node a.b')).not.toBe(mermaidId('node a_b'));
    expect(mermaidId('desktop')).toBe('n_desktop');
  });

  it('two nodes whose names differ only in punctuation stay two nodes in the flowchart', () => {
    const doc = JSON.parse(TEXT) as { paths: { target: { kind: string; node: string | null } }[]; inventory: { nodes: { name: string }[] } };
    const rename: Record<string, string> = { node1: 'worker.a', node2: 'worker_a' };
    for (const p of doc.paths) if (p.target.node) p.target.node = rename[p.target.node] ?? p.target.node;
    const session = parseSession(JSON.stringify(doc));
    const { nodes } = mermaidGraph(session);
    const entries = [...nodes.entries()].filter(([, text]) => text.startsWith('worker'));
    expect(entries.map(([, text]) => text.split(' ')[0]).sort()).toEqual(['worker.a', 'worker_a']);
    expect(new Set(entries.map(([id]) => id)).size).toBe(2);
    expect(mermaidFlowchart(session)).toContain(`${mermaidId('node worker.a')}["worker.a`);
  });
});
