import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mermaidFlowchart, mermaidGraph, mermaidId } from './mermaid';
import { parseSession } from './session-file';

const session = parseSession(readFileSync(join(import.meta.dirname, '../../../resources/sample/seed-session.json'), 'utf8'));

describe('Mermaid flowchart: the same graph as the picture', () => {
  const { nodes, edges } = mermaidGraph(session);
  const has = (from: string, to: string) => edges.some((e) => e.from === from && e.to === to);

  it('draws SNAT as a station on the hop where it happened, with the new address', () => {
    const snat = mermaidId('rewrite node node2 198.18.0.12');
    expect(nodes.get(snat)).toBe('SNAT → 198.18.0.12 @ node2');
    expect(has(mermaidId('node node2'), snat)).toBe(true);
    expect(edges.find((e) => e.from === snat)).toMatchObject({ to: mermaidId('pod echo-0-node1'), style: 'dashed', label: 'eTP Cluster: sees 198.18.0.12' });
    // Not straight from the entry node to the backend.
    expect(edges.some((e) => e.from === mermaidId('node node2') && e.to === mermaidId('pod echo-0-node1'))).toBe(false);
  });

  it('names the probe\'s objects as the probe\'s, never by their generated names (issue 13)', () => {
    expect(nodes.get(mermaidId('pod echo-0-node1'))).toBe('probe echo on node1');
    const text = mermaidFlowchart(session, 'all');
    expect(text).not.toMatch(/echo-cluster|echo-local|echo-0-|snatscope-/);
  });

  it('wires each relay to the node and NodePort it forwards to, after its own rewrite', () => {
    const relay = mermaidId('relay 203.0.113.11:9091');
    const proxy = mermaidId('rewrite relay probe-l7 203.0.113.11');
    expect(nodes.get(proxy)).toBe('proxy → 203.0.113.11 @ probe-l7');
    expect(has(relay, proxy)).toBe(true);
    expect(edges.find((e) => e.from === proxy)).toMatchObject({ to: mermaidId('node node1'), label: 'NodePort :30091' });
  });

  it('declares every node it draws, and blocked paths stop at the entry', () => {
    const text = mermaidFlowchart(session);
    for (const e of edges) for (const id of [e.from, e.to]) expect(text).toMatch(new RegExp(`^  ${id}\\["`, 'm'));
    expect(edges.filter((e) => e.style === 'blocked').every((e) => e.from === 'n_desktop')).toBe(true);
  });
});
