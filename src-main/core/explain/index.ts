// Public API: explanation steps, fixes and their rendering in English and Simplified Chinese.
export * from './types';
export * from './render';
export { en } from './catalog-en';
export { zhCN } from './catalog-zh-CN';
