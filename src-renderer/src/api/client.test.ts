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
