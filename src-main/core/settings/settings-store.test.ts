import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryFileStore, nodeFileStore } from '../ports/file-store';
import { createSettingsStore } from './settings-store';

describe('settings store', () => {
  it('starts from defaults and persists updates', async () => {
    const files = memoryFileStore();
    const store = createSettingsStore({ files, path: '/data/settings.json' });
    expect(await store.get()).toEqual({ language: 'system', theme: 'system', lastContextId: null, lastNamespace: null, kubeconfigFiles: [], probeImage: null, probeImagePullSecrets: [] });
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
