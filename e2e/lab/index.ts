// The lab as a library: startLab(scenario) → a handle with the kubeconfig, the request log,
// fault controls and stop(). The CLI (cli.ts) is a thin wrapper around this.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { toScenario } from './scenario/load';
import { withKubeProxy, type KubeProxyChoice } from './upstream/scenario-kube-proxy';
import type { Scenario, ScenarioInput } from './scenario/schema';
import { createPki } from './pki/pki';
import { NODE_PROXIER_USER, nodeProxierUser } from './api/node-proxier';
import { addBuiltins, createCluster, createScenarioObjects, nodeObject } from './cluster';
import { resourceByPlural, RESOURCES } from './api/resources';
import type { Obj } from './api/store';
import type { ObjectApi } from './api/object-api';
import { Faults, seededRandom, type FaultRule } from './api/faults';
import { RequestLog, type RequestRecord, type ServeSummary } from './api/request-log';
import { PodLogs } from './api/pod-logs';
import { ApiServer, LAB_STATUS_GROUP } from './api/server';
import type { LabUser } from './api/rbac';
import { EventRecorder } from './controllers/events';
import { PodController } from './controllers/pods';
import { NamespaceController } from './controllers/namespaces';
import { EndpointSliceController } from './controllers/endpointslices';
import { startLoadBalancerController } from './controllers/services';
import { ServiceSync } from './controllers/data-plane-sync';
import { contextName, renderKubeconfig } from './kubeconfig';
import { dataPlaneModulePath, loadDataPlaneModule } from './data-plane-registry';
import type { DataPlane, TrackedResource } from './data-plane';
import { FakeDataPlane } from './fake-data-plane';
import { newRunId, processStartTime, RunRegistry, type RunRecord } from './runs/registry';
import { loadSynthetic, scaleServiceCidr, type ScaleSpec } from './scale/synthetic';

export type { Scenario, ScenarioInput } from './scenario/schema';
export type { FaultRule } from './api/faults';
export type { RequestRecord, ServeSummary } from './api/request-log';
export type { DataPlane } from './data-plane';

export interface StartLabOptions {
  /** A scenario object, a path to a scenario YAML file, or nothing (empty cluster). */
  scenario?: Scenario | ScenarioInput | string;
  /** No network data plane: the built-in fake kubelet runs pods. */
  apiOnly?: boolean;
  /** Synthetic objects (scale mode); overrides scenario.scale. */
  scale?: Partial<ScaleSpec>;
  /**
   * Which kube-proxy programs a netns data plane's nodes (default: the scenario's, else
   * $SNATSCOPE_LAB_KUBE_PROXY, else the lab's rules) and in which mode (the ConfigMap's `mode`).
   */
  kubeProxy?: KubeProxyChoice;
  /** Use this data plane instead of the scenario's (tests). */
  dataPlane?: DataPlane;
  /** Lab state dir (default $SNATSCOPE_LAB_DIR or /tmp/snatscope-lab). */
  stateDir?: string;
  port?: number;
  log?: (line: string) => void;
}

export interface LabUserInfo {
  name: string;
  token: string;
  context: string;
}

export interface LabHandle {
  runId: string;
  prefix: string;
  runDir: string;
  kubeconfigPath: string;
  /** The current context of the kubeconfig (the first user's). */
  context: string;
  server: string;
  caPem: string;
  /** Private keys of the lab's CA and API server: for tests that prove they never leak. */
  secrets: { caKeyPem: string; serverKeyPem: string };
  users: LabUserInfo[];
  scenario: Scenario;
  /** Requests served, with the lab's own serving time. */
  requests: {
    entries(sinceSeq?: number): RequestRecord[];
    mark(): number;
    summary(sinceSeq?: number): ServeSummary;
    clear(): void;
  };
  faults: {
    add(rule: FaultRule): string;
    remove(id: string): boolean;
    clear(): void;
    list(): FaultRule[];
    expireToken(user: string, afterSeconds?: number): void;
  };
  /** Forget the watch history: any older resourceVersion now gets 410 Gone. */
  compactWatchHistory(): void;
  /** End every open watch stream (as an apiserver restart or timeout would). */
  closeWatches(): void;
  /** Direct access to the objects (tests; bypasses authentication). */
  objects: ObjectApi;
  dataPlane: DataPlane;
  /** Wait until controllers and the data-plane sync have caught up with every change so far. */
  settle(): Promise<void>;
  counts(): Record<string, number>;
  stop(): Promise<void>;
}

function tokenFor(): string {
  return randomBytes(24).toString('hex');
}

/** Which kube-proxy programs the nodes (a netns data plane's describe()), for `lab status`. */
function kubeProxyStatus(dp: DataPlane): unknown {
  const d = dp as { describe?: () => { kubeProxy?: unknown } };
  try {
    return d.describe?.().kubeProxy;
  } catch {
    return undefined;
  }
}

export async function startLab(opts: StartLabOptions = {}): Promise<LabHandle> {
  const given = toScenario(opts.scenario);
  // A lab's netns nodes run upstream kube-proxy unless the scenario (or $SNATSCOPE_LAB_KUBE_PROXY)
  // asks for the lab's own rules; NetnsDataPlane used directly (tests without the API) keeps them.
  const defaultProxy = given.dataPlane.kind === 'netns' && given.dataPlane.kubeProxy === undefined ? ((process.env.SNATSCOPE_LAB_KUBE_PROXY || 'upstream') as 'lab' | 'upstream') : undefined;
  const scenario = withKubeProxy(given, { implementation: opts.kubeProxy?.implementation ?? defaultProxy, mode: opts.kubeProxy?.mode });
  const log = opts.log ?? (() => {});
  const registry = new RunRegistry(opts.stateDir);
  const runId = newRunId();
  const prefix = `sslab-${runId}`;
  const runDir = join(registry.dir, prefix);
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
  const dpKind = opts.dataPlane || opts.apiOnly ? 'fake' : String(scenario.dataPlane.kind ?? 'fake');
  const record: RunRecord = {
    runId,
    prefix,
    pid: process.pid,
    pidStart: processStartTime(process.pid),
    startedAt: new Date().toISOString(),
    state: 'starting',
    scenario: typeof opts.scenario === 'string' ? opts.scenario : scenario.name,
    runDir,
    apiOnly: !!opts.apiOnly,
    dataPlane: { kind: opts.dataPlane ? 'custom' : dpKind, ...(opts.dataPlane ? {} : { module: dataPlaneModulePath(dpKind) }) },
    resources: [],
  };
  registry.write(record);

  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch (e) {
        log(`cleanup: ${String(e)}`);
      }
    }
    cleanups.length = 0;
  };
  cleanups.push(() => {
    rmSync(runDir, { recursive: true, force: true });
    registry.remove(runId);
  });

  try {
    // A netns data plane's processes (kube-proxy) reach the API on the host's lab address.
    const pki = await createPki(prefix, { ips: [String((scenario.dataPlane as Record<string, unknown>).hostAddress ?? '203.0.113.1')] });
    const scale = { nodes: 0, pods: 0, services: 0, ...(scenario.scale ?? {}), ...(opts.scale ?? {}) };
    const cluster = createCluster({ ...scenario, serviceCIDR: scaleServiceCidr(scale.services, scenario.serviceCIDR) });
    const { api, store } = cluster;
    addBuiltins(cluster);
    for (const n of scenario.nodes) api.create(resourceByPlural('nodes'), undefined, nodeObject(n), { fieldManager: 'kubelet' });
    if (scale.nodes || scale.pods || scale.services) loadSynthetic(cluster, scale);

    // Data plane: the caller's, the fake kubelet (api-only), or the scenario's module.
    const dataPlane: DataPlane = opts.dataPlane ?? (dpKind === 'fake' ? new FakeDataPlane() : (await loadDataPlaneModule(record.dataPlane.module!)).createDataPlane(scenario.dataPlane));
    const track = (kind: string, name: string, info?: Record<string, unknown>) =>
      registry.update(runId, (r) => {
        r.resources = r.resources.filter((x) => !(x.kind === kind && x.name === name));
        const t: TrackedResource = { kind, name };
        if (info) t.info = info;
        r.resources.push(t);
      });
    const untrack = (kind: string, name: string) => registry.update(runId, (r) => (r.resources = r.resources.filter((x) => !(x.kind === kind && x.name === name))));
    cleanups.push(() => dataPlane.stop());
    await dataPlane.start({
      runId,
      prefix,
      stateDir: runDir,
      nodes: store.listReal(resourceByPlural('nodes')),
      get: (plural, ns, name) => {
        const r = RESOURCES.find((x) => x.plural === plural);
        return r ? store.get(r, ns, name) : undefined;
      },
      settings: scenario.dataPlane,
      log,
      track,
      untrack,
    });

    const podLogs = new PodLogs();
    const recorder = new EventRecorder(api);
    const podCtl = new PodController(api, dataPlane, recorder, podLogs, log);
    const nsCtl = new NamespaceController(api);
    const sliceCtl = new EndpointSliceController(api);
    const sync = new ServiceSync(api, dataPlane, 50, log);
    for (const c of [podCtl, nsCtl, sliceCtl, sync]) {
      c.start();
      cleanups.push(() => c.stop());
    }
    startLoadBalancerController(api, scenario.loadBalancer.pools);
    createScenarioObjects(cluster, scenario.objects as Obj[]);

    const users: LabUser[] = (scenario.users.length ? scenario.users : [{ name: 'admin', admin: true, groups: [], rules: [] }]).map((u) => ({
      name: u.name,
      token: ('token' in u && u.token) || tokenFor(),
      groups: [...(u.groups ?? []), ...(u.admin ? ['system:masters'] : []), 'system:authenticated'],
      rules: u.rules ?? [],
    }));
    const nodeProxierToken = tokenFor();
    if (dataPlane.apiReady) users.push(nodeProxierUser(nodeProxierToken));
    const statusToken = tokenFor();
    users.push({ name: 'lab:status', token: statusToken, groups: [LAB_STATUS_GROUP], rules: [] });
    const faults = new Faults(scenario.seed !== undefined ? seededRandom(scenario.seed) : Math.random);
    for (const f of scenario.faults) faults.add(f);
    for (const u of scenario.users) if (u.expiresAfterSeconds !== undefined) faults.expireToken(u.name, u.expiresAfterSeconds);
    const requestLog = new RequestLog();
    const counts = () => {
      const out: Record<string, number> = {};
      for (const r of RESOURCES) if (!r.virtual) out[r.group && RESOURCES.some((o) => o !== r && o.plural === r.plural && !o.group) ? `${r.plural}.${r.group}` : r.plural] = store.collection(r).size;
      return out;
    };
    const server: ApiServer = new ApiServer({
      tls: { key: pki.serverKeyPem, cert: pki.serverCertPem },
      users,
      faults,
      log: requestLog,
      api,
      podLogs,
      bookmarkIntervalMs: scenario.api.bookmarkIntervalSeconds * 1000,
      labStatus: (): Record<string, unknown> => ({ runId, prefix, counts: counts(), watches: server.hub.count, serving: requestLog.summary(), resourceVersion: store.resourceVersion, kubeProxy: kubeProxyStatus(dataPlane) }),
    });
    const url = await server.listen(opts.port ?? 0);
    cleanups.push(() => server.close());

    const kubeconfigPath = join(runDir, 'kubeconfig');
    const kubeUsers = users.filter((u) => u.name !== 'lab:status' && u.name !== NODE_PROXIER_USER);
    writeFileSync(kubeconfigPath, renderKubeconfig(prefix, url, pki.caCertPem, kubeUsers), { mode: 0o600 });
    writeFileSync(join(runDir, 'ca.crt'), pki.caCertPem);
    const port = Number(new URL(url).port);
    await dataPlane.apiReady?.({ caPem: pki.caCertPem, nodeProxierToken, expose: (address) => server.listenAlso(address, port) });
    const context = contextName(prefix, users[0]!.name, true);
    registry.update(runId, (r) => Object.assign(r, { state: 'ready', kubeconfig: kubeconfigPath, context, server: url, statusToken }));

    let stopped: Promise<void> | undefined;
    const handle: LabHandle = {
      runId,
      prefix,
      runDir,
      kubeconfigPath,
      context,
      server: url,
      caPem: pki.caCertPem,
      secrets: { caKeyPem: pki.caKeyPem, serverKeyPem: pki.serverKeyPem },
      scenario,
      users: kubeUsers.map((u, i) => ({ name: u.name, token: u.token, context: contextName(prefix, u.name, i === 0) })),
      requests: {
        entries: (s) => requestLog.entries(s),
        mark: () => requestLog.mark(),
        summary: (s) => requestLog.summary(s),
        clear: () => requestLog.clear(),
      },
      faults: {
        add: (r) => faults.add(r),
        remove: (id) => faults.remove(id),
        clear: () => faults.clear(),
        list: () => faults.list(),
        expireToken: (u, s) => faults.expireToken(u, s),
      },
      compactWatchHistory: () => store.compact(),
      closeWatches: () => server.hub.closeAll(),
      objects: api,
      dataPlane,
      counts,
      settle: async () => {
        for (let i = 0; i < 3; i++) {
          await new Promise((r) => setImmediate(r));
          await sync.settle();
        }
      },
      stop: () => {
        stopped ??= (async () => {
          registry.update(runId, (r) => (r.state = 'stopping'));
          await cleanup();
        })();
        return stopped;
      },
    };
    return handle;
  } catch (e) {
    await cleanup();
    throw e;
  }
}
