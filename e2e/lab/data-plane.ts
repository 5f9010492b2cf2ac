// The seam between the lab's control plane (part 1: the API, controllers, a fake kubelet) and
// its data plane (part 2: nodes and pods as network namespaces, kube-proxy's iptables rules
// applied by the kernel). The API server calls a DataPlane; part 1 ships FakeDataPlane, part 2
// a real one. Objects are plain Kubernetes JSON (as the API stores and serves them).
//
// Ownership: lab part 1 may refine this interface; part 2 implements it. Keep it small.

/** Minimal shapes; the API stores full Kubernetes JSON objects. */
export type KObject = { apiVersion?: string; kind?: string; metadata: { name: string; namespace?: string; uid?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown }; spec?: any; status?: any; [k: string]: unknown }; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface PodStatusSink {
  /** Replace the pod's status (phase, conditions, containerStatuses, podIP(s), hostIP). */
  update(status: Record<string, unknown>): void;
  /** Record a Kubernetes Event for the pod (reason, message, type Normal|Warning). */
  event(reason: string, message: string, type?: 'Normal' | 'Warning'): void;
  /** Append container output for `pods/log`. */
  log(container: string, chunk: string): void;
}

export interface DataPlaneContext {
  runId: string;
  // The four members below are always provided by startLab (optional only so hand-made test
  // contexts need not fake them).
  /** Per-run prefix, `sslab-<runId>`: name every netns, link, chain and file with it. */
  prefix?: string;
  /** Per-run scratch directory (removed when the lab stops and by `lab sweep`). */
  stateDir?: string;
  /**
   * Record something created outside the process (netns, link, file; kind "pid" with
   * info.start = /proc start time is killed by `lab sweep` itself) in the run registry, written
   * to disk at once, so `lab sweep` can hand it to this module's `sweep` after a crash.
   */
  track?(kind: string, name: string, info?: Record<string, unknown>): void;
  untrack?(kind: string, name: string): void;
  /** Nodes as stored in the API (status.addresses, spec.podCIDR, labels, taints). */
  nodes: KObject[];
  /** Read any object currently in the API (e.g. a ConfigMap a pod mounts). */
  get(resource: string, namespace: string | undefined, name: string): KObject | undefined;
  /** The scenario's data-plane section (part 2 defines its shape). */
  settings: Record<string, unknown>;
  log(line: string): void;
}

export interface DataPlane {
  start(ctx: DataPlaneContext): Promise<void>;
  /** The pod has been scheduled (spec.nodeName set): run it and keep its status current. */
  runPod(pod: KObject, status: PodStatusSink): Promise<void>;
  /** The pod is being deleted: SIGTERM, then SIGKILL after the grace period; resolves when gone. */
  stopPod(pod: KObject, gracePeriodSeconds: number): Promise<void>;
  /** Services or EndpointSlices changed: reprogram every node (debounced by the caller or here). */
  syncServices(services: KObject[], endpointSlices: KObject[]): Promise<void>;
  /**
   * The API is serving (called once, after start()): agents that talk to the API themselves —
   * upstream kube-proxy in every node — start here. startLab waits for it.
   */
  apiReady?(access: DataPlaneApiAccess): Promise<void>;
  /** Remove everything this data plane created. Must be idempotent. */
  stop(): Promise<void>;
}

/** What a data plane gets to reach the lab's API from inside its network. */
export interface DataPlaneApiAccess {
  /** The API's CA certificate (PEM). */
  caPem: string;
  /** Bearer token of the `system:kube-proxy` user (upstream's system:node-proxier permissions). */
  nodeProxierToken: string;
  /**
   * Also serve the API on this address of the host (it must be in the server certificate:
   * startLab puts the netns data plane's `hostAddress` there). Returns the URL.
   */
  expose(address: string): Promise<string>;
}

/** A resource recorded through `DataPlaneContext.track`. */
export interface TrackedResource {
  kind: string;
  name: string;
  info?: Record<string, unknown>;
}

/** What `lab sweep` knows about a dead run. */
export interface SweepTarget {
  runId: string;
  prefix: string;
  stateDir: string;
  resources: TrackedResource[];
}

/**
 * A data plane module, picked by the scenario's `dataPlane.kind` (see data-plane-registry.ts).
 * `sweep` removes what a crashed run left (it runs in another process; the run is dead) and
 * returns human-readable lines describing what it removed. It must be idempotent and must not
 * touch anything without the run's prefix.
 */
export interface DataPlaneModule {
  createDataPlane(settings: Record<string, unknown>): DataPlane;
  sweep?(target: SweepTarget): Promise<string[]>;
}
