// `snatscope contexts` like kubectl: --kubeconfig is one file (a missing one is an error), a
// password in the server URL is never printed, and --check checks contexts concurrently: a
// plugin that hangs in one context never holds up the others, whose results come first.
import { Command } from 'commander';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { b64, makeCa, makeServerCert } from '../../core/cluster/test-support/tls-fixtures';
import { apiAnswer, tlsServer, type Listening } from '../../core/cluster/test-support/local-servers';
import { registerContexts } from './contexts';

let dir: string;
let api: Listening;
let caPem: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'snatscope-cli-contexts-'));
  const ca = await makeCa('cli-ca');
  caPem = ca.cert;
  api = await tlsServer(await makeServerCert(ca, { ip: ['127.0.0.1'] }), (req, res) => {
    if (req.headers.authorization !== 'Bearer good') {
      res.writeHead(401);
      return res.end('{"kind":"Status","code":401,"message":"Unauthorized"}');
    }
    apiAnswer(req, res);
  });
});

afterAll(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = 0;
  delete process.env.SNATSCOPE_EXEC_TIMEOUT_MS;
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true));
  const program = new Command().option('--kubeconfig <file>').option('--context <name>').option('--lang <lang>').exitOverride();
  registerContexts(program);
  process.exitCode = 0;
  await program.parseAsync(['node', 'snatscope', ...args]);
  vi.restoreAllMocks();
  return { code: Number(process.exitCode ?? 0), out, err };
}

describe('snatscope contexts', () => {
  it('--kubeconfig /nonexistent is an error that names the file; a:b is one path', async () => {
    const missing = await run('--kubeconfig', join(dir, 'nonexistent'), 'contexts');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nonexistent does not exist/);
    const colon = join(dir, 'a:b');
    await writeFile(colon, `apiVersion: v1\nclusters:\n- name: c\n  cluster: {server: "${api.url}"}\nusers:\n- name: u\n  user: {token: good}\ncontexts:\n- name: in-colon-file\n  context: {cluster: c, user: u}\n`);
    const ok = await run('--kubeconfig', colon, 'contexts');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('in-colon-file');
  });

  it('never prints the password of a server URL, in the table or in --json', async () => {
    const file = join(dir, 'pw.yaml');
    await writeFile(file, `apiVersion: v1\nclusters:\n- name: c\n  cluster: {server: "https://admin:s3cr3t-pw@api.example.test:6443"}\nusers:\n- name: u\n  user: {}\ncontexts:\n- name: pw\n  context: {cluster: c, user: u}\n`);
    const table = await run('--kubeconfig', file, 'contexts');
    const json = await run('--kubeconfig', file, 'contexts', '--json');
    expect(table.out).toContain('https://api.example.test:6443');
    expect(table.out + json.out).not.toContain('s3cr3t-pw');
    expect(table.out + json.out).not.toContain('admin:');
  });

  it('--check: a hanging exec plugin does not hold up the others, each result is reported as it completes', async () => {
    const hang = join(dir, 'hang');
    await writeFile(hang, '#!/bin/sh\nsleep 30\n');
    await chmod(hang, 0o755);
    const always = join(dir, 'always');
    await writeFile(always, '#!/bin/sh\necho \'{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"good"}}\'\n');
    await chmod(always, 0o755);
    const file = join(dir, 'check.yaml');
    await writeFile(
      file,
      `apiVersion: v1
clusters:
- name: c
  cluster: {server: "${api.url}", certificate-authority-data: ${b64(caPem)}}
users:
- name: good
  user: {token: good}
- name: hang
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1, command: ${hang}, interactiveMode: Never}
- name: always
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1, command: ${always}, interactiveMode: Always}
contexts:
- name: hangs
  context: {cluster: c, user: hang}
- name: works
  context: {cluster: c, user: good}
- name: asks
  context: {cluster: c, user: always}
current-context: works
`,
    );
    process.env.SNATSCOPE_EXEC_TIMEOUT_MS = '1500';
    const started = Date.now();
    const r = await run('--kubeconfig', file, 'contexts', '--check');
    expect(Date.now() - started).toBeLessThan(1500 + 2 * 10_000);
    expect(r.code).toBe(1);
    const progress = r.err.trim().split('\n').filter((l) => /^\[\d\/3\]/.test(l));
    expect(progress).toHaveLength(3);
    // The one that waits for its plugin's deadline comes last.
    expect(progress[2]).toMatch(/hangs: The credential plugin .* gave no credential within 2 s/);
    expect(r.err).toMatch(/asks: The credential plugin .* needs an interactive login .* standard input is not a terminal/);
    expect(r.out).toMatch(/works .* ok v1\.31\.0/);
  });
});
