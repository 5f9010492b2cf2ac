// Removes what dead runs left behind: tracked processes, the data plane's resources (through its
// module's `sweep`), the run directory and the record. Live runs are left alone unless stopped
// first (`lab down`).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataPlaneModule } from '../data-plane-registry';
import { processAlive, processStartTime, RunRegistry, type RunRecord } from './registry';

export interface SweepReport {
  runId: string;
  removed: string[];
  errors: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Kill a tracked process (kind "pid") if it is still the same process. */
async function killTracked(pid: number, start: string | undefined): Promise<boolean> {
  if (!processAlive(pid, start)) return false;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return false;
  }
  for (let i = 0; i < 50 && processAlive(pid, start); i++) await sleep(20);
  return true;
}

export async function sweepRun(reg: RunRegistry, rec: RunRecord): Promise<SweepReport> {
  const report: SweepReport = { runId: rec.runId, removed: [], errors: [] };
  for (const r of rec.resources) {
    if (r.kind !== 'pid') continue;
    const pid = Number(r.name);
    if (await killTracked(pid, typeof r.info?.start === 'string' ? r.info.start : undefined)) report.removed.push(`process ${pid}`);
  }
  if (rec.dataPlane.module) {
    try {
      const m = await loadDataPlaneModule(rec.dataPlane.module);
      if (m.sweep) report.removed.push(...(await m.sweep({ runId: rec.runId, prefix: rec.prefix, stateDir: rec.runDir, resources: rec.resources })));
    } catch (e) {
      report.errors.push(`data plane sweep: ${String((e as Error).message ?? e)}`);
    }
  }
  try {
    rmSync(rec.runDir, { recursive: true, force: true });
    report.removed.push(`directory ${rec.runDir}`);
  } catch (e) {
    report.errors.push(String(e));
  }
  reg.remove(rec.runId);
  return report;
}

/** Sweep every run whose process is gone, and run directories that have no record. */
export async function sweepDead(reg = new RunRegistry()): Promise<SweepReport[]> {
  const out: SweepReport[] = [];
  const live = new Set<string>();
  for (const rec of reg.list()) {
    if (processAlive(rec.pid, rec.pidStart)) {
      live.add(rec.prefix);
      continue;
    }
    out.push(await sweepRun(reg, rec));
  }
  for (const d of reg.runDirs()) {
    if (live.has(d)) continue;
    if (reg.read(d.slice('sslab-'.length))) continue;
    rmSync(join(reg.dir, d), { recursive: true, force: true });
    out.push({ runId: d.slice('sslab-'.length), removed: [`directory ${join(reg.dir, d)}`], errors: [] });
  }
  return out;
}

/** Stop a live run (SIGTERM, then SIGKILL after `timeoutMs`) and sweep it. */
export async function stopRun(reg: RunRegistry, rec: RunRecord, timeoutMs = 15000): Promise<SweepReport> {
  if (processAlive(rec.pid, rec.pidStart) && rec.pid !== process.pid) {
    try {
      process.kill(rec.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    const until = Date.now() + timeoutMs;
    while (processAlive(rec.pid, rec.pidStart) && Date.now() < until) await sleep(50);
    if (processAlive(rec.pid, rec.pidStart)) await killTracked(rec.pid, rec.pidStart);
  }
  // A clean exit removes the record itself; sweep whatever is left either way.
  const cur = reg.read(rec.runId) ?? rec;
  return sweepRun(reg, cur);
}

export { processStartTime };
