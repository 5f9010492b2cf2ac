// The policy half of scripts/electronegativity.mjs: which findings fail the build. (The tool
// itself runs in CI through .ci/electronegativity.sh; it needs its own install and out/.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowlistProblems, evaluate, normalizeIssue, type Allowlist, type Finding } from './electronegativity.mjs';

const ROOT = join(import.meta.dirname, '..');
const allowlist = JSON.parse(readFileSync(join(ROOT, 'tools', 'electronegativity', 'allowlist.json'), 'utf8')) as Allowlist;

const finding = (over: Partial<Finding>): Finding => ({
  id: 'CONTEXT_ISOLATION_JS_CHECK',
  severity: 'HIGH',
  confidence: 'FIRM',
  file: 'electron/window.ts',
  line: 17,
  column: 14,
  sample: 'const win = new BrowserWindow({',
  description: '',
  manualReview: false,
  ...over,
});

describe('electronegativity policy', () => {
  it('the committed allowlist is well formed: each entry names a finding and explains it', () => {
    expect(allowlistProblems(allowlist)).toEqual([]);
    expect(allowlist.explained.length).toBeGreaterThan(0);
  });

  it('rejects entries without a target, file or a real reason', () => {
    expect(allowlistProblems({ explained: [{ id: 'X', target: 'src', file: 'a.ts', reason: 'ok' }] })).toEqual(['explained[0].reason is too short to explain anything']);
    expect(allowlistProblems({ explained: [{ id: 'X', target: 'elsewhere', file: 'a.ts', reason: 'x'.repeat(50) }] })[0]).toMatch(/target must be one of/);
    expect(allowlistProblems({ explained: [{ id: 'X', reason: 'x'.repeat(50) }] })).toEqual(['explained[0].target is missing', 'explained[0].file is missing']);
    expect(allowlistProblems({})).toEqual(['allowlist.explained must be a list']);
  });

  it('HIGH and MEDIUM fail unless explained for that target, file and line; LOW never fails', () => {
    const issues = [
      finding({}),
      finding({ id: 'SANDBOX_JS_CHECK', severity: 'MEDIUM' }),
      finding({ id: 'NODE_INTEGRATION_JS_CHECK' }),
      finding({ file: 'electron/other.ts' }),
      finding({ sample: 'const w = new WebContentsView({' }),
      finding({ id: 'CSP_GLOBAL_CHECK', severity: 'LOW' }),
    ];
    const r = evaluate('src', issues, allowlist);
    expect(r.explained.map((e) => e.issue.id)).toEqual(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']);
    expect(r.failing.map((i) => `${i.id} ${i.file} ${i.sample}`)).toEqual([
      'NODE_INTEGRATION_JS_CHECK electron/window.ts const win = new BrowserWindow({',
      'CONTEXT_ISOLATION_JS_CHECK electron/other.ts const win = new BrowserWindow({',
      'CONTEXT_ISOLATION_JS_CHECK electron/window.ts const w = new WebContentsView({',
    ]);
    expect(r.ignored.map((i) => i.id)).toEqual(['CSP_GLOBAL_CHECK']);
    // An explanation for src/ does not cover the built bundle, and vice versa.
    expect(evaluate('out', [finding({})], allowlist).failing).toHaveLength(1);
  });

  it('normalises the tool objects to plain data', () => {
    const raw = { id: 'X', severity: { name: 'HIGH', value: 3, format: () => 'HIGH' }, confidence: { name: 'FIRM' }, file: 'a.js', location: { line: 3, column: 4 }, sample: 's', description: 'd', manualReview: true };
    expect(normalizeIssue(raw)).toEqual({ id: 'X', severity: 'HIGH', confidence: 'FIRM', file: 'a.js', line: 3, column: 4, sample: 's', description: 'd', manualReview: true });
  });
});
