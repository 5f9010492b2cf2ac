import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Language, ProbeRelay, Settings, Theme } from '../../../src-main/contract';
import { connectApi } from '../api/client';

const LOCAL_KEY = 'snatscope.settings';

export const useSettingsStore = defineStore('settings', () => {
  // Until main answers, use what this window saw last so the first paint is in the right language.
  const settings = ref<Settings>(readLocal());
  const loaded = ref(false);
  let unsubscribe: (() => void) | null = null;

  async function load(): Promise<void> {
    const { api } = connectApi();
    unsubscribe ??= api.settings.onChanged((next) => apply(next));
    try {
      apply(await api.settings.get({}));
      loaded.value = true;
    } catch {
      // The app store reports connection problems; keep local defaults here.
    }
  }

  function apply(next: Settings) {
    settings.value = next;
    try {
      localStorage.setItem(LOCAL_KEY, JSON.stringify({ language: next.language, theme: next.theme }));
    } catch {
      // Storage may be unavailable (private mode); nothing depends on it.
    }
  }

  async function update(patch: Partial<Settings>): Promise<void> {
    const previous = settings.value;
    settings.value = { ...previous, ...patch };
    try {
      apply(await connectApi().api.settings.set(patch));
    } catch (error) {
      settings.value = previous;
      throw error;
    }
  }

  /** Remember one context's declared relays (main merges them into the per-context map). */
  async function saveRelays(contextId: string, relays: ProbeRelay[]): Promise<void> {
    apply(await connectApi().api.settings.set({ contextRelays: { contextId, relays } }));
  }

  const setLanguage = (language: Language) => update({ language });
  const setTheme = (theme: Theme) => update({ theme });

  return { settings, loaded, load, update, saveRelays, setLanguage, setTheme };
});

function readLocal(): Settings {
  const defaults: Settings = { language: 'system', theme: 'system', lastContextId: null, lastNamespace: null, kubeconfigFiles: [], probeImage: null, probeImagePullSecrets: [], relays: {} };
  try {
    const raw = JSON.parse(localStorage.getItem(LOCAL_KEY) ?? '{}') as Partial<Settings>;
    return {
      ...defaults,
      language: raw.language === 'en' || raw.language === 'zh-CN' ? raw.language : 'system',
      theme: raw.theme === 'light' || raw.theme === 'dark' ? raw.theme : 'system',
    };
  } catch {
    return defaults;
  }
}
