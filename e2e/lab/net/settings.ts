// The scenario's data-plane section (DataPlaneContext.settings), documented in README.md.
import { z } from 'zod';
import { LAB_NETWORKS, OUTSIDE_NETWORK, POD_NETWORK, inCidr, isIPv4 } from './addresses';

const outsideAddress = z
  .string()
  .refine((s) => isIPv4(s) && inCidr(s, OUTSIDE_NETWORK), { message: `must be an address in ${OUTSIDE_NETWORK}` });

const RelayTarget = z
  .object({
    /** The node whose address the relay forwards to. */
    node: z.string().min(1),
    /** A fixed NodePort … */
    nodePort: z.number().int().min(1).max(65535).optional(),
    /** … or a Service ("namespace/name" or "name") whose NodePort is looked up on every sync. */
    service: z.string().min(1).optional(),
    /** Which service port (name or number) when the service has several. */
    servicePort: z.union([z.string(), z.number()]).optional(),
  })
  .strict()
  .refine((t) => t.nodePort !== undefined || t.service !== undefined, { message: 'relay target needs nodePort or service' });

export const RelaySettings = z
  .object({
    name: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?$/),
    address: outsideAddress,
    port: z.number().int().min(1).max(65535),
    /** l4: nginx `stream` (a new TCP connection); l7: nginx `http` proxy. */
    mode: z.enum(['l4', 'l7']),
    /** l4 only: send a PROXY protocol v1 header upstream. */
    proxyProtocol: z.boolean().default(false),
    /** l7 only: add the client to X-Forwarded-For (and set X-Real-IP). */
    xForwardedFor: z.boolean().default(false),
    target: RelayTarget,
  })
  .strict();

export const LoadBalancerSettings = z
  .object({
    /** The LB host's own address on the outside network. */
    address: outsideAddress.default('203.0.113.2'),
    /**
     * Addresses it may own for LoadBalancer services (ranges "a-b", CIDRs or single IPs); the
     * lab's service controller allocates them. Default: any address of the outside network that
     * is not the host's, the router's, a relay's or the LB's own.
     */
    pool: z.array(z.string()).optional(),
    /** How often node health checks are polled. */
    healthCheckIntervalMs: z.number().int().min(100).default(1000),
  })
  .strict();

export const DataPlaneSettings = z
  .object({
    /**
     * Who programs the nodes: `lab` renders kube-proxy's iptables rules itself (../kube-proxy);
     * `upstream` runs the real kube-proxy (../upstream) in every node, configured from the
     * kube-system/kube-proxy ConfigMap (iptables or nftables mode). Default: $SNATSCOPE_LAB_KUBE_PROXY,
     * else lab here — startLab makes it upstream for netns scenarios (upstream needs the API).
     */
    kubeProxy: z.enum(['lab', 'upstream']).default('lab'),
    /** host-gw: routes between nodes' pod CIDRs; vxlan: a flannel-like overlay (flannel.1 holds .0). */
    mode: z.enum(['host-gw', 'vxlan']).default('host-gw'),
    // kube-proxy switches. Unset, they come from the cluster's kube-system/kube-proxy ConfigMap
    // (KubeProxyConfiguration), else kube-proxy's defaults with clusterCIDR 198.19.0.0/16.
    /** kube-proxy's --cluster-cidr (the ClusterCIDR local-traffic detector). */
    clusterCIDR: z.string().optional(),
    /** kube-proxy's --masquerade-all. */
    masqueradeAll: z.boolean().optional(),
    /** kube-proxy's --detect-local-mode: ClusterCIDR, NodeCIDR, or none (no pod short-circuit, no `! -s` masquerade). */
    localDetector: z.enum(['ClusterCIDR', 'NodeCIDR', 'none']).optional(),
    /** kube-proxy's --iptables-localhost-nodeports. */
    localhostNodePorts: z.boolean().default(true),
    /** The host's address on the outside network (its veth into the lab). */
    hostAddress: outsideAddress.default('203.0.113.1'),
    /** The router's address on the outside network; the host routes the lab ranges via it. */
    routerAddress: outsideAddress.default('203.0.113.254'),
    /** Nodes that stop forwarding (a DROP at the top of FORWARD). */
    stopForwarding: z.array(z.string()).default([]),
    relays: z.array(RelaySettings).default([]),
    loadBalancer: LoadBalancerSettings.optional(),
    /** First back-off of image pulls and crash-looping containers (kubelet: 10s, doubling to 5min). */
    backoffBaseMs: z.number().int().min(10).default(10_000),
    /** How long a pod waits in ErrImagePull before it shows ImagePullBackOff. */
    errImagePullMs: z.number().int().min(0).default(2_000),
  })
  .strict()
  .refine((s) => s.clusterCIDR === undefined || inCidr(s.clusterCIDR.split('/')[0] ?? '', LAB_NETWORKS), { message: `clusterCIDR must lie in ${LAB_NETWORKS}`, path: ['clusterCIDR'] });

export const DEFAULT_CLUSTER_CIDR = POD_NETWORK;

export type DataPlaneSettings = z.infer<typeof DataPlaneSettings>;
export type RelaySettings = z.infer<typeof RelaySettings>;
export type LoadBalancerSettings = z.infer<typeof LoadBalancerSettings>;

export function parseSettings(raw: unknown): DataPlaneSettings {
  // `kind` selects this module in the lab's scenario; it is not ours to interpret.
  const { kind: _kind, ...rest } = (raw ?? {}) as Record<string, unknown>;
  const env = process.env.SNATSCOPE_LAB_KUBE_PROXY;
  if (rest.kubeProxy === undefined && env) rest.kubeProxy = env;
  const r = DataPlaneSettings.safeParse(rest);
  if (!r.success) throw new Error(`invalid data-plane settings: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return r.data;
}
