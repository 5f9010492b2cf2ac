// The probe run: preflight, apply, wait for readiness, measure from the desktop and from a pod on
// every node, then clean up — on success, failure, cancel. Every step reports progress.
import type { V1EndpointSlice, V1Ingress, V1Node, V1Pod, V1Service } from '@kubernetes/client-node';
import type { Observation, PodProgressInfo, ProbeOptions, ProbeProgress, ProbeStep, StepState } from '../../contract/probe';
import type { ContractError } from '../../contract';
import type { ClusterError } from '../cluster/cluster-error';
import { KubeApiError } from '../cluster/kube-api-error';
import type { KubeClient, KubeList } from '../cluster/kube-client';
import { assembleServiceInventory } from '../inventory/assemble';
import { fetchSetup, listAll, type ServiceObjects } from '../inventory/fetch-objects';
import type { Inventory } from '../inventory/types';
import type { Clock } from '../ports/clock';
import { randomBytes } from 'node:crypto';
import { AppError } from '../rpc/app-error';
import type { ResultLine, Target } from '../../../resources/probe/echo.mjs';
import { deleteProbeNamespace, type DeleteOutcome } from './cleanup';
import { ECHO_TCP_PORT, RUN_ID_LABEL, ROLE_LABEL, newRunId } from './names';
import { parseLogLines, targetLabel, toObservation, type TargetMeta } from './observations';
import { observePods } from './observe-pods';
import { buildPlan, clientPod, CONTROL_PLANE_TAINTS, DEFAULT_CLIENT_NODE_CAP, DEFAULT_IMAGE, planYaml, probeConcurrency, selfPod, selfServiceObject, type ClientTarget, type Plan, type PlanInput, type Policy } from './plan';
import { podProgress } from './pod-state';
import { remeasureRefused, waitForEveryEcho, warmUp } from './warm-up';
import { USUAL_MS, WAITING_FOR, watchSlowStep } from './slow-step';
import type { ExplainCode, ExplainStep } from '../explain/types';
import { checkPermissions, describeNeed, probePermissions, type PermissionResult } from './preflight';
import { ProbeError } from './probe-error';
import { probeMessage } from './session-messages';

export interface DesktopProber {
  /** Sends each target `repeat` times from this machine; resolves with one line per request. */
  run(targets: Target[], opts: { repeat: number; timeoutMs: number; concurrency: number; key?: string; signal?: AbortSignal }): Promise<ResultLine[]>;
}

export interface ProbeDeps {
  client: KubeClient;
  contextName: string;
  classify: (error: unknown) => ClusterError;
  clock: Clock;
  owner: { user: string; host: string; pid: number };
  echoSource: string;
  desktop: DesktopProber;
  emit: (progress: ProbeProgress) => void;
  log: (line: string) => void;
  random?: () => number;
}

export interface PreparedProbe {
  plan: Plan;
  planInput: PlanInput;
  options: ProbeOptions;
  nodes: V1Node[];
  /** Mirror mode: the service being mirrored. */
  mirrored: V1Service | null;
  /** Mirror mode: the mirrored service's ready pods and their nodes (for labelling backends). */
  targetPods: { name: string; node: string }[];
  /** The target's endpoints that are terminating but still serving. */
  targetTerminating?: number;
  permissions: PermissionResult[];
  yaml: string;
  warnings: string[];
}

export interface ProbeOutcome {
  prepared: PreparedProbe;
  status: 'completed' | 'failed' | 'cancelled';
  error: ContractError | null;
  observations: Observation[];
  services: { name: string; policy: Policy; type: 'NodePort' | 'LoadBalancer'; nodePort: number | null; clusterIP: string | null; lbAddresses: string[] }[];
  echoPods: { name: string; node: string | null; ip: string | null }[];
  clientPods: { name: string; node: string; ip: string | null; completed: boolean }[];
  cleanup: { outcome: DeleteOutcome | 'kept' | 'failed' | 'not-created'; message: string | null };
  startedAt: string;
  finishedAt: string;
  timings: Record<string, number>;
  warnings: string[];
  /** Cluster facts with each probe service, for verdicts (read while the probe objects exist). */
  inventories: Map<string, Inventory>;
  /** Last known state of every probe pod. */
  pods: PodProgressInfo[];
}

const READY = (n: V1Node) => (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

export function nodeAddress(node: V1Node, type: 'InternalIP' | 'ExternalIP'): string | null {
  const addrs = node.status?.addresses ?? [];
  return addrs.find((a) => a.type === type)?.address ?? (type === 'ExternalIP' ? null : (addrs.find((a) => a.type === 'ExternalIP')?.address ?? null));
}

/**
 * Builds the plan and checks permissions; creates nothing. Fails only with an AppError: an API
 * failure while reading (a 503, a reset) is classified here, so every caller gets a code and an action.
 */
export async function prepareProbe(deps: ProbeDeps, options: ProbeOptions, signal?: AbortSignal): Promise<PreparedProbe> {
  try {
    return await preparePlan(deps, options, signal);
  } catch (e) {
    throw e instanceof AppError ? e : deps.classify(e);
  }
}

async function preparePlan(deps: ProbeDeps, options: ProbeOptions, signal?: AbortSignal): Promise<PreparedProbe> {
  const warnings: string[] = [];
  const nodes = (await listAll<V1Node>(deps.client, '/api/v1/nodes', {}, signal)).sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  const controlPlane = (n: V1Node) => (n.spec?.taints ?? []).some((t) => t.effect === 'NoSchedule' && CONTROL_PLANE_TAINTS.includes(t.key));
  const excluded = options.tolerateControlPlane ? [] : nodes.filter((n) => READY(n) && controlPlane(n)).map((n) => n.metadata!.name!);
  if (excluded.length) warnings.push(probeMessage('probe.warn.controlPlaneLeftOut', { nodes: excluded.join(', ') }));
  const ready = nodes.filter((n) => READY(n) && (options.tolerateControlPlane || !controlPlane(n)));
  if (ready.length === 0) throw new ProbeError('no-nodes');
  let mirrored: V1Service | null = null;
  let targetPods: { name: string; node: string }[] = [];
  let targetTerminating = 0;
  let echoNodes: string[];
  if (options.target.kind === 'service') {
    const { namespace, name } = options.target;
    try {
      mirrored = await deps.client.request<V1Service>({ path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${encodeURIComponent(name)}`, ...(signal ? { signal } : {}) });
    } catch (e) {
      if (e instanceof KubeApiError && e.status === 404) throw new ProbeError('service-not-found', { service: `${namespace}/${name}` });
      throw e;
    }
    const slices = await listAll<V1EndpointSlice>(deps.client, `/apis/discovery.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/endpointslices`, { labelSelector: `kubernetes.io/service-name=${name}` }, signal);
    targetPods = slices
      .flatMap((s) => s.endpoints ?? [])
      .filter((e) => e.conditions?.ready !== false && e.nodeName && e.targetRef?.kind === 'Pod' && e.targetRef.name)
      .map((e) => ({ name: e.targetRef!.name!, node: e.nodeName! }))
      .filter((p, i, all) => all.findIndex((q) => q.name === p.name) === i)
      .sort((a, b) => a.name.localeCompare(b.name));
    targetTerminating = slices.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready === false && e.conditions.serving === true && e.conditions.terminating === true).length;
    const endpointNodes = [...new Set(slices.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready !== false && e.nodeName).map((e) => e.nodeName!))].sort();
    echoNodes = endpointNodes.filter((n) => ready.some((r) => r.metadata?.name === n));
    if (echoNodes.length === 0) {
      warnings.push(probeMessage('probe.warn.noReadyEndpoints', { service: `${namespace}/${name}`, node: ready[0]!.metadata!.name! }));
      echoNodes = [ready[0]!.metadata!.name!];
    }
  } else if (options.echoNodes === 'all') {
    echoNodes = ready.map((n) => n.metadata!.name!);
  } else if (options.echoNodes === 'one') {
    echoNodes = [(ready.find((n) => !n.spec?.unschedulable) ?? ready[0]!).metadata!.name!];
  } else {
    const unknown = options.echoNodes.filter((n) => !nodes.some((x) => x.metadata?.name === n));
    if (unknown.length) warnings.push(probeMessage('probe.warn.unknownNodes', { nodes: unknown.join(', ') }));
    echoNodes = options.echoNodes.filter((n) => nodes.some((x) => x.metadata?.name === n));
    if (!echoNodes.length) throw new ProbeError('no-nodes');
  }
  const cap = options.clientNodeCap ?? DEFAULT_CLIENT_NODE_CAP;
  // Client pods: always include the echo nodes, then the rest in name order, up to the cap.
  const ordered = [...echoNodes, ...ready.map((n) => n.metadata!.name!).filter((n) => !echoNodes.includes(n))];
  const clientNodes = options.origins.pods ? ordered.slice(0, cap) : [];
  // Node processes (opt-in): a hostNetwork client pod on the same nodes.
  const hostClientNodes = options.origins.nodes ? ordered.slice(0, cap) : [];
  if (hostClientNodes.length) warnings.push(probeMessage('probe.warn.nodeProcesses', { count: hostClientNodes.length }));
  if (options.origins.pods && ordered.length > cap) warnings.push(probeMessage('probe.warn.clientCap', { cap, total: ordered.length }));
  // LoadBalancer probe services are public on a cloud: only on request, and only for the source
  // ranges given (the desktop's egress address).
  const hasLb = options.loadBalancer === 'yes';
  if (hasLb && options.loadBalancerSourceRanges.length === 0) {
    throw new AppError({
      code: 'probe.lb-source-ranges',
      message: 'LoadBalancer probing needs the address ranges allowed to reach it (your egress address, e.g. 203.0.113.7/32).',
      action: 'Give --lb-source-range <cidr> (the app fills in your address), or probe without LoadBalancer services.',
      localized: { 'zh-CN': { message: 'LoadBalancer 探测需要指定允许访问的地址范围（您的出口地址，例如 203.0.113.7/32）。', action: '请提供 --lb-source-range <cidr>（应用会填入您的地址），或不使用 LoadBalancer 服务进行探测。' } },
    });
  }
  if (options.loadBalancer === 'auto' && (await clusterHasLoadBalancers(deps.client, signal))) warnings.push(probeMessage('probe.warn.loadBalancersOptIn'));
  const policies: Policy[] = mirrored
    ? ([mirrored.spec?.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster', mirrored.spec?.externalTrafficPolicy === 'Local' ? 'Cluster' : 'Local'] as Policy[]).filter((p) => options.policies.includes(p))
    : options.policies;
  const runId = newRunId(deps.random);
  const ingress = options.ingress ? { className: options.ingress.className, host: options.ingress.host, path: options.ingress.path ?? `/snatscope-${runId}` } : null;
  if (ingress) {
    warnings.push(probeMessage('probe.warn.throughIngress', { className: ingress.className, destination: `${ingress.host}${ingress.path}` }));
  }
  const planInput: PlanInput = {
    runId,
    owner: deps.owner,
    now: deps.clock.now(),
    ttlMinutes: options.ttlMinutes,
    nodes: nodes.map((n) => ({ name: n.metadata!.name!, hostnameLabel: n.metadata?.labels?.['kubernetes.io/hostname'] ?? null, taints: (n.spec?.taints ?? []).map((t) => ({ key: t.key, effect: t.effect })) })),
    tolerateControlPlane: options.tolerateControlPlane,
    loadBalancerSourceRanges: options.loadBalancerSourceRanges,
    echoKey: randomBytes(16).toString('hex'),
    echoNodes,
    clientNodes,
    hostClientNodes,
    image: options.image ?? DEFAULT_IMAGE,
    imagePullSecrets: options.imagePullSecrets,
    policies,
    loadBalancer: hasLb,
    fixedNodePorts: options.fixedNodePorts,
    sessionAffinity: mirrored?.spec?.sessionAffinity === 'ClientIP' ? 'ClientIP' : 'None',
    internalTrafficPolicy: mirrored?.spec?.internalTrafficPolicy === 'Local' ? 'Local' : 'Cluster',
    echoSource: deps.echoSource,
    ingress,
  };
  const plan = buildPlan(planInput);
  const permissions = await checkPermissions(deps.client, probePermissions(plan.namespace, { loadBalancer: planInput.loadBalancer, ingress: ingress !== null }), signal);
  return { plan, planInput, options, nodes, mirrored, targetPods, targetTerminating, permissions, yaml: planYaml(plan), warnings };
}

async function clusterHasLoadBalancers(client: KubeClient, signal?: AbortSignal): Promise<boolean> {
  try {
    for await (const page of client.listPages<V1Service>('/api/v1/services', {}, 500, signal)) {
      if (page.items.some((s) => s.spec?.type === 'LoadBalancer' && (s.status?.loadBalancer?.ingress ?? []).length > 0)) return true;
    }
  } catch {
    // Not allowed to list services cluster-wide: assume no LBs (the user can force them).
  }
  return false;
}

export async function runProbe(deps: ProbeDeps, prepared: PreparedProbe, signal?: AbortSignal): Promise<ProbeOutcome> {
  const { plan, options } = prepared;
  const c = deps.client;
  const started = deps.clock.now();
  const timings: Record<string, number> = {};
  const warnings = [...prepared.warnings];
  const observations: Observation[] = [];
  const outcome: ProbeOutcome = {
    prepared,
    status: 'completed',
    error: null,
    observations,
    services: [],
    echoPods: [],
    clientPods: [],
    cleanup: { outcome: 'not-created', message: null },
    startedAt: started.toISOString(),
    finishedAt: started.toISOString(),
    timings,
    warnings,
    inventories: new Map(),
    pods: [],
  };
  let pods: PodProgressInfo[] = [];
  let requests: ProbeProgress['requests'] = null;
  // Set while the running step is slower than usual (slow-step.ts); every emit carries it.
  let waiting: ExplainStep | null = null;
  let waitingFor: ExplainCode = WAITING_FOR.preflight;
  const emit = (step: ProbeStep, state: StepState, message: string | null = null) =>
    deps.emit({ runId: plan.runId, step, state, message, waiting: state === 'running' ? waiting : null, pods, requests, at: deps.clock.now().toISOString() });
  let current: ProbeStep = 'preflight';
  const step = async <T>(name: ProbeStep, fn: () => Promise<T>): Promise<T> => {
    current = name;
    waiting = null;
    waitingFor = WAITING_FOR[name];
    const t0 = deps.clock.now().getTime();
    emit(name, 'running');
    const stopWatch = watchSlowStep(deps.clock, USUAL_MS[name], () => waitingFor, (w) => {
      waiting = w;
      emit(name, 'running');
    });
    try {
      const result = await fn();
      timings[name] = deps.clock.now().getTime() - t0;
      // emit() sends `waiting` only for a running step, so 'done' never carries it.
      emit(name, 'done');
      return result;
    } finally {
      stopWatch();
      waiting = null;
    }
  };
  const checkAbort = () => {
    if (signal?.aborted) throw new ProbeError('cancelled');
  };
  const ns = encodeURIComponent(plan.namespace);
  let created = false;

  try {
    await step('preflight', async () => {
      const missing = prepared.permissions.filter((p) => !p.allowed);
      if (missing.length) throw new ProbeError('permissions', { missing: missing.map(describeNeed).join('; ') }, { missing });
    });
    checkAbort();
    await step('namespace', async () => {
      // From here on cleanup runs: a create whose answer was lost (reset, 5xx) may still have
      // happened on the server. Only a 409 (someone else's namespace) is left alone.
      created = true;
      try {
        await c.request({ method: 'POST', path: '/api/v1/namespaces', body: plan.namespaceObject });
      } catch (e) {
        if (e instanceof KubeApiError && e.status === 409) {
          created = false;
          throw new ProbeError('namespace-exists', { namespace: plan.namespace });
        }
        throw e;
      }
      outcome.cleanup = { outcome: 'kept', message: null };
    });
    checkAbort();
    await step('configmap', () => create(c, `/api/v1/namespaces/${ns}/configmaps`, plan.configMap, 'ConfigMap'));
    checkAbort();
    await step('pods', async () => {
      for (const pod of plan.echoPods) await create(c, `/api/v1/namespaces/${ns}/pods`, pod, `pod ${pod.metadata!.name}`);
    });
    checkAbort();
    const services = await step('services', async () => {
      const out: V1Service[] = [];
      for (const svc of plan.serviceObjects) out.push(await createService(c, ns, svc, warnings));
      if (plan.ingressObject) await create(c, `/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses`, plan.ingressObject, 'the Ingress');
      return out;
    });
    checkAbort();
    await step('ready', async () => {
      const deadline = deps.clock.now().getTime() + options.readyTimeoutSeconds * 1000;
      let failure: ProbeError | null = null;
      const result = await observePods(c, {
        namespace: plan.namespace,
        labelSelector: `${RUN_ID_LABEL}=${plan.runId},${ROLE_LABEL}=echo`,
        clock: deps.clock,
        deadline,
        ...(signal ? { signal } : {}),
        onError: (e) => deps.log(`probe ${plan.runId}: watching pods: ${(e as Error).message}`),
        check: (list) => {
          pods = list.map((p) => ({ ...podProgress(p), role: 'echo' as const }));
          emit('ready', 'running');
          failure = podFailure(list, plan.image);
          if (failure) return true;
          return list.length === plan.echoPods.length && pods.every((p) => p.stage === 'ready');
        },
      });
      if (failure) throw failure;
      if (result === 'aborted') throw new ProbeError('cancelled');
      if (result === 'deadline') throw new ProbeError('timeout', { step: 'ready', seconds: options.readyTimeoutSeconds, detail: pods.map((p) => `${p.name}: ${p.stage}${p.reason ? ` (${p.reason})` : ''}`).join(', ') || 'no pods' });
      outcome.echoPods = pods.map((p) => ({ name: p.name, node: p.node, ip: p.podIP }));
      await waitForEndpoints(c, plan, services, deps.clock, signal);
    });
    const fresh = await Promise.all(services.map((s) => c.request<V1Service>({ path: `/api/v1/namespaces/${ns}/services/${encodeURIComponent(s.metadata!.name!)}` })));
    outcome.services = fresh.map((s) => ({
      name: s.metadata!.name!,
      policy: s.spec?.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster',
      type: s.spec?.type === 'LoadBalancer' ? 'LoadBalancer' : 'NodePort',
      nodePort: s.spec?.ports?.find((p) => p.protocol === 'TCP')?.nodePort ?? null,
      clusterIP: s.spec?.clusterIP ?? null,
      lbAddresses: (s.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname ?? '').filter(Boolean),
    }));
    const table = buildTargetTable(prepared, outcome.services);
    // A ClusterIP-only target is reachable from inside the cluster only: measure what it exposes,
    // not its copy's NodePorts (issue 15, item 4).
    const clusterIpOnly = prepared.mirrored !== null && (prepared.mirrored.spec?.type ?? 'ClusterIP') === 'ClusterIP';
    if (clusterIpOnly) {
      for (const [label, meta] of [...table]) if (meta.target.kind !== 'clusterIP') table.delete(label);
      warnings.push(probeMessage('probe.warn.clusterIpOnly', { service: options.target.kind === 'service' ? `${options.target.namespace}/${options.target.name}` : 'the target' }));
    }
    outcome.inventories = await probeInventories(c, prepared, fresh, deps).catch((e: unknown) => {
      warnings.push(probeMessage('probe.warn.noClusterSetup', { reason: (e as Error).message }));
      return new Map<string, Inventory>();
    });
    if (prepared.planInput.ingress) addIngressTargets(table, prepared, outcome.services, outcome.inventories, warnings);
    checkAbort();

    if (options.origins.desktop && !clusterIpOnly) {
      await step('desktop', async () => {
        const targets: Target[] = [];
        for (const [label, meta] of table) if (meta.target.kind !== 'clusterIP') targets.push(echoTarget(label, meta));
        requests = { done: 0, total: targets.length * options.repeat };
        emit('desktop', 'running');
        // kube-proxy programs rules shortly after endpoints appear: wait until the echo answers.
        waitingFor = 'wait.serviceRules';
        await warmUp(deps, targets, table, plan.echoNodes, signal);
        // …and, with several echoes, until every node balances a Cluster service over all of them.
        const spread = await waitForEveryEcho(deps, targets, table, plan.echoPods.length, { ...(prepared.planInput.echoKey ? { key: prepared.planInput.echoKey } : {}), ...(signal ? { signal } : {}) });
        if (spread.partial.length) warnings.push(probeMessage('probe.warn.echoesNotConverged', { count: spread.partial.length }));
        waitingFor = 'wait.desktopRequests';
        const measure = (list: Target[]) =>
          deps.desktop.run(list, { repeat: options.repeat, timeoutMs: 3000, concurrency: probeConcurrency(list.length * options.repeat), ...(prepared.planInput.echoKey ? { key: prepared.planInput.echoKey } : {}), ...(signal ? { signal } : {}) });
        // A node whose kube-proxy lags still rejects the new service: measure those cells again.
        const settled = await remeasureRefused(deps, targets, await measure(targets), measure, signal ? { signal } : {});
        if (settled.remeasured.length) warnings.push(probeMessage('probe.warn.remeasured', { count: settled.remeasured.length }));
        const lines = settled.lines;
        for (const line of lines) {
          const o = toObservation(line, { kind: 'desktop', address: line.local?.ip ?? null }, table);
          if (o) observations.push(o);
        }
        requests = { done: lines.length, total: targets.length * options.repeat };
      });
    } else emit('desktop', 'skipped');
    checkAbort();

    if (plan.clientPodNames.length) {
      await step('in-cluster', async () => {
        // Relays are outside hops for outside clients: pods measure the cluster paths only.
        const clientTargets: ClientTarget[] = [...table].filter(([, meta]) => meta.target.kind !== 'relay' && meta.target.kind !== 'ingress').map(([label, meta]) => ({ label, host: meta.target.address, port: meta.target.port, protocol: 'tcp' }));
        const clientPods = plan.clientPodNames.map(({ node, name, hostNetwork }) => clientPod(plan, prepared.planInput, node, name, clientTargets, options.repeat, hostNetwork === true));
        // The backend calling its own Service (hairpin): its own Services and pod, measured beside the clients.
        const self = plan.clientNodes.length ? await startSelfCalls(c, prepared, table, warnings, clusterIpOnly) : null;
        for (const pod of clientPods) await create(c, `/api/v1/namespaces/${ns}/pods`, pod, `pod ${pod.metadata!.name}`);
        const total = clientPods.length * clientTargets.length * options.repeat;
        requests = { done: 0, total };
        let failure: ProbeError | null = null;
        const deadline = deps.clock.now().getTime() + options.readyTimeoutSeconds * 1000;
        const result = await observePods(c, {
          namespace: plan.namespace,
          labelSelector: `${RUN_ID_LABEL}=${plan.runId},${ROLE_LABEL}=client`,
          clock: deps.clock,
          deadline,
          ...(signal ? { signal } : {}),
          check: (list) => {
            const echo = pods.filter((p) => p.role === 'echo');
            pods = [...echo, ...list.map((p) => ({ ...podProgress(p), role: 'client' as const }))];
            emit('in-cluster', 'running');
            failure = podFailure(list, plan.image);
            if (failure) return true;
            return list.length === clientPods.length && list.every((p) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed');
          },
        });
        if (failure) throw failure;
        if (result === 'aborted') throw new ProbeError('cancelled');
        const byName = new Map(pods.map((p) => [p.name, p]));
        for (const { node, name, hostNetwork } of plan.clientPodNames) {
          const state = byName.get(name);
          const completed = state?.stage === 'succeeded';
          outcome.clientPods.push({ name, node, ip: state?.podIP ?? null, completed });
          if (!state || state.stage === 'pending') continue;
          const text = await c.request<string>({ path: `/api/v1/namespaces/${ns}/pods/${encodeURIComponent(name)}/log` }).catch(async () => readLogText(c, ns, name));
          const lines = parseLogLines(typeof text === 'string' ? text : '');
          for (const line of lines) {
            const o = toObservation(line, { kind: 'pod', node, pod: name, address: state.podIP, ...(hostNetwork ? { hostNetwork: true as const } : {}) }, table);
            if (o) observations.push(o);
          }
          requests = { done: (requests?.done ?? 0) + lines.length, total };
        }
        if (result === 'deadline') warnings.push(probeMessage('probe.warn.clientsUnfinished', { seconds: options.readyTimeoutSeconds }));
        if (self) {
          const selfObs = await finishSelfCalls(c, prepared, self, table, deps, signal, (p) => {
            pods = [...pods.filter((x) => x.name !== p.name), p];
            emit('in-cluster', 'running');
          });
          observations.push(...selfObs.observations);
          for (const [name, inv] of selfObs.inventories) outcome.inventories.set(name, inv);
          if (selfObs.warning) warnings.push(selfObs.warning);
        }
      });
    } else emit('in-cluster', 'skipped');
  } catch (error) {
    const err = toContractError(error, deps, current);
    outcome.status = err.code === 'probe.cancelled' ? 'cancelled' : 'failed';
    outcome.error = err;
    emit(current, 'failed', err.message);
  } finally {
    if (created && !options.keep) {
      emit('cleanup', 'running');
      try {
        const result = await deleteProbeNamespace(c, plan.namespace, { clock: deps.clock, timeoutMs: 120_000, onWaiting: (phase) => emit('cleanup', 'running', phase) });
        outcome.cleanup = { outcome: result, message: result === 'timeout' ? `namespace ${plan.namespace} is still terminating; it will disappear on its own (snatscope sweep checks)` : null };
        emit('cleanup', result === 'timeout' ? 'failed' : 'done');
      } catch (e) {
        const err = toContractError(e, deps, 'cleanup');
        outcome.cleanup = { outcome: 'failed', message: `${err.message} — run \`snatscope sweep\` (or reopen the app) to remove ${plan.namespace}` };
        emit('cleanup', 'failed', outcome.cleanup.message);
      }
    } else if (created) {
      outcome.cleanup = { outcome: 'kept', message: `kept ${plan.namespace} (--keep); it expires at ${plan.expiresAt}` };
      emit('cleanup', 'skipped', outcome.cleanup.message);
    }
    outcome.finishedAt = deps.clock.now().toISOString();
    outcome.pods = pods;
  }
  return outcome;
}

/** One inventory per probe service: the cluster's nodes, proxy and CNI, that service and its echo endpoints. */
async function probeInventories(c: KubeClient, prepared: PreparedProbe, services: V1Service[], deps: ProbeDeps, role = 'echo'): Promise<Map<string, Inventory>> {
  const ns = encodeURIComponent(prepared.plan.namespace);
  const [setup, slices, echoPods, ingresses] = await Promise.all([
    fetchSetup(c),
    listAll<V1EndpointSlice>(c, `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`),
    listAll<V1Pod>(c, `/api/v1/namespaces/${ns}/pods`, { labelSelector: `${RUN_ID_LABEL}=${prepared.plan.runId},${ROLE_LABEL}=${role}` }),
    prepared.plan.ingressObject ? listAll<V1Ingress>(c, `/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses`) : Promise.resolve([] as V1Ingress[]),
  ]);
  const out = new Map<string, Inventory>();
  for (const service of services) {
    const name = service.metadata!.name!;
    const objects: ServiceObjects = {
      ...setup,
      service,
      slices: slices.filter((s) => s.metadata?.labels?.['kubernetes.io/service-name'] === name),
      pods: echoPods,
      nodes: prepared.nodes,
      ingresses,
    };
    out.set(name, assembleServiceInventory(objects, { context: deps.contextName, server: c.server }));
  }
  return out;
}

// ---- the backend calling its own Service (issue 15, item 1) ----------------------------------

interface SelfCalls {
  pod: V1Pod;
  services: V1Service[];
  labels: string[];
}

/** Creates the self Services (one per probed policy) and the self pod on the first echo node. */
async function startSelfCalls(c: KubeClient, prepared: PreparedProbe, table: Map<string, TargetMeta>, warnings: string[], clusterIpOnly: boolean): Promise<SelfCalls | null> {
  const { plan, planInput, options } = prepared;
  const node = plan.echoNodes[0];
  const nodeObj = prepared.nodes.find((n) => n.metadata?.name === node);
  const nodeAddr = nodeObj ? nodeAddress(nodeObj, options.addressType) : null;
  if (!node || !nodeAddr) return null;
  const ns = encodeURIComponent(plan.namespace);
  const services: V1Service[] = [];
  for (const policy of planInput.policies) services.push(await createService(c, ns, selfServiceObject(plan, planInput, policy), warnings));
  const targets: ClientTarget[] = [];
  const labels: string[] = [];
  let i = 0;
  for (const s of services) {
    const policy: Policy = s.spec?.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster';
    const service = { name: s.metadata!.name!, policy, type: 'NodePort' as const };
    const add = (meta: TargetMeta) => {
      const label = `s${i++}`;
      table.set(label, meta);
      labels.push(label);
      targets.push({ label, host: meta.target.address, port: meta.target.port, protocol: 'tcp' });
    };
    if (s.spec?.clusterIP && s.spec.clusterIP !== 'None') add({ target: { kind: 'clusterIP', node: null, address: s.spec.clusterIP, port: ECHO_TCP_PORT }, service });
    const nodePort = s.spec?.ports?.find((p) => p.protocol === 'TCP')?.nodePort;
    // A ClusterIP-only target exposes no NodePort: its backend calls the ClusterIP only.
    if (nodePort && !clusterIpOnly) add({ target: { kind: 'nodePort', node, address: nodeAddr, port: nodePort }, service });
  }
  const pod = selfPod(plan, planInput, node, targets, options.repeat);
  await create(c, `/api/v1/namespaces/${ns}/pods`, pod, `pod ${pod.metadata!.name}`);
  return { pod, services, labels };
}

/** Waits for the self pod's client to finish, reads what it saw, and the self Services' inventories. */
async function finishSelfCalls(
  c: KubeClient,
  prepared: PreparedProbe,
  self: SelfCalls,
  table: Map<string, TargetMeta>,
  deps: ProbeDeps,
  signal: AbortSignal | undefined,
  onPod: (p: PodProgressInfo) => void,
): Promise<{ observations: Observation[]; inventories: Map<string, Inventory>; warning: string | null }> {
  const { plan, options } = prepared;
  const ns = encodeURIComponent(plan.namespace);
  const name = self.pod.metadata!.name!;
  let last: V1Pod | null = null;
  let failure: ProbeError | null = null;
  const clientDone = (p: V1Pod) => p.status?.containerStatuses?.some((s) => s.name === 'client' && s.state?.terminated) ?? false;
  const result = await observePods(c, {
    namespace: plan.namespace,
    labelSelector: `${RUN_ID_LABEL}=${plan.runId},${ROLE_LABEL}=self`,
    clock: deps.clock,
    deadline: deps.clock.now().getTime() + options.readyTimeoutSeconds * 1000,
    ...(signal ? { signal } : {}),
    check: (list) => {
      last = list.find((p) => p.metadata?.name === name) ?? null;
      if (last) onPod({ ...podProgress(last), role: 'client' as const });
      failure = podFailure(list, plan.image);
      return failure !== null || (last !== null && clientDone(last));
    },
  });
  if (result === 'aborted') throw new ProbeError('cancelled');
  const pod = last as V1Pod | null;
  const failed = failure as ProbeError | null;
  if (failed || !pod || !clientDone(pod)) return { observations: [], inventories: new Map(), warning: failed ? probeMessage('probe.warn.hairpinNotMeasured', { reason: failed.message }) : probeMessage('probe.warn.hairpinTimeout', { seconds: options.readyTimeoutSeconds }) };
  const logPath = `/api/v1/namespaces/${ns}/pods/${encodeURIComponent(name)}/log`;
  const text = await c.request<string>({ path: logPath, query: { container: 'client' } }).catch(async () => {
    let streamed = '';
    await c.stream(logPath, { container: 'client' }, (chunk) => (streamed += chunk));
    return streamed;
  });
  const origin = { kind: 'pod' as const, node: plan.echoNodes[0]!, pod: name, address: pod.status?.podIP ?? null, backend: true as const };
  const observations = parseLogLines(typeof text === 'string' ? text : '').flatMap((line) => {
    const o = self.labels.includes(line.label) ? toObservation(line, origin, table) : null;
    return o ? [o] : [];
  });
  const fresh = await Promise.all(self.services.map((s) => c.request<V1Service>({ path: `/api/v1/namespaces/${ns}/services/${encodeURIComponent(s.metadata!.name!)}` })));
  const inventories = await probeInventories(c, prepared, fresh, deps, 'self').catch(() => new Map<string, Inventory>());
  // Once its client container has finished the self pod is no longer Ready (every container must
  // be), so its endpoint reads not-ready now; while the requests ran it was ready and serving
  // (they were answered by it). Judge against the endpoint as it was measured.
  for (const inv of inventories.values()) inv.endpoints = inv.endpoints.map((e) => (e.targetRef?.name === name ? { ...e, ready: true, serving: true, terminating: false } : e));
  return { observations, inventories, warning: null };
}

function toContractError(error: unknown, deps: ProbeDeps, step: ProbeStep): ContractError {
  if (error instanceof AppError) return error.toContract();
  if (error instanceof KubeApiError && error.status >= 500) return new ProbeError('api', { step, reason: error.message }).toContract();
  return deps.classify(error).toContract();
}

async function create(c: KubeClient, path: string, body: unknown, what: string): Promise<void> {
  try {
    await c.request({ method: 'POST', path, body });
  } catch (e) {
    if (e instanceof KubeApiError && e.status === 403 && /violates PodSecurity/i.test(e.message)) throw new ProbeError('psa-rejected', { reason: e.message });
    if (e instanceof KubeApiError && (e.status === 400 || e.status === 403 || e.status === 422) && /admission|denied|webhook|policy/i.test(e.message)) {
      throw new ProbeError('admission-rejected', { object: what, reason: e.message });
    }
    throw e;
  }
}

/** A requested nodePort already taken → fall back to automatic allocation, with a warning. */
async function createService(c: KubeClient, ns: string, svc: V1Service, warnings: string[]): Promise<V1Service> {
  try {
    return await c.request<V1Service>({ method: 'POST', path: `/api/v1/namespaces/${ns}/services`, body: svc });
  } catch (e) {
    const fixed = svc.spec?.ports?.some((p) => p.nodePort);
    if (fixed && e instanceof KubeApiError && e.status === 422 && /nodePort/i.test(e.message)) {
      warnings.push(probeMessage('probe.warn.nodePortTaken', { service: svc.metadata!.name!, reason: e.message }));
      const retry: V1Service = { ...svc, spec: { ...svc.spec, ports: svc.spec!.ports!.map(({ nodePort: _drop, ...p }) => p) } };
      return c.request<V1Service>({ method: 'POST', path: `/api/v1/namespaces/${ns}/services`, body: retry });
    }
    throw e;
  }
}

function podFailure(list: V1Pod[], image: string): ProbeError | null {
  for (const pod of list) {
    const p = podProgress(pod);
    if (p.problem === 'image-pull') return new ProbeError('image-pull', { image, reason: `${p.reason}${p.message ? `: ${p.message}` : ''}` });
    if (p.problem === 'unschedulable') return new ProbeError('unschedulable', { pod: p.name, node: nodeOfAffinity(pod) ?? '?', reason: p.message ?? 'Unschedulable' });
    if (p.problem === 'crash' && p.restarts >= 2) return new ProbeError('crash', { pod: p.name, reason: p.message ?? 'CrashLoopBackOff' });
    if (p.problem === 'config') return new ProbeError('crash', { pod: p.name, reason: `${p.reason}: ${p.message ?? ''}` });
  }
  return null;
}

function nodeOfAffinity(pod: V1Pod): string | null {
  return pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchExpressions?.[0]?.values?.[0] ?? null;
}

async function waitForEndpoints(c: KubeClient, plan: Plan, services: V1Service[], clock: Clock, signal?: AbortSignal) {
  const deadline = clock.now().getTime() + 60_000;
  const ns = encodeURIComponent(plan.namespace);
  for (const svc of services) {
    const name = svc.metadata!.name!;
    while (true) {
      if (signal?.aborted) throw new ProbeError('cancelled');
      const slices = await c
        .request<KubeList<V1EndpointSlice>>({ path: `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`, query: { labelSelector: `kubernetes.io/service-name=${name}` } })
        .catch(() => ({ items: [] as V1EndpointSlice[] }));
      const ready = (slices.items ?? []).flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready !== false).length;
      if (ready >= plan.echoPods.length) break;
      if (clock.now().getTime() > deadline) throw new ProbeError('timeout', { step: 'endpoints', seconds: 60, detail: `${name} has ${ready} of ${plan.echoPods.length} ready endpoints` });
      await clock.sleep(250, signal).catch(() => undefined);
    }
  }
}

function buildTargetTable(prepared: PreparedProbe, services: ProbeOutcome['services']): Map<string, TargetMeta> {
  const table = new Map<string, TargetMeta>();
  let i = 0;
  const add = (meta: TargetMeta) => table.set(targetLabel(i++), meta);
  for (const s of services) {
    const service = { name: s.name, policy: s.policy, type: s.type };
    if (s.nodePort) {
      for (const node of prepared.nodes) {
        if (!READY(node)) continue;
        const address = nodeAddress(node, prepared.options.addressType);
        if (address) add({ target: { kind: 'nodePort', node: node.metadata!.name!, address, port: s.nodePort }, service });
      }
    }
    for (const lb of s.lbAddresses) add({ target: { kind: 'loadBalancer', node: null, address: lb, port: ECHO_TCP_PORT }, service });
    if (s.clusterIP && s.clusterIP !== 'None') add({ target: { kind: 'clusterIP', node: null, address: s.clusterIP, port: ECHO_TCP_PORT }, service });
  }
  for (const relay of prepared.options.relays) {
    if (!relay.listen) continue;
    const svc = services.find((s) => s.nodePort === relay.forwardsTo.port) ?? services[0];
    if (svc) add({ target: { kind: 'relay', node: relay.forwardsTo.node, address: relay.listen.address, port: relay.listen.port }, service: { name: svc.name, policy: svc.policy, type: svc.type } });
  }
  return table;
}

function echoTarget(label: string, meta: TargetMeta): Target {
  const host = meta.target.address;
  return {
    host,
    port: meta.target.port,
    proto: 'http',
    target: host.includes(':') ? `[${host}]:${meta.target.port}` : `${host}:${meta.target.port}`,
    label,
    headers: {},
    // Through the ingress controller: the front door's Host and the probe's path.
    ...(meta.ingress ? { hostHeader: meta.ingress.host, path: meta.ingress.path } : {}),
  };
}

/**
 * Through-ingress targets: the ingress controller's own entry (its LB addresses, else its
 * NodePort on every Ready node), with the probe Ingress's Host and path.
 */
function addIngressTargets(table: Map<string, TargetMeta>, prepared: PreparedProbe, services: ProbeOutcome['services'], inventories: Map<string, Inventory>, warnings: string[]) {
  const ing = prepared.planInput.ingress!;
  const backend = services.find((s) => s.type === 'NodePort' && s.policy === 'Cluster') ?? services[0];
  const inv = backend ? inventories.get(backend.name) : undefined;
  const ctrl = inv?.ingressControllers.find((c) => c.className === ing.className);
  const svc = ctrl?.serviceInfo;
  if (!backend || !ctrl || !svc) {
    warnings.push(probeMessage('probe.warn.noIngressController', { className: ing.className }));
    return;
  }
  const http = svc.ports.find((p) => p.name === 'http') ?? svc.ports.find((p) => p.port === 80) ?? svc.ports[0];
  if (!http) return;
  const service = { name: backend.name, policy: backend.policy, type: backend.type };
  let i = table.size;
  const lbs = svc.loadBalancer.ingress.map((x) => x.ip).filter((x): x is string => Boolean(x));
  for (const address of lbs) table.set(targetLabel(i++), { target: { kind: 'ingress', node: null, address, port: http.port }, service, ingress: ing });
  if (http.nodePort) {
    for (const node of prepared.nodes) {
      if (!READY(node)) continue;
      const address = nodeAddress(node, prepared.options.addressType);
      if (address) table.set(targetLabel(i++), { target: { kind: 'ingress', node: node.metadata!.name!, address, port: http.nodePort }, service, ingress: ing });
    }
  }
}

async function readLogText(c: KubeClient, ns: string, name: string): Promise<string> {
  let text = '';
  await c.stream(`/api/v1/namespaces/${ns}/pods/${encodeURIComponent(name)}/log`, {}, (chunk) => (text += chunk));
  return text;
}
