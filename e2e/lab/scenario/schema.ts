// The scenario format (documented in e2e/lab/README.md). Part 2 owns the shape of `dataPlane`;
// here it is passed through opaquely.
import { z } from 'zod';

const ipv4 = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/, 'an IPv4 address');
const cidr = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'an IPv4 CIDR');

export const taintSchema = z.object({ key: z.string(), value: z.string().optional(), effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']) });

export const nodeSchema = z.object({
  name: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/),
  labels: z.record(z.string(), z.string()).default({}),
  annotations: z.record(z.string(), z.string()).default({}),
  taints: z.array(taintSchema).default([]),
  /** Shorthand for an InternalIP address. */
  internalIP: ipv4.optional(),
  externalIP: ipv4.optional(),
  addresses: z.array(z.object({ type: z.enum(['InternalIP', 'ExternalIP', 'Hostname', 'InternalDNS', 'ExternalDNS']), address: z.string() })).default([]),
  podCIDR: cidr.optional(),
  zone: z.string().optional(),
  unschedulable: z.boolean().default(false),
  ready: z.boolean().default(true),
  roles: z.array(z.string()).default([]),
});

export const ruleSchema = z.object({
  verbs: z.array(z.string()).min(1),
  apiGroups: z.array(z.string()).optional(),
  resources: z.array(z.string()).optional(),
  resourceNames: z.array(z.string()).optional(),
  namespaces: z.array(z.string()).optional(),
  nonResourceURLs: z.array(z.string()).optional(),
});

export const userSchema = z.object({
  name: z.string().min(1),
  token: z.string().min(8).optional(),
  groups: z.array(z.string()).default([]),
  /** Shorthand for groups: [system:masters]. */
  admin: z.boolean().default(false),
  rules: z.array(ruleSchema).default([]),
  /** Fault: the token stops working this many seconds after the lab is up (401). */
  expiresAfterSeconds: z.number().nonnegative().optional(),
});

export const faultSchema = z.object({
  id: z.string().optional(),
  match: z
    .object({ method: z.string().optional(), path: z.string().optional(), resource: z.string().optional(), verb: z.string().optional(), user: z.string().optional(), namespace: z.string().optional() })
    .optional(),
  latencyMs: z.number().nonnegative().optional(),
  errorRate: z.number().min(0).max(1).optional(),
  // 5xx server errors, or 400/403/422 to stand in for an admission webhook or policy rejection.
  errorStatus: z.number().int().refine((n) => (n >= 500 && n <= 599) || n === 400 || n === 403 || n === 422, 'a 5xx, 400, 403 or 422 status').optional(),
  errorMessage: z.string().max(2000).optional(),
  resetRate: z.number().min(0).max(1).optional(),
  throttleRate: z.number().min(0).max(1).optional(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
  cutWatchAfterEvents: z.number().int().positive().optional(),
  times: z.number().int().positive().optional(),
});

export const kobjectSchema = z
  .object({ apiVersion: z.string(), kind: z.string(), metadata: z.object({ name: z.string().optional(), generateName: z.string().optional(), namespace: z.string().optional() }).loose() })
  .loose();

export const scenarioSchema = z.object({
  name: z.string().default('lab'),
  /** Seed for fault randomness (reproducible runs). */
  seed: z.number().int().optional(),
  serviceCIDR: cidr.default('198.18.240.0/20'),
  clusterCIDR: cidr.default('198.19.0.0/16'),
  nodes: z.array(nodeSchema).default([]),
  objects: z.array(kobjectSchema).default([]),
  users: z.array(userSchema).default([]),
  faults: z.array(faultSchema).default([]),
  loadBalancer: z.object({ pools: z.array(z.object({ name: z.string(), addresses: z.array(z.string()).min(1) })).default([]) }).default({ pools: [] }),
  api: z
    .object({
      bookmarkIntervalSeconds: z.number().positive().default(10),
      /** Watch history length (events); older resourceVersions get 410 Gone. */
      watchHistory: z.number().int().positive().default(10000),
    })
    .default({ bookmarkIntervalSeconds: 10, watchHistory: 10000 }),
  /** Synthetic objects for scale mode (api-only). */
  scale: z.object({ nodes: z.number().int().nonnegative().default(0), pods: z.number().int().nonnegative().default(0), services: z.number().int().nonnegative().default(0) }).optional(),
  /** Data plane settings (part 2 defines them); `kind` picks the implementation: fake (default) or netns. */
  dataPlane: z.looseObject({ kind: z.string().default('fake') }).default({ kind: 'fake' }),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioNode = z.infer<typeof nodeSchema>;
export type ScenarioUser = z.infer<typeof userSchema>;
