import { describe, expect, it } from 'vitest';
import { IPC_EVENT, IPC_INVOKE, Settings, type Envelope } from '../contract';
import { createEventBus } from '../core/events/event-bus';
import { createDispatcher } from '../core/rpc/dispatcher';
import { handlersWith } from '../core/rpc/test-handlers';
import { registerIpc } from './ipc';
import { APP_ORIGIN } from './security/app-protocol';

type Handler = (event: unknown, ...args: unknown[]) => Promise<Envelope<unknown>>;

function setup() {
  const handlers = new Map<string, Handler>();
  const sent: unknown[][] = [];
  const calls: unknown[] = [];
  const bus = createEventBus();
  const dispatcher = createDispatcher(handlersWith({
    'app.info': async () => {
      calls.push('app.info');
      return { name: 'S', version: '1', platform: 'linux', arch: 'x64', mode: 'electron', versions: { node: '24', electron: '45', chrome: '140' } };
    },
    'settings.get': async () => Settings.parse({}),
    'settings.set': async (p) => {
      calls.push(p);
      return Settings.parse(p);
    },
  }));
  const dispose = registerIpc({
    ipcMain: { handle: (ch: string, h: Handler) => void handlers.set(ch, h), removeHandler: (ch: string) => void handlers.delete(ch) } as never,
    dispatcher,
    bus,
    trusted: () => ({ origins: [APP_ORIGIN], webContentsIds: new Set([7]) }),
    targets: () => [{ isDestroyed: () => false, send: (...args: unknown[]) => void sent.push(args) }] as never,
    log: () => undefined,
  });
  const invoke = (event: unknown, ...args: unknown[]) => handlers.get(IPC_INVOKE)!(event, ...args);
  return { handlers, sent, calls, bus, dispose, invoke };
}

const frame = (url: string, parent: unknown = null) => ({ url, parent });

describe('IPC host', () => {
  it('serves a trusted main frame', async () => {
    const { invoke } = setup();
    const env = await invoke({ senderFrame: frame('app://snatscope/index.html'), sender: { id: 7 } }, 'app.info', {});
    expect(env).toMatchObject({ ok: true, result: { mode: 'electron' } });
  });

  it('rejects untrusted senders before looking at the payload', async () => {
    const { invoke, calls } = setup();
    const cases = [
      { senderFrame: frame('https://evil.example/'), sender: { id: 7 } },
      { senderFrame: frame('app://snatscope/index.html', {}), sender: { id: 7 } },
      { senderFrame: frame('app://snatscope/index.html'), sender: { id: 8 } },
      { senderFrame: null, sender: { id: 7 } },
    ];
    for (const event of cases) {
      expect(await invoke(event, 'settings.set', { theme: 'dark' })).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    }
    expect(calls).toEqual([]);
  });

  it('validates payloads from trusted senders', async () => {
    const { invoke, calls } = setup();
    const trusted = { senderFrame: frame('app://snatscope/'), sender: { id: 7 } };
    expect(await invoke(trusted, 'settings.set', { theme: 'neon' })).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
    expect(await invoke(trusted, 'shell.exec', {})).toMatchObject({ ok: false, error: { code: 'unknown-request' } });
    expect(calls).toEqual([]);
  });

  it('forwards bus events to windows and stops on dispose', () => {
    const { bus, sent, dispose, handlers } = setup();
    const s = Settings.parse({ theme: 'dark' });
    bus.emit('settings.changed', s);
    expect(sent).toEqual([[IPC_EVENT, 'settings.changed', s]]);
    dispose();
    bus.emit('settings.changed', s);
    expect(sent).toHaveLength(1);
    expect(handlers.size).toBe(0);
  });
});
