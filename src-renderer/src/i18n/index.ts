import { createI18n } from 'vue-i18n';
import en from './en';
import zhCN from './zh-CN';
import type { Language } from '../../../src-main/contract';

export type Locale = 'en' | 'zh-CN';
export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];

export const messages = { en, 'zh-CN': zhCN };

/** 'system' follows the OS/browser language: any zh-* picks Simplified Chinese. */
export function resolveLocale(language: Language, navigatorLanguages: readonly string[] = navigator.languages ?? [navigator.language]): Locale {
  if (language !== 'system') return language;
  return navigatorLanguages.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

export function createAppI18n(locale: Locale = 'en') {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages,
    missingWarn: false,
    fallbackWarn: false,
  });
}
