// The expectations file ("client-IP checks as code"): what must hold for the client address of
// each service, per origin and entry. One zod schema; docs/expectations.schema.json is generated
// from it (expectations-schema.test.ts fails when the two drift apart). Documented in
// docs/expectations.md; bump the apiVersion on incompatible changes.
import { z } from 'zod';

export const EXPECTATIONS_API_VERSION = 'snatscope.io/v1alpha1';
export const EXPECTATIONS_KIND = 'ClientIPExpectations';

const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const NODE_NAME = '[a-z0-9]([-a-z0-9.]*[a-z0-9])?';

/** What the backend must be able to learn about the client on a path. */
export const CLIENT_IP = ['preserved', 'x-forwarded-for', 'x-real-ip', 'proxy-protocol', 'visible', 'snat', 'dropped'] as const;
export type ClientIpExpectation = (typeof CLIENT_IP)[number];

const ip = z.union([z.ipv4(), z.ipv6()]);
const port = z.number().int().min(1).max(65535);

export const ExpectationRelay = z
  .object({
    name: z.string().regex(new RegExp(`^${DNS_LABEL}$`)).max(63),
    address: ip.describe('the relay address the backend sees when the relay opens its own connection'),
    mode: z.enum(['l4', 'l7']),
    proxyProtocol: z.enum(['v1', 'v2']).optional(),
    xForwardedFor: z.boolean().optional().describe('l7 relays: appends the client to X-Forwarded-For'),
    forwardsTo: z.object({ node: z.string().regex(new RegExp(`^${NODE_NAME}$`)), port }).strict(),
    /** With --probe: where requests can reach the relay (it must forward to the probe's fixed nodePort). */
    listen: z.object({ address: ip, port }).strict().optional(),
  })
  .strict();

export const Expectation = z
  .object({
    from: z
      .string()
      .regex(new RegExp(`^(desktop|pods|pod/${NODE_NAME}|node/${NODE_NAME}|relay/${DNS_LABEL})$`))
      .describe('where the request starts'),
    via: z
      .string()
      .regex(new RegExp(`^(any|any-node|endpoint-nodes|node/${NODE_NAME}|load-balancer|cluster-ip)$`))
      .optional()
      .describe('which entry into the cluster (default: any)'),
    clientIP: z.enum(CLIENT_IP).describe('what the backend must see'),
    description: z.string().max(500).optional(),
  })
  .strict();
export type Expectation = z.infer<typeof Expectation>;

export const ServiceExpectations = z
  .object({
    service: z.string().regex(new RegExp(`^${DNS_LABEL}/${DNS_LABEL}$`)),
    expect: z.array(Expectation).min(1),
  })
  .strict();

export const ExpectationsFile = z
  .object({
    apiVersion: z.literal(EXPECTATIONS_API_VERSION),
    kind: z.literal(EXPECTATIONS_KIND),
    relays: z.array(ExpectationRelay).max(16).optional(),
    /** --probe only: nodePorts the probe services request, for relays pointed at them. */
    probe: z
      .object({ fixedNodePorts: z.object({ Cluster: port.optional(), Local: port.optional() }).strict().optional() })
      .strict()
      .optional(),
    services: z.array(ServiceExpectations).min(1).max(200),
  })
  .strict();
export type ExpectationsFile = z.infer<typeof ExpectationsFile>;

/** The JSON Schema of the file (draft 2020-12), as committed in docs/expectations.schema.json. */
export function expectationsJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ExpectationsFile, { io: 'input' }),
    $id: 'https://snatscope.io/schemas/expectations-v1alpha1.json',
    title: 'SNATScope client-IP expectations',
  };
}
