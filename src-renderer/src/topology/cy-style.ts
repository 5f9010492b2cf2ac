// Cytoscape stylesheet per theme. Colour is never the only signal: SNAT edges are dashed and
// labelled, dropped edges dotted with a tee (blocked) arrow, preserved edges solid.
import type { NodeSingular, StylesheetJson } from 'cytoscape';

// Size leaf nodes from their label text (cytoscape deprecated width/height: 'label').
function labelBox(ele: NodeSingular): { width: number; height: number } {
  const lines = String(ele.data('label') ?? '').split('\n');
  const longest = Math.max(...lines.map((l) => l.length), 4);
  return { width: longest * 7 + 24, height: lines.length * 15 + 18 };
}

export interface Palette {
  text: string;
  nodeBg: string;
  nodeBorder: string;
  podBg: string;
  actorBg: string;
  preserved: string;
  snat: string;
  dropped: string;
  selected: string;
}

export const palettes: Record<'light' | 'dark', Palette> = {
  light: { text: '#1d2330', nodeBg: '#eef2f8', nodeBorder: '#8a97ad', podBg: '#ffffff', actorBg: '#dfe9ff', preserved: '#1a7f37', snat: '#b35900', dropped: '#c62828', selected: '#3b6fd8' },
  dark: { text: '#e6e9ef', nodeBg: '#232834', nodeBorder: '#5b6579', podBg: '#2d3443', actorBg: '#26385c', preserved: '#4ac26b', snat: '#ffa657', dropped: '#ff6b6b', selected: '#7aa2ff' },
};

export function cyStyle(p: Palette): StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        color: p.text,
        'font-size': 12,
        'text-wrap': 'wrap',
        'text-valign': 'center',
        'text-halign': 'center',
        'background-color': p.nodeBg,
        'border-width': 1,
        'border-color': p.nodeBorder,
        shape: 'round-rectangle',
        width: (ele: NodeSingular) => labelBox(ele).width,
        height: (ele: NodeSingular) => labelBox(ele).height,
      },
    },
    { selector: 'node[kind = "actor"]', style: { 'background-color': p.actorBg, shape: 'ellipse' } },
    { selector: 'node[kind = "pod"]', style: { 'background-color': p.podBg, 'border-style': 'solid' } },
    { selector: ':parent', style: { 'text-valign': 'top', 'text-halign': 'center', padding: '18px' } },
    {
      selector: 'edge',
      style: {
        width: 2,
        'curve-style': 'bezier',
        'target-arrow-shape': 'triangle',
        label: 'data(label)',
        'font-size': 11,
        color: p.text,
        'text-background-opacity': 1,
        'text-background-color': p.nodeBg,
        'text-background-padding': '2px',
      },
    },
    { selector: 'edge[verdict = "preserved"]', style: { 'line-color': p.preserved, 'target-arrow-color': p.preserved, 'line-style': 'solid' } },
    { selector: 'edge[verdict = "snat"]', style: { 'line-color': p.snat, 'target-arrow-color': p.snat, 'line-style': 'dashed' } },
    { selector: 'edge[verdict = "dropped"]', style: { 'line-color': p.dropped, 'target-arrow-color': p.dropped, 'line-style': 'dotted', 'target-arrow-shape': 'tee' } },
    { selector: ':selected', style: { 'border-width': 3, 'border-color': p.selected, 'line-color': p.selected, 'target-arrow-color': p.selected } },
  ];
}
