// A what-if message as the error every surface understands: a stable code ("what-if.<reason>"),
// the English sentence, and the Chinese one for the renderer and the CLI.
import { AppError } from '../rpc/app-error';
import { renderWhatIf } from './catalog';
import type { WhatIfMessage } from './types';

export function whatIfError(m: WhatIfMessage): AppError {
  return new AppError({
    code: `what-if.${m.code.replace(/^whatif\.err\./, '')}`,
    message: renderWhatIf(m.code, m.params, 'en'),
    localized: { 'zh-CN': { message: renderWhatIf(m.code, m.params, 'zh-CN') } },
  });
}
