// What-if previews: hypothetical changes to the inventory a prediction reads, and the predicted
// difference they make. Plain JSON data (crosses the contract and the CLI's --json).
import type { Answer } from '../inspect/types';
import type { WhatIfCode } from './catalog';
import type { ForwardedInfo, ObservedClass, Origin, RelayDecl, Target, VerdictKind } from '../prediction/types';

export type PolicyValue = 'Cluster' | 'Local';
export type ProxyVersion = 'v1' | 'v2';

/** One hypothetical change, as `--what-if key=value` spells it (docs/what-if.md). */
export type WhatIfChange =
  | { key: 'etp'; value: PolicyValue }
  | { key: 'itp'; value: PolicyValue }
  /** PROXY protocol from the service's load balancer (null = off). */
  | { key: 'lb-proxy'; value: ProxyVersion | null }
  /** PROXY protocol from a declared relay (null = off). */
  | { key: 'relay-proxy'; relay: string; value: ProxyVersion | null }
  | { key: 'use-forwarded-headers'; value: boolean }
  | { key: 'compute-full-forwarded-for'; value: boolean }
  | { key: 'use-proxy-protocol'; value: boolean }
  | { key: 'proxy-real-ip-cidr'; value: string[] }
  /** A ready endpoint of the service on each of these nodes (those without one get one). */
  | { key: 'endpoints-on'; nodes: string[] };

export type WhatIfKey = WhatIfChange['key'];

/** A message from the what-if module: code into its own catalog (catalog.ts) plus parameters. */
export interface WhatIfMessage {
  code: WhatIfCode;
  params: Record<string, string | number>;
}

/** What one entry node does for one question, before and after. */
export interface PathChange {
  answerId: string;
  origin: Origin;
  target: Target;
  entryNode: string | null;
  before: PathOutcome[];
  after: PathOutcome[];
}

export interface PathOutcome {
  verdict: VerdictKind;
  observedAddress: string | null;
  observedClass: ObservedClass;
  /** Where the backend can read the client besides the socket, and whether a client could forge it. */
  clientCarrier: ForwardedInfo['clientCarrier'];
  spoofable: boolean;
  /** Share of this entry node's requests that end like this (null when not a choice). */
  probability: number | null;
}

export interface StartsDropping {
  node: string;
  /** The questions (answer ids) on which this node drops after the change but did not before. */
  answerIds: string[];
}

/** The load balancer's health check on healthCheckNodePort (Local policy, type LoadBalancer). */
export interface HealthCheckReport {
  before: { port: number | null; active: boolean };
  /** `port` is null with `allocated: true` when the API server would allocate it on apply. */
  after: { port: number | null; active: boolean; allocated: boolean };
  /** Nodes that answer 503 (no local endpoint) after the change: the LB stops sending to them. */
  takenOut: string[];
  /** Nodes that answer 200 after the change. */
  healthy: string[];
}

export interface SpreadRow {
  node: string;
  /** Ready endpoints of the service on this node, after the change. */
  endpoints: number;
  /** Share of external traffic one endpoint on this node receives, before and after (0..1). */
  perEndpointBefore: number | null;
  perEndpointAfter: number | null;
}

export interface EndpointSpread {
  rows: SpreadRow[];
  /** Busiest endpoint's share divided by the idlest one's (1 = even); null without endpoints. */
  imbalanceBefore: number | null;
  imbalanceAfter: number | null;
}

export interface ProxyBreak {
  answerId: string;
  origin: Origin;
  target: Target;
  entryNode: string | null;
  /** 'lb-short-circuit': kube-proxy takes LB-IP traffic from inside straight to the service. */
  reason: 'lb-short-circuit' | 'no-proxy-header';
}

export interface WhatIfDiff {
  changed: PathChange[];
  unchangedPaths: number;
  startsDropping: StartsDropping[];
  healthCheck: HealthCheckReport | null;
  spread: EndpointSpread | null;
  proxyBreaks: ProxyBreak[];
}

export interface WhatIfResult {
  changes: WhatIfChange[];
  /** What each change did to the inventory, and anything the preview had to assume. */
  notes: WhatIfMessage[];
  before: Answer[];
  after: Answer[];
  diff: WhatIfDiff;
}

export interface WhatIfInput {
  changes: WhatIfChange[];
  relays?: RelayDecl[];
}
