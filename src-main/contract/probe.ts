import { z } from 'zod';
import type { ExplainStep } from '../core/explain/types';
import { PROBE_STEPS } from './constants';

export { PROBE_STEPS } from './constants';
export const ProbeStep = z.enum(PROBE_STEPS);
export type ProbeStep = z.infer<typeof ProbeStep>;

export const StepState = z.enum(['pending', 'running', 'done', 'failed', 'skipped']);
export type StepState = z.infer<typeof StepState>;

export const PodProgressSchema = z.object({
  name: z.string(),
  role: z.enum(['echo', 'client']),
  node: z.string().nullable(),
  stage: z.enum(['pending', 'scheduled', 'pulling', 'running', 'ready', 'succeeded', 'failed']),
  reason: z.string().nullable(),
  message: z.string().nullable(),
  problem: z.enum(['image-pull', 'unschedulable', 'crash', 'config']).nullable(),
  restarts: z.number(),
  podIP: z.string().nullable(),
});
export type PodProgressInfo = z.infer<typeof PodProgressSchema>;

export const ProbeProgress = z.object({
  runId: z.string(),
  step: ProbeStep,
  state: StepState,
  message: z.string().nullable(),
  /** Set once the step takes longer than usual: what it waits for and for how long (an explanation step). */
  waiting: z
    .custom<ExplainStep>((v) => typeof v === 'object' && v !== null && typeof (v as { code?: unknown }).code === 'string')
    .nullable()
    .optional(),
  pods: z.array(PodProgressSchema),
  requests: z.object({ done: z.number(), total: z.number() }).nullable(),
  at: z.string(),
});
export type ProbeProgress = z.infer<typeof ProbeProgress>;

import { ProbeRelays } from './relay';

export { ProbeRelays, ProbeRelaySchema, type ProbeRelay } from './relay';

const dnsName = z.string().min(1).max(253);

export const ProbeOptions = z
  .object({
    contextId: z.string().regex(/^[0-9a-f]{16}$/),
    /** Probe the cluster's NodePort behaviour, or mirror an existing service. */
    target: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('matrix') }),
      z.object({ kind: z.literal('service'), namespace: dnsName, name: dnsName }),
    ]),
    echoNodes: z.union([z.enum(['one', 'all']), z.array(dnsName).min(1).max(500)]).default('one'),
    clientNodeCap: z.number().int().min(1).max(500).default(20),
    /**
     * nodes: node processes, measured by hostNetwork client pods (explicit opt-in: the probe
     * namespace then enforces Pod Security "privileged", as hostNetwork needs).
     */
    origins: z
      .object({ desktop: z.boolean().default(true), pods: z.boolean().default(true), nodes: z.boolean().default(false) })
      .default({ desktop: true, pods: true, nodes: false }),
    addressType: z.enum(['InternalIP', 'ExternalIP']).default('InternalIP'),
    image: z.string().min(1).max(512).optional(),
    imagePullSecrets: z.array(dnsName).max(16).default([]),
    policies: z.array(z.enum(['Cluster', 'Local'])).min(1).max(2).default(['Cluster', 'Local']),
    /**
     * LoadBalancer probe services are opt-in ('yes'): on a cloud they are public. 'auto' is kept for
     * older callers and no longer creates any (it only warns when the cluster has LBs).
     */
    loadBalancer: z.enum(['auto', 'yes', 'no']).default('no'),
    /** Who may reach a LoadBalancer probe service (the desktop's egress address as /32 or /128); required with loadBalancer 'yes'. */
    loadBalancerSourceRanges: z
      .array(z.string().max(64).regex(/^[0-9A-Fa-f.:]+\/\d{1,3}$/, 'a CIDR such as 203.0.113.7/32'))
      .max(16)
      .default([]),
    /** Also run on control-plane nodes (their NoSchedule taints are tolerated only then). */
    tolerateControlPlane: z.boolean().default(false),
    fixedNodePorts: z.object({ Cluster: z.number().int().min(1).max(65535).optional(), Local: z.number().int().min(1).max(65535).optional() }).default({}),
    relays: ProbeRelays.default([]),
    repeat: z.number().int().min(1).max(20).default(2),
    /**
     * Through-ingress mode (explicit opt-in): an Ingress in the probe namespace on this class,
     * host and path routes to the echo, so requests to the real front door pass the controller.
     * Pick a path nothing else serves: an Ingress for a production host/path diverts real traffic.
     */
    ingress: z
      .object({
        className: dnsName,
        host: z.string().min(1).max(253).regex(/^(\*\.)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a DNS host name'),
        path: z.string().max(200).regex(/^\/[A-Za-z0-9._~/-]*$/, 'a path starting with /').optional(),
        acknowledgeRisk: z.literal(true),
      })
      .strict()
      .optional(),
    keep: z.boolean().default(false),
    ttlMinutes: z.number().int().min(5).max(24 * 60).default(60),
    readyTimeoutSeconds: z.number().int().min(5).max(1800).default(120),
  })
  .strict();
export type ProbeOptionsInput = z.input<typeof ProbeOptions>;
export type ProbeOptions = z.output<typeof ProbeOptions>;

export const ResultClass = z.enum(['ok', 'timeout', 'refused', 'reset', 'unreachable', 'http-error', 'proxy-error', 'other']);
export type ResultClass = z.infer<typeof ResultClass>;

const ipPort = z.object({ ip: z.string().nullable(), port: z.number().nullable() });

/** One request of the probe and what the echo saw. */
export const ObservationSchema = z.object({
  id: z.string(),
  attempt: z.number(),
  origin: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('desktop'), address: z.string().nullable() }),
    // backend: the pod is one of the target's own endpoints calling its own Service (hairpin).
    // hostNetwork: a node process (the client pod shares the node's network namespace).
    z.object({ kind: z.literal('pod'), node: z.string(), pod: z.string(), address: z.string().nullable(), backend: z.literal(true).optional(), hostNetwork: z.literal(true).optional() }),
    z.object({ kind: z.literal('relay'), relay: z.string(), address: z.string().nullable() }),
  ]),
  target: z.object({
    kind: z.enum(['nodePort', 'loadBalancer', 'clusterIP', 'relay', 'ingress']),
    node: z.string().nullable(),
    address: z.string(),
    port: z.number(),
  }),
  /** Through-ingress requests: the Host and path sent to the ingress controller's entry. */
  ingress: z.object({ className: z.string(), host: z.string(), path: z.string() }).nullable().optional(),
  service: z.object({ name: z.string(), policy: z.enum(['Cluster', 'Local']), type: z.enum(['NodePort', 'LoadBalancer']) }),
  result: ResultClass,
  status: z.number().nullable(),
  /** The TCP peer the echo saw: the address a backend would log. */
  source: ipPort.nullable(),
  echoPod: z.object({ name: z.string().nullable(), node: z.string().nullable(), ip: z.string().nullable() }).nullable(),
  headers: z.object({ xForwardedFor: z.string().nullable(), xRealIp: z.string().nullable(), forwarded: z.string().nullable() }).nullable(),
  proxyHeader: z.object({ version: z.number(), source: z.string().nullable() }).nullable(),
  /** The client's own socket address for this request. */
  local: ipPort.nullable(),
  timings: z.object({ connectMs: z.number().nullable(), totalMs: z.number().nullable() }),
  error: z.string().nullable(),
});
export type Observation = z.infer<typeof ObservationSchema>;

export const RunRef = z.object({ runId: z.string().regex(/^[0-9a-f]{6}$/) }).strict();

export const ProbePlanView = z.object({
  runId: z.string(),
  contextId: z.string(),
  namespace: z.string(),
  image: z.string(),
  echoNodes: z.array(z.string()),
  clientNodes: z.array(z.string()),
  services: z.array(z.object({ name: z.string(), type: z.enum(['NodePort', 'LoadBalancer']), policy: z.enum(['Cluster', 'Local']), requestedNodePort: z.number().nullable() })),
  objects: z.array(z.object({ kind: z.string(), name: z.string() })),
  yaml: z.string(),
  permissions: z.array(z.object({ verb: z.string(), resource: z.string(), namespace: z.string().nullable(), allowed: z.boolean() })),
  missingPermissions: z.array(z.string()),
  warnings: z.array(z.string()),
  expiresAt: z.string(),
  /** nginx snippets pointing a relay test port at the fixed nodePorts (empty without fixed ports). */
  relaySnippets: z.array(z.object({ title: z.string(), text: z.string() })),
});
export type ProbePlanView = z.infer<typeof ProbePlanView>;

export const ProbeStarted = z.object({ runId: z.string(), started: z.boolean() });
