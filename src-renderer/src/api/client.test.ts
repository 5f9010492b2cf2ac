import { describe, expect, it } from 'vitest';
import type { RawApi } from '../../../src-main/contract';
import { buildRawApi } from '../../../src-main/contract/build-api';
import { ApiError } from './api-error';
import { wrapApi } from './client';

describe('wrapApi', () => {
  it('unwraps results, throws ApiError on failures and passes subscriptions through', async () => {
    let listener: ((p: unknown) => void) | null = null;
    const raw = buildRawApi({
      invoke: async (name) =>
        name === 'app.info'
          ? { ok: true, result: { version: '1' } }
          : { ok: false, error: { code: 'invalid-params', message: 'bad', action: 'fix it' } },
      subscribe: (_name, l) => {
        listener = l;
        return () => (listener = null);
      },
    }) as unknown as RawApi;
    const api = wrapApi(raw);
    await expect(api.app.info({})).resolves.toEqual({ version: '1' });
    const failure = await api.settings.set({ theme: 'dark' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ code: 'invalid-params', action: 'fix it' });
    const seen: unknown[] = [];
    const off = api.settings.onChanged((s) => seen.push(s));
    listener!({ theme: 'dark' });
    off();
    expect(seen).toEqual([{ theme: 'dark' }]);
    expect(listener).toBeNull();
  });
});

describe('connectApi in browser mode', () => {
  it('tells every caller about the bridge connection, not only the first one', async () => {
    const { connectApi, setApiForTests } = await import('./client');
    setApiForTests(null);
    window.sessionStorage.setItem('snatscope.bridgeToken', 'tok');
    const sockets: FakeSocket[] = [];
    class FakeSocket {
      onopen: (() => void) | null = null;
      onclose: (() => void) | null = null;
      onmessage: ((m: MessageEvent) => void) | null = null;
      constructor() {
        sockets.push(this);
      }
      close() {}
    }
    const original = window.WebSocket;
    window.WebSocket = FakeSocket as unknown as typeof WebSocket;
    try {
      // A store that only wants the API connects first; the status bar's owner comes later.
      const { api } = connectApi();
      const seen: boolean[] = [];
      connectApi((up) => seen.push(up));
      api.settings.onChanged(() => {});
      expect(sockets).toHaveLength(1);
      sockets[0]!.onopen!();
      sockets[0]!.onclose!(); // the bridge process went away
      expect(seen).toEqual([true, false]);
      // A listener registered after the loss hears the current state at once.
      const late: boolean[] = [];
      connectApi((up) => late.push(up));
      expect(late).toEqual([false]);
    } finally {
      window.WebSocket = original;
      setApiForTests(null);
      window.sessionStorage.clear();
    }
  });
});
