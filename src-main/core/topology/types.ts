// The topology picture as plain data: graph elements with positions, independent of cytoscape,
// so the renderer (cytoscape, preset layout) and the exports (SVG/PNG/Mermaid, no browser) draw
// the same thing from the same elements. JSON-serialisable; environment-neutral.
import type { ExplainStep } from '../explain/types';
import type { InspectResult } from '../inspect/types';
import type { Session } from '../probe/session-types';
import type { HopAction, HopKind, VerdictKind } from '../prediction/types';

export type TopoLocale = 'en' | 'zh-CN';
/** A path's verdict; 'unknown' when the probe could not classify what it saw. */
export type EdgeVerdict = VerdictKind | 'unknown';
export type TopologyView = 'predicted' | 'observed';

export type TopologyInput =
  /** The model's picture of one service, before anything is deployed. */
  | { kind: 'inspect'; result: InspectResult }
  /** A probe's result document: observed verdicts, with the predicted ones to compare. */
  | { kind: 'session'; session: Session };

export interface TopologyOptions {
  /** Language of the labels (default 'en'). */
  locale?: TopoLocale;
  /** Sessions only: draw what the probe observed (default) or what the model predicted. */
  view?: TopologyView;
  /** Which client to draw the paths from (see Topology.origins); default 'desktop' when present. */
  origin?: string | null;
  /** Above this many Kubernetes nodes, nodes without endpoints collapse into group nodes (default 12). */
  collapseThreshold?: number;
  /** Pods drawn per node box; the rest are summarised as a count (default 6). */
  maxPodsPerNode?: number;
}

/** One hop of a path, as the details panel and the exports show it. */
export interface TopoHop {
  index: number;
  kind: HopKind;
  name: string;
  address: string;
  action: HopAction;
  sourceBefore: string;
  sourceAfter: string;
  destination: string;
  /** The rule or mechanism acting at this hop (iptables chain, proxy, socket). */
  rule: string;
  factRef: string;
}

export type TopoNodeKind =
  /** This desktop (an outside client). */
  | 'actor'
  | 'relay'
  | 'lb'
  /** Information about the Service (ports, traffic policies); not on any path. */
  | 'service'
  /** The ingress controller (its pods sit in their node boxes). */
  | 'ingress'
  /** A Kubernetes node: a compound box. */
  | 'node'
  /** Several nodes collapsed into one, with a count. */
  | 'node-group'
  /** The NodePort badge inside a node box: where outside paths enter. */
  | 'nodeport'
  /** The sender inside the cluster (a client pod, or a process on the node). */
  | 'client'
  | 'pod'
  /** "+N other pods" inside a node box. */
  | 'pod-summary'
  /** The SNAT marker: the hop that rewrote the client source, with the new address. */
  | 'snat';

export interface TopoPoint {
  x: number;
  y: number;
}

export interface TopoBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface TopoNodeData {
  id: string;
  kind: TopoNodeKind;
  /** What is drawn (lines separated by "\n"); cluster strings stay plain text. */
  label: string;
  /** The compound node box this element sits in. */
  parent?: string;
  name: string;
  address: string | null;
  /** Drawn size (leaf nodes) or box size (compound node boxes). */
  w: number;
  h: number;
  /** Compound node boxes: the box, including padding (children's bounds + TOPO_METRICS.boxPad). */
  bbox?: TopoBox;
  zone?: string | null;
  /** node-group / pod-summary: how many were summarised. */
  count?: number;
  /** node-group: the first member names (sorted). */
  members?: string[];
  role?: 'endpoint' | 'echo' | 'client' | 'ingress' | 'other';
  nodePorts?: number[];
  /** snat markers: the hop that rewrote the source, and how. */
  hop?: TopoHop;
  rewrite?: 'snat' | 'proxy';
  /** snat markers: the node (or relay/LB/ingress pod) that rewrote the source. */
  at?: string;
  /** The paths passing through this element. */
  pathIds?: string[];
  /** Extra lines for the details panel (service ports, policies, …). */
  facts?: string[];
}

export interface TopoEdgeData {
  id: string;
  kind: 'path';
  source: string;
  target: string;
  label: string;
  verdict: EdgeVerdict;
  /** Style hints so every renderer draws the same (colour is never the only signal). */
  line: LineStyle;
  arrow: ArrowShape;
  /** 'entry': from the client; 'hop': inside the cluster; 'deliver': into the backend; 'blocked': ends in a drop/reject. */
  segment: 'entry' | 'hop' | 'deliver' | 'blocked';
  /** The hop chain of the first path on this edge. */
  hops: TopoHop[];
  /** The rule acting where this edge arrives. */
  rule: string | null;
  pathIds: string[];
  pathCount: number;
  /** The numbered flow of the first path (render with renderExplanation). */
  explanation: ExplainStep[];
  /** Sessions: why the observation differs from the prediction, or what was seen. */
  note: ExplainStep[];
  /** Sessions: the probe saw something other than the model predicted on at least one path. */
  mismatch: boolean;
  predicted: EdgeVerdict | null;
  observed: EdgeVerdict | null;
  observedAddress: string | null;
  origin: string;
  /** The routed line, source side → target side (orthogonal, around every box it does not connect). */
  route: TopoPoint[];
  /** Paths this edge stands for, when more than one (a node group's members): drawn as "×N". */
  bundle?: number;
  /** What is drawn in the label box: the verdict's symbol (✓ ⇄ ↪ ✕ …) and the label. */
  text: string;
  /** Where the label is drawn (never over another label, a box or a marker); null without a label. */
  labelBox: TopoBox | null;
  /** When the label did not fit anywhere near its path: the number drawn instead (see Topology.labelKey). */
  badge?: number;
}

/** One path through the picture (a matrix cell, or one of the model's paths). */
export interface TopoPath {
  id: string;
  verdict: EdgeVerdict;
  mismatch: boolean;
  blocked: boolean;
  /** Element ids it passes, in order (origin first). */
  elements: string[];
  /** Edge ids it runs along, in order. */
  edges: string[];
  hops: TopoHop[];
  observedAddress: string | null;
  targetLabel: string;
}

/** A path as one line of text, in the original report's style; each part can be clicked. */
export interface SummaryPart {
  text: string;
  /** The element the part stands for (select it in the picture), when it is drawn. */
  element: string | null;
  kind: 'client' | 'relay' | 'lb' | 'entry' | 'rewrite' | 'node' | 'pod' | 'drop';
  /** How the part joins the one before it. */
  join: ' → ' | ' ' | '';
}

export interface PathSummary {
  path: string;
  verdict: EdgeVerdict;
  parts: SummaryPart[];
  text: string;
}

/** Numbered badges on the picture and the label each stands for. */
export interface LabelKeyEntry {
  n: number;
  edge: string;
  text: string;
}

export type TopoElement =
  | { group: 'nodes'; data: TopoNodeData; position: { x: number; y: number } }
  | { group: 'edges'; data: TopoEdgeData };

export type LineStyle = 'solid' | 'dashed' | 'dotted';
export type ArrowShape = 'triangle' | 'tee' | 'vee' | 'square' | 'circle';

export interface LegendEntry {
  key: EdgeVerdict | 'snat-marker' | 'proxy-marker' | 'mismatch' | 'node-group';
  label: string;
  symbol: string;
  line: LineStyle | null;
  arrow: ArrowShape | null;
  /** Key into the palette (TOPO_PALETTES). */
  color: PaletteKey;
}

export type PaletteKey = EdgeVerdict | 'marker' | 'proxyMarker' | 'mismatch' | 'group' | 'text';

export interface OriginChoice {
  key: string;
  label: string;
}

export interface Topology {
  elements: TopoElement[];
  width: number;
  height: number;
  legend: LegendEntry[];
  /** The clients this input has paths from (choose one with options.origin). */
  origins: OriginChoice[];
  origin: string | null;
  view: TopologyView;
  /** Kubernetes nodes drawn as boxes, and how many were collapsed into groups. */
  nodeBoxes: number;
  collapsedNodes: number;
  /** Labels drawn as numbered badges (shown with the legend). */
  labelKey: LabelKeyEntry[];
  /** Every path drawn, in id order. */
  paths: TopoPath[];
  /** How the entry nodes behave, counted over all of them: "160/200 entry nodes drop · …"; null for one node. */
  entryLine: string | null;
}
