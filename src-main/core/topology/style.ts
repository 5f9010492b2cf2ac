// How each verdict is drawn, and the colours per theme. Colour is never the only signal: every
// verdict also has its own line style, arrow shape and symbol, and edges carry text. Colours are
// Okabe & Ito's colour-blind-safe set ("Color Universal Design", https://jfly.uni-koeln.de/color/):
// bluish green = preserved, orange = SNAT, blue = proxy, vermillion = drop, reddish purple =
// rejected; they stay apart under protanopia, deuteranopia and tritanopia. The light theme uses
// the same hues, a little darker where a thin line on white needs the contrast.
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
  proxyMarkerBg: string;
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
    proxyMarkerBg: '#e3f1fb',
    selected: '#3b6fd8',
    colors: {
      preserved: '#009E73',
      snat: '#C98A00',
      proxied: '#0072B2',
      dropped: '#D55E00',
      rejected: '#CC79A7',
      broken: '#000000',
      unknown: '#5b6579',
      marker: '#C98A00',
      proxyMarker: '#0072B2',
      mismatch: '#CC79A7',
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
    proxyMarkerBg: '#17344a',
    selected: '#7aa2ff',
    colors: {
      preserved: '#009E73',
      snat: '#E69F00',
      proxied: '#56B4E9',
      dropped: '#D55E00',
      rejected: '#CC79A7',
      broken: '#F0E442',
      unknown: '#9aa3b5',
      marker: '#E69F00',
      proxyMarker: '#56B4E9',
      mismatch: '#CC79A7',
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
  /** Edge labels: font size, line height and horizontal padding of their background box. */
  edgeFontSize: 11,
  edgeLineHeight: 14,
  edgeLabelPad: 4,
} as const;
