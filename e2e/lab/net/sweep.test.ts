// A data plane whose process is SIGKILLed leaves namespaces, processes, a host veth and files;
// the module's sweep (what `lab sweep` calls) removes all of it (needs root).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { node } from '../kube-proxy/test-objects';
import { sweep } from './data-plane';
import { NetnsDataPlane } from './netns-data-plane';
import { TestContext } from './test-support';
import type { LabNetworkInfo } from './netns-data-plane';
import { acquireHostLock } from './host-lock';
import { findLeftovers, readHostLock } from './sweep';

const isRoot = process.getuid?.() === 0;
if (!isRoot) console.log('[net sweep] skipped: needs root for network namespaces');

const sh = (argv: string[]) => execFileSync(argv[0] as string, argv.slice(1), { encoding: 'utf8' });

describe.skipIf(!isRoot)('sweep after SIGKILL', () => {
  it('finds and removes every namespace, link, process and file of the dead run', async () => {
    const runId = `sw${process.pid.toString(16).slice(-4)}`;
    const prefix = `sslab-${runId}`;
    const stateDir = join(tmpdir(), `${prefix}-state`);
    mkdirSync(stateDir, { recursive: true });
    // We hold the host lock for the child: no other data plane may start (and clean up the dead
    // child's leftovers) before this test has looked at them.
    const release = await acquireHostLock(prefix);
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./sweep-child.ts', import.meta.url)), runId, stateDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SNATSCOPE_LAB_NET_LOCK_HELD: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    try {
      const info = await new Promise<LabNetworkInfo>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const line = out.split('\n').find((l) => l.startsWith('READY '));
          if (line) resolve(JSON.parse(line.slice(6)) as LabNetworkInfo);
        });
        child.on('exit', (code) => reject(new Error(`child exited (${code}): ${stderr}`)));
      });
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));

      const before = findLeftovers({ prefix, stateDirs: [stateDir] });
      expect(before.netns.length).toBeGreaterThanOrEqual(6); // router, 2 nodes, relay, LB, the pod
      expect(before.links).toEqual([info.host.link]);
      expect(before.dirs).toEqual([join(stateDir, 'net')]);
      expect(before.pids.length).toBeGreaterThanOrEqual(4); // 2 node agents, relay nginx, the echo

      const resources = JSON.parse(readFileSync(join(stateDir, 'tracked.json'), 'utf8'));
      const lines = await sweep({ runId, prefix, stateDir, resources });
      expect(lines).toEqual(expect.arrayContaining([`host link ${info.host.link}`, `netns ${info.router.netns}`]));
      expect(lines.filter((l) => l.startsWith('error'))).toEqual([]);

      expect(findLeftovers({ prefix, stateDirs: [stateDir] })).toEqual({ netns: [], links: [], dirs: [], pids: [] });
      expect(sh(['ip', 'route'])).not.toContain('198.18.0.0/15');
      expect(sh(['ip', '-br', 'addr'])).not.toContain('203.0.113.');
      expect(sh(['ps', '-eo', 'args'])).not.toContain(stateDir);
      expect(existsSync(join(stateDir, 'net'))).toBe(false);
      // idempotent
      expect((await sweep({ runId, prefix, stateDir, resources })).filter((l) => l.startsWith('error'))).toEqual([]);
    } finally {
      child.kill('SIGKILL');
      release();
      rmSync(stateDir, { recursive: true, force: true });
    }
    expect(readHostLock()?.pid).not.toBe(process.pid);
  }, 240_000);

  it('a data plane starting after a crash removes the dead run\'s namespaces and host link first', async () => {
    const dead = `sslab-d${process.pid.toString(16).slice(-5)}`;
    sh(['ip', 'netns', 'add', `${dead}_router`]);
    sh(['ip', 'link', 'add', `${dead}h`, 'type', 'veth', 'peer', 'name', 'host0', 'netns', `${dead}_router`]);
    sh(['ip', 'link', 'set', `${dead}h`, 'alias', `snatscope-lab:${dead}`]);
    const ctx = new TestContext(`al${process.pid.toString(16).slice(-4)}`, [node('node1', '198.18.0.11', '198.19.1.0/24')], {});
    const dp = new NetnsDataPlane();
    try {
      await dp.start(ctx);
      expect(findLeftovers({ prefix: dead })).toEqual({ netns: [], links: [], dirs: [], pids: [] });
      expect(ctx.lines.some((l) => l.includes(`removed leftovers of dead runs: ${dead}_router`))).toBe(true);
    } finally {
      await dp.stop();
      spawnSync('ip', ['netns', 'del', `${dead}_router`]);
      spawnSync('ip', ['link', 'del', `${dead}h`]);
    }
  }, 240_000);
});

