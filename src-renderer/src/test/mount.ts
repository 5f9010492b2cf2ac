// Mount helper for component tests: real vue-i18n (English unless told) and a fresh Pinia.
import { mount, type ComponentMountingOptions } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Component } from 'vue';
import { createAppI18n, type Locale } from '../i18n';

export function mountWith<C extends Component>(component: C, options: ComponentMountingOptions<C> & { locale?: Locale } = {}) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const { locale, ...rest } = options;
  return mount(component, { ...rest, global: { plugins: [createAppI18n(locale ?? 'en'), pinia], ...(rest.global ?? {}) } } as ComponentMountingOptions<C>);
}
