import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Settings, type Api } from '../../src-main/contract';
import { ApiError } from './api/api-error';
import { setApiForTests } from './api/client';

vi.mock('cytoscape', () => ({
  default: () => ({ layout: () => ({ run: () => undefined }), nodes: () => ({ map: () => [] }), elements: () => ({ remove: () => undefined }), add: () => undefined, style: () => undefined, on: () => undefined, destroy: () => undefined }),
}));

const { mountWith } = await import('./test/mount');
const { default: App } = await import('./App.vue');

function fakeApi(overrides: Partial<{ info: () => Promise<unknown> }> = {}) {
  let settings = Settings.parse({ language: 'en' });
  const listeners: ((s: Settings) => void)[] = [];
  const set = vi.fn(async (patch: Partial<Settings>) => {
    settings = { ...settings, ...patch };
    listeners.forEach((l) => l(settings));
    return settings;
  });
  const api = {
    app: { info: overrides.info ?? (async () => ({ name: 'SNATScope', version: '0.1.0', platform: 'linux', arch: 'x64', mode: 'browser', versions: { node: '20', electron: null, chrome: null } })) },
    settings: { get: async () => settings, set, onChanged: (l: (s: Settings) => void) => (listeners.push(l), () => undefined) },
    contexts: { list: async () => ({ contexts: [], problems: [], files: [] }), onChanged: () => () => undefined },
  } as unknown as Api;
  return { api, set };
}

afterEach(() => setApiForTests(null));

describe('App shell', () => {
  it('loads info and settings, and switching language re-renders in Chinese and persists', async () => {
    const { api, set } = fakeApi();
    setApiForTests({ api, transport: 'browser', hasToken: true });
    const w = mountWith(App);
    await flushPromises();
    expect(w.text()).toContain('Browser mode');
    expect(w.text()).toContain('Clusters');
    await w.get('[data-testid="language-select"]').setValue('zh-CN');
    await flushPromises();
    expect(set).toHaveBeenCalledWith({ language: 'zh-CN' });
    expect(w.text()).toContain('集群');
    expect(document.documentElement.lang).toBe('zh-CN');
    w.unmount();
  });

  it('shows a clear banner when opened without the bridge token', async () => {
    const { api } = fakeApi({ info: async () => Promise.reject(new ApiError({ code: 'bridge-no-token', message: 'no token' })) });
    setApiForTests({ api, transport: 'browser', hasToken: false });
    const w = mountWith(App);
    await flushPromises();
    expect(w.get('[data-testid="problem-banner"]').text()).toContain('#token=');
    w.unmount();
  });
});
