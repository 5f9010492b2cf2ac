// The run registry: one JSON record per lab run under the lab state dir, written atomically and
// synchronously, so `lab status`, `lab down` and `lab sweep` find runs — including runs whose
// process was SIGKILLed and could not clean up.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { TrackedResource } from '../data-plane';

export function labStateDir(): string {
  return process.env.SNATSCOPE_LAB_DIR || '/tmp/snatscope-lab';
}

export const PREFIX_RE = /^sslab-[0-9a-f]{6}$/;

export interface RunRecord {
  runId: string;
  prefix: string;
  pid: number;
  /** /proc/<pid>/stat start time, so a recycled pid is never mistaken for the run. */
  pidStart: string;
  startedAt: string;
  state: 'starting' | 'ready' | 'stopping';
  scenario: string;
  runDir: string;
  kubeconfig?: string;
  context?: string;
  server?: string;
  apiOnly: boolean;
  /** Token of the internal user that may read /lab/v1/status (the registry dir is root-only). */
  statusToken?: string;
  dataPlane: { kind: string; module?: string };
  resources: TrackedResource[];
}

export function newRunId(): string {
  return randomBytes(3).toString('hex');
}

export function processStartTime(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime), counted after the parenthesised command name.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

export function processAlive(pid: number, start?: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A SIGKILLed process not yet reaped by its parent still answers kill(0): a zombie is dead.
  if (isZombie(pid)) return false;
  if (!start) return true;
  return processStartTime(pid) === start;
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 3, after the parenthesised command name (which may itself contain spaces).
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

export class RunRegistry {
  constructor(readonly dir = labStateDir()) {}

  private runsDir(): string {
    return join(this.dir, 'runs');
  }

  private file(runId: string): string {
    return join(this.runsDir(), `${runId}.json`);
  }

  write(rec: RunRecord): void {
    mkdirSync(this.runsDir(), { recursive: true, mode: 0o700 });
    const tmp = `${this.file(rec.runId)}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(rec, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file(rec.runId));
  }

  read(runId: string): RunRecord | undefined {
    try {
      return JSON.parse(readFileSync(this.file(runId), 'utf8')) as RunRecord;
    } catch {
      return undefined;
    }
  }

  list(): RunRecord[] {
    if (!existsSync(this.runsDir())) return [];
    return readdirSync(this.runsDir())
      .filter((f) => f.endsWith('.json'))
      .map((f) => this.read(f.slice(0, -5)))
      .filter((r): r is RunRecord => r !== undefined)
      .sort((a, b) => (a.startedAt < b.startedAt ? -1 : 1));
  }

  remove(runId: string): void {
    rmSync(this.file(runId), { force: true });
  }

  /** Update a record in place (track/untrack, state changes). */
  update(runId: string, fn: (r: RunRecord) => void): void {
    const r = this.read(runId);
    if (!r) return;
    fn(r);
    this.write(r);
  }

  /** Run directories (`sslab-xxxxxx`) under the state dir. */
  runDirs(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir).filter((d) => PREFIX_RE.test(d));
  }
}
