// The topology picture as a standalone SVG, drawn from buildTopology's elements and positions
// (the same ones cytoscape shows on screen), so exports match the app. Text stays text. Every
// string drawn comes from the cluster (pod, node, service names) and is escaped; characters XML
// cannot carry are dropped. Colour is never the only signal: line styles, arrow shapes (a bar
// where a path is blocked), symbols and words carry the verdict too. Pure and deterministic.
import { TOPO_METRICS, TOPO_PALETTES, type TopoPalette } from '../topology/style';
import type { SvgCaption } from './caption';
import type { ArrowShape, LabelKeyEntry, LegendEntry, LineStyle, TopoEdgeData, TopoElement, TopoNodeData, Topology } from '../topology/types';

export type SvgTheme = 'light' | 'dark';

export interface SvgOptions {
  theme: SvgTheme;
  /** Accessible title (the <title> element). */
  title?: string;
  /** The caption block drawn above the picture (service, context, time, finding, measured or predicted). */
  caption?: SvgCaption;
}

export interface SvgDrawing {
  svg: string;
  /** The drawing's size in CSS pixels: the graph plus the legend band below it. */
  width: number;
  height: number;
}

/** Monospace first, as on screen (label sizes assume ~0.6em per character); CJK fallbacks. */
export const SVG_FONT_FAMILY = 'DejaVu Sans Mono, Menlo, Consolas, Noto Sans Mono CJK SC, Noto Sans CJK SC, WenQuanYi Micro Hei, monospace';
const LEGEND_FONT = 12;
const LEGEND_ROW = 22;
const LEGEND_SAMPLE = 40;
const MIN_WIDTH = 320;

const r = (v: number) => String(Math.round(v * 10) / 10);

// XML 1.0 cannot carry most control characters or lone surrogates, even escaped.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for XML content and attribute values. */
export function xmlEscape(text: string): string {
  return text.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function isWide(code: number): boolean {
  return (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6) || code >= 0x20000;
}

/** Width estimate for a monospace line (CJK about twice as wide), as the layout assumes. */
export function textWidth(line: string, fontSize: number): number {
  let w = 0;
  for (const ch of line) w += isWide(ch.codePointAt(0) ?? 0) ? fontSize * 1.08 : fontSize * 0.6;
  return w;
}

interface Box {
  cx: number;
  cy: number;
  hw: number;
  hh: number;
}

function boxOf(el: Extract<TopoElement, { group: 'nodes' }>): Box {
  const b = el.data.bbox;
  if (b) return { cx: (b.x1 + b.x2) / 2, cy: (b.y1 + b.y2) / 2, hw: (b.x2 - b.x1) / 2, hh: (b.y2 - b.y1) / 2 };
  return { cx: el.position.x, cy: el.position.y, hw: el.data.w / 2, hh: el.data.h / 2 };
}

function multiline(lines: string[], x: number, centreY: number, fontSize: number, attrs: string, lineHeight: number = TOPO_METRICS.lineHeight, boldFirst = false): string {
  const first = centreY - ((lines.length - 1) * lineHeight) / 2;
  const spans = lines.map((line, i) => `<tspan x="${r(x)}" y="${r(first + i * lineHeight + fontSize * 0.35)}"${boldFirst && i === 0 ? ' font-weight="bold"' : ''}>${xmlEscape(line)}</tspan>`);
  return `<text text-anchor="middle" font-size="${fontSize}"${attrs}>${spans.join('')}</text>`;
}

function polygon(points: [number, number][], attrs: string): string {
  return `<polygon points="${points.map(([x, y]) => `${r(x)},${r(y)}`).join(' ')}"${attrs}/>`;
}

function nodeShape(d: TopoNodeData, b: Box, p: TopoPalette): string {
  const x1 = b.cx - b.hw;
  const y1 = b.cy - b.hh;
  const x2 = b.cx + b.hw;
  const y2 = b.cy + b.hh;
  const rect = (fill: string, stroke: string, width: number, extra = '', rx = 6) => `<rect x="${r(x1)}" y="${r(y1)}" width="${r(x2 - x1)}" height="${r(y2 - y1)}" rx="${rx}" fill="${fill}" stroke="${stroke}" stroke-width="${width}"${extra}/>`;
  // The box with its corners cut by c: relays, LBs and SNAT markers.
  const octagon = (c: number, attrs: string) =>
    polygon(
      [
        [x1 + c, y1],
        [x2 - c, y1],
        [x2, y1 + c],
        [x2, y2 - c],
        [x2 - c, y2],
        [x1 + c, y2],
        [x1, y2 - c],
        [x1, y1 + c],
      ],
      attrs,
    );
  switch (d.kind) {
    case 'node':
      return rect(p.nodeBg, p.nodeBorder, 2);
    case 'actor':
      return rect(p.actorBg, p.nodeBorder, 2, '', 12);
    case 'client':
      return rect(p.actorBg, p.nodeBorder, 1, '', 10);
    case 'relay':
    case 'lb':
      return octagon(8, ` fill="${p.actorBg}" stroke="${p.nodeBorder}" stroke-width="2"`);
    case 'service':
    case 'ingress':
      return rect(p.nodeBg, p.nodeBorder, 1, ' stroke-dasharray="6 4"', 4);
    case 'nodeport': {
      const tip = Math.min(10, b.hh);
      return polygon(
        [
          [x1, y1],
          [x2 - tip, y1],
          [x2, b.cy],
          [x2 - tip, y2],
          [x1, y2],
        ],
        ` fill="${p.badgeBg}" stroke="${p.nodeBorder}" stroke-width="2"`,
      );
    }
    case 'pod-summary':
      return rect(p.podBg, p.nodeBorder, 1, ' stroke-dasharray="4 3"');
    case 'node-group':
      return `${rect(p.nodeBg, p.nodeBorder, 1.5)}<rect x="${r(x1 + 3)}" y="${r(y1 + 3)}" width="${r(x2 - x1 - 6)}" height="${r(y2 - y1 - 6)}" rx="4" fill="none" stroke="${p.nodeBorder}" stroke-width="1.5"/>`;
    case 'snat': {
      if (d.rewrite !== 'proxy') return octagon(Math.min(8, b.hh * 0.6), ` fill="${p.markerBg}" stroke="${p.colors.marker}" stroke-width="3"`);
      // A proxy that replaced the source: a hexagon in the proxy's colour, not the SNAT octagon.
      const c = Math.min(12, b.hh);
      return polygon(
        [
          [x1, b.cy],
          [x1 + c, y1],
          [x2 - c, y1],
          [x2, b.cy],
          [x2 - c, y2],
          [x1 + c, y2],
        ],
        ` fill="${p.proxyMarkerBg}" stroke="${p.colors.proxyMarker}" stroke-width="3"`,
      );
    }
    default:
      return rect(p.podBg, p.nodeBorder, 1);
  }
}

function nodeText(d: TopoNodeData, b: Box, p: TopoPalette): string {
  const lines = d.label.split('\n');
  const muted = d.kind === 'service' || d.kind === 'ingress' || d.kind === 'pod-summary' || d.kind === 'node-group';
  const fill = ` fill="${muted ? p.textMuted : p.text}"`;
  if (d.kind === 'node') {
    // The box's label sits in the band above it (TOPO_METRICS.boxLabel), as on screen.
    const bottom = b.cy - b.hh - 5;
    const centre = bottom - (lines.length * TOPO_METRICS.lineHeight) / 2;
    return multiline(lines, b.cx, centre, TOPO_METRICS.fontSize, fill, TOPO_METRICS.lineHeight, true);
  }
  const bold = d.kind === 'snat' || d.kind === 'nodeport' ? ' font-weight="bold"' : '';
  return multiline(lines, b.cx, b.cy, TOPO_METRICS.fontSize, `${fill}${bold}`);
}

const DASH: Record<LineStyle, string> = { solid: '', dashed: ' stroke-dasharray="8 5"', dotted: ' stroke-dasharray="2 4" stroke-linecap="round"' };

/** The arrow at (x, y) pointing along (dx, dy) (unit vector); returns the shape and how far back the line should stop. */
function arrowHead(shape: ArrowShape, x: number, y: number, dx: number, dy: number, scale: number, colour: string): { svg: string; back: number } {
  const L = 9 * scale;
  const W = 8 * scale;
  const nx = -dy;
  const ny = dx;
  const fill = ` fill="${colour}" stroke="none"`;
  switch (shape) {
    case 'triangle':
      return {
        svg: polygon(
          [
            [x, y],
            [x - dx * L + (nx * W) / 2, y - dy * L + (ny * W) / 2],
            [x - dx * L - (nx * W) / 2, y - dy * L - (ny * W) / 2],
          ],
          fill,
        ),
        back: L * 0.8,
      };
    case 'vee':
      return {
        svg: polygon(
          [
            [x, y],
            [x - dx * L + (nx * W) / 2, y - dy * L + (ny * W) / 2],
            [x - dx * L * 0.55, y - dy * L * 0.55],
            [x - dx * L - (nx * W) / 2, y - dy * L - (ny * W) / 2],
          ],
          fill,
        ),
        back: L * 0.5,
      };
    case 'tee': {
      // A bar across the line: the request goes no further.
      const half = W * 0.9;
      const t = 2 * scale;
      return {
        svg: polygon(
          [
            [x + nx * half, y + ny * half],
            [x - nx * half, y - ny * half],
            [x - nx * half - dx * t, y - ny * half - dy * t],
            [x + nx * half - dx * t, y + ny * half - dy * t],
          ],
          `${fill} class="blocked-bar"`,
        ),
        back: 0,
      };
    }
    case 'square': {
      const s = W * 0.7;
      const cx = x - (dx * s) / 2;
      const cy = y - (dy * s) / 2;
      return {
        svg: polygon(
          [
            [cx + (dx * s) / 2 + (nx * s) / 2, cy + (dy * s) / 2 + (ny * s) / 2],
            [cx + (dx * s) / 2 - (nx * s) / 2, cy + (dy * s) / 2 - (ny * s) / 2],
            [cx - (dx * s) / 2 - (nx * s) / 2, cy - (dy * s) / 2 - (ny * s) / 2],
            [cx - (dx * s) / 2 + (nx * s) / 2, cy - (dy * s) / 2 + (ny * s) / 2],
          ],
          fill,
        ),
        back: s,
      };
    }
    case 'circle': {
      const rad = W * 0.4;
      return { svg: `<circle cx="${r(x - dx * rad)}" cy="${r(y - dy * rad)}" r="${r(rad)}"${fill}/>`, back: rad * 2 };
    }
  }
}

/** The routed line from the layout (the same one the screen draws), ending in its arrow. */
function edgePath(e: TopoEdgeData, colour: string): { path: string; head: string } {
  const pts = e.route;
  const end = pts[pts.length - 1]!;
  const before = pts[pts.length - 2]!;
  const len = Math.hypot(end.x - before.x, end.y - before.y) || 1;
  const dx = (end.x - before.x) / len;
  const dy = (end.y - before.y) / len;
  const blocked = e.segment === 'blocked';
  const head = arrowHead(e.arrow, end.x, end.y, dx, dy, blocked ? 2.2 : 1.3, colour);
  const last = { x: end.x - dx * head.back, y: end.y - dy * head.back };
  const path = [...pts.slice(0, -1), last].map((p, i) => `${i ? 'L' : 'M'}${r(p.x)} ${r(p.y)}`).join(' ');
  return { path, head: head.svg };
}

/** The label in the box the layout reserved for it (or its numbered badge), framed in the path's colour. */
function edgeLabel(e: TopoEdgeData, p: TopoPalette): string {
  const b = e.labelBox;
  const drawn = e.text || e.label;
  if (!b || !drawn) return '';
  const text = e.badge !== undefined ? String(e.badge) : drawn;
  const lines = text.split('\n');
  const lh = TOPO_METRICS.edgeLineHeight;
  const x = (b.x1 + b.x2) / 2;
  const y = (b.y1 + b.y2) / 2;
  const colour = p.colors[e.verdict];
  return `<g class="edge-label${e.badge !== undefined ? ' badge' : ''}" data-edge="${xmlEscape(e.id)}"><rect x="${r(b.x1)}" y="${r(b.y1)}" width="${r(b.x2 - b.x1)}" height="${r(b.y2 - b.y1)}" rx="${e.badge !== undefined ? 8 : 3}" fill="${p.background}" fill-opacity="0.95" stroke="${colour}" stroke-width="1"/>${multiline(lines, x, y, TOPO_METRICS.edgeFontSize, ` fill="${p.text}"`, lh)}</g>`;
}

function legendBand(legend: LegendEntry[], top: number, width: number, p: TopoPalette): { svg: string; height: number } {
  if (!legend.length) return { svg: '', height: 0 };
  const pad = TOPO_METRICS.margin;
  const parts: string[] = [];
  let x = pad;
  let row = 0;
  for (const entry of legend) {
    const text = `${entry.symbol} ${entry.label}`;
    const itemW = LEGEND_SAMPLE + 8 + textWidth(text, LEGEND_FONT) + 24;
    if (x > pad && x + itemW > width - pad) {
      x = pad;
      row++;
    }
    const cy = top + 12 + row * LEGEND_ROW + LEGEND_ROW / 2;
    const colour = p.colors[entry.color];
    const item: string[] = [];
    if (entry.line && entry.arrow) {
      const head = arrowHead(entry.arrow, x + LEGEND_SAMPLE, cy, 1, 0, entry.arrow === 'tee' ? 1.3 : 1, colour);
      item.push(`<path d="M${r(x)} ${r(cy)} L${r(x + LEGEND_SAMPLE - head.back)} ${r(cy)}" fill="none" stroke="${colour}" stroke-width="2"${DASH[entry.line]}/>`, head.svg);
    } else if (entry.key === 'snat-marker') {
      item.push(`<rect x="${r(x)}" y="${r(cy - 8)}" width="${LEGEND_SAMPLE}" height="16" rx="4" fill="${p.markerBg}" stroke="${colour}" stroke-width="2.5"/>`);
    } else if (entry.key === 'proxy-marker') {
      item.push(
        polygon(
          [
            [x, cy],
            [x + 8, cy - 8],
            [x + LEGEND_SAMPLE - 8, cy - 8],
            [x + LEGEND_SAMPLE, cy],
            [x + LEGEND_SAMPLE - 8, cy + 8],
            [x + 8, cy + 8],
          ],
          ` fill="${p.proxyMarkerBg}" stroke="${colour}" stroke-width="2.5"`,
        ),
      );
    } else {
      item.push(`<rect x="${r(x + 10)}" y="${r(cy - 8)}" width="${LEGEND_SAMPLE - 20}" height="16" rx="3" fill="none" stroke="${colour}" stroke-width="2"/>`);
    }
    item.push(`<text x="${r(x + LEGEND_SAMPLE + 8)}" y="${r(cy + LEGEND_FONT * 0.35)}" font-size="${LEGEND_FONT}" fill="${p.text}"><tspan font-weight="bold" fill="${colour}">${xmlEscape(entry.symbol)}</tspan> ${xmlEscape(entry.label)}</text>`);
    parts.push(`<g class="legend-entry" data-key="${xmlEscape(entry.key)}">${item.join('')}</g>`);
    x += itemW;
  }
  const height = 24 + (row + 1) * LEGEND_ROW;
  return { svg: `<g class="legend"><line x1="${pad}" y1="${r(top + 4)}" x2="${r(width - pad)}" y2="${r(top + 4)}" stroke="${p.nodeBorder}" stroke-width="1"/>${parts.join('')}</g>`, height };
}

/** The numbered badges' texts, one per line, below the legend. */
function keyBand(key: LabelKeyEntry[], top: number, width: number, p: TopoPalette): { svg: string; height: number } {
  if (!key.length) return { svg: '', height: 0 };
  const pad = TOPO_METRICS.margin;
  const rows = key.map((k, i) => {
    const y = top + 8 + i * LEGEND_ROW + LEGEND_ROW / 2;
    return `<g class="key-entry"><rect x="${pad}" y="${r(y - 9)}" width="22" height="18" rx="8" fill="${p.background}" stroke="${p.nodeBorder}"/><text x="${pad + 11}" y="${r(y + 4)}" text-anchor="middle" font-size="${LEGEND_FONT}" fill="${p.text}">${k.n}</text><text x="${pad + 30}" y="${r(y + 4)}" font-size="${LEGEND_FONT}" fill="${p.text}">${xmlEscape(k.text.replace(/\n/g, ' · '))}</text></g>`;
  });
  void width;
  return { svg: `<g class="label-key">${rows.join('')}</g>`, height: 16 + key.length * LEGEND_ROW };
}

const CAPTION_FONT = 13;
const CAPTION_ROW = 19;

/** Splits text into lines of at most `width` px at `font` (monospace estimate), at spaces where it can. */
function wrap(text: string, width: number, font: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/(\s+)/)) {
    if (line && textWidth(line + word, font) > width) {
      out.push(line.trimEnd());
      line = word.trimStart();
    } else line += word;
    // A single word longer than the line (an address list, a long name) is cut where it must be.
    while (textWidth(line, font) > width) {
      let cut = line.length;
      while (cut > 1 && textWidth(line.slice(0, cut), font) > width) cut--;
      out.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line.trim()) out.push(line.trimEnd());
  return out.length ? out : [''];
}

/** The caption band above the graph; returns its height. */
function captionBand(c: SvgCaption, width: number, p: TopoPalette): { svg: string; height: number } {
  const pad = TOPO_METRICS.margin;
  const labelW = Math.max(...c.rows.map((r0) => textWidth(r0.label, CAPTION_FONT))) + 14;
  const parts: string[] = [];
  let y = pad + CAPTION_FONT;
  for (const line of wrap(c.title, width - 2 * pad, CAPTION_FONT + 3)) {
    parts.push(`<text x="${pad}" y="${r(y)}" font-size="${CAPTION_FONT + 3}" font-weight="bold" fill="${p.text}">${xmlEscape(line)}</text>`);
    y += CAPTION_ROW + 3;
  }
  for (const row of c.rows) {
    const lines = wrap(row.value, width - 2 * pad - labelW, CAPTION_FONT);
    parts.push(`<text x="${pad}" y="${r(y)}" font-size="${CAPTION_FONT}" fill="${p.textMuted}">${xmlEscape(row.label)}</text>`);
    lines.forEach((line, i) => parts.push(`<text x="${r(pad + labelW)}" y="${r(y + i * CAPTION_ROW)}" font-size="${CAPTION_FONT}" fill="${p.text}">${xmlEscape(line)}</text>`));
    y += lines.length * CAPTION_ROW;
  }
  const height = y - CAPTION_FONT + 6;
  parts.push(`<line x1="${pad}" y1="${r(height)}" x2="${r(width - pad)}" y2="${r(height)}" stroke="${p.nodeBorder}" stroke-width="1"/>`);
  return { svg: `<g class="caption">${parts.join('')}</g>`, height: height + 4 };
}

/** Draws the picture; the size is the graph's (rounded up) plus the legend band. */
export function topologySvg(topology: Topology, options: SvgOptions): SvgDrawing {
  const p = TOPO_PALETTES[options.theme];
  const graphW = Math.max(MIN_WIDTH, Math.ceil(topology.width));
  const graphH = Math.ceil(topology.height);
  const nodes = new Map<string, Extract<TopoElement, { group: 'nodes' }>>();
  const edges: TopoEdgeData[] = [];
  for (const el of topology.elements) {
    if (el.group === 'nodes') nodes.set(el.data.id, el);
    else edges.push(el.data);
  }

  const boxes: string[] = [];
  const leaves: string[] = [];
  for (const el of nodes.values()) {
    const b = boxOf(el);
    const g = `<g class="node kind-${el.data.kind}" data-id="${xmlEscape(el.data.id)}">${nodeShape(el.data, b, p)}${nodeText(el.data, b, p)}</g>`;
    (el.data.kind === 'node' ? boxes : leaves).push(g);
  }

  const lines: string[] = [];
  const labels: string[] = [];
  for (const e of edges) {
    if (!nodes.has(e.source) || !nodes.has(e.target) || e.route.length < 2) continue;
    const colour = p.colors[e.verdict];
    const geo = edgePath(e, colour);
    const width = e.segment === 'blocked' ? 3 : 2;
    const underlay = e.mismatch ? `<path d="${geo.path}" fill="none" stroke="${p.colors.mismatch}" stroke-opacity="0.35" stroke-width="${width + 10}" stroke-linejoin="round" class="mismatch"/>` : '';
    lines.push(`<g class="edge verdict-${e.verdict} segment-${e.segment}" data-id="${xmlEscape(e.id)}">${underlay}<path d="${geo.path}" fill="none" stroke="${colour}" stroke-width="${width}" stroke-linejoin="round"${DASH[e.line]}/>${geo.head}</g>`);
    labels.push(edgeLabel(e, p));
  }

  const caption = options.caption ? captionBand(options.caption, graphW, p) : { svg: '', height: 0 };
  const legend = legendBand(topology.legend, graphH, graphW, p);
  const key = keyBand(topology.labelKey ?? [], graphH + legend.height, graphW, p);
  const height = caption.height + graphH + legend.height + key.height;
  const title = options.title ? `<title>${xmlEscape(options.title)}</title>` : '';
  const svg = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${graphW}" height="${height}" viewBox="0 0 ${graphW} ${height}" font-family="${SVG_FONT_FAMILY}" role="img">`,
    title,
    `<rect class="background" x="0" y="0" width="${graphW}" height="${height}" fill="${p.background}"/>`,
    caption.svg,
    // The graph below the caption, at the layout's own coordinates (the screen's).
    `<g class="graph" transform="translate(0 ${r(caption.height)})">`,
    `<g class="boxes">${boxes.join('')}</g>`,
    `<g class="edges">${lines.join('')}</g>`,
    `<g class="nodes">${leaves.join('')}</g>`,
    `<g class="edge-labels">${labels.join('')}</g>`,
    legend.svg,
    key.svg,
    '</g>',
    '</svg>',
    '',
  ].join('\n');
  return { svg, width: graphW, height };
}
