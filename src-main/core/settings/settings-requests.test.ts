// settings.set as the renderer calls it (through the dispatcher): one context's declared relays
// are replaced without touching the others, and what the contract rejects never reaches the file.
import { describe, expect, it } from 'vitest';
import { memoryFileStore } from '../ports/file-store';
import { createDispatcher } from '../rpc/dispatcher';
import { createServices } from '../services';
import { createSettingsStore } from './settings-store';

function setup() {
  const files = memoryFileStore();
  const services = createServices({
    runtime: { name: 'SNATScope', version: '9.9.9', mode: 'browser', platform: 'linux', arch: 'x64', versions: { node: '20' } },
    settings: createSettingsStore({ files, path: '/s.json' }),
    env: {},
    home: '/nonexistent',
    watch: null,
  });
  const changed: unknown[] = [];
  services.bus.listen((name, payload) => name === 'settings.changed' && changed.push(payload));
  return { files, changed, ...createDispatcher(services.handlers) };
}

const A = 'aaaaaaaaaaaaaaaa';
const B = 'bbbbbbbbbbbbbbbb';
const relay = { name: 'public', address: '203.0.113.20', mode: 'l7', addsXForwardedFor: true, forwardsTo: { node: 'node1', port: 30080 } };

describe('settings.set contextRelays', () => {
  it('stores relays per context, keeps the other contexts, and forgets a context on an empty list', async () => {
    const { dispatch, files, changed } = setup();
    await dispatch('settings.set', { contextRelays: { contextId: A, relays: [relay] } });
    const both = await dispatch('settings.set', { contextRelays: { contextId: B, relays: [{ ...relay, name: 'edge', mode: 'l4', addsXForwardedFor: false }] }, theme: 'dark' });
    expect(both).toMatchObject({ ok: true, result: { theme: 'dark', relays: { [A]: [{ name: 'public', proxyProtocol: null, listen: null }], [B]: [{ name: 'edge' }] } } });
    expect(JSON.parse(files.files.get('/s.json')!).relays[A][0].address).toBe('203.0.113.20');
    expect(changed).toHaveLength(2);
    const forgotten = await dispatch('settings.set', { contextRelays: { contextId: A, relays: [] } });
    expect(forgotten.ok && Object.keys((forgotten.result as { relays: object }).relays)).toEqual([B]);
  });

  it('rejects what the contract does not accept, and leaves the file as it was', async () => {
    const { dispatch, files } = setup();
    await dispatch('settings.set', { contextRelays: { contextId: A, relays: [relay] } });
    const before = files.files.get('/s.json');
    for (const bad of [
      { contextRelays: { contextId: 'not-an-id', relays: [] } },
      { contextRelays: { contextId: A, relays: [{ ...relay, address: 'public.example.com' }] } },
      { contextRelays: { contextId: A, relays: Array.from({ length: 17 }, (_, i) => ({ ...relay, name: `r${i}` })) } },
      { contextRelays: { contextId: A, relays: [], extra: 1 } },
      { relays: { [A]: [] } },
    ]) {
      expect(await dispatch('settings.set', bad)).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
    }
    expect(files.files.get('/s.json')).toBe(before);
  });
});
