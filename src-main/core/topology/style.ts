// How each verdict is drawn, and the colours per theme. Colour is never the only signal: every
// verdict also has its own line style, arrow shape and symbol, and edges carry text.
import type { ArrowShape, EdgeVerdict, LineStyle, PaletteKey } from './types';

export interface VerdictStyle {
  line: LineStyle;
  arrow: ArrowShape;
  symbol: string;
}

export const VERDICT_STYLE: Record<EdgeVerdict, VerdictStyle> = {
  preserved: { line: 'solid', arrow: 'triangle', symbol: '✓' },
  snat: { line: 'dashed', arrow: 'triangle', symbol: '⇄' },
  proxied: { line: 'dashed', arrow: 'vee', symbol: '↪' },
  // Blocked paths end in a bar (tee): the request goes no further.
  dropped: { line: 'dotted', arrow: 'tee', symbol: '✕' },
  rejected: { line: 'dotted', arrow: 'tee', symbol: '⊘' },
  broken: { line: 'dashed', arrow: 'square', symbol: '⚠' },
  unknown: { line: 'dotted', arrow: 'circle', symbol: '?' },
};

export const VERDICT_ORDER: readonly EdgeVerdict[] = ['preserved', 'snat', 'proxied', 'dropped', 'rejected', 'broken', 'unknown'];

export interface TopoPalette {
  background: string;
  text: string;
  textMuted: string;
  nodeBg: string;
  nodeBorder: string;
  podBg: string;
  actorBg: string;
  badgeBg: string;
  markerBg: string;
  selected: string;
  colors: Record<PaletteKey, string>;
}

export const TOPO_PALETTES: Record<'light' | 'dark', TopoPalette> = {
  light: {
    background: '#ffffff',
    text: '#1d2330',
    textMuted: '#5b6579',
    nodeBg: '#eef2f8',
    nodeBorder: '#8a97ad',
    podBg: '#ffffff',
    actorBg: '#dfe9ff',
    badgeBg: '#e8ecf3',
    markerBg: '#fff1e0',
    selected: '#3b6fd8',
    colors: {
      preserved: '#1a7f37',
      snat: '#b35900',
      proxied: '#6f42c1',
      dropped: '#c62828',
      rejected: '#a3195b',
      broken: '#8a6d00',
      unknown: '#5b6579',
      marker: '#b35900',
      mismatch: '#d6336c',
      group: '#5b6579',
      text: '#1d2330',
    },
  },
  dark: {
    background: '#15171c',
    text: '#e6e9ef',
    textMuted: '#9aa3b5',
    nodeBg: '#232834',
    nodeBorder: '#5b6579',
    podBg: '#2d3443',
    actorBg: '#26385c',
    badgeBg: '#2a3040',
    markerBg: '#4a3213',
    selected: '#7aa2ff',
    colors: {
      preserved: '#4ac26b',
      snat: '#ffa657',
      proxied: '#b392f0',
      dropped: '#ff6b6b',
      rejected: '#f778ba',
      broken: '#e3b341',
      unknown: '#9aa3b5',
      marker: '#ffa657',
      mismatch: '#ff7eb6',
      group: '#9aa3b5',
      text: '#e6e9ef',
    },
  },
};

/** Sizes the layout uses; renderers must use the same (cytoscape padding = boxPad). */
export const TOPO_METRICS = {
  charWidth: 7,
  /** CJK characters are about twice as wide. */
  wideCharWidth: 13,
  lineHeight: 15,
  padX: 12,
  padY: 8,
  minWidth: 64,
  boxPad: 14,
  /** Space above a node box for its label (name, InternalIP, zone). */
  boxLabel: 40,
  /** Inside a node box: badge column → marker column, and → pod column (room for edge labels). */
  markerGap: 56,
  podGap: 140,
  childGap: 14,
  boxGap: 24,
  columnGap: 110,
  margin: 24,
  fontSize: 12,
} as const;
