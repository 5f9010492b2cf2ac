import { describe, expect, it, vi } from 'vitest';
import { AppError } from './app-error';
import { createDispatcher, type Handlers } from './dispatcher';
import { handlersWith } from './test-handlers';
import { Settings } from '../../contract';

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const defaults = Settings.parse({});
  return handlersWith({
    'app.info': async () => ({ name: 'SNATScope', version: '1', platform: 'linux', arch: 'x64', mode: 'browser', versions: { node: '20', electron: null, chrome: null } }),
    'settings.get': async () => defaults,
    'settings.set': async (patch) => ({ ...defaults, ...patch }),
    ...overrides,
  });
}

describe('dispatcher', () => {
  it('dispatches a valid call', async () => {
    const d = createDispatcher(handlers());
    await expect(d.dispatch('settings.set', { language: 'en' })).resolves.toMatchObject({ ok: true, result: { language: 'en' } });
  });

  it('rejects unknown request names, including prototype keys', async () => {
    const d = createDispatcher(handlers());
    for (const name of ['nope', '__proto__', 'constructor', 42, null]) {
      const env = await d.dispatch(name, {});
      expect(env).toMatchObject({ ok: false, error: { code: 'unknown-request' } });
    }
  });

  it('rejects invalid payloads with the failing paths and never calls the handler', async () => {
    const set = vi.fn(async () => Settings.parse({}));
    const d = createDispatcher(handlers({ 'settings.set': set }));
    const env = await d.dispatch('settings.set', { language: 42, extra: true });
    expect(env.ok).toBe(false);
    if (!env.ok) {
      expect(env.error.code).toBe('invalid-params');
      expect(JSON.stringify(env.error.details)).toContain('language');
    }
    expect((await d.dispatch('app.info', 'not an object')).ok).toBe(false);
    expect((await d.dispatch('app.info', { unexpected: 1 })).ok).toBe(false);
    expect(set).not.toHaveBeenCalled();
  });

  it('passes AppErrors through and hides internal errors', async () => {
    const onInternalError = vi.fn();
    const d = createDispatcher(
      handlers({
        'settings.get': async () => {
          throw new AppError({ code: 'settings.locked', message: 'Settings are locked.', action: 'Close the other window.' });
        },
        'app.info': async () => {
          throw new Error('secret token abc123 leaked in a stack');
        },
      }),
      { onInternalError },
    );
    await expect(d.dispatch('settings.get', {})).resolves.toEqual({
      ok: false,
      error: { code: 'settings.locked', message: 'Settings are locked.', action: 'Close the other window.' },
    });
    const internal = await d.dispatch('app.info', {});
    expect(internal).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(internal)).not.toContain('abc123');
    expect(onInternalError).toHaveBeenCalledOnce();
  });
});
