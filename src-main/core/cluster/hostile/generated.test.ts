// Hostile kubeconfigs too big to commit, generated here: files over the size limit, very many
// contexts, megabyte-long strings, and deeply nested YAML. Each must end in a ClusterError or
// a correct result within a time bound.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterError } from '../cluster-error';
import { MAX_KUBECONFIG_BYTES, parseKubeconfig } from '../kubeconfig-parse';
import { loadGroup } from '../kubeconfig-store';
import { closedPort } from '../test-support/tls-fixtures';
import { runCase } from './harness';

let tmp: string;
let server: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'snatscope-hostile-gen-'));
  await mkdir(join(tmp, 'home'));
  server = `https://127.0.0.1:${await closedPort()}`;
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const header = (s: string) => `apiVersion: v1\nclusters:\n- name: c\n  cluster: {server: "${s}"}\nusers:\n- name: u\n  user: {token: t}\n`;

describe('generated hostile kubeconfigs', () => {
  it('a file over the size limit is refused from its size alone, as text and on disk', { timeout: 20_000 }, async () => {
    const file = join(tmp, 'huge.yaml');
    // Valid YAML all the way: only the size is wrong.
    const text = `${header(server)}contexts: []\n# ${'x'.repeat(MAX_KUBECONFIG_BYTES)}\n`;
    await writeFile(file, text);
    const started = Date.now();
    expect(() => parseKubeconfig(file, text)).toThrow(ClusterError);
    const loaded = await loadGroup({ kind: 'added', key: `added:${file}`, files: [file] });
    expect(loaded.problems.map((p) => p.error.code)).toEqual(['k8s.kubeconfig.too-large']);
    expect(loaded.problems[0]!.error.message).toMatch(/larger than 8 MiB/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('5 000 contexts load, list and summarise in bounded time', { timeout: 30_000 }, async () => {
    const n = 5_000;
    const lines = [header(server), 'contexts:'];
    for (let i = 0; i < n; i++) lines.push(`- {name: ctx-${i}, context: {cluster: c, user: u, namespace: ns-${i % 7}}}`);
    const file = join(tmp, 'many.yaml');
    await writeFile(file, lines.join('\n'));
    const started = Date.now();
    const o = await runCase(file, { closedServer: server, home: join(tmp, 'home'), testOnly: ['ctx-0', `ctx-${n - 1}`] });
    expect(o.list.contexts).toHaveLength(n);
    expect(new Set(o.list.contexts.map((c) => c.id)).size).toBe(n);
    expect(o.contexts.get(`ctx-${n - 1}`)?.test?.code).toBe('k8s.net.refused');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('megabyte-long names, server and token are carried, not choked on', { timeout: 20_000 }, async () => {
    const long = 'n'.repeat(1024 * 1024);
    const token = 't'.repeat(2 * 1024 * 1024);
    const file = join(tmp, 'long.yaml');
    await writeFile(
      file,
      `apiVersion: v1\ncurrent-context: ${long}\nclusters:\n- name: ${long}\n  cluster: {server: "${server}/${'p'.repeat(512 * 1024)}"}\nusers:\n- name: u\n  user: {token: ${token}}\ncontexts:\n- name: ${long}\n  context: {cluster: ${long}, user: u, namespace: ${long}}\n`,
    );
    const o = await runCase(file, { closedServer: server, home: join(tmp, 'home') });
    const c = o.contexts.get(long)!;
    expect(c.entry).toMatchObject({ isCurrent: true, clusterName: long, namespace: long });
    expect(c.build.ok).toBe(true);
    expect(c.test?.code).toBe('k8s.net.refused');
    expect(JSON.stringify(o.list)).not.toContain(token);
  });

  // One deep document per fresh process: a stack overflow inside the parser must come back as
  // kubeconfig.invalid, not kill the process. (A second deep document in the same Node 20
  // process can abort it inside V8; see docs/security.md "Known gaps".)
  const deep: Record<string, string> = {
    'flow sequences': `'a: ' + '['.repeat(100000) + ']'.repeat(100000)`,
    'flow mappings': `'a: ' + '{a: '.repeat(50000) + '1' + '}'.repeat(50000)`,
    'block mappings': `Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + 'k:').join('\\n')`,
    'block sequences': `Array.from({ length: 2000 }, (_, i) => ' '.repeat(i) + '- ').join('\\n') + 'x'`,
  };
  for (const [shape, expr] of Object.entries(deep)) {
    it(`deeply nested ${shape}: a clear error, no crash, no hang`, { timeout: 30_000 }, async () => {
      const script = `
        import { parseKubeconfig } from ${JSON.stringify(join(import.meta.dirname, '..', 'kubeconfig-parse.ts'))};
        const text = ${expr};
        try { parseKubeconfig('/deep.yaml', text); console.log(JSON.stringify({ ok: true })); }
        catch (e) { console.log(JSON.stringify({ ok: false, name: e.name, code: e.code, message: e.message })); }
      `;
      const r = await runNode(script, 25_000);
      expect(r.signal, r.stderr.slice(-500)).toBeNull();
      expect(r.status, r.stderr.slice(-500)).toBe(0);
      const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ok: boolean; name?: string; code?: string; message?: string };
      if (!out.ok) {
        expect(out).toMatchObject({ name: 'ClusterError', code: 'k8s.kubeconfig.invalid' });
        expect(out.message).toMatch(/not valid YAML|larger than/);
      }
    });
  }
});

function runNode(script: string, timeoutMs: number): Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}
