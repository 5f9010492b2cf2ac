import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Session } from '../probe/session-types';
import { buildTopology, TOPO_PALETTES } from '../topology/index';
import { parseSession } from './session-file';
import { topologySvg, xmlEscape } from './svg';

const TEXT = readFileSync(join(import.meta.dirname, '../../../resources/sample/seed-session.json'), 'utf8');
const session = () => parseSession(TEXT);
const draw = (s: Session, theme: 'light' | 'dark' = 'light', locale: 'en' | 'zh-CN' = 'en') => {
  const topology = buildTopology({ kind: 'session', session: s }, { locale });
  return { topology, ...topologySvg(topology, { theme, title: 'SNATScope: default/frontend' }) };
};

type XmlNode = Record<string, unknown>;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', preserveOrder: false, isArray: (_name, _path, _leaf, isAttribute) => !isAttribute });

/** Every node of the parsed document (fast-xml-parser's object form, all children as arrays). */
function walk(node: unknown, visit: (name: string, n: XmlNode) => void, name = ''): void {
  if (Array.isArray(node)) return node.forEach((n) => walk(n, visit, name));
  if (node === null || typeof node !== 'object') return;
  visit(name, node as XmlNode);
  for (const [k, v] of Object.entries(node)) if (!k.startsWith('@')) walk(v, visit, k);
}

function collect(svg: string) {
  const doc = parser.parse(svg) as XmlNode;
  const groups: XmlNode[] = [];
  const texts: string[] = [];
  walk(doc, (name, n) => {
    if (name === 'g') groups.push(n);
    if (name === 'tspan' && typeof n['#text'] !== 'undefined') texts.push(String(n['#text']));
  });
  return { doc, groups, texts, text: texts.join('\n') };
}

describe('SVG export', () => {
  it('is well-formed XML with the graph’s size (plus the legend band), text kept as text', () => {
    const { svg, width, height, topology } = draw(session());
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(width).toBe(Math.ceil(topology.width));
    expect(height).toBeGreaterThan(Math.ceil(topology.height));
    expect(svg).toContain(`width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`);
    const { text } = collect(svg);
    // The SNAT marker's words, every node label and every edge label are <text>, not paths.
    expect(text).toContain('SNAT → 198.18.0.12');
    for (const el of topology.elements) for (const line of el.data.label.split('\n').filter(Boolean)) expect(text, line).toContain(line);
  });

  it('draws one group per element, blocked paths end in a bar, SNAT is dashed, and the legend explains both', () => {
    const { svg, topology } = draw(session());
    const { groups } = collect(svg);
    const byClass = (c: string) => groups.filter((g) => String(g['@class'] ?? '').split(' ').includes(c));
    const nodes = topology.elements.filter((e) => e.group === 'nodes');
    const edges = topology.elements.filter((e) => e.group === 'edges');
    expect(byClass('node')).toHaveLength(nodes.length);
    expect(byClass('edge')).toHaveLength(edges.length);
    const dropped = byClass('verdict-dropped');
    expect(dropped.length).toBeGreaterThan(0);
    for (const g of dropped) expect(JSON.stringify(g)).toContain('blocked-bar');
    expect(byClass('verdict-preserved').every((g) => !JSON.stringify(g).includes('stroke-dasharray'))).toBe(true);
    expect(byClass('verdict-snat').every((g) => JSON.stringify(g).includes('stroke-dasharray":"8 5'))).toBe(true);
    const legend = byClass('legend-entry').map((g) => g['@data-key']);
    expect(legend).toEqual(topology.legend.map((l) => l.key));
    expect(legend).toEqual(expect.arrayContaining(['preserved', 'snat', 'dropped', 'snat-marker']));
  });

  it('paints the light or dark background from the app’s palette', () => {
    expect(draw(session(), 'light').svg).toContain(`class="background" x="0" y="0" width=`);
    expect(draw(session(), 'light').svg).toMatch(new RegExp(`class="background"[^>]*fill="${TOPO_PALETTES.light.background}"`));
    expect(draw(session(), 'dark').svg).toMatch(new RegExp(`class="background"[^>]*fill="${TOPO_PALETTES.dark.background}"`));
    expect(draw(session(), 'dark').svg).toContain(TOPO_PALETTES.dark.colors.dropped);
  });

  it('draws Chinese labels in Chinese', () => {
    const { text } = collect(draw(session(), 'light', 'zh-CN').svg);
    expect(text).toContain('本机');
    expect(text).toContain('SNAT → 198.18.0.12');
  });

  it('escapes hostile names: no markup, no script, still valid XML', () => {
    const s = session();
    const evil = `e"><script>alert(1)</script><foreignObject>&amp;\u0001\uD800'`;
    s.echoPods[0]!.name = evil;
    s.inventory.nodes[0]!.name = `node1<image href="file:///etc/passwd"/>`;
    for (const p of s.paths) if (p.target.node === 'node1') p.target.node = s.inventory.nodes[0]!.name;
    const { svg } = draw(s);
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toMatch(/<script|<foreignObject|<image/i);
    const { text } = collect(svg);
    expect(text).toContain('node1<image href="file:///etc/passwd"/>');
    expect(xmlEscape(evil)).toBe('e&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;foreignObject&gt;&amp;amp;&apos;');
  });

  it('is deterministic', () => {
    expect(draw(session()).svg).toBe(draw(session()).svg);
  });
});

describe('caption block', () => {
  it('says what the picture shows: service, measured by which probe, context, cluster version, time, finding and the worst path', async () => {
    const { renderExports } = await import('./render');
    const s = parseSession(TEXT);
    const out = await renderExports(s, { formats: ['svg'], locale: 'en', theme: 'light', redact: false } as never);
    const svg = out.files[0]!;
    const text = 'text' in svg ? svg.text : '';
    const caption = text.slice(text.indexOf('<g class="caption">'), text.indexOf('<g class="graph"'));
    expect(caption).toContain(`default/frontend — Measured by probe ${s.id}`);
    for (const word of ['Context', s.cluster.context, 'Cluster', s.cluster.version!, 'Time', 'UTC', 'Finding', 'Worst path', '⇄ SNAT → 198.18.0.12']) expect(caption, word).toContain(word);
    // The graph sits below the caption, at the layout's own coordinates.
    expect(text).toMatch(/<g class="graph" transform="translate\(0 \d+(\.\d)?\)">/);
    const zh = await renderExports(s, { formats: ['svg'], locale: 'zh-CN', theme: 'dark', redact: false } as never);
    const zt = 'text' in zh.files[0]! ? zh.files[0]!.text : '';
    expect(zt).toContain(`由探测 ${s.id} 实测`);
  });
});
