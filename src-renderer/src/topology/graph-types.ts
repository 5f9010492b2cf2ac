// Plain graph elements, independent of cytoscape, so model -> elements stays a pure function
// that export can reuse.

export type GraphKind = 'actor' | 'node' | 'pod' | 'path';
export type PathVerdict = 'preserved' | 'snat' | 'dropped';

export interface GraphNodeData {
  id: string;
  kind: Exclude<GraphKind, 'path'>;
  label: string;
  parent?: string;
  address?: string;
}

export interface GraphEdgeData {
  id: string;
  kind: 'path';
  source: string;
  target: string;
  label: string;
  verdict: PathVerdict;
  explanation?: string;
}

export type GraphElement = { group: 'nodes'; data: GraphNodeData } | { group: 'edges'; data: GraphEdgeData };
