import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSession } from '../export/session-file';
import type { Session } from '../probe/session-types';
import { cellsFromSession } from './cells';
import { evaluateService } from './evaluate';
import { expectationsFromSession, expectationsYaml } from './from-session';
import { parseExpectations } from './parse';

const FIXTURE = readFileSync(join(import.meta.dirname, '..', 'topology', 'fixtures', 'seed-session.json'), 'utf8');

// The fixture is a mirror-mode probe of default/frontend (docs/session-format.md).
const asServiceProbe = (): Session => parseSession(FIXTURE);

describe('save a session as expectations', () => {
  it('pins every measured path; the file is valid and the same session passes it, a changed one fails it', () => {
    const session = asServiceProbe();
    const { file } = expectationsFromSession(session);
    const text = expectationsYaml(file, ['pinned from a test session']);
    const parsed = parseExpectations(text);
    expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
    if (!parsed.ok) return;
    const svc = parsed.file.services[0]!;
    expect(svc.service).toBe('default/frontend');
    expect(svc.expect).toContainEqual({ from: 'desktop', via: 'node/node1', clientIP: session.services[0]!.policy === 'Local' ? 'preserved' : 'snat' });
    expect(evaluateService(svc.service, svc.expect, cellsFromSession(session), 'en').every((r) => r.pass)).toBe(true);

    const changed = structuredClone(session);
    const cell = changed.paths.find((p) => p.service.policy === changed.services[0]!.policy && p.origin.kind === 'desktop')!;
    cell.observed.verdict = cell.observed.verdict === 'preserved' ? 'snat' : 'preserved';
    const results = evaluateService(svc.service, svc.expect, cellsFromSession(changed), 'en');
    expect(results.filter((r) => !r.pass)).toHaveLength(1);
  });

  it('refuses a matrix session or a failed one, saying why', () => {
    const s = parseSession(FIXTURE);
    expect(() => expectationsFromSession({ ...s, plan: { ...s.plan, mode: 'matrix', target: null } })).toThrow(/NodePort matrix/);
    expect(() => expectationsFromSession({ ...asServiceProbe(), status: 'failed' })).toThrow(/did not complete/);
  });
});
