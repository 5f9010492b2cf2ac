// The strict schema must accept every session this version writes: a field the types have and
// the schema lacks would make the app refuse its own files. Checked by the compiler both ways.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Session } from '../probe/session-types';
import type { SessionSchema } from './session-schema';

type Parsed = z.infer<typeof SessionSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Keys only: the schema widens some literal unions to strings (e.g. CNI kinds), which is fine.
type DeepKeys<T> = T extends (infer U)[] ? DeepKeys<U> : T extends object ? { [K in keyof T]-?: DeepKeys<NonNullable<T[K]>> } : unknown;

describe('session schema and session types', () => {
  it('describe the same fields', () => {
    const same: Same<DeepKeys<Session>, DeepKeys<Parsed>> = true;
    expect(same).toBe(true);
  });
});
