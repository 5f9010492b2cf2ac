// The session document's schema, for opening saved files: every field checked (types, sizes),
// so a malformed or hostile file yields a clear error instead of a crash later in the UI.
// Strict: a key this version does not know is an error, not silently dropped, so one file cannot
// be both a session and something else (a kubeconfig is JSON too). Every list and record has a
// bound, and records are counted before their entries are checked (a million `timings` keys
// fail at once instead of after a million checks).
import { z } from 'zod';
import { SESSION_KIND, SESSION_VERSION } from '../probe/session-types';

const text = z.string().max(10_000);
const short = z.string().max(1_000);
const addr = z.string().max(256);
const num = z.number().finite();
const nullable = <T extends z.ZodType>(t: T) => t.nullable();
const list = <T extends z.ZodType>(t: T, max = 10_000) => z.array(t).max(max);
/** A record of at most `max` entries, counted before any entry is checked. */
const bounded = <T extends z.ZodType>(max: number, inner: T) =>
  z
    .unknown()
    .refine((v) => v === null || typeof v !== 'object' || Object.keys(v).length <= max, { message: `more than ${max} entries`, abort: true })
    .pipe(inner);
const record = <T extends z.ZodType>(value: T, max: number) => bounded(max, z.record(short, value));
const dict = (max = 1_000) => record(text, max);

const stepParam = z.union([text, num, z.strictObject({ t: short }).strict()]);
export const StepSchema = z.strictObject({ code: short, params: record(stepParam, 64) });
const steps = list(StepSchema, 500);

export const FixSchema = z.strictObject({
  id: short,
  title: StepSchema,
  description: steps,
  tradeoffs: steps,
  snippets: list(z.strictObject({ language: short, label: StepSchema, text: z.string().max(100_000) }), 50),
});

const errorSchema = z.strictObject({
  code: short,
  message: text,
  action: text.optional(),
  i18n: z.strictObject({ key: short, params: record(z.union([text, num]), 64).optional() }).optional(),
  localized: record(z.strictObject({ message: text, action: text.optional() }), 8).optional(),
  // Free-form diagnostics (e.g. which fields a request got wrong): kept, but small.
  details: z.unknown().refine((v) => v === undefined || (JSON.stringify(v)?.length ?? 0) <= 20_000, 'details are larger than 20,000 characters').optional(),
});

const taint = z.strictObject({ key: short, value: nullable(short), effect: short });
const node = z.strictObject({
  name: short,
  addresses: z.strictObject({ internalIPs: list(addr, 64), externalIPs: list(addr, 64), hostnames: list(short, 64) }),
  podCIDRs: list(addr, 16),
  zone: nullable(short),
  ready: z.boolean(),
  unschedulable: z.boolean(),
  taints: list(taint, 100),
  labels: dict(),
  tunnel: nullable(z.strictObject({ kind: short, address: addr, source: short })),
  routerAddress: nullable(addr),
  flannelBackend: nullable(short),
  warnings: list(text, 100),
});
const servicePort = z.strictObject({ name: nullable(short), protocol: z.enum(['TCP', 'UDP', 'SCTP']), port: num, targetPort: z.union([short, num]), nodePort: nullable(num) });
const service = z.strictObject({
  namespace: short,
  name: short,
  type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']),
  clusterIPs: list(addr, 8),
  ports: list(servicePort, 200),
  externalTrafficPolicy: z.enum(['Cluster', 'Local']),
  internalTrafficPolicy: z.enum(['Cluster', 'Local']),
  healthCheckNodePort: nullable(num),
  loadBalancer: z.strictObject({
    ingress: list(z.strictObject({ ip: nullable(addr), hostname: nullable(short), ipMode: nullable(z.enum(['VIP', 'Proxy'])) }), 64),
    loadBalancerClass: nullable(short),
    sourceRanges: list(addr, 1000),
    proxyProtocol: nullable(z.strictObject({ annotation: short, value: text, version: nullable(z.enum(['v1', 'v2'])) })),
  }),
  externalIPs: list(addr, 64),
  sessionAffinity: z.enum(['None', 'ClientIP']),
  selector: nullable(dict()),
  annotations: dict(),
  warnings: list(text, 100),
});
const endpoint = z.strictObject({
  address: addr,
  nodeName: nullable(short),
  zone: nullable(short),
  ready: z.boolean(),
  serving: z.boolean(),
  terminating: z.boolean(),
  targetRef: nullable(z.strictObject({ kind: short, namespace: nullable(short), name: short })),
  ports: list(z.strictObject({ name: nullable(short), port: num, protocol: z.enum(['TCP', 'UDP', 'SCTP']) }), 200),
});
const pod = z.strictObject({ namespace: short, name: short, ip: nullable(addr), nodeName: nullable(short), hostNetwork: z.boolean(), ready: z.boolean(), phase: short, labels: dict() });
const proxy = z.strictObject({
  source: short,
  mode: short,
  clusterCIDR: nullable(addr),
  masqueradeAll: z.boolean(),
  detectLocalMode: short,
  detectLocalValue: nullable(short),
  nodePortAddresses: list(addr, 100),
  daemonSetPresent: nullable(z.boolean()),
  replacedBy: nullable(short),
  warnings: list(text, 100),
});
const cni = z.strictObject({
  kind: short,
  evidence: list(text, 100),
  calico: nullable(z.strictObject({ dataplane: short, natOutgoing: nullable(z.boolean()), encapsulation: short })),
  cilium: nullable(z.strictObject({ kubeProxyReplacement: nullable(z.boolean()), lbMode: nullable(short), tunnel: nullable(short) })),
  flannel: nullable(z.strictObject({ backend: short, ipMasq: nullable(z.boolean()) })),
  warnings: list(text, 100),
});
const objectRef = z.strictObject({ namespace: short, name: short });
const ingressController = z.strictObject({
  className: short,
  controller: short,
  kind: z.enum(['ingress-nginx', 'other']),
  isDefaultClass: z.boolean(),
  namespace: nullable(short),
  workload: nullable(z.strictObject({ kind: z.enum(['Deployment', 'DaemonSet']), namespace: short, name: short })),
  hostNetwork: z.boolean(),
  service: nullable(objectRef),
  serviceInfo: nullable(service),
  pods: list(pod, 1_000),
  configMap: nullable(objectRef),
  config: z.strictObject({
    useForwardedHeaders: z.boolean(),
    computeFullForwardedFor: z.boolean(),
    useProxyProtocol: z.boolean(),
    enableRealIp: z.boolean(),
    forwardedForHeader: short,
    proxyRealIpCidr: list(addr, 1_000),
  }),
  warnings: list(text, 100),
});
const ingressBackend = z.strictObject({ service: short, port: z.union([num, short]) });
const ingress = z.strictObject({
  namespace: short,
  name: short,
  className: nullable(short),
  rules: list(z.strictObject({ host: nullable(short), paths: list(z.strictObject({ path: short, pathType: short, backend: ingressBackend }), 1_000) }), 1_000),
  defaultBackend: nullable(ingressBackend),
  tls: z.boolean(),
  warnings: list(text, 100),
});
export const InventorySchema = z.strictObject({
  cluster: z.strictObject({ context: short, serverHash: short, version: nullable(short) }),
  nodes: list(node, 20_000),
  service: nullable(service),
  endpoints: list(endpoint, 20_000),
  pods: list(pod, 20_000),
  proxy,
  cni,
  ingressControllers: list(ingressController, 100),
  ingresses: list(ingress, 1_000),
  warnings: list(text, 1_000),
});

const ipPort = z.strictObject({ ip: nullable(addr), port: nullable(num) });
const target = z.strictObject({ kind: z.enum(['nodePort', 'loadBalancer', 'clusterIP', 'relay', 'ingress']), node: nullable(short), address: addr, port: num });
const ingressRef = nullable(z.strictObject({ className: short, host: short, path: short })).optional();
const probeService = z.strictObject({ name: short, policy: z.enum(['Cluster', 'Local']), type: z.enum(['NodePort', 'LoadBalancer']) });
const result = z.enum(['ok', 'timeout', 'refused', 'reset', 'unreachable', 'http-error', 'proxy-error', 'other']);
const headers = nullable(z.strictObject({ xForwardedFor: nullable(text), xRealIp: nullable(text), forwarded: nullable(text) }));
const proxyHeader = nullable(z.strictObject({ version: num, source: nullable(addr) }));
const origin = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('desktop'), address: nullable(addr) }),
  z.strictObject({ kind: z.literal('pod'), node: short, pod: short, address: nullable(addr), backend: z.literal(true).optional(), hostNetwork: z.literal(true).optional() }),
  z.strictObject({ kind: z.literal('relay'), relay: short, address: nullable(addr) }),
]);
const observation = z.strictObject({
  id: short,
  attempt: num,
  origin,
  target,
  service: probeService,
  ingress: ingressRef,
  result,
  status: nullable(num),
  source: nullable(ipPort),
  echoPod: nullable(z.strictObject({ name: nullable(short), node: nullable(short), ip: nullable(addr) })),
  headers,
  proxyHeader,
  local: nullable(ipPort),
  timings: z.strictObject({ connectMs: nullable(num), totalMs: nullable(num) }),
  error: nullable(text),
});
const verdict = z.enum(['preserved', 'snat', 'dropped', 'rejected', 'proxied', 'broken']);
const obsClass = z.enum(['client', 'client-egress', 'node-ip', 'bridge-gateway', 'overlay', 'lb', 'relay', 'ingress-pod', 'pod', 'unknown']);
const hopKind = z.enum(['client', 'relay', 'lb', 'node', 'pod', 'ingress']);
const path = z.strictObject({
  id: short,
  origin,
  target,
  service: probeService,
  ingress: ingressRef,
  observationIds: list(short, 10_000),
  result,
  requests: num,
  okRequests: num,
  observedSource: nullable(addr),
  observedSources: list(addr, 1_000),
  observedSplit: list(z.strictObject({ address: addr, count: num, class: obsClass, node: nullable(short) }), 1_000).optional(),
  headers,
  proxyHeader,
  predicted: z.strictObject({ verdict, address: nullable(addr), class: obsClass, rewrittenBy: nullable(z.strictObject({ kind: hopKind, name: short })), pathId: nullable(short) }),
  observed: z.strictObject({
    verdict: z.union([verdict, z.literal('unknown')]),
    class: nullable(obsClass),
    node: nullable(short),
    via: nullable(z.enum(['node-ip', 'bridge-gateway', 'overlay'])),
    rewritingHop: nullable(z.strictObject({ kind: hopKind, name: short, address: nullable(addr) })),
  }),
  matches: z.boolean(),
  note: steps,
  explanation: steps,
  fixIds: list(short, 50),
});
const podProgress = z.strictObject({
  name: short,
  role: z.enum(['echo', 'client']),
  node: nullable(short),
  stage: z.enum(['pending', 'scheduled', 'pulling', 'running', 'ready', 'succeeded', 'failed']),
  reason: nullable(short),
  message: nullable(text),
  problem: nullable(z.enum(['image-pull', 'unschedulable', 'crash', 'config'])),
  restarts: num,
  podIP: nullable(addr),
});

export const SessionSchema = z.strictObject({
  kind: z.literal(SESSION_KIND),
  version: z.literal(SESSION_VERSION),
  id: z.string().regex(/^[0-9a-zA-Z-]{1,64}$/),
  createdAt: short,
  finishedAt: short,
  app: z.strictObject({ name: short, version: short }),
  cluster: z.strictObject({ context: short, serverHash: short, version: nullable(short) }),
  status: z.enum(['completed', 'failed', 'cancelled']),
  error: nullable(errorSchema),
  finding: steps,
  plan: z.strictObject({
    namespace: short,
    image: short,
    mode: z.enum(['matrix', 'service']),
    target: nullable(z.strictObject({ namespace: short, name: short })),
    echoNodes: list(short, 5_000),
    clientNodes: list(short, 5_000),
    addressType: z.enum(['InternalIP', 'ExternalIP']),
    repeat: num,
    yaml: z.string().max(5_000_000),
    permissions: list(z.strictObject({ verb: short, resource: short, namespace: nullable(short), allowed: z.boolean() }), 200),
    relays: list(
      z.strictObject({
        name: short,
        address: addr,
        mode: z.enum(['l4', 'l7']),
        proxyProtocol: nullable(z.enum(['v1', 'v2'])),
        addsXForwardedFor: z.boolean(),
        forwardsTo: z.strictObject({ node: short, port: num }),
        listen: nullable(z.strictObject({ address: addr, port: num })),
      }),
      64,
    ).optional(),
    targetService: z
      .object({
        type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']),
        externalTrafficPolicy: z.enum(['Cluster', 'Local']),
        healthCheckNodePort: nullable(num),
        nodePort: nullable(num),
        pods: list(z.object({ name: short, node: short }), 5_000),
        terminatingServing: num.optional(),
        selector: nullable(dict()).optional(),
      })
      .optional(),
  }),
  inventory: InventorySchema,
  services: list(z.strictObject({ name: short, policy: z.enum(['Cluster', 'Local']), type: z.enum(['NodePort', 'LoadBalancer']), nodePort: nullable(num), clusterIP: nullable(addr), lbAddresses: list(addr, 64) }), 64),
  echoPods: list(z.strictObject({ name: short, node: nullable(short), ip: nullable(addr) }), 5_000),
  clientPods: list(z.strictObject({ name: short, node: short, ip: nullable(addr), completed: z.boolean() }), 5_000),
  observations: list(observation, 200_000),
  paths: list(path, 100_000),
  fixes: list(FixSchema, 100),
  cleanup: z.strictObject({ outcome: short, message: nullable(text) }),
  timings: record(num, 64),
  warnings: list(text, 1_000),
  progress: list(podProgress, 10_000),
  redacted: z.boolean(),
  prediction: z.object({ assumptions: steps, warnings: steps }).optional(),
});
