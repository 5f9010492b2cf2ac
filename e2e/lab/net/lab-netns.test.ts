// The data plane inside the real lab (part 1's API and controllers): the seed scenario
// through startLab, then `lab up` SIGKILLed and `lab sweep` (needs root).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startLab } from '../index';
import { acquireHostLock } from './host-lock';
import { findLeftovers } from './sweep';
import { httpGet, type HttpOutcome } from './test-support';

const isRoot = process.getuid?.() === 0;
if (!isRoot) console.log('[lab netns] skipped: needs root for network namespaces');

const SCENARIO = fileURLToPath(new URL('../scenarios/seed.yaml', import.meta.url));
const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));
const repo = fileURLToPath(new URL('../../..', import.meta.url));

async function until(what: string, fn: () => Promise<HttpOutcome>, timeoutMs = 30_000): Promise<HttpOutcome & { kind: 'ok' }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await fn();
    if (r.kind === 'ok' && r.status === 200) return r;
    if (Date.now() > deadline) throw new Error(`${what}: ${JSON.stringify(r)}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

describe.skipIf(!isRoot)('the netns data plane in the lab', () => {
  it('seed: the source addresses of the original report, then `stop()` leaves nothing', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'sslab-test-net-'));
    const lab = await startLab({ scenario: SCENARIO, stateDir });
    try {
      const viaNode1 = await until('frontend via node1', () => httpGet('198.18.0.11', 30080));
      expect(viaNode1.body).toBe('remote_addr=198.19.1.1 x_forwarded_for=\n');
      expect((await until('frontend via node2', () => httpGet('198.18.0.12', 30080))).body).toBe('remote_addr=198.18.0.12 x_forwarded_for=\n');
      const relayed = await until('public relay', () => httpGet('203.0.113.10', 80));
      expect(relayed.body).toBe('remote_addr=198.19.1.1 x_forwarded_for=203.0.113.1\n');
      const tcp = await until('public tcp relay', () => httpGet('203.0.113.10', 8080));
      expect(tcp.body).toBe('remote_addr=198.19.1.1 x_forwarded_for=\n');
      const local = await until('echo Local via node1', () => httpGet('198.18.0.11', 30082));
      expect(local.json).toMatchObject({ pod: 'echo', remoteAddress: '203.0.113.1' });
      expect((await httpGet('198.18.0.12', 30082, { timeoutMs: 1500 })).kind).toBe('timeout');
    } finally {
      await lab.stop();
    }
    expect(findLeftovers({ prefix: lab.prefix, stateDirs: [lab.runDir] })).toEqual({ netns: [], links: [], dirs: [], pids: [] });
    rmSync(stateDir, { recursive: true, force: true });
  }, 600_000);

  it('`lab up` SIGKILLed, then `lab sweep`: no netns, links, processes or files remain', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'sslab-test-net-'));
    // Held for `lab up`, so no other data plane starts and cleans its leftovers before we look.
    const release = await acquireHostLock('sslab-lab-netns-test');
    // nftables mode through the CLI flag (the seed's ConfigMap says iptables)
    const up = spawn(process.execPath, ['--import', 'tsx', CLI, 'up', SCENARIO, '--state-dir', stateDir, '--keep-on-parent-exit', '--kube-proxy-mode', 'nftables'], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SNATSCOPE_LAB_NET_LOCK_HELD: '1' },
    });
    let stderr = '';
    up.stderr.on('data', (c) => (stderr += c));
    try {
      const kubeconfig = await new Promise<string>((resolve, reject) => {
        let out = '';
        up.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /KUBECONFIG=(\S+)/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        up.on('exit', (code) => reject(new Error(`lab up exited (${code}): ${stderr}`)));
      });
      const prefix = /(sslab-[0-9a-f]{6})/.exec(kubeconfig)?.[1] as string;
      await until('frontend via node1', () => httpGet('198.18.0.11', 30080));
      // `lab status` shows upstream kube-proxy running in every node, in the mode asked for
      const status = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'status', '--json', '--state-dir', stateDir], { cwd: repo, encoding: 'utf8' });
      const live = (JSON.parse(status.stdout) as { live?: { kubeProxy?: { implementation: string; nodes: { node: string; running: boolean; mode: string }[] } } }[])[0]?.live;
      expect(live?.kubeProxy?.implementation).toBe('upstream');
      expect(live?.kubeProxy?.nodes.map((n) => [n.node, n.running, n.mode])).toEqual([
        ['node1', true, 'nftables'],
        ['node2', true, 'nftables'],
      ]);
      const human = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'status', '--state-dir', stateDir], { cwd: repo, encoding: 'utf8' }).stdout;
      expect(human).toMatch(/kube-proxy node1: upstream, pid \d+ running, mode=nftables/);
      up.kill('SIGKILL');
      await new Promise((r) => up.once('exit', r));
      const runDir = join(stateDir, prefix);
      const before = findLeftovers({ prefix, stateDirs: [runDir] });
      expect(before.netns.length).toBeGreaterThanOrEqual(7); // router, 2 nodes, relay, LB, 2 pods
      expect(before.pids.length).toBeGreaterThan(0);
      const sweep = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'sweep', '--state-dir', stateDir], { cwd: repo, encoding: 'utf8' });
      expect(sweep.status, sweep.stderr).toBe(0);
      expect(sweep.stdout).toContain(`netns ${prefix}_router`);
      expect(findLeftovers({ prefix, stateDirs: [runDir] })).toEqual({ netns: [], links: [], dirs: [], pids: [] });
      expect(spawnSync('ip', ['route'], { encoding: 'utf8' }).stdout).not.toContain('198.18.0.0/15');
    } finally {
      up.kill('SIGKILL');
      release();
      rmSync(stateDir, { recursive: true, force: true });
    }
  }, 600_000);
});
