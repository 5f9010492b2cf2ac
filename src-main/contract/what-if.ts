// inspect.whatIf: preview hypothetical changes to one service (docs/what-if.md). The changes are
// validated here like every payload; main reads the service, applies them to a copy and
// predicts before and after. Nothing is written to the cluster.
import { z } from 'zod';
import type { WhatIfChange, WhatIfResult as CoreWhatIfResult } from '../core/what-if/types';
import { InspectRef } from './inspect';

const policy = z.enum(['Cluster', 'Local']);
const proxy = z.enum(['v1', 'v2']).nullable();
const name = z.string().min(1).max(253);

export const WhatIfChangeSchema = z.discriminatedUnion('key', [
  z.object({ key: z.literal('etp'), value: policy }).strict(),
  z.object({ key: z.literal('itp'), value: policy }).strict(),
  z.object({ key: z.literal('lb-proxy'), value: proxy }).strict(),
  z.object({ key: z.literal('relay-proxy'), relay: z.string().min(1).max(63), value: proxy }).strict(),
  z.object({ key: z.literal('use-forwarded-headers'), value: z.boolean() }).strict(),
  z.object({ key: z.literal('compute-full-forwarded-for'), value: z.boolean() }).strict(),
  z.object({ key: z.literal('use-proxy-protocol'), value: z.boolean() }).strict(),
  z.object({ key: z.literal('proxy-real-ip-cidr'), value: z.array(z.union([z.cidrv4(), z.cidrv6()])).min(1).max(32) }).strict(),
  z.object({ key: z.literal('endpoints-on'), nodes: z.array(name).min(1).max(64) }).strict(),
]);

// Both directions: the schema and the core type describe the same changes.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesCore: Same<z.infer<typeof WhatIfChangeSchema>, WhatIfChange> = true;
void schemaMatchesCore;

export const WhatIfRequest = InspectRef.extend({ changes: z.array(WhatIfChangeSchema).min(1).max(16) }).strict();
export type WhatIfRequest = z.input<typeof WhatIfRequest>;

export const WhatIfResultSchema = z.custom<CoreWhatIfResult>();
export type WhatIfResult = CoreWhatIfResult;
export type { WhatIfChange, PathChange, PathOutcome, WhatIfDiff } from '../core/what-if/types';
export type { WhatIfCode } from '../core/what-if/catalog';
