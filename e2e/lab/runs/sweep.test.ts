import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processAlive, processStartTime, RunRegistry, type RunRecord } from './registry';
import { sweepDead } from './sweep';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function record(reg: RunRegistry, runId: string, pid: number, extra: Partial<RunRecord> = {}): RunRecord {
  const runDir = join(reg.dir, `sslab-${runId}`);
  mkdirSync(runDir, { recursive: true });
  writeFileSync(join(runDir, 'kubeconfig'), 'x');
  const rec: RunRecord = { runId, prefix: `sslab-${runId}`, pid, pidStart: processStartTime(pid), startedAt: new Date().toISOString(), state: 'ready', scenario: 't', runDir, apiOnly: true, dataPlane: { kind: 'fake' }, resources: [], ...extra };
  reg.write(rec);
  return rec;
}

describe('sweep', () => {
  it('removes dead runs with their tracked processes and files, and leaves live runs alone', async () => {
    const base = mkdtempSync(join(tmpdir(), 'sslab-sweep-'));
    dirs.push(base);
    const reg = new RunRegistry(base);
    // A process the dead run had started (a pod, say), still running.
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    const childPid = child.pid!;
    const dead = spawn('true');
    await new Promise((r) => dead.on('exit', r));
    record(reg, 'aaaaaa', dead.pid!, { resources: [{ kind: 'pid', name: String(childPid), info: { start: processStartTime(childPid) } }] });
    record(reg, 'bbbbbb', process.pid);
    mkdirSync(join(base, 'sslab-cccccc'));

    const reports = await sweepDead(reg);
    expect(reports.map((r) => r.runId).sort()).toEqual(['aaaaaa', 'cccccc']);
    expect(reports.find((r) => r.runId === 'aaaaaa')!.removed).toContain(`process ${childPid}`);
    await new Promise((r) => setTimeout(r, 50));
    expect(processAlive(childPid)).toBe(false);
    expect(existsSync(join(base, 'sslab-aaaaaa'))).toBe(false);
    expect(existsSync(join(base, 'sslab-cccccc'))).toBe(false);
    expect(reg.list().map((r) => r.runId)).toEqual(['bbbbbb']);
    expect(existsSync(join(base, 'sslab-bbbbbb', 'kubeconfig'))).toBe(true);
  });
});
