// Electron security checklist #20 "Do not expose Electron APIs to untrusted web content": the
// real preload runs against a fake `electron` module, and the one object it hands to
// contextBridge is inspected: named functions only, each bound to one contract name, no
// ipcRenderer, no channel or event object reaching the page.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT_NAMES, IPC_EVENT, IPC_INVOKE, REQUEST_NAMES, eventMethodName, splitName } from '../../contract/names';

const fake = vi.hoisted(() => {
  const exposed: [string, unknown][] = [];
  const onCalls: [string, (...args: unknown[]) => void][] = [];
  const invokes: unknown[][] = [];
  const ipcRenderer = {
    on: (channel: string, listener: (...args: unknown[]) => void) => void onCalls.push([channel, listener]),
    invoke: async (...args: unknown[]) => {
      invokes.push(args);
      return { ok: true, result: 'answer' };
    },
    send: () => undefined,
    sendSync: () => undefined,
  };
  return { exposed, onCalls, invokes, ipcRenderer };
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void fake.exposed.push([key, api]) },
  ipcRenderer: fake.ipcRenderer,
}));

type Api = Record<string, Record<string, (arg?: unknown) => unknown>>;
let api: Api;

beforeAll(async () => {
  await import('../../preload/index');
  expect(fake.exposed).toHaveLength(1);
  expect(fake.exposed[0]![0]).toBe('snatscope');
  api = fake.exposed[0]![1] as Api;
});

describe('the preload exposes named methods only (#20)', () => {
  it('exactly the contract names, as functions, and nothing else', () => {
    const expected = new Map<string, Set<string>>();
    for (const name of REQUEST_NAMES) {
      const [ns, member] = splitName(name);
      expected.set(ns, (expected.get(ns) ?? new Set()).add(member));
    }
    for (const name of EVENT_NAMES) {
      const [ns, member] = splitName(name);
      expected.set(ns, (expected.get(ns) ?? new Set()).add(eventMethodName(member)));
    }
    expect(Object.keys(api).sort()).toEqual([...expected.keys()].sort());
    for (const [ns, members] of expected) {
      expect(Object.keys(api[ns]!).sort(), ns).toEqual([...members].sort());
      for (const m of members) expect(typeof api[ns]![m], `${ns}.${m}`).toBe('function');
    }
  });

  it('never hands over ipcRenderer or any of its functions', () => {
    const seen = new Set<unknown>();
    const walk = (v: unknown) => {
      if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v)) return;
      seen.add(v);
      for (const key of Object.keys(v as object)) walk((v as Record<string, unknown>)[key]);
    };
    walk(api);
    for (const value of [fake.ipcRenderer, fake.ipcRenderer.on, fake.ipcRenderer.invoke, fake.ipcRenderer.send, fake.ipcRenderer.sendSync]) expect(seen.has(value)).toBe(false);
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipc|invoke|send|require|process/i);
  });

  it('a method can only send its own name on the one invoke channel', async () => {
    await expect(api.app!.info!()).resolves.toEqual({ ok: true, result: 'answer' });
    await api.settings!.set!({ theme: 'dark' });
    expect(fake.invokes).toEqual([
      [IPC_INVOKE, 'app.info', {}],
      [IPC_INVOKE, 'settings.set', { theme: 'dark' }],
    ]);
  });

  it('event listeners get the payload, never the IPC event object, and only for known events', () => {
    const listener = fake.onCalls.find(([channel]) => channel === IPC_EVENT)?.[1];
    expect(listener).toBeDefined();
    const got: unknown[][] = [];
    const stop = api.settings!.onChanged!((...args: unknown[]) => void got.push(args)) as () => void;
    const ipcEvent = { sender: fake.ipcRenderer, senderFrame: {} };
    listener!(ipcEvent, 'settings.changed', { theme: 'dark' });
    listener!(ipcEvent, 'no.such.event', { x: 1 });
    listener!(ipcEvent, { toString: () => 'settings.changed' }, { x: 2 });
    expect(got).toEqual([[{ theme: 'dark' }]]);
    stop();
    listener!(ipcEvent, 'settings.changed', { theme: 'light' });
    expect(got).toHaveLength(1);
    expect(() => api.settings!.onChanged!('not a function')).toThrow(TypeError);
  });
});
