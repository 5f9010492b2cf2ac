// A path under construction: the packet as it currently looks, the hops so far and the
// explanation. Drafts branch (one per endpoint choice) by copying.
import type { ExplainStep } from '../explain/types';
import type { Protocol } from '../inventory/types';
import type { SrcKind } from './context';
import type { Hop, HopKind, ObservedClass, Outcome, PredictedPath, ProxyHeaderInfo, SnatVia } from './types';

export interface Packet {
  src: string;
  /** What the source is, relative to the node now handling the packet. */
  srcKind: SrcKind;
  srcNode: string | null;
  srcClass: ObservedClass;
  srcClassNode: string | null;
  srcVia: SnatVia | null;
  /** False when the address is a placeholder or an assumption (e.g. an LB's private address). */
  srcExact: boolean;
  dst: string;
  /** null when unknown (e.g. a named targetPort we cannot resolve). */
  dstPort: number | null;
  proto: Protocol;
  xff: string[];
  xRealIp: string | null;
  proxy: ProxyHeaderInfo | null;
  spoofable: boolean;
}

export interface Draft {
  client: string;
  packet: Packet;
  hops: Hop[];
  steps: ExplainStep[];
  assumptions: ExplainStep[];
  warnings: ExplainStep[];
  entry: PredictedPath['entry'];
  endpoint: PredictedPath['endpoint'];
  probability: number | null;
  outcome: Outcome | null;
  outcomeRule: string | null;
  /** Index of the hop that last rewrote the socket source. */
  lastRewrite: number | null;
  /** Index of the first hop after which the client address is carried nowhere. */
  clientLost: number | null;
  idParts: string[];
}

export function newDraft(client: string, packet: Packet): Draft {
  return {
    client,
    packet,
    hops: [],
    steps: [],
    assumptions: [],
    warnings: [],
    entry: null,
    endpoint: null,
    probability: null,
    outcome: null,
    outcomeRule: null,
    lastRewrite: null,
    clientLost: null,
    idParts: [],
  };
}

export function cloneDraft(d: Draft): Draft {
  return {
    ...d,
    packet: { ...d.packet, xff: [...d.packet.xff], proxy: d.packet.proxy ? { ...d.packet.proxy } : null },
    hops: [...d.hops],
    steps: [...d.steps],
    assumptions: [...d.assumptions],
    warnings: [...d.warnings],
    entry: d.entry ? { ...d.entry } : null,
    endpoint: d.endpoint ? { ...d.endpoint } : null,
    idParts: [...d.idParts],
  };
}

export function hostPort(address: string, port: number | null): string {
  const a = address.includes(':') && !address.startsWith('<') ? `[${address}]` : address;
  return port === null ? a : `${a}:${port}`;
}

export function dest(p: Packet): string {
  return hostPort(p.dst, p.dstPort);
}

export function addHop(
  d: Draft,
  at: { kind: HopKind; name: string; address: string },
  action: Hop['action'],
  rule: string,
  factRef: string,
): Hop {
  const hop: Hop = { at, action, sourceBefore: d.packet.src, sourceAfter: d.packet.src, destination: dest(d.packet), rule, factRef };
  d.hops.push(hop);
  return hop;
}

function clientCarried(d: Draft): boolean {
  const p = d.packet;
  return p.src === d.client || p.xff.includes(d.client) || p.xRealIp === d.client || p.proxy?.source === d.client;
}

/** Rewrites the socket source on the last hop (which must be the rewriting one). */
export function rewriteSource(
  d: Draft,
  address: string,
  cls: ObservedClass,
  opts: { node?: string | null; via?: SnatVia | null; exact?: boolean; kind?: SrcKind; srcNode?: string | null } = {},
): void {
  const hop = d.hops[d.hops.length - 1];
  if (hop) hop.sourceAfter = address;
  d.packet.src = address;
  d.packet.srcClass = cls;
  d.packet.srcClassNode = opts.node ?? null;
  d.packet.srcVia = opts.via ?? null;
  d.packet.srcExact = opts.exact ?? !address.startsWith('<');
  if (opts.kind) d.packet.srcKind = opts.kind;
  if (opts.srcNode !== undefined) d.packet.srcNode = opts.srcNode;
  d.lastRewrite = d.hops.length - 1;
  noteCarriers(d);
}

/** Call after headers change too: records where the client address stopped travelling. */
export function noteCarriers(d: Draft): void {
  if (d.clientLost === null && !clientCarried(d)) d.clientLost = Math.max(0, d.hops.length - 1);
}

export function end(d: Draft, outcome: Outcome, rule: string | null): Draft {
  d.outcome = outcome;
  d.outcomeRule = rule;
  return d;
}
