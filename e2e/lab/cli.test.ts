// The CLI as a user runs it: `up` prints KUBECONFIG/CONTEXT, `status` sees the run, `down`
// stops it; after SIGKILL of `up`, `sweep` leaves no process and no files behind.
import { afterAll, describe, expect, it } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processAlive } from './runs/registry';
import { waitFor } from './test-support';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const SEED = fileURLToPath(new URL('./scenarios/seed-api.yaml', import.meta.url));
const stateDir = mkdtempSync(join(tmpdir(), 'sslab-cli-'));
const children: ChildProcess[] = [];

function lab(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args, '--state-dir', stateDir], { timeout: 30000 }, (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

async function up(): Promise<{ child: ChildProcess; vars: Record<string, string> }> {
  // Run the CLI in this very process tree (no tsx wrapper), so its pid is the lab's.
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'up', SEED, '--state-dir', stateDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(() => /^CONTEXT=/m.test(out) || undefined, 20000, `lab up (output so far: ${out})`);
  const vars = Object.fromEntries(out.split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return { child, vars };
}

const exited = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null || c.signalCode !== null ? r(c.exitCode) : c.on('exit', (code) => r(code))));

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(stateDir, { recursive: true, force: true });
});

describe('lab CLI', () => {
  it('up prints the kubeconfig and context, status lists the run, down stops and cleans it', async () => {
    const { child, vars } = await up();
    expect(vars.KUBECONFIG).toBe(join(stateDir, `sslab-${vars.RUN}`, 'kubeconfig'));
    expect(existsSync(vars.KUBECONFIG!)).toBe(true);
    expect(vars.CONTEXT).toBe(`sslab-${vars.RUN}`);
    const st = await lab(['status', '--json']);
    const runs = JSON.parse(st.stdout) as { runId: string; alive: boolean; live?: { counts: Record<string, number>; serving: { requests: number } } }[];
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ runId: vars.RUN, alive: true, live: { counts: { nodes: 2, pods: 1 } } });
    const down = await lab(['down', vars.RUN!]);
    expect(down.stdout).toMatch(new RegExp(`^stopped ${vars.RUN}`));
    expect(await exited(child)).toBe(0);
    expect(readdirSync(stateDir).filter((d) => d.startsWith('sslab-'))).toEqual([]);
    expect(readdirSync(join(stateDir, 'runs'))).toEqual([]);
  }, 60000);

  it('after SIGKILL of up, sweep leaves no process and no files', async () => {
    const { child, vars } = await up();
    const pid = child.pid!;
    child.kill('SIGKILL');
    await exited(child);
    expect(existsSync(join(stateDir, `sslab-${vars.RUN}`))).toBe(true);
    expect((await lab(['status'])).stdout).toMatch(/DEAD/);
    const sweep = await lab(['sweep']);
    expect(sweep.stdout).toMatch(new RegExp(`swept ${vars.RUN}: directory `));
    expect(processAlive(pid)).toBe(false);
    expect(readdirSync(stateDir).filter((d) => d.startsWith('sslab-'))).toEqual([]);
    expect(readdirSync(join(stateDir, 'runs'))).toEqual([]);
    expect((await lab(['sweep'])).stdout).toBe('nothing to sweep\n');
  }, 60000);
});
