import type { ContractError } from '../../contract';

/**
 * An error meant for the user: a stable code, a one-line cause and a suggested action.
 * Anything else thrown by a handler is reported as `internal` without leaking its text.
 */
export class AppError extends Error {
  readonly code: string;
  readonly action: string | undefined;
  readonly i18n: ContractError['i18n'];
  readonly details: unknown;
  readonly localized: ContractError['localized'];

  constructor(init: ContractError) {
    super(init.message);
    this.name = 'AppError';
    this.code = init.code;
    this.action = init.action;
    this.i18n = init.i18n;
    this.details = init.details;
    this.localized = init.localized;
  }

  toContract(): ContractError {
    const out: ContractError = { code: this.code, message: this.message };
    if (this.action !== undefined) out.action = this.action;
    if (this.i18n !== undefined) out.i18n = this.i18n;
    if (this.details !== undefined) out.details = this.details;
    if (this.localized !== undefined) out.localized = this.localized;
    return out;
  }
}
