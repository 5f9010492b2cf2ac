import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryFileStore, nodeFileStore } from '../ports/file-store';
import { createSettingsStore, withContextRelays } from './settings-store';

describe('settings store', () => {
  it('starts from defaults and persists updates', async () => {
    const files = memoryFileStore();
    const store = createSettingsStore({ files, path: '/data/settings.json' });
    expect(await store.get()).toEqual({ language: 'system', theme: 'system', lastContextId: null, lastNamespace: null, kubeconfigFiles: [], probeImage: null, probeImagePullSecrets: [], relays: {} });
    await store.update({ language: 'zh-CN' });
    const again = createSettingsStore({ files, path: '/data/settings.json' });
    expect((await again.get()).language).toBe('zh-CN');
  });

  it('recovers from a corrupt file with defaults and reports it', async () => {
    const reasons: string[] = [];
    const files = memoryFileStore({ '/s.json': '{not json' });
    const store = createSettingsStore({ files, path: '/s.json', onCorrupt: (r) => reasons.push(r) });
    expect((await store.get()).language).toBe('system');
    expect(reasons[0]).toMatch(/not valid JSON/);
  });

  it('keeps valid fields when one field is invalid', async () => {
    const reasons: string[] = [];
    const files = memoryFileStore({ '/s.json': JSON.stringify({ language: 'zh-CN', theme: 'neon', unknown: 1 }) });
    const store = createSettingsStore({ files, path: '/s.json', onCorrupt: (r) => reasons.push(r) });
    expect(await store.get()).toMatchObject({ language: 'zh-CN', theme: 'system' });
    expect(reasons).toEqual(['settings field theme is invalid; using its default']);
  });

  it('serialises concurrent updates so none is lost', async () => {
    const files = memoryFileStore();
    const store = createSettingsStore({ files, path: '/s.json' });
    await Promise.all([store.update({ language: 'en' }), store.update({ theme: 'dark' }), store.update({ lastNamespace: 'web' })]);
    expect(JSON.parse(files.files.get('/s.json')!)).toMatchObject({ language: 'en', theme: 'dark', lastNamespace: 'web' });
  });

  it('writes real files atomically with private permissions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'snatscope-settings-'));
    try {
      const path = join(dir, 'nested', 'settings.json');
      const store = createSettingsStore({ files: nodeFileStore(), path });
      await store.update({ theme: 'dark' });
      expect(JSON.parse(await readFile(path, 'utf8')).theme).toBe('dark');
      const { stat } = await import('node:fs/promises');
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      await writeFile(path, '[]');
      const fresh = createSettingsStore({ files: nodeFileStore(), path, onCorrupt: () => undefined });
      expect((await fresh.get()).theme).toBe('system');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('declared relays per context', () => {
  const relay = (name: string) => ({ name, address: '203.0.113.20', mode: 'l7' as const, proxyProtocol: null, addsXForwardedFor: true, forwardsTo: { node: 'node1', port: 30080 }, listen: null });
  const id = (n: number) => n.toString(16).padStart(16, '0');

  it('replaces one context, forgets it on an empty list, and drops the least recently saved when full', () => {
    let all = withContextRelays({}, id(1), [relay('a')]);
    all = withContextRelays(all, id(2), [relay('b')]);
    all = withContextRelays(all, id(1), [relay('a2')]);
    expect(Object.keys(all)).toEqual([id(2), id(1)]);
    expect(all[id(1)]!.map((r) => r.name)).toEqual(['a2']);
    expect(Object.keys(withContextRelays(all, id(2), []))).toEqual([id(1)]);
    let full = {};
    for (let n = 1; n <= 4; n++) full = withContextRelays(full, id(n), [relay(`r${n}`)], 3);
    expect(Object.keys(full)).toEqual([id(2), id(3), id(4)]);
  });

  it('a function update reads the settings inside the write queue, so concurrent changes are all kept', async () => {
    const files = memoryFileStore();
    const store = createSettingsStore({ files, path: '/s.json' });
    await Promise.all([1, 2, 3].map((n) => store.update((current) => ({ relays: withContextRelays(current.relays, id(n), [relay(`r${n}`)]) }))));
    const again = createSettingsStore({ files, path: '/s.json' });
    expect(Object.keys((await again.get()).relays).sort()).toEqual([id(1), id(2), id(3)]);
  });

  it('a stored relay that no longer validates resets only the relays', async () => {
    const reasons: string[] = [];
    const files = memoryFileStore({ '/s.json': JSON.stringify({ theme: 'dark', relays: { [id(1)]: [{ ...relay('x'), address: 'example.com' }] } }) });
    const store = createSettingsStore({ files, path: '/s.json', onCorrupt: (r) => reasons.push(r) });
    expect(await store.get()).toMatchObject({ theme: 'dark', relays: {} });
    expect(reasons).toEqual(['settings field relays is invalid; using its default']);
  });
});
