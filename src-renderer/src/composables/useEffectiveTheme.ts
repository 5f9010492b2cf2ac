import { computed, onScopeDispose, ref, watchEffect, type Ref } from 'vue';
import type { Theme } from '../../../src-main/contract';

/** 'system' follows prefers-color-scheme live; the result is applied to <html data-theme>. */
export function useEffectiveTheme(theme: Ref<Theme>) {
  const media = typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  const systemDark = ref(media?.matches ?? false);
  const onChange = (e: MediaQueryListEvent) => (systemDark.value = e.matches);
  media?.addEventListener('change', onChange);
  onScopeDispose(() => media?.removeEventListener('change', onChange));

  const effective = computed<'light' | 'dark'>(() => (theme.value === 'system' ? (systemDark.value ? 'dark' : 'light') : theme.value));
  watchEffect(() => {
    document.documentElement.dataset.theme = effective.value;
    document.documentElement.style.colorScheme = effective.value;
  });
  return effective;
}
