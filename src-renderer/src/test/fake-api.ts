// A controllable fake of the contract API for component and composable tests: requests are
// vi.fn()s (override per test), events can be fired by the test.
import { vi } from 'vitest';
import { Settings, type Api } from '../../../src-main/contract';
import { setApiForTests } from '../api/client';
import { overview, seedInspect, seedSession } from './fixtures';

type Listener = (payload: unknown) => void;

export function fakeApi() {
  let settings = Settings.parse({ language: 'en' });
  const listeners = new Map<string, Listener[]>();
  const on = (name: string) => (l: Listener) => {
    listeners.set(name, [...(listeners.get(name) ?? []), l]);
    return () => listeners.set(name, (listeners.get(name) ?? []).filter((x) => x !== l));
  };
  const fire = (name: string, payload: unknown) => (listeners.get(name) ?? []).forEach((l) => l(payload));
  const calls = {
    info: vi.fn(async () => ({ name: 'SNATScope', version: '0.1.0', platform: 'linux', arch: 'x64', mode: 'browser', versions: { node: '20', electron: null, chrome: null } })),
    settingsSet: vi.fn(async ({ contextRelays, ...patch }: Partial<Settings> & { contextRelays?: { contextId: string; relays: Settings['relays'][string] } }) => {
      settings = { ...settings, ...patch };
      if (contextRelays) {
        const { [contextRelays.contextId]: _old, ...others } = settings.relays;
        settings = { ...settings, relays: contextRelays.relays.length ? { ...others, [contextRelays.contextId]: contextRelays.relays } : others };
      }
      fire('settings.changed', settings);
      return settings;
    }),
    contextsList: vi.fn(async () => ({ contexts: [], problems: [], files: [] }) as unknown),
    cancelLogin: vi.fn(async (_p: { loginId: string }) => ({ cancelled: true })),
    contextsTest: vi.fn(async ({ id }: { id: string }) => ({ id, ok: true, version: 'v1.32.0', error: null, checkedAt: '' })),
    overview: vi.fn(async () => overview()),
    inspect: vi.fn(async () => seedInspect()),
    follow: vi.fn(async () => ({ following: true })),
    unfollow: vi.fn(async () => ({ following: false })),
    plan: vi.fn(async () => ({}) as unknown),
    run: vi.fn(async ({ runId }: { runId: string }) => ({ runId, started: true })),
    cancel: vi.fn(async () => ({ cancelled: true })),
    sweep: vi.fn(async (_p: { contextId: string }) => ({ results: [] as { namespace: string; reason: string; outcome: string; error: string | null }[] })),
    sessionParse: vi.fn(async (_p: { text: string }) => seedSession() as unknown),
    sessionSample: vi.fn(async () => seedSession() as unknown),
    exportRender: vi.fn(async (_p: Record<string, unknown>) => ({ files: [], diagram: { width: 100, height: 50 } }) as unknown),
    exportReport: vi.fn(async (_p: Record<string, unknown>) => ({}) as unknown),
    exportPdf: vi.fn(async () => ({ base64: '' }) as unknown),
  };
  const api = {
    app: { info: calls.info },
    settings: { get: async () => settings, set: calls.settingsSet, onChanged: on('settings.changed') },
    contexts: { list: calls.contextsList, test: calls.contextsTest, addFile: vi.fn(), removeFile: vi.fn(), cancelLogin: calls.cancelLogin, onChanged: on('contexts.changed'), onLogin: on('contexts.login') },
    cluster: { overview: calls.overview },
    inspect: { service: calls.inspect, follow: calls.follow, unfollow: calls.unfollow, onUpdated: on('inspect.updated') },
    probe: { plan: calls.plan, run: calls.run, cancel: calls.cancel, sweep: calls.sweep, onProgress: on('probe.progress'), onFinished: on('probe.finished') },
    session: { parse: calls.sessionParse, sample: calls.sessionSample },
    export: { render: calls.exportRender, report: calls.exportReport, pdf: calls.exportPdf },
  } as unknown as Api;
  const install = () => setApiForTests({ api, transport: 'browser', hasToken: true });
  return { api, calls, fire, install, settings: () => settings, setSettings: (s: Partial<Settings>) => (settings = { ...settings, ...s }) };
}
