// Saved sessions: the recorded seed session round-trips; older versions migrate; malformed and
// hostile files give clear errors (never a crash, never anything executed).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../rpc/app-error';
import { parseSession, serializeSession } from './session-file';

const SAMPLE = readFileSync(join(import.meta.dirname, '../../../resources/sample/seed-session.json'), 'utf8');
const sample = () => JSON.parse(SAMPLE) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function error(text: string): AppError {
  try {
    parseSession(text);
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected an error');
}

describe('session files', () => {
  it('the recorded seed session parses and round-trips unchanged', () => {
    const s = parseSession(SAMPLE);
    expect(s.status).toBe('completed');
    expect(s.paths.length).toBeGreaterThan(10);
    expect(parseSession(serializeSession(s))).toEqual(s);
  });

  it('migrates a version 1 document', () => {
    const v1 = sample();
    v1.version = 1;
    delete v1.redacted;
    const s = parseSession(JSON.stringify(v1));
    expect(s.version).toBe(2);
    expect(s.redacted).toBe(false);
  });

  const hostile: [string, () => string][] = [
    ['truncated', () => SAMPLE.slice(0, SAMPLE.length / 2)],
    ['empty', () => ''],
    ['not an object', () => '[1,2,3]'],
    ['null', () => 'null'],
    ['wrong kind', () => JSON.stringify({ ...sample(), kind: 'something.else' })],
    ['newer version', () => JSON.stringify({ ...sample(), version: 99 })],
    ['version zero', () => JSON.stringify({ ...sample(), version: 0 })],
    ['version as string', () => JSON.stringify({ ...sample(), version: '2' })],
    ['paths not a list', () => JSON.stringify({ ...sample(), paths: 'many' })],
    ['wrong verdict', () => { const s = sample(); s.paths[0].observed.verdict = 'hacked'; return JSON.stringify(s); }],
    ['number as string', () => { const s = sample(); s.paths[0].requests = '3'; return JSON.stringify(s); }],
    ['huge string', () => { const s = sample(); s.cluster.context = 'x'.repeat(2_000_000); return JSON.stringify(s); }],
    ['huge array', () => { const s = sample(); s.warnings = Array.from({ length: 5000 }, () => 'w'); return JSON.stringify(s); }],
    ['__proto__ key', () => SAMPLE.replace('"kind": "snatscope.session",', '"kind": "snatscope.session", "__proto__": { "polluted": true },')],
    ['constructor key deep', () => { const s = sample(); s.inventory.nodes[0].labels = JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'); return JSON.stringify(s); }],
    ['deep nesting', () => { const s = sample(); let v: unknown = 1; for (let i = 0; i < 200; i++) v = [v]; s.observations[0].error = v; return JSON.stringify(s); }],
    ['missing inventory', () => { const s = sample(); delete s.inventory; return JSON.stringify(s); }],
    ['bad id', () => JSON.stringify({ ...sample(), id: '../../etc/passwd' })],
    ['non-number timing', () => JSON.stringify({ ...sample(), timings: { ready: 'Infinity' } })],
    ['binary garbage', () => '\u0000\u0001\u0002PK\u0003\u0004'],
    // Issue 17: the shapes that made JSON.parse exhaust memory, and files that are two things.
    ['40 MB of [[[…]]]', () => '['.repeat(20_000_000) + ']'.repeat(20_000_000)],
    ['20 MB of [{},{},…]', () => `[${Array.from({ length: 5_000_000 }, () => '{}').join(',')}]`],
    ['over the size limit', () => ' '.repeat(64 * 1024 * 1024 + 1)],
    ['100,000 timings', () => { const s = sample(); s.timings = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`t${i}`, i])); return JSON.stringify(s); }],
    ['also a kubeconfig (unknown top-level keys)', () => JSON.stringify({ ...sample(), clusters: [{ name: 'x', cluster: { server: 'https://198.18.0.1' } }], users: [{ name: 'x', user: { exec: { command: '/bin/sh' } } }], contexts: [] })],
    ['unknown nested key', () => { const s = sample(); s.paths[0].observed.extra = 'x'; return JSON.stringify(s); }],
    ['a large details blob', () => { const s = sample(); s.status = 'failed'; s.error = { code: 'x', message: 'm', details: 'd'.repeat(50_000) }; return JSON.stringify(s); }],
  ];

  it.each(hostile)('%s → a clear error', (_name, make) => {
    const e = error(make());
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe('session.invalid');
    expect(e.message).toMatch(/^This is not a usable SNATScope session: .+/);
    expect(e.message.length).toBeLessThan(600);
    expect(e.localized?.['zh-CN']?.message).toContain('SNATScope');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses the hostile shapes before parsing them: each in well under a second', () => {
    for (const [name, make] of hostile.filter(([n]) => /MB of|size limit/.test(n))) {
      const text = make();
      const started = performance.now();
      const e = error(text);
      expect(e.code, name).toBe('session.invalid');
      expect(performance.now() - started, name).toBeLessThan(1_500);
    }
  }, 60_000);

  it('names what is wrong with the hostile shapes', () => {
    const messages = Object.fromEntries(hostile.map(([name, make]) => [name, error(make()).message]));
    expect(messages['40 MB of [[[…]]]']).toMatch(/nested too deeply \(more than 64 levels at character 65\)/);
    expect(messages['20 MB of [{},{},…]']).toMatch(/more than 3,000,000 objects and lists/);
    expect(messages['over the size limit']).toMatch(/larger than 64 MiB/);
    expect(messages['100,000 timings']).toMatch(/timings: more than 64 entries/);
    expect(messages['also a kubeconfig (unknown top-level keys)']).toMatch(/Unrecognized keys: "clusters", "users", "contexts"/);
    expect(messages['unknown nested key']).toMatch(/paths\.0\.observed: Unrecognized key: "extra"/);
  }, 60_000);

  it('never echoes the file\'s content in a JSON error', () => {
    const e = error('{"kind": "snatscope.session", "token": hunter2secret}');
    expect(e.message).not.toContain('hunter2');
    expect(e.message).toMatch(/not valid JSON/);
  });

  it('has 27 hostile cases', () => expect(hostile).toHaveLength(27));
});
