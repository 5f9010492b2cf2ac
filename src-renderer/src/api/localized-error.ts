import type { ContractError } from '../../../src-main/contract';

/** Main renders cluster errors in every UI language; pick the current one. */
export function localizedError(error: Pick<ContractError, 'message' | 'action' | 'localized'>, locale: string): { message: string; action: string | null } {
  const local = locale !== 'en' ? error.localized?.[locale] : undefined;
  return { message: local?.message ?? error.message, action: local?.action ?? error.action ?? null };
}
