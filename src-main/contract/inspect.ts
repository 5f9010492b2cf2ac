import { z } from 'zod';
import { ContractErrorSchema } from './contexts';
import { ProbeRelays } from './relay';
import type { Answer as CoreAnswer, InspectResult as CoreInspectResult } from '../core/inspect/types';
import type { Hazard } from '../core/scan/scan';

const contextId = z.string().regex(/^[0-9a-f]{16}$/, 'a context id');
const dnsLabel = z.string().min(1).max(253).regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a Kubernetes name');

export const ServiceRef = z.object({ contextId, namespace: dnsLabel, name: dnsLabel }).strict();
export const ClusterRef = z.object({ contextId }).strict();
/** A service to predict, with the outside relays the user declared for this cluster (fact sheet §4). */
export const InspectRef = ServiceRef.extend({ relays: ProbeRelays.default([]) }).strict();

export const ServiceSummary = z.object({
  namespace: z.string(),
  name: z.string(),
  type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']),
  ports: z.array(z.object({ name: z.string().nullable(), port: z.number(), nodePort: z.number().nullable(), protocol: z.string() })),
  externalTrafficPolicy: z.enum(['Cluster', 'Local']),
  internalTrafficPolicy: z.enum(['Cluster', 'Local']),
  /** Highest hazard severity from the scan, null when none. */
  hazard: z.enum(['high', 'medium', 'low']).nullable(),
  hazardRules: z.array(z.string()),
  /** An Ingress routes to it (reachable from outside through the ingress controller). */
  ingress: z.boolean().default(false),
});
export type ServiceSummary = z.infer<typeof ServiceSummary>;

export const ClusterOverview = z.object({
  services: z.array(ServiceSummary),
  hazards: z.array(z.custom<Hazard>()),
  proxyMode: z.string(),
  cni: z.string(),
  nodes: z.number(),
  scannedAt: z.string(),
  /** This machine's address toward the nodes (suggested LoadBalancer source range), when known. */
  desktopAddress: z.string().nullable().optional(),
});
export type ClusterOverview = z.infer<typeof ClusterOverview>;

export const InspectResultSchema = z.custom<CoreInspectResult>();
export type InspectResult = CoreInspectResult;
export type Answer = CoreAnswer;

export const InspectUpdate = z.object({
  contextId: z.string(),
  namespace: z.string(),
  name: z.string(),
  result: InspectResultSchema.nullable(),
  error: ContractErrorSchema.nullable(),
});
export type InspectUpdate = z.infer<typeof InspectUpdate>;
