// Helpers for declaring the renderer <-> main contract. Environment-neutral: imported by
// main, preload, the browser-mode bridge and the renderer.
import type { z } from 'zod';

export interface RequestSpec<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly params: P;
  readonly result: R;
}

export function request<P extends z.ZodType, R extends z.ZodType>(params: P, result: R): RequestSpec<P, R> {
  return { params, result };
}

/** Every failure crossing the contract has this shape; `code` is stable, `message` is English. */
export interface ContractError {
  /** Stable machine code, e.g. `invalid-params`, `unknown-request`, `k8s.unauthorized`. */
  code: string;
  /** One line: what went wrong. */
  message: string;
  /** One line: what the user can do about it (optional). */
  action?: string;
  /** i18n key the renderer may use instead of `message`, with its parameters. */
  i18n?: { key: string; params?: Record<string, string | number> };
  /** The same message and action in other UI languages (e.g. 'zh-CN'), rendered by main. */
  localized?: Record<string, { message: string; action?: string }>;
  /** Extra structured detail (e.g. validation issues). Never contains credentials. */
  details?: unknown;
}

export type Envelope<T> = { ok: true; result: T } | { ok: false; error: ContractError };
