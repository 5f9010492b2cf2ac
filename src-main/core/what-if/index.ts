// Public API of the what-if preview (pure, environment-neutral).
export { previewWhatIf, type WhatIfOptions } from './what-if';
export { parseWhatIf, parseWhatIfs, WHAT_IF_KEYS } from './parse';
export { renderWhatIf, whatIfEn, whatIfZhCN, type WhatIfCode, type WhatIfLocale } from './catalog';
export * from './types';
