// The built CLI's error paths for check and diff, and the outputs that need no cluster: exit 2
// with a message that says what to write instead; nothing is contacted.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE } from '../../core/probe/plan';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const CLI = join(ROOT, 'out/main/cli.js');
if (!existsSync(CLI)) console.log('[check-diff-cli] skipped: build the CLI first (npm run build)');
const dir = mkdtempSync(join(tmpdir(), 'snatscope-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// A kubeconfig that points nowhere reachable: any cluster access would fail loudly.
const env = { ...process.env, KUBECONFIG: join(dir, 'none.yaml'), SNATSCOPE_LANG: 'en' };
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 20_000 });
const SESSION = join(ROOT, 'src-main/core/topology/fixtures/seed-session.json');

describe.skipIf(!existsSync(CLI))('snatscope check / diff without a cluster', () => {
  it('check: a bad file → exit 2, file:line:column and what to write, before any cluster access', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'apiVersion: snatscope.io/v1alpha1\nkind: ClientIPExpectations\nservices:\n  - service: default/frontend\n    expect:\n      - { from: desktop, clientIP: kept }\n');
    const r = run('check', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${file}:6:36: services[0].expect[0].clientIP: "kept" is not valid here → write one of: preserved,`);
    expect(r.stderr).toContain('1 problem(s); nothing was checked');
    const zh = run('check', file, '--lang', 'zh-CN');
    expect(zh.stderr).toContain('1 个问题；未做任何检查');
    expect(run('check', join(dir, 'missing.yaml')).stderr).toMatch(/^error: cannot read .*missing\.yaml: ENOENT/m);
    expect(run('check', file, '--predict', '--probe').stderr).toContain('pick one of --predict');
    expect(run('check', file, '--tap', '--summary', 'markdown').stderr).toContain('pick one');
    expect(run('check', file, '--summary', 'html').stderr).toContain('the only format is markdown');
    expect(run('check', file, '--probe', '--timeout', '2s').stderr).toContain('--timeout "2s": expected a whole number from 5 to 1800');
  });

  it('check --print-rbac prints the read-only role, and the probe role with --probe', () => {
    const read = run('check', 'whatever.yaml', '--print-rbac');
    expect(read.status).toBe(0);
    expect(read.stdout).toContain('name: snatscope-read');
    expect(run('check', 'whatever.yaml', '--probe', '--print-rbac').stdout).toContain('name: snatscope-probe');
  });

  it('diff: same file → exit 0; a changed verdict → exit 1 with the change; incomparable or broken input → exit 2', () => {
    expect(run('diff', SESSION, SESSION)).toMatchObject({ status: 0, stdout: 'no change in 16 path(s)\n' });
    const s = JSON.parse(readFileSync(SESSION, 'utf8')) as { paths: { observed: { verdict: string } }[] };
    s.paths[1]!.observed.verdict = 'dropped';
    const after = join(dir, 'after.json');
    writeFileSync(after, JSON.stringify(s));
    const changed = run('diff', SESSION, after, '--json');
    expect(changed.status).toBe(1);
    expect(JSON.parse(changed.stdout)).toMatchObject({ kind: 'snatscope.diff', changes: [{ change: 'changed', fields: [{ field: 'verdict', before: 'snat', after: 'dropped' }] }] });
    const notRun = join(dir, 'x.json');
    writeFileSync(notRun, '{"kind":"snatscope.scan"}');
    const bad = run('diff', SESSION, notRun);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('expected a session');
  });

  it('probe --print-images honours --image and --image-registry, and refuses a URL', () => {
    // The default image is pinned by digest (docs/security.md); a mirror keeps path and digest.
    expect(DEFAULT_IMAGE).toMatch(/^docker\.io\/library\/node:22-alpine@sha256:[0-9a-f]{64}$/);
    expect(run('probe', '--print-images').stdout).toBe(`${DEFAULT_IMAGE}\n`);
    expect(run('probe', '--print-images', '--image-registry', 'mirror.corp:5000').stdout).toBe(`${DEFAULT_IMAGE.replace('docker.io/', 'mirror.corp:5000/')}\n`);
    const d = `sha256:${'a'.repeat(64)}`;
    expect(run('probe', '--print-images', '--image', `node:22-alpine@${d}`, '--image-registry', 'mirror.corp:5000').stdout).toBe(`mirror.corp:5000/library/node:22-alpine@${d}\n`);
    const url = run('probe', '--print-images', '--image-registry', 'https://mirror.corp');
    expect(url.status).toBe(2);
    expect(url.stderr).toContain('no https://');
  });
});

describe.skipIf(!existsSync(CLI))('CI files when check cannot run', () => {
  it('a bad file or an unreachable cluster still writes a JUnit file with one error case naming the reason', async () => {
    const { parse } = await import('junit2json');
    const bad = join(dir, 'bad2.yaml');
    writeFileSync(bad, 'apiVersion: v1\n');
    const junit = join(dir, 'bad.xml');
    expect(run('check', bad, '--junit', junit).status).toBe(2);
    const r = (await parse(readFileSync(junit, 'utf8'))) as { errors?: number; testsuite?: { testcase?: { error?: { message?: string }[] }[] }[] };
    expect(r.errors).toBe(1);
    expect(r.testsuite![0]!.testcase![0]!.error![0]!.message).toContain('apiVersion: "v1" is not valid here');
    const ok = join(ROOT, 'docs/examples/expectations-seed.yaml');
    const tap = run('check', ok, '--tap');
    expect(tap.status).toBe(2);
    expect(tap.stdout).toMatch(/^TAP version 14\n1\.\.1\nnot ok 1 - snatscope check .*: run\n {2}---\n {2}severity: error\n/);
  });
});
