// The session document's schema, for opening saved files: every field checked (types, sizes),
// so a malformed or hostile file yields a clear error instead of a crash later in the UI.
import { z } from 'zod';
import { SESSION_KIND, SESSION_VERSION } from '../probe/session-types';

const text = z.string().max(10_000);
const short = z.string().max(1_000);
const addr = z.string().max(256);
const num = z.number().finite();
const nullable = <T extends z.ZodType>(t: T) => t.nullable();
const list = <T extends z.ZodType>(t: T, max = 10_000) => z.array(t).max(max);
const dict = (max = 1_000) => z.record(short, text).refine((r) => Object.keys(r).length <= max, 'too many entries');

const stepParam = z.union([text, num, z.object({ t: short }).strict()]);
export const StepSchema = z.object({ code: short, params: z.record(short, stepParam).refine((r) => Object.keys(r).length <= 64, 'too many parameters') });
const steps = list(StepSchema, 500);

export const FixSchema = z.object({
  id: short,
  title: StepSchema,
  description: steps,
  tradeoffs: steps,
  snippets: list(z.object({ language: short, label: StepSchema, text: z.string().max(100_000) }), 50),
});

const errorSchema = z.object({
  code: short,
  message: text,
  action: text.optional(),
  i18n: z.object({ key: short, params: z.record(short, z.union([text, num])).optional() }).optional(),
  localized: z.record(short, z.object({ message: text, action: text.optional() })).optional(),
  details: z.unknown().optional(),
});

const taint = z.object({ key: short, value: nullable(short), effect: short });
const node = z.object({
  name: short,
  addresses: z.object({ internalIPs: list(addr, 64), externalIPs: list(addr, 64), hostnames: list(short, 64) }),
  podCIDRs: list(addr, 16),
  zone: nullable(short),
  ready: z.boolean(),
  unschedulable: z.boolean(),
  taints: list(taint, 100),
  labels: dict(),
  tunnel: nullable(z.object({ kind: short, address: addr, source: short })),
  routerAddress: nullable(addr),
  flannelBackend: nullable(short),
  warnings: list(text, 100),
});
const servicePort = z.object({ name: nullable(short), protocol: z.enum(['TCP', 'UDP', 'SCTP']), port: num, targetPort: z.union([short, num]), nodePort: nullable(num) });
const service = z.object({
  namespace: short,
  name: short,
  type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']),
  clusterIPs: list(addr, 8),
  ports: list(servicePort, 200),
  externalTrafficPolicy: z.enum(['Cluster', 'Local']),
  internalTrafficPolicy: z.enum(['Cluster', 'Local']),
  healthCheckNodePort: nullable(num),
  loadBalancer: z.object({
    ingress: list(z.object({ ip: nullable(addr), hostname: nullable(short), ipMode: nullable(z.enum(['VIP', 'Proxy'])) }), 64),
    loadBalancerClass: nullable(short),
    sourceRanges: list(addr, 1000),
    proxyProtocol: nullable(z.object({ annotation: short, value: text, version: nullable(z.enum(['v1', 'v2'])) })),
  }),
  externalIPs: list(addr, 64),
  sessionAffinity: z.enum(['None', 'ClientIP']),
  selector: nullable(dict()),
  annotations: dict(),
  warnings: list(text, 100),
});
const endpoint = z.object({
  address: addr,
  nodeName: nullable(short),
  zone: nullable(short),
  ready: z.boolean(),
  serving: z.boolean(),
  terminating: z.boolean(),
  targetRef: nullable(z.object({ kind: short, namespace: nullable(short), name: short })),
  ports: list(z.object({ name: nullable(short), port: num, protocol: z.enum(['TCP', 'UDP', 'SCTP']) }), 200),
});
const pod = z.object({ namespace: short, name: short, ip: nullable(addr), nodeName: nullable(short), hostNetwork: z.boolean(), ready: z.boolean(), phase: short, labels: dict() });
const proxy = z.object({
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
const cni = z.object({
  kind: short,
  evidence: list(text, 100),
  calico: nullable(z.object({ dataplane: short, natOutgoing: nullable(z.boolean()), encapsulation: short })),
  cilium: nullable(z.object({ kubeProxyReplacement: nullable(z.boolean()), lbMode: nullable(short), tunnel: nullable(short) })),
  flannel: nullable(z.object({ backend: short, ipMasq: nullable(z.boolean()) })),
  warnings: list(text, 100),
});
export const InventorySchema = z.object({
  cluster: z.object({ context: short, serverHash: short, version: nullable(short) }),
  nodes: list(node, 20_000),
  service: nullable(service),
  endpoints: list(endpoint, 20_000),
  pods: list(pod, 20_000),
  proxy,
  cni,
  // The fields the views use are checked; the rest of these records is kept as it is.
  ingressControllers: list(
    z.looseObject({ className: short, controller: short, kind: z.enum(['ingress-nginx', 'other']), namespace: nullable(short), service: nullable(z.object({ namespace: short, name: short })), pods: list(pod, 1_000), warnings: list(text, 100) }),
    100,
  ),
  ingresses: list(z.looseObject({ namespace: short, name: short, className: nullable(short), tls: z.boolean(), warnings: list(text, 100) }), 1_000),
  warnings: list(text, 1_000),
});

const ipPort = z.object({ ip: nullable(addr), port: nullable(num) });
const target = z.object({ kind: z.enum(['nodePort', 'loadBalancer', 'clusterIP', 'relay', 'ingress']), node: nullable(short), address: addr, port: num });
const ingressRef = nullable(z.object({ className: short, host: short, path: short })).optional();
const probeService = z.object({ name: short, policy: z.enum(['Cluster', 'Local']), type: z.enum(['NodePort', 'LoadBalancer']) });
const result = z.enum(['ok', 'timeout', 'refused', 'reset', 'unreachable', 'http-error', 'proxy-error', 'other']);
const headers = nullable(z.object({ xForwardedFor: nullable(text), xRealIp: nullable(text), forwarded: nullable(text) }));
const proxyHeader = nullable(z.object({ version: num, source: nullable(addr) }));
const origin = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('desktop'), address: nullable(addr) }),
  z.object({ kind: z.literal('pod'), node: short, pod: short, address: nullable(addr) }),
  z.object({ kind: z.literal('relay'), relay: short, address: nullable(addr) }),
]);
const observation = z.object({
  id: short,
  attempt: num,
  origin,
  target,
  service: probeService,
  ingress: ingressRef,
  result,
  status: nullable(num),
  source: nullable(ipPort),
  echoPod: nullable(z.object({ name: nullable(short), node: nullable(short), ip: nullable(addr) })),
  headers,
  proxyHeader,
  local: nullable(ipPort),
  timings: z.object({ connectMs: nullable(num), totalMs: nullable(num) }),
  error: nullable(text),
});
const verdict = z.enum(['preserved', 'snat', 'dropped', 'rejected', 'proxied', 'broken']);
const obsClass = z.enum(['client', 'client-egress', 'node-ip', 'bridge-gateway', 'overlay', 'lb', 'relay', 'ingress-pod', 'pod', 'unknown']);
const hopKind = z.enum(['client', 'relay', 'lb', 'node', 'pod', 'ingress']);
const path = z.object({
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
  headers,
  proxyHeader,
  predicted: z.object({ verdict, address: nullable(addr), class: obsClass, rewrittenBy: nullable(z.object({ kind: hopKind, name: short })), pathId: nullable(short) }),
  observed: z.object({
    verdict: z.union([verdict, z.literal('unknown')]),
    class: nullable(obsClass),
    node: nullable(short),
    via: nullable(z.enum(['node-ip', 'bridge-gateway', 'overlay'])),
    rewritingHop: nullable(z.object({ kind: hopKind, name: short, address: nullable(addr) })),
  }),
  matches: z.boolean(),
  note: steps,
  explanation: steps,
  fixIds: list(short, 50),
});
const podProgress = z.object({
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

export const SessionSchema = z.object({
  kind: z.literal(SESSION_KIND),
  version: z.literal(SESSION_VERSION),
  id: z.string().regex(/^[0-9a-zA-Z-]{1,64}$/),
  createdAt: short,
  finishedAt: short,
  app: z.object({ name: short, version: short }),
  cluster: z.object({ context: short, serverHash: short, version: nullable(short) }),
  status: z.enum(['completed', 'failed', 'cancelled']),
  error: nullable(errorSchema),
  finding: steps,
  plan: z.object({
    namespace: short,
    image: short,
    mode: z.enum(['matrix', 'service']),
    target: nullable(z.object({ namespace: short, name: short })),
    echoNodes: list(short, 5_000),
    clientNodes: list(short, 5_000),
    addressType: z.enum(['InternalIP', 'ExternalIP']),
    repeat: num,
    yaml: z.string().max(5_000_000),
    permissions: list(z.object({ verb: short, resource: short, namespace: nullable(short), allowed: z.boolean() }), 200),
    relays: list(
      z.object({
        name: short,
        address: addr,
        mode: z.enum(['l4', 'l7']),
        proxyProtocol: nullable(z.enum(['v1', 'v2'])),
        addsXForwardedFor: z.boolean(),
        forwardsTo: z.object({ node: short, port: num }),
        listen: nullable(z.object({ address: addr, port: num })),
      }),
      64,
    ).optional(),
  }),
  inventory: InventorySchema,
  services: list(z.object({ name: short, policy: z.enum(['Cluster', 'Local']), type: z.enum(['NodePort', 'LoadBalancer']), nodePort: nullable(num), clusterIP: nullable(addr), lbAddresses: list(addr, 64) }), 64),
  echoPods: list(z.object({ name: short, node: nullable(short), ip: nullable(addr) }), 5_000),
  clientPods: list(z.object({ name: short, node: short, ip: nullable(addr), completed: z.boolean() }), 5_000),
  observations: list(observation, 500_000),
  paths: list(path, 200_000),
  fixes: list(FixSchema, 100),
  cleanup: z.object({ outcome: short, message: nullable(text) }),
  timings: z.record(short, num),
  warnings: list(text, 1_000),
  progress: list(podProgress, 10_000),
  redacted: z.boolean(),
});
