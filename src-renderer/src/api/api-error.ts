import type { ContractError } from '../../../src-main/contract';

/** A failed contract call, as thrown to renderer code. */
export class ApiError extends Error {
  readonly code: string;
  readonly action: string | undefined;
  readonly i18n: ContractError['i18n'];
  readonly localized: ContractError['localized'];
  readonly details: unknown;

  constructor(error: ContractError) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.action = error.action;
    this.i18n = error.i18n;
    this.localized = error.localized;
    this.details = error.details;
  }
}

/** Any failure as the contract's error shape, for stores and panels. */
export function toContractError(error: unknown): ContractError {
  if (error instanceof ApiError) {
    return { code: error.code, message: error.message, ...(error.action ? { action: error.action } : {}), ...(error.localized ? { localized: error.localized } : {}) };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
