import { computed, watchEffect, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Language } from '../../../src-main/contract';
import { resolveLocale } from '../i18n';

/** Keeps vue-i18n and <html lang> in step with the persisted language setting. */
export function useLocaleSync(language: Ref<Language>) {
  const { locale } = useI18n({ useScope: 'global' });
  const effective = computed(() => resolveLocale(language.value));
  watchEffect(() => {
    locale.value = effective.value;
    document.documentElement.lang = effective.value;
  });
  return effective;
}
