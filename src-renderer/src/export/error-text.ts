// Errors from opening and exporting sessions, in the UI language: main's own translations where
// it sent them, the renderer's words for what only the renderer or the bridge can notice.
import { MAX_SESSION_TEXT } from '../../../src-main/contract/constants';
import type { ContractError } from '../../../src-main/contract';
import { localizedError } from '../api/localized-error';

type Translate = (key: string, params?: Record<string, unknown>) => string;

export function sessionErrorText(error: ContractError, t: Translate, locale: string): { message: string; action: string | null } {
  // The browser-mode bridge's body limit is derived from the same maximum (bridge/server.ts): a 413
  // means the file is over it, exactly as the app would say.
  if (error.code === 'session.too-large' || error.code === 'http-413') return { message: t('sessionFiles.tooLarge', { limit: MAX_SESSION_TEXT / 1024 / 1024 }), action: null };
  return localizedError(error, locale);
}
