// The probe plan: every object the probe will create, built before anything is applied so the
// user sees it (and a dry run exports it as YAML). Pods pass Pod Security "restricted".
import type { V1ConfigMap, V1Ingress, V1Namespace, V1Pod, V1Service } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import {
  CREATED_ANNOTATION,
  ECHO_CONFIGMAP,
  ECHO_MOUNT,
  ECHO_TCP_PORT,
  ECHO_UDP_PORT,
  EXPIRES_ANNOTATION,
  MANAGED_BY,
  MANAGED_BY_LABEL,
  NODE_LABEL,
  OWNER_ANNOTATION,
  OWNER_HOST_ANNOTATION,
  OWNER_PID_ANNOTATION,
  POLICY_LABEL,
  ROLE_LABEL,
  RUN_ID_LABEL,
  dnsLabel,
  namespaceFor,
} from './names';

/**
 * Pinned by digest (the multi-arch index of node:22-alpine): a tag can be re-pointed, and this
 * image runs on every node. To use a mirror: `crane copy <this> registry.example/node:22-alpine`
 * (or `docker buildx imagetools create --tag …`), then set the probe image (docs/security.md).
 */
export const DEFAULT_IMAGE = 'docker.io/library/node:22-alpine@sha256:8094c002d08262dba12645a3b4a15cd6cd627d30bc782f53229a2ec13ee22a00';
/** Taints that mark control-plane nodes (kubeadm; the second is the pre-1.24 name). */
export const CONTROL_PLANE_TAINTS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];
export const DEFAULT_CLIENT_NODE_CAP = 20;
/** Upper bound on one prober's requests in flight (a client pod, or the desktop). */
export const MAX_PROBE_CONCURRENCY = 256;

/**
 * Requests in flight for a prober with `requests` to send. A drop (Local policy on a node without
 * endpoints) only shows as a timeout, so probers that sent 16 or 32 at a time waited one timeout
 * per wave: 13 s instead of 4 s from pods running to the matrix on 30 nodes (docs/benchmarks.md).
 * All at once, within a bound that stays polite to the nodes.
 */
export function probeConcurrency(requests: number): number {
  return Math.max(1, Math.min(MAX_PROBE_CONCURRENCY, Math.floor(requests)));
}

export type Policy = 'Cluster' | 'Local';

export interface PlanInput {
  runId: string;
  owner: { user: string; host: string; pid: number };
  now: Date;
  ttlMinutes: number;
  /** Node names (in display order) the probe may use, with their taints. */
  nodes: { name: string; hostnameLabel: string | null; taints?: { key: string; value?: string; effect: string }[] }[];
  /** Tolerate control-plane NoSchedule taints (otherwise only the node's other NoSchedule taints). */
  tolerateControlPlane?: boolean;
  /** spec.loadBalancerSourceRanges of LoadBalancer probe services. */
  loadBalancerSourceRanges?: string[];
  /** The run key: the echo answers in full only to requests that carry it (echo.mjs). */
  echoKey?: string;
  /** Nodes that run an echo pod. */
  echoNodes: string[];
  /** Nodes that run a client pod (already capped by the caller). */
  clientNodes: string[];
  /** Nodes that run a hostNetwork client pod: the node-process origin (opt-in; already capped). */
  hostClientNodes?: string[];
  image: string;
  imagePullSecrets: string[];
  policies: Policy[];
  /** Also create LoadBalancer services (when the cluster provides LBs). */
  loadBalancer: boolean;
  /** Request these nodePorts (for relays pointing at fixed ports); null = allocate. */
  fixedNodePorts: Partial<Record<Policy, number>>;
  /** Mirror mode: copy the target service's session affinity and internal traffic policy. */
  sessionAffinity: 'None' | 'ClientIP';
  internalTrafficPolicy: 'Cluster' | 'Local';
  echoSource: string;
  /** Through-ingress mode: an Ingress on this class/host/path to the Cluster-policy echo service. */
  ingress?: { className: string; host: string; path: string } | null;
}

export interface ProbeServicePlan {
  name: string;
  type: 'NodePort' | 'LoadBalancer';
  policy: Policy;
  requestedNodePort: number | null;
}

export interface Plan {
  runId: string;
  namespace: string;
  image: string;
  echoNodes: string[];
  clientNodes: string[];
  services: ProbeServicePlan[];
  namespaceObject: V1Namespace;
  configMap: V1ConfigMap;
  echoPods: V1Pod[];
  serviceObjects: V1Service[];
  /** Client pods are built once the services' nodePorts are known (see clientPod); hostNetwork ones stand for node processes. */
  clientPodNames: ClientPodName[];
  /** Nodes with a hostNetwork client pod (the node-process origin). */
  hostClientNodes: string[];
  /** Through-ingress mode only. */
  ingressObject: V1Ingress | null;
  expiresAt: string;
}

export function labelsFor(runId: string, role: string, extra: Record<string, string> = {}): Record<string, string> {
  return { [MANAGED_BY_LABEL]: MANAGED_BY, [RUN_ID_LABEL]: runId, [ROLE_LABEL]: role, ...extra };
}

export function buildPlan(input: PlanInput): Plan {
  const namespace = namespaceFor(input.runId);
  const expiresAt = new Date(input.now.getTime() + input.ttlMinutes * 60_000).toISOString();
  const nsObject: V1Namespace = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: namespace,
      labels: {
        [MANAGED_BY_LABEL]: MANAGED_BY,
        [RUN_ID_LABEL]: input.runId,
        // Our pods already pass "restricted"; enforcing it documents that and protects the namespace.
        // hostNetwork client pods (the node-process origin, opt-in) need "privileged": baseline forbids
        // host namespaces (kubernetes.io/docs/concepts/security/pod-security-standards/#baseline).
        'pod-security.kubernetes.io/enforce': (input.hostClientNodes ?? []).length ? 'privileged' : 'restricted',
      },
      annotations: {
        [OWNER_ANNOTATION]: input.owner.user,
        [OWNER_HOST_ANNOTATION]: input.owner.host,
        [OWNER_PID_ANNOTATION]: String(input.owner.pid),
        [CREATED_ANNOTATION]: input.now.toISOString(),
        [EXPIRES_ANNOTATION]: expiresAt,
      },
    },
  };
  const configMap: V1ConfigMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: ECHO_CONFIGMAP, namespace, labels: labelsFor(input.runId, 'echo-script') },
    data: { 'echo.mjs': input.echoSource },
  };
  const echoPods = input.echoNodes.map((node, i) => echoPod(input, namespace, node, i));
  const services: ProbeServicePlan[] = [];
  for (const policy of input.policies) {
    services.push({ name: `echo-${policy.toLowerCase()}`, type: 'NodePort', policy, requestedNodePort: input.fixedNodePorts[policy] ?? null });
    if (input.loadBalancer) services.push({ name: `echo-lb-${policy.toLowerCase()}`, type: 'LoadBalancer', policy, requestedNodePort: null });
  }
  const serviceObjects = services.map((s) => serviceObject(input, namespace, s));
  const clientPodNames: ClientPodName[] = [
    ...input.clientNodes.map((node, i) => ({ node, name: `client-${i}-${dnsLabel(node, 30)}` })),
    ...(input.hostClientNodes ?? []).map((node, i) => ({ node, name: `host-${i}-${dnsLabel(node, 30)}`, hostNetwork: true as const })),
  ];
  return {
    runId: input.runId,
    namespace,
    image: input.image,
    echoNodes: input.echoNodes,
    clientNodes: input.clientNodes,
    hostClientNodes: input.hostClientNodes ?? [],
    services,
    namespaceObject: nsObject,
    configMap,
    echoPods,
    serviceObjects,
    clientPodNames,
    ingressObject: input.ingress ? ingressObject(input, namespace, services) : null,
    expiresAt,
  };
}

function ingressObject(input: PlanInput, namespace: string, services: ProbeServicePlan[]): V1Ingress {
  const ing = input.ingress!;
  const backend = services.find((s) => s.type === 'NodePort' && s.policy === 'Cluster') ?? services[0]!;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'echo', namespace, labels: labelsFor(input.runId, 'echo-ingress') },
    spec: {
      ingressClassName: ing.className,
      rules: [{ host: ing.host, http: { paths: [{ path: ing.path, pathType: 'Prefix', backend: { service: { name: backend.name, port: { number: ECHO_TCP_PORT } } } }] } }],
    },
  };
}

function nodeAffinity(input: PlanInput, node: string) {
  const hostname = input.nodes.find((n) => n.name === node)?.hostnameLabel ?? node;
  // Required affinity on kubernetes.io/hostname (not spec.nodeName): the scheduler still checks
  // taints and resources, so an unschedulable node is reported instead of silently failing.
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [hostname] }] }],
      },
    },
  };
}

/** Pod Security "restricted": non-root, no privilege escalation, no capabilities, RuntimeDefault seccomp, read-only root. */
function podBase(input: PlanInput, node: string) {
  return {
    affinity: nodeAffinity(input, node),
    // The pod is pinned to one node: tolerate that node's NoSchedule taints, but a control-plane
    // taint only when asked (the probe must not land there by default). NoExecute is respected.
    tolerations: tolerationsFor(input, node),
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    terminationGracePeriodSeconds: 2,
    securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
    ...(input.imagePullSecrets.length ? { imagePullSecrets: input.imagePullSecrets.map((name) => ({ name })) } : {}),
    volumes: [{ name: 'echo', configMap: { name: ECHO_CONFIGMAP } }],
  };
}

export function tolerationsFor(input: PlanInput, node: string): { key: string; operator: 'Exists'; effect: 'NoSchedule' }[] {
  const taints = input.nodes.find((n) => n.name === node)?.taints ?? [];
  const keys = taints.filter((t) => t.effect === 'NoSchedule' && (input.tolerateControlPlane || !CONTROL_PLANE_TAINTS.includes(t.key))).map((t) => t.key);
  return [...new Set(keys)].map((key) => ({ key, operator: 'Exists', effect: 'NoSchedule' }));
}

function containerSecurity() {
  return { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } };
}

const resources = { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '200m', memory: '96Mi' } };

function downwardEnv(key?: string) {
  return [
    // The run key (random per run, worthless once the namespace is gone): see echo.mjs.
    ...(key ? [{ name: 'SNATSCOPE_KEY', value: key }] : []),
    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
    { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
  ];
}

function echoPod(input: PlanInput, namespace: string, node: string, index: number): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `echo-${index}-${dnsLabel(node, 30)}`, namespace, labels: labelsFor(input.runId, 'echo', { [NODE_LABEL]: dnsLabel(node, 63) }) },
    spec: {
      ...podBase(input, node),
      restartPolicy: 'Always',
      containers: [
        {
          name: 'echo',
          image: input.image,
          imagePullPolicy: 'IfNotPresent',
          command: ['node', `${ECHO_MOUNT}/echo.mjs`, 'serve', '--port', String(ECHO_TCP_PORT), '--udp-port', String(ECHO_UDP_PORT)],
          env: downwardEnv(input.echoKey),
          ports: [
            { name: 'http', containerPort: ECHO_TCP_PORT, protocol: 'TCP' },
            { name: 'udp', containerPort: ECHO_UDP_PORT, protocol: 'UDP' },
          ],
          readinessProbe: { httpGet: { path: '/healthz', port: ECHO_TCP_PORT }, periodSeconds: 1, initialDelaySeconds: 0, failureThreshold: 3 },
          securityContext: containerSecurity(),
          resources,
          volumeMounts: [{ name: 'echo', mountPath: ECHO_MOUNT, readOnly: true }],
        },
      ],
    },
  } as V1Pod;
}

function serviceObject(input: PlanInput, namespace: string, s: ProbeServicePlan): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: s.name, namespace, labels: labelsFor(input.runId, 'echo-service', { [POLICY_LABEL]: s.policy }) },
    spec: {
      type: s.type,
      externalTrafficPolicy: s.policy,
      internalTrafficPolicy: input.internalTrafficPolicy,
      sessionAffinity: input.sessionAffinity,
      // A LoadBalancer is reachable from wherever the cloud routes it: only the desktop may.
      ...(s.type === 'LoadBalancer' ? { loadBalancerSourceRanges: input.loadBalancerSourceRanges ?? [] } : {}),
      selector: { [RUN_ID_LABEL]: input.runId, [ROLE_LABEL]: 'echo' },
      ports: [
        { name: 'http', protocol: 'TCP', port: ECHO_TCP_PORT, targetPort: ECHO_TCP_PORT, ...(s.requestedNodePort ? { nodePort: s.requestedNodePort } : {}) },
        { name: 'udp', protocol: 'UDP', port: ECHO_UDP_PORT, targetPort: ECHO_UDP_PORT },
      ],
    },
  } as V1Service;
}

export interface ClientPodName {
  node: string;
  name: string;
  hostNetwork?: true;
}

export interface ClientTarget {
  /** Stable id used to match the pod's result line to the matrix cell. */
  label: string;
  host: string;
  port: number;
  protocol: 'tcp' | 'udp';
}

/** A client pod on `node` that requests every target once per repeat and exits. */
export function clientPod(
  plan: Plan,
  input: Pick<PlanInput, 'runId' | 'image' | 'imagePullSecrets' | 'nodes' | 'echoKey'>,
  node: string,
  name: string,
  targets: ClientTarget[],
  repeat: number,
  hostNetwork = false,
): V1Pod {
  const base = podBase({ ...(input as PlanInput) }, node);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: plan.namespace, labels: labelsFor(plan.runId, 'client', { [NODE_LABEL]: dnsLabel(node, 63) }) },
    spec: {
      ...base,
      // In the node's network namespace: its requests leave as the node's own processes' do.
      ...(hostNetwork ? { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' } : {}),
      restartPolicy: 'Never',
      containers: [
        {
          name: 'client',
          image: input.image,
          imagePullPolicy: 'IfNotPresent',
          command: ['node', `${ECHO_MOUNT}/echo.mjs`, 'client', '--targets', targets.map(targetSpec).join(','), '--repeat', String(repeat), '--timeout-ms', '3000', '--concurrency', String(probeConcurrency(targets.length * repeat))],
          env: downwardEnv(input.echoKey),
          securityContext: containerSecurity(),
          resources,
          volumeMounts: [{ name: 'echo', mountPath: ECHO_MOUNT, readOnly: true }],
        },
      ],
    },
  } as V1Pod;
}

export function targetSpec(t: ClientTarget): string {
  return `${t.protocol === 'udp' ? 'udp://' : ''}${t.host}:${t.port}#${t.label}`;
}

/** The dry-run export: every object in apply order, as one multi-document YAML. */
export function planYaml(plan: Plan, clientPods: V1Pod[] = []): string {
  const docs = [plan.namespaceObject, plan.configMap, ...plan.echoPods, ...plan.serviceObjects, ...(plan.ingressObject ? [plan.ingressObject] : []), ...clientPods];
  return docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}

// ---- the backend calling its own Service (issue 15, item 1) ----------------------------------
// One more echo pod with a Service of its own per policy, so that it is that Service's only
// endpoint: every request it sends to its own ClusterIP or its node's NodePort comes back to
// itself (hairpin), which kube-proxy masquerades (KUBE-SEP-* `-s <endpoint>` → KUBE-MARK-MASQ).
// Its own Services keep the other probe services' endpoints untouched.

/** What the in-cluster step adds for the backend's own call: shown in the plan before anything is created. */
export function selfObjects(plan: Pick<Plan, 'echoNodes' | 'clientNodes' | 'services'>): { kind: string; name: string }[] {
  const node = plan.echoNodes[0];
  if (!node || plan.clientNodes.length === 0) return [];
  const policies = [...new Set(plan.services.map((s) => s.policy))];
  return [...policies.map((p) => ({ kind: 'Service', name: selfServiceName(p) })), { kind: 'Pod', name: `self-${dnsLabel(node, 40)}` }];
}

export function selfServiceName(policy: Policy): string {
  return `self-${policy.toLowerCase()}`;
}

export function selfServiceObject(plan: Pick<Plan, 'namespace' | 'runId'>, input: Pick<PlanInput, 'internalTrafficPolicy' | 'sessionAffinity'>, policy: Policy): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: selfServiceName(policy), namespace: plan.namespace, labels: labelsFor(plan.runId, 'self-service', { [POLICY_LABEL]: policy }) },
    spec: {
      type: 'NodePort',
      externalTrafficPolicy: policy,
      internalTrafficPolicy: input.internalTrafficPolicy,
      sessionAffinity: input.sessionAffinity,
      selector: { [RUN_ID_LABEL]: plan.runId, [ROLE_LABEL]: 'self' },
      ports: [{ name: 'http', protocol: 'TCP', port: ECHO_TCP_PORT, targetPort: ECHO_TCP_PORT }],
    },
  } as V1Service;
}

/** The self pod: an echo, and beside it (same network namespace) a client that calls the echo's own Services. */
export function selfPod(plan: Plan, input: PlanInput, node: string, targets: ClientTarget[], repeat: number): V1Pod {
  const echo = echoPod(input, plan.namespace, node, 0);
  const serve = echo.spec!.containers[0]!;
  return {
    ...echo,
    metadata: { name: `self-${dnsLabel(node, 40)}`, namespace: plan.namespace, labels: labelsFor(plan.runId, 'self', { [NODE_LABEL]: dnsLabel(node, 63) }) },
    spec: {
      ...echo.spec!,
      // The client finishes; the echo keeps serving until the namespace goes.
      restartPolicy: 'Never',
      containers: [
        serve,
        {
          name: 'client',
          image: input.image,
          imagePullPolicy: 'IfNotPresent',
          command: ['node', `${ECHO_MOUNT}/echo.mjs`, 'client', '--targets', targets.map(targetSpec).join(','), '--repeat', String(repeat), '--timeout-ms', '3000', '--wait-ms', '30000', '--concurrency', '4'],
          env: downwardEnv(input.echoKey),
          securityContext: containerSecurity(),
          resources,
          volumeMounts: [{ name: 'echo', mountPath: ECHO_MOUNT, readOnly: true }],
        },
      ],
    },
  } as V1Pod;
}
