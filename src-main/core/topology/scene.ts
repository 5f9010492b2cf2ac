// From traces to the picture's nodes and edges (no positions yet): node boxes with their badge,
// markers and pods, outside actors, collapsed node groups, and one edge per distinct segment.
import type { NodeInfo } from '../inventory/types';
import { makeId } from './ids';
import { verdictLabel, type Label } from './labels';
import { VERDICT_STYLE } from './style';
import { cmp, type PodIndex, type PodRef, type PodRole, type Station, type Trace } from './traces';
import type { EdgeVerdict, TopoEdgeData, TopoHop, TopoNodeData, TopoPath, TopologyView } from './types';

/**
 * Where a node goes: an outside column (A: clients, B: relays/LBs, C: node boxes and groups),
 * 'info' (service and ingress controller facts, off the paths: above the clients), or inside a
 * node box (0: badge and senders, 1: SNAT markers, 2: pods).
 */
export type Placement = { col: 'A' | 'B' | 'C' | 'info' } | { box: string; inner: 0 | 1 | 2 };

export interface SceneNode {
  data: Omit<TopoNodeData, 'w' | 'h'>;
  place: Placement;
  order: string;
}

export interface Scene {
  nodes: Map<string, SceneNode>;
  edges: Map<string, TopoEdgeData>;
  /** Each path: the elements it passes and the edges it runs along, in order. */
  paths: TopoPath[];
  nodeBoxes: number;
  collapsedNodes: number;
  /** Entry nodes per verdict (a node counts once per verdict it shows), and all nodes. */
  entryCounts: Record<string, number>;
  entryTotal: number;
}

export interface InfoNode {
  id: string;
  kind: 'service' | 'ingress' | 'lb' | 'relay';
  label: string;
  name: string;
  address: string | null;
  facts: string[];
}

export interface SceneInput {
  nodes: NodeInfo[];
  traces: Trace[];
  pods: PodIndex;
  info: InfoNode[];
  /** What the NodePort badge lists, e.g. "30080" or "30759 Cluster · 30275 Local". */
  nodePortText: string | null;
  nodePorts: number[];
  view: TopologyView;
  collapseThreshold: number;
  maxPodsPerNode: number;
}

const MAX_IDS = 50;
/** Drawn boxes per kind of behaviour on a collapsed picture; the rest of that kind is grouped. */
const REPRESENTATIVES = 2;
const POD_RANK: Record<PodRole, number> = { client: 0, endpoint: 1, echo: 1, ingress: 2, other: 3 };

function stationNode(s: Station): string | null {
  return s.t === 'badge' || s.t === 'client' ? s.node : s.t === 'snat' || s.t === 'pod' ? s.node : null;
}

function pushId(list: string[] | undefined, id: string): string[] {
  const out = list ?? [];
  if (out.length < MAX_IDS && !out.includes(id)) out.push(id);
  return out;
}

export function buildScene(input: SceneInput, label: Label): Scene {
  const nodes = new Map<string, SceneNode>();
  const edges = new Map<string, TopoEdgeData>();
  const infoByName = new Map(input.nodes.map((n) => [n.name, n] as const));
  const nodeNames = new Set(input.nodes.map((n) => n.name));
  for (const t of input.traces) for (const s of t.stations) if (stationNode(s)) nodeNames.add(stationNode(s)!);
  const sortedNodes = [...nodeNames].sort(cmp);

  // ---- which pods each node box shows -------------------------------------------------------
  const podsByNode = new Map<string, PodRef[]>();
  const addPod = (ref: PodRef) => {
    if (!ref.node) return;
    const list = podsByNode.get(ref.node) ?? [];
    if (!list.some((p) => p.name === ref.name)) list.push(ref);
    podsByNode.set(ref.node, list);
  };
  const allPods = input.pods.all();
  for (const p of allPods) if (p.role === 'endpoint' || p.role === 'echo' || p.role === 'ingress') addPod(p);
  for (const t of input.traces) for (const s of t.stations) if (s.t === 'pod' && s.node) addPod({ name: s.name, node: s.node, address: s.address, role: s.role });
  const visiblePods = new Map<string, Set<string>>();
  for (const [node, list] of podsByNode) {
    list.sort((a, b) => POD_RANK[a.role] - POD_RANK[b.role] || cmp(a.name, b.name));
    visiblePods.set(node, new Set(list.slice(0, input.maxPodsPerNode).map((p) => p.name)));
  }
  // Every other pod the input knows on a node is summarised as a count.
  const namesOnNode = new Map<string, Set<string>>();
  const note = (node: string, name: string) => namesOnNode.set(node, (namesOnNode.get(node) ?? new Set<string>()).add(name));
  for (const p of allPods) if (p.node) note(p.node, p.name);
  for (const [node, list] of podsByNode) for (const p of list) note(node, p.name);
  const hiddenCount = new Map<string, number>();
  for (const [node, names] of namesOnNode) hiddenCount.set(node, names.size - (visiblePods.get(node)?.size ?? 0));

  // ---- collapse: on big clusters, keep anchors and one node per kind of behaviour ---------------
  const anchors = new Set<string>();
  for (const [node] of podsByNode) anchors.add(node);
  for (const t of input.traces) for (const s of t.stations) if (s.t === 'client') anchors.add(s.node);
  const shapes = new Map<string, Set<string>>();
  for (const t of input.traces) {
    for (const s of t.stations) {
      const node = stationNode(s);
      if (!node || s.t === 'pod') continue;
      const set = shapes.get(node) ?? new Set<string>();
      set.add(t.verdict);
      shapes.set(node, set);
    }
  }
  const traced = (node: string) => [...(shapes.get(node) ?? [])].sort(cmp).join('+');
  // Nodes the prediction did not trace (big clusters are sampled: every node with an endpoint and
  // a few without) behave like the traced nodes of their kind, so a Local service's untraced
  // nodes without an endpoint count as dropping, as they do.
  const hasEndpoint = (node: string) => (podsByNode.get(node) ?? []).some((p) => p.role === 'endpoint' || p.role === 'echo');
  const likeWith = sortedNodes.find((n) => traced(n) && hasEndpoint(n));
  const likeWithout = sortedNodes.find((n) => traced(n) && !hasEndpoint(n));
  const fromOutside = input.traces.some((t) => t.origin === 'desktop' || t.origin.startsWith('relay'));
  const shapeCache = new Map<string, string>();
  const shapeOf = (node: string) => {
    let shape = shapeCache.get(node);
    if (shape !== undefined) return shape;
    shape = traced(node);
    if (!shape) {
      const like = hasEndpoint(node) ? likeWith : likeWithout;
      shape = like && fromOutside ? traced(like) : 'idle';
    }
    shapeCache.set(node, shape);
    return shape;
  };
  const groupOf = new Map<string, string>();
  if (sortedNodes.length > input.collapseThreshold) {
    const keep = new Set<string>();
    // Nodes that behave alike are one box: a few representatives per behaviour (with and without
    // an endpoint) are drawn, the rest of each kind is a group with a count.
    const perKind = new Map<string, number>();
    const kindOf = (n: string) => `${shapeOf(n)}|${hasEndpoint(n) ? 'ep' : ''}`;
    for (const n of sortedNodes) {
      if (!anchors.has(n) || keep.size >= input.collapseThreshold) continue;
      const k = kindOf(n);
      if ((perKind.get(k) ?? 0) >= REPRESENTATIVES) continue;
      perKind.set(k, (perKind.get(k) ?? 0) + 1);
      keep.add(n);
    }
    const seenShapes = new Set<string>();
    for (const n of sortedNodes) {
      if (keep.has(n) || keep.size >= input.collapseThreshold) continue;
      const shape = shapeOf(n);
      if (shape !== 'idle' && !seenShapes.has(shape)) {
        seenShapes.add(shape);
        keep.add(n);
      }
    }
    for (const n of sortedNodes) if (!keep.has(n)) groupOf.set(n, hasEndpoint(n) ? makeId('group', shapeOf(n), 'endpoint') : makeId('group', shapeOf(n)));
  }

  // ---- node boxes, badges and groups -----------------------------------------------------------
  const boxId = (node: string) => makeId('node', node);
  let nodeBoxes = 0;
  for (const name of sortedNodes) {
    if (groupOf.has(name)) continue;
    nodeBoxes++;
    const info = infoByName.get(name);
    const ip = info?.addresses.internalIPs[0] ?? null;
    const zone = info?.zone ?? null;
    const second = [ip, zone ? label('zone', { zone }) : null].filter(Boolean).join(' · ');
    nodes.set(boxId(name), {
      data: { id: boxId(name), kind: 'node', label: second ? `${name}\n${second}` : name, name, address: ip, zone, facts: info ? nodeFacts(info) : [] },
      place: { col: 'C' },
      order: name,
    });
    const badge = makeId('np', name);
    nodes.set(badge, {
      data: { id: badge, kind: 'nodeport', label: input.nodePortText ? label('nodePort', { ports: input.nodePortText }) : label('noNodePort'), name, address: ip, parent: boxId(name), nodePorts: input.nodePorts },
      place: { box: boxId(name), inner: 0 },
      order: '0',
    });
    const hidden = hiddenCount.get(name) ?? 0;
    if (hidden > 0) {
      const id = makeId('pods', name);
      nodes.set(id, { data: { id, kind: 'pod-summary', label: label('otherPods', { count: hidden }), name, address: null, parent: boxId(name), count: hidden }, place: { box: boxId(name), inner: 2 }, order: '~' });
    }
    for (const p of podsByNode.get(name) ?? []) {
      if (!visiblePods.get(name)?.has(p.name)) continue;
      ensurePod(nodes, p, boxId(name), label);
    }
  }
  const groupMembers = new Map<string, string[]>();
  for (const [node, group] of groupOf) groupMembers.set(group, [...(groupMembers.get(group) ?? []), node]);
  for (const [group, members] of groupMembers) {
    const shape = shapeOf(members[0]!);
    const verdicts = shape === 'idle' ? [] : (shape.split('+') as EdgeVerdict[]);
    // "160 nodes · DROP · no local endpoint": the count, what they do, and why when it is known.
    const what = shape === 'idle' ? label('groupIdle') : verdicts.map((v) => verdictLabel(label, v).toUpperCase()).join(' + ');
    const why = verdicts.includes('dropped') && !members.some(hasEndpoint) ? label('groupNoEndpoint') : verdicts.includes('snat') ? label('groupEach') : members.every(hasEndpoint) ? label('groupEndpoint') : null;
    const first = [label('nodeGroup', { count: members.length }), what].join(' · ');
    nodes.set(group, {
      data: { id: group, kind: 'node-group', label: why ? `${first}\n${why}` : first, name: group, address: null, count: members.length, members: members.slice(0, 20) },
      place: { col: 'C' },
      order: `~${shape}`,
    });
  }

  // ---- outside actors and information ----------------------------------------------------------
  for (const i of input.info) {
    const off = i.kind === 'service' || i.kind === 'ingress';
    nodes.set(i.id, { data: { id: i.id, kind: i.kind, label: i.label, name: i.name, address: i.address, facts: i.facts }, place: { col: off ? 'info' : 'B' }, order: `${i.kind === 'service' ? 0 : i.kind === 'ingress' ? 1 : i.kind === 'relay' ? 3 : 4}:${i.name}` });
  }

  // ---- stations → element ids ----------------------------------------------------------------
  const stationId = (s: Station, trace: Trace): string | null => {
    const node = stationNode(s);
    const group = node ? groupOf.get(node) : undefined;
    switch (s.t) {
      case 'desktop': {
        const id = 'actor:desktop';
        const prev = nodes.get(id);
        const address = prev?.data.address ?? s.address;
        nodes.set(id, { data: { id, kind: 'actor', label: address ? `${label('desktop')}\n${address}` : label('desktop'), name: label('desktop'), address }, place: { col: 'A' }, order: '0' });
        return id;
      }
      case 'relay': {
        const id = makeId('relay', s.name);
        if (!nodes.has(id)) nodes.set(id, { data: { id, kind: 'relay', label: `${label('relay', { name: s.name })}${s.address && s.address !== s.name ? `\n${s.address}` : ''}`, name: s.name, address: s.address }, place: { col: 'B' }, order: `3:${s.name}` });
        return id;
      }
      case 'lb': {
        const id = makeId('lb', s.address);
        if (!nodes.has(id)) nodes.set(id, { data: { id, kind: 'lb', label: `${label('lb')}\n${s.address}`, name: s.address, address: s.address }, place: { col: 'B' }, order: `4:${s.address}` });
        return id;
      }
      case 'badge':
        return group ?? makeId('np', s.node);
      case 'client': {
        if (group) return group;
        const id = makeId('client', s.node, s.process ? 'process' : s.backend ? `backend:${s.backend}` : 'pod');
        if (!nodes.has(id)) {
          // A backend calling its own Service is drawn as the caller beside itself as the endpoint.
          const text = s.process ? label('nodeProcess') : s.backend ? label('backendCaller', { name: s.backend }) : label('clientPod');
          nodes.set(id, { data: { id, kind: 'client', label: s.address ? `${text}\n${s.address}` : text, name: text, address: s.address, parent: boxId(s.node), role: 'client' }, place: { box: boxId(s.node), inner: 0 }, order: '1' });
        }
        return id;
      }
      case 'snat': {
        if (group) return null;
        const id = makeId('snat', s.at, s.address);
        const prev = nodes.get(id);
        const text = label(s.rewrite === 'snat' ? 'snat' : 'proxy', { address: s.address });
        const data: SceneNode['data'] = prev?.data ?? { id, kind: 'snat', label: text, name: text, address: s.address, hop: s.hop, rewrite: s.rewrite, at: s.at };
        data.pathIds = pushId(data.pathIds, trace.id);
        if (!prev) nodes.set(id, { data: s.node ? { ...data, parent: boxId(s.node) } : data, place: s.node ? { box: boxId(s.node), inner: 1 } : { col: 'B' }, order: s.node ? s.address : `5:${s.at}:${s.address}` });
        return id;
      }
      case 'pod': {
        if (group) return group;
        if (s.node && !visiblePods.get(s.node)?.has(s.name)) return makeId('pods', s.node);
        const id = ensurePod(nodes, { name: s.name, node: s.node, address: s.address, role: s.role }, s.node ? boxId(s.node) : null, label);
        return id;
      }
    }
  };

  // ---- edges -----------------------------------------------------------------------------------
  // One edge per distinct (source, target, verdict, mismatch); merged paths list their target
  // labels, and a delivery label that differs between them (each node's own address) says so.
  const labels = new Map<string, { entries: string[]; end: string | null; ends: Set<string> }>();
  const traces = [...input.traces].sort((a, b) => cmp(a.id, b.id));
  const paths: TopoPath[] = [];
  for (const t of traces) {
    const path: TopoPath = { id: t.id, verdict: t.verdict, mismatch: t.mismatch, blocked: t.blocked, elements: [], edges: [], hops: t.hops, observedAddress: t.observedAddress, targetLabel: t.targetLabel };
    paths.push(path);
    const ids: string[] = [];
    const at: Station[] = [];
    t.stations.forEach((s) => {
      const id = stationId(s, t);
      if (id && ids[ids.length - 1] !== id) {
        ids.push(id);
        at.push(s);
      }
    });
    const segments = ids.length - 1;
    path.elements = ids;
    for (let i = 0; i < segments; i++) {
      const source = ids[i]!;
      const target = ids[i + 1]!;
      const last = i === segments - 1;
      const segment: TopoEdgeData['segment'] = last && t.blocked ? 'blocked' : i === 0 ? 'entry' : last ? 'deliver' : 'hop';
      const key = makeId('e', source, target, t.verdict, t.mismatch ? 'mismatch' : '');
      path.edges.push(key);
      const end = last ? endText(t, label, input.view) : null;
      const prev = edges.get(key);
      if (prev) {
        prev.pathIds = pushId(prev.pathIds, t.id);
        prev.pathCount++;
        const acc = labels.get(key)!;
        if (i === 0 && !acc.entries.includes(t.targetLabel) && acc.entries.length < 4) acc.entries.push(t.targetLabel);
        if (end !== null) acc.ends.add(end);
        continue;
      }
      labels.set(key, { entries: i === 0 ? [t.targetLabel] : [], end, ends: new Set(end !== null ? [end] : []) });
      const style = VERDICT_STYLE[t.verdict];
      for (const id of [source, target]) {
        const n = nodes.get(id);
        if (n && n.data.kind !== 'snat') n.data.pathIds = pushId(n.data.pathIds, t.id);
      }
      edges.set(key, {
        id: key,
        kind: 'path',
        source,
        target,
        label: '',
        verdict: t.verdict,
        line: style.line,
        arrow: segment === 'blocked' ? (t.verdict === 'dropped' || t.verdict === 'rejected' ? 'tee' : style.arrow) : style.arrow,
        segment,
        hops: t.hops,
        rule: ruleAt(at[i + 1]!, t, last),
        pathIds: [t.id],
        pathCount: 1,
        explanation: t.explanation,
        note: t.note,
        mismatch: t.mismatch,
        predicted: t.predicted,
        observed: t.observed,
        observedAddress: t.observedAddress,
        origin: t.origin,
        text: '',
        route: [],
        labelBox: null,
      });
    }
  }
  for (const [key, acc] of labels) {
    const e = edges.get(key)!;
    const end = acc.ends.size > 1 && (e.verdict === 'snat' || e.verdict === 'proxied') ? label('seesVarious') : acc.end;
    e.label = [acc.entries.join(' / '), end].filter((x): x is string => Boolean(x)).join('\n');
  }
  // How the entry nodes behave, all of them (drawn, grouped, traced or not): "160/200 entry nodes drop".
  const entry: Record<string, number> = {};
  for (const n of sortedNodes) for (const v of shapeOf(n) === 'idle' ? [] : shapeOf(n).split('+')) entry[v] = (entry[v] ?? 0) + 1;
  // Paths into or out of a group stand for every member: the edge says how many.
  for (const e of edges.values()) {
    const g = nodes.get(e.source)?.data.kind === 'node-group' ? nodes.get(e.source) : nodes.get(e.target)?.data.kind === 'node-group' ? nodes.get(e.target) : undefined;
    if (g?.data.count) e.bundle = g.data.count;
    else if (e.pathCount > 1) e.bundle = e.pathCount;
  }
  return { nodes, edges, paths, nodeBoxes, collapsedNodes: groupOf.size, entryCounts: entry, entryTotal: sortedNodes.length };
}

function ensurePod(nodes: Map<string, SceneNode>, p: PodRef, box: string | null, label: Label): string {
  const id = makeId('pod', p.node ?? '-', p.name);
  if (nodes.has(id)) return id;
  // The probe's echo is not one of the user's pods: its generated name would read as if it were.
  const text = p.role === 'echo' && p.node ? label('probeEcho', { node: p.node }) : p.name;
  const data: SceneNode['data'] = { id, kind: 'pod', label: p.address ? `${text}\n${p.address}` : text, name: text, address: p.address, role: p.role };
  if (box) data.parent = box;
  nodes.set(id, { data, place: box ? { box, inner: p.role === 'client' ? 0 : 2 } : { col: 'B' }, order: box ? `${POD_RANK[p.role]}:${p.name}` : `6:${p.name}` });
  return id;
}

function nodeFacts(n: NodeInfo): string[] {
  const out: string[] = [];
  if (n.addresses.internalIPs.length) out.push(`InternalIP ${n.addresses.internalIPs.join(', ')}`);
  if (n.addresses.externalIPs.length) out.push(`ExternalIP ${n.addresses.externalIPs.join(', ')}`);
  if (n.podCIDRs.length) out.push(`podCIDR ${n.podCIDRs.join(', ')}`);
  if (n.tunnel) out.push(`${n.tunnel.kind} ${n.tunnel.address}`);
  if (!n.ready) out.push('NotReady');
  if (n.unschedulable) out.push('SchedulingDisabled');
  return out;
}

function endText(t: Trace, label: Label, view: TopologyView): string {
  let text: string;
  if (t.blocked) text = t.verdict === 'dropped' ? label('edge.dropped') : t.verdict === 'rejected' ? label('edge.rejected') : label('edge.unknown');
  else if (t.verdict === 'preserved') text = label('edge.preserved');
  else if ((t.verdict === 'snat' || t.verdict === 'proxied') && t.observedAddress) text = label('sees', { address: t.observedAddress });
  else if (t.verdict === 'broken') text = label('edge.broken');
  else text = label('edge.unknown');
  if (t.mismatch) {
    const other = view === 'observed' ? t.predicted : t.observed;
    if (other) text += `\n${label(view === 'observed' ? 'mismatch' : 'mismatchObserved', { verdict: verdictLabel(label, other) })}`;
  }
  return text;
}

function ruleAt(s: Station, t: Trace, last: boolean): string | null {
  const hops: TopoHop[] = t.hops;
  if (last && t.blocked) return [...hops].reverse().find((h) => h.action === 'drop' || h.action === 'reject')?.rule ?? hops[hops.length - 1]?.rule ?? null;
  switch (s.t) {
    case 'badge':
      return hops.find((h) => h.kind === 'node' && h.name === s.node)?.rule ?? null;
    case 'snat':
      return s.hop.rule;
    case 'pod':
      return hops.find((h) => h.kind === 'pod' && h.action === 'deliver' && (h.name === s.name || h.address === s.address))?.rule ?? null;
    case 'relay':
      return hops.find((h) => h.kind === 'relay')?.rule ?? null;
    case 'lb':
      return hops.find((h) => h.kind === 'lb')?.rule ?? null;
    default:
      return null;
  }
}

