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

  it('has 20 hostile cases', () => expect(hostile).toHaveLength(20));
});
