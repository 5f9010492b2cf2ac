import type { ContractError } from '../../../src-main/contract';

/** A failed contract call, as thrown to renderer code. */
export class ApiError extends Error {
  readonly code: string;
  readonly action: string | undefined;
  readonly i18n: ContractError['i18n'];
  readonly details: unknown;

  constructor(error: ContractError) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.action = error.action;
    this.i18n = error.i18n;
    this.details = error.details;
  }
}
