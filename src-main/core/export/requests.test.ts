// The export and session requests as the renderer calls them: through the dispatcher (contract
// validation first), then the handlers in core/services.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryFileStore } from '../ports/file-store';
import { createDispatcher } from '../rpc/dispatcher';
import { createServices } from '../services';
import { createSettingsStore } from '../settings/settings-store';

const SAMPLE = readFileSync(join(import.meta.dirname, '../../../resources/sample/seed-session.json'), 'utf8');
const services = createServices({
  runtime: { name: 'SNATScope', version: '9.9.9', mode: 'browser', platform: 'linux', arch: 'x64', versions: { node: '20' } },
  settings: createSettingsStore({ files: memoryFileStore(), path: '/s.json' }),
  env: {},
  home: '/nonexistent',
  watch: null,
  sampleSession: SAMPLE,
  rasterize: async () => ({ png: new Uint8Array([137, 80, 78, 71]), width: 2, height: 2 }),
});
const { dispatch } = createDispatcher(services.handlers);

describe('session and export requests', () => {
  it('session.sample returns the bundled investigation; session.parse validates text', async () => {
    const sample = await dispatch('session.sample', {});
    expect(sample).toMatchObject({ ok: true, result: { kind: 'snatscope.session', status: 'completed' } });
    expect(await dispatch('session.parse', { text: SAMPLE })).toEqual(sample);
    const bad = await dispatch('session.parse', { text: '{"kind":"snatscope.session","version":1' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'session.invalid', message: expect.stringMatching(/not valid JSON/) } });
    expect(await dispatch('session.parse', { text: SAMPLE, path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
  });

  it('export.render checks the incoming session against the session schema before drawing anything', async () => {
    const session = JSON.parse(SAMPLE) as Record<string, unknown>;
    const ok = await dispatch('export.render', { session, formats: ['png', 'json'], locale: 'en', theme: 'dark', redact: false, prefix: 'snatscope-c3d97e-' });
    expect(ok).toMatchObject({ ok: true, result: { files: [{ name: 'snatscope-c3d97e-session.json' }, { name: 'snatscope-c3d97e-diagram.png', base64: 'iVBORw==' }] } });
    const hostile = JSON.parse(SAMPLE.replace('"kind": "snatscope.session",', '"kind": "snatscope.session", "__proto__": { "x": 1 },')) as unknown;
    expect(await dispatch('export.render', { session: hostile, formats: ['svg'], locale: 'en', theme: 'light', redact: false })).toMatchObject({ ok: false, error: { code: 'session.invalid', message: expect.stringContaining('__proto__') } });
    expect(await dispatch('export.render', { session: { ...session, paths: 'x' }, formats: ['svg'], locale: 'en', theme: 'light', redact: false })).toMatchObject({ ok: false, error: { code: 'session.invalid' } });
    expect(await dispatch('export.render', { session, formats: ['exe'], locale: 'en', theme: 'light', redact: false })).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
    expect(await dispatch('export.render', { session, formats: ['svg'], locale: 'en', theme: 'light', redact: false, prefix: '../../x' })).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
  });

  it('export.report renders the report in main; export.pdf is the browser’s job outside Electron', async () => {
    const report = await dispatch('export.report', { session: JSON.parse(SAMPLE), locale: 'zh-CN', redact: false });
    expect(report).toMatchObject({ ok: true, result: { report: { locale: 'zh-CN', finding: expect.stringContaining('node2') } } });
    expect(await dispatch('export.pdf', {})).toMatchObject({ ok: false, error: { code: 'export.pdf-unavailable' } });
  });
});
