// Cytoscape stylesheet per theme, from the topology module's palette and sizes so the screen
// matches the exports. Colour is never the only signal: each verdict has its own line style and
// arrow (data(line), data(arrow)), SNAT markers are bold boxes with text, blocked paths end in a
// bar, and mismatches get a thick underlay.
import type { EdgeSingular, NodeSingular, StylesheetJson } from 'cytoscape';
import { TOPO_METRICS, TOPO_PALETTES, VERDICT_ORDER } from '../../../src-main/contract/constants';
import type { TopoPalette } from '../../../src-main/contract';

export type ThemeName = 'light' | 'dark';

const FONT = "ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'Noto Sans Mono CJK SC', monospace";

export function cyStyle(theme: ThemeName): StylesheetJson {
  const p: TopoPalette = TOPO_PALETTES[theme];
  const pad = TOPO_METRICS.boxPad;
  // cytoscape supports min-height-bias-bottom; its typings miss it.
  const growDown = { 'min-height-bias-bottom': '100%' } as Record<string, string>;
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        color: p.text,
        'font-family': FONT,
        'font-size': TOPO_METRICS.fontSize,
        'text-wrap': 'wrap',
        'line-height': TOPO_METRICS.lineHeight / TOPO_METRICS.fontSize,
        'text-valign': 'center',
        'text-halign': 'center',
        'background-color': p.podBg,
        'border-width': 1,
        'border-color': p.nodeBorder,
        shape: 'round-rectangle',
        width: (ele: NodeSingular) => Number(ele.data('w')) || 60,
        height: (ele: NodeSingular) => Number(ele.data('h')) || 30,
      },
    },
    {
      // Node boxes: the label sits above the box; the box is at least the size the layout gave it.
      selector: 'node[kind = "node"]',
      style: {
        'background-color': p.nodeBg,
        'border-width': 2,
        'text-valign': 'top',
        'text-halign': 'center',
        'font-weight': 'bold',
        padding: `${pad}px`,
        'min-width': (ele: NodeSingular) => `${Math.max(0, Number(ele.data('w')) - 2 * pad)}px`,
        'min-width-bias-left': '0%',
        'min-width-bias-right': '100%',
        'min-height': (ele: NodeSingular) => `${Math.max(0, Number(ele.data('h')) - 2 * pad)}px`,
        'min-height-bias-top': '0%',
        ...growDown,
      },
    },
    { selector: 'node[kind = "actor"]', style: { 'background-color': p.actorBg, shape: 'barrel', 'border-width': 2 } },
    { selector: 'node[kind = "relay"], node[kind = "lb"]', style: { 'background-color': p.actorBg, shape: 'cut-rectangle', 'border-width': 2 } },
    { selector: 'node[kind = "service"], node[kind = "ingress"]', style: { 'background-color': p.nodeBg, 'border-style': 'dashed', color: p.textMuted } },
    { selector: 'node[kind = "nodeport"]', style: { 'background-color': p.badgeBg, shape: 'tag', 'border-width': 2, 'font-weight': 'bold' } },
    { selector: 'node[kind = "client"]', style: { 'background-color': p.actorBg, shape: 'barrel' } },
    { selector: 'node[kind = "pod-summary"]', style: { 'border-style': 'dashed', color: p.textMuted } },
    { selector: 'node[kind = "node-group"]', style: { 'background-color': p.nodeBg, 'border-style': 'double', 'border-width': 4, color: p.textMuted } },
    {
      selector: 'node[kind = "snat"]',
      style: { 'background-color': p.markerBg, 'border-color': p.colors.marker, 'border-width': 3, 'font-weight': 'bold', shape: 'round-octagon' },
    },
    // A proxy that replaced the source is not SNAT: its own shape and colour.
    { selector: 'node[kind = "snat"][rewrite = "proxy"]', style: { 'background-color': p.proxyMarkerBg, 'border-color': p.colors.proxyMarker, shape: 'round-hexagon' } },
    {
      selector: 'edge',
      style: {
        width: 2,
        // The layout routed every path; cytoscape follows the route (see cy-elements.ts).
        'curve-style': 'straight',
        'edge-distances': 'node-position',
        'source-endpoint': 'data(sourceEndpoint)',
        'target-endpoint': 'data(targetEndpoint)',
        'line-style': (ele: EdgeSingular) => String(ele.data('line') ?? 'solid') as 'solid' | 'dashed' | 'dotted',
        'target-arrow-shape': (ele: EdgeSingular) => String(ele.data('arrow') ?? 'triangle') as 'triangle',
        'arrow-scale': 1.3,
      },
    },
    { selector: 'edge.routed', style: { 'curve-style': 'segments', 'segment-weights': 'data(segWeights)', 'segment-distances': 'data(segDistances)', 'segment-radii': 0 } as Record<string, unknown> },
    {
      // Edge labels are nodes at the boxes the layout reserved, framed in the path's colour.
      selector: 'node[kind = "edge-label"]',
      style: {
        'font-size': TOPO_METRICS.edgeFontSize,
        'line-height': TOPO_METRICS.edgeLineHeight / TOPO_METRICS.edgeFontSize,
        'background-color': p.background,
        'background-opacity': 0.95,
        'border-width': 1,
        shape: 'round-rectangle',
        'z-compound-depth': 'top',
        'z-index': 10,
      },
    },
    { selector: 'node[kind = "edge-label"][?badge]', style: { 'font-weight': 'bold', shape: 'ellipse' } },
    ...VERDICT_ORDER.map((v) => ({ selector: `node[kind = "edge-label"][verdict = "${v}"]`, style: { 'border-color': p.colors[v] } })),
    ...VERDICT_ORDER.map((v) => ({ selector: `edge[verdict = "${v}"]`, style: { 'line-color': p.colors[v], 'target-arrow-color': p.colors[v] } })),
    { selector: 'edge[segment = "blocked"]', style: { 'arrow-scale': 2.2, width: 3 } },
    { selector: 'edge[?mismatch]', style: { width: 4, 'underlay-color': p.colors.mismatch, 'underlay-opacity': 0.35, 'underlay-padding': 5 } },
    { selector: '.hovered', style: { 'overlay-color': p.selected, 'overlay-opacity': 0.12, 'overlay-padding': 4 } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': p.selected } },
    { selector: 'edge:selected', style: { width: 5, 'line-color': p.selected, 'target-arrow-color': p.selected } },
  ];
}
