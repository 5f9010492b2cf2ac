// The probe's result document ("session"): everything needed to redraw the picture and the
// matrix later without a cluster — never credentials (the server is identified by a hash).
// Environment-neutral: shared with the renderer through the contract. Documented in
// docs/session-format.md; bump SESSION_VERSION (and add a migration) on incompatible changes.
import type { ContractError } from '../../contract/schema';
import type { Observation, PodProgressInfo } from '../../contract/probe';
import type { ExplainStep, Fix } from '../explain/types';
import type { Inventory } from '../inventory/types';
import type { HopKind, ObservedClass, RelayDecl, SnatVia, VerdictKind } from '../prediction/types';

export const SESSION_KIND = 'snatscope.session';
export const SESSION_VERSION = 2;
// v1 → v2: `redacted` added (exports can replace names and addresses with aliases).

/** A declared outside hop as the probe used it: the model's relay and where it was measured. */
export type SessionRelay = RelayDecl & { listen: { address: string; port: number } | null };

/**
 * `backend`: the pod is one of the service's own endpoints calling its Service (hairpin).
 * `hostNetwork`: a process on the node (a hostNetwork client pod; its address is the node's).
 */
export type CellOrigin =
  | { kind: 'desktop'; address: string | null }
  | { kind: 'pod'; node: string; pod: string; address: string | null; backend?: true; hostNetwork?: true }
  | { kind: 'relay'; relay: string; address: string | null };

/** The one key of a cell's origin, shared by the matrix, the picture and the checks: "pod:node1", "node:node1", "backend:web-0". */
export function cellOriginKey(o: CellOrigin): string {
  if (o.kind === 'pod') return o.backend ? `backend:${o.pod}` : o.hostNetwork ? `node:${o.node}` : `pod:${o.node}`;
  return o.kind === 'relay' ? `relay:${o.relay}` : 'desktop';
}

/** A cell's origin in plain, language-neutral words (CI reports, run diffs): "pod@node1", "node@node1", "backend web-0@node1". */
export function cellOriginText(o: CellOrigin): string {
  if (o.kind === 'desktop') return 'desktop';
  if (o.kind === 'relay') return `relay ${o.relay}`;
  return o.backend ? `backend ${o.pod}@${o.node}` : o.hostNetwork ? `node@${o.node}` : `pod@${o.node}`;
}

export interface ObservedSplit {
  address: string;
  count: number;
  class: ObservedClass;
  node: string | null;
}

/** One cell of the results matrix: an origin, an entry (node or LB/ClusterIP) and a probe service. */
export interface PathResult {
  id: string;
  origin: CellOrigin;
  target: Observation['target'];
  service: Observation['service'];
  /** Through-ingress cells: the Host and path the requests carried. */
  ingress?: Observation['ingress'];
  observationIds: string[];
  /** Most frequent result of the cell's requests. */
  result: Observation['result'];
  requests: number;
  okRequests: number;
  /** The source address the echo saw (first ok request), and the distinct ones. */
  observedSource: string | null;
  observedSources: string[];
  /** When the requests saw several sources: each with its count, class and node (most frequent first). */
  observedSplit?: ObservedSplit[];
  headers: Observation['headers'];
  proxyHeader: Observation['proxyHeader'];
  predicted: { verdict: VerdictKind; address: string | null; class: ObservedClass; rewrittenBy: { kind: HopKind; name: string } | null; pathId: string | null };
  observed: { verdict: VerdictKind | 'unknown'; class: ObservedClass | null; node: string | null; via: SnatVia | null; rewritingHop: { kind: HopKind; name: string; address: string | null } | null };
  matches: boolean;
  /** Why the observation differs from the prediction, if it does. */
  note: ExplainStep[];
  /** The numbered flow of the predicted path (the "why"). */
  explanation: ExplainStep[];
  /** Ids into Session.fixes. */
  fixIds: string[];
}

/** The user's service a probe mirrored: its policy and health-check port, and its ready pods. */
export interface TargetServiceInfo {
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  externalTrafficPolicy: 'Cluster' | 'Local';
  healthCheckNodePort: number | null;
  /** The nodePort of its first TCP port (what a relay in front really points at). */
  nodePort: number | null;
  pods: { name: string; node: string }[];
  /** Endpoints that are terminating but still serving (the Local/Cluster fallback when none is ready). */
  terminatingServing?: number;
  /** Its pod selector: fixes that name the pods (topology spread, anti-affinity) use it, not the copy's. */
  selector?: Record<string, string> | null;
}

export interface ProbeServiceInfo {
  name: string;
  policy: 'Cluster' | 'Local';
  type: 'NodePort' | 'LoadBalancer';
  nodePort: number | null;
  clusterIP: string | null;
  lbAddresses: string[];
}

export interface Session {
  kind: typeof SESSION_KIND;
  version: typeof SESSION_VERSION;
  id: string;
  createdAt: string;
  finishedAt: string;
  app: { name: string; version: string };
  cluster: { context: string; serverHash: string; version: string | null };
  status: 'completed' | 'failed' | 'cancelled';
  error: ContractError | null;
  /** A one-sentence finding, as structured steps (rendered per language). */
  finding: ExplainStep[];
  plan: {
    namespace: string;
    image: string;
    mode: 'matrix' | 'service';
    target: { namespace: string; name: string } | null;
    echoNodes: string[];
    clientNodes: string[];
    addressType: 'InternalIP' | 'ExternalIP';
    repeat: number;
    yaml: string;
    permissions: { verb: string; resource: string; namespace: string | null; allowed: boolean }[];
    /**
     * The relays declared for this run (absent in sessions from before they were recorded).
     * Cells with a relay target name the relay whose `listen` address and port they used.
     */
    relays?: SessionRelay[];
    /**
     * The mirrored service as it was when the probe started (absent in older sessions and in
     * matrix mode): what fixes are written for, and the pods an echo ran beside.
     */
    targetService?: TargetServiceInfo;
  };
  /** The cluster facts the verdicts rest on, with the first probe service as `service`. */
  inventory: Inventory;
  services: ProbeServiceInfo[];
  echoPods: { name: string; node: string | null; ip: string | null }[];
  clientPods: { name: string; node: string; ip: string | null; completed: boolean }[];
  observations: Observation[];
  paths: PathResult[];
  fixes: Fix[];
  cleanup: { outcome: string; message: string | null };
  timings: Record<string, number>;
  warnings: string[];
  progress: PodProgressInfo[];
  /** True when names and addresses were replaced by stable aliases for sharing. */
  redacted: boolean;
  /**
   * Present on a prediction document (nothing was measured, every cell's observed verdict is
   * 'unknown'; core/inspect/prediction-document.ts): what the prediction assumed and warned about.
   */
  prediction?: { assumptions: ExplainStep[]; warnings: ExplainStep[] };
}
