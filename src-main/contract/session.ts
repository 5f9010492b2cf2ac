import { z } from 'zod';
import type { Session } from '../core/probe/session-types';
import { ContractErrorSchema } from './contexts';

export type { Session, PathResult, CellOrigin, ProbeServiceInfo } from '../core/probe/session-types';
export { SESSION_KIND, SESSION_VERSION, cellOriginKey } from '../core/probe/session-types';

export const SessionSchema = z.custom<Session>();

export const ProbeFinished = z.object({
  runId: z.string(),
  contextId: z.string(),
  session: SessionSchema.nullable(),
  error: ContractErrorSchema.nullable(),
});
export type ProbeFinished = z.infer<typeof ProbeFinished>;

export const SweepReport = z.object({
  results: z.array(z.object({ namespace: z.string(), reason: z.string(), outcome: z.string(), error: z.string().nullable() })),
});
export type SweepReport = z.infer<typeof SweepReport>;
