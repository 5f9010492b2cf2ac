// Removes what a crashed run left behind: its namespaces (and every process inside them), the
// host's veth, its run directory and a stale host lock. Synchronous on purpose: it also runs
// from a process 'exit' hook, where nothing asynchronous gets to finish.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYSTEM_PATH, tryKill } from './exec';
import { HOST_LINK_ALIAS_PREFIX, RUN_DIR_MARKER } from './names';

export interface Leftovers {
  netns: string[];
  links: string[];
  dirs: string[];
  /** pids inside those namespaces or rooted in those directories */
  pids: number[];
}

export interface SweepReport extends Leftovers {
  errors: string[];
}

/** State dir of a data plane run without the lab: <tmp>/<prefix>.netlab */
export const STANDALONE_STATE_SUFFIX = '.netlab';

export interface RunMatch {
  /** The run's prefix (`sslab-abc123`), or with `loose` any prefix of prefixes (`sslab-`). */
  prefix: string;
  loose?: boolean;
  /** The run's state directories (the data plane keeps its files in `<stateDir>/net`). */
  stateDirs?: string[];
  /** Names recorded with ctx.track, swept even if they do not follow the naming scheme. */
  tracked?: { netns?: string[]; links?: string[] };
}

function run(argv: string[]): { code: number; stdout: string; stderr: string } {
  const [cmd, ...args] = argv;
  const r = spawnSync(cmd ?? 'false', args, { encoding: 'utf8', env: { PATH: SYSTEM_PATH, LC_ALL: 'C' }, timeout: 20_000 });
  return { code: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function checkPrefix(prefix: string): void {
  // An empty or tiny prefix would sweep namespaces that are not ours.
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{2,}$/.test(prefix)) throw new Error(`sweep needs a prefix of at least 3 characters, got ${JSON.stringify(prefix)}`);
}

export function listNetns(): string[] {
  return run(['ip', 'netns', 'list'])
    .stdout.split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean);
}

export function netnsPids(netns: string): number[] {
  return run(['ip', 'netns', 'pids', netns])
    .stdout.split(/\s+/)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}

export function hostLinksWithAlias(matches: (alias: string) => boolean): string[] {
  try {
    const links = JSON.parse(run(['ip', '-j', 'link', 'show']).stdout || '[]') as { ifname: string; ifalias?: string }[];
    return links.filter((l) => l.ifalias !== undefined && matches(l.ifalias)).map((l) => l.ifname);
  } catch {
    return [];
  }
}

/** Processes whose root, working directory or command line points into one of the dirs. */
function pidsUnder(dirs: string[]): number[] {
  if (dirs.length === 0) return [];
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const places = [readlinkSync(`/proc/${pid}/root`), readlinkSync(`/proc/${pid}/cwd`), readFileSync(`/proc/${pid}/cmdline`, 'utf8')];
      if (dirs.some((d) => places.some((p) => p.includes(d)))) out.push(pid);
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

const ours = (m: RunMatch) => (name: string) => (m.loose ? name.startsWith(m.prefix) : name.startsWith(`${m.prefix}-`) || name.startsWith(`${m.prefix}_`));

export function findLeftovers(m: RunMatch): Leftovers {
  checkPrefix(m.prefix);
  const isOurs = ours(m);
  const existing = listNetns();
  const netns = [...new Set([...existing.filter(isOurs), ...(m.tracked?.netns ?? []).filter((n) => existing.includes(n))])];
  const aliasOurs = (a: string) => a.startsWith(HOST_LINK_ALIAS_PREFIX) && (m.loose ? a.slice(HOST_LINK_ALIAS_PREFIX.length).startsWith(m.prefix) : a === `${HOST_LINK_ALIAS_PREFIX}${m.prefix}`);
  const linkNames = hostLinksWithAlias(() => true);
  const links = [...new Set([...hostLinksWithAlias(aliasOurs), ...(m.tracked?.links ?? []).filter((l) => linkNames.includes(l))])];
  const dirs = (m.stateDirs ?? []).map((d) => join(d, 'net')).filter((d) => existsSync(join(d, RUN_DIR_MARKER)));
  let standalone: string[];
  try {
    standalone = readdirSync(tmpdir()).filter((e) => e.endsWith(STANDALONE_STATE_SUFFIX) && isOurs(e.slice(0, -STANDALONE_STATE_SUFFIX.length) + '-'));
  } catch {
    standalone = [];
  }
  for (const e of standalone) if (existsSync(join(tmpdir(), e, 'net', RUN_DIR_MARKER))) dirs.push(join(tmpdir(), e));
  const pids = new Set<number>([...netns.flatMap(netnsPids), ...pidsUnder(dirs)]);
  pids.delete(process.pid);
  return { netns, links, dirs, pids: [...pids] };
}

function isZombie(pid: number): boolean {
  try {
    return /\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

function waitGone(pids: number[], ms: number): void {
  const until = Date.now() + ms;
  let alive = pids;
  while (alive.length > 0 && Date.now() < until) {
    alive = alive.filter((p) => existsSync(`/proc/${p}`) && !isZombie(p));
    if (alive.length) spawnSync('sleep', ['0.05']);
  }
}

/** Kill, unlink and delete everything of the matching run(s). Idempotent. */
export function sweepLeftovers(m: RunMatch): SweepReport {
  const found = findLeftovers(m);
  const errors: string[] = [];
  for (const pid of found.pids) tryKill(pid, 'SIGKILL');
  waitGone(found.pids, 3000);
  for (const link of found.links) {
    const r = run(['ip', 'link', 'del', link]);
    if (r.code !== 0 && !/Cannot find device/.test(r.stderr)) errors.push(`ip link del ${link}: ${r.stderr.trim()}`);
  }
  for (const ns of found.netns) {
    const r = run(['ip', 'netns', 'del', ns]);
    if (r.code !== 0) errors.push(`ip netns del ${ns}: ${r.stderr.trim()}`);
  }
  for (const dir of found.dirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch (err) {
      errors.push(`rm ${dir}: ${(err as Error).message}`);
    }
  }
  releaseStaleHostLock(m);
  return { ...found, errors };
}

// ---- one lab data plane per host: the address plan is fixed, two runs would fight over it ----

export const HOST_LOCK = 'snatscope-lab-net.lock';
export const hostLockPath = (base = tmpdir()) => join(base, HOST_LOCK);

export interface LockInfo {
  pid: number;
  prefix: string;
}

export function readHostLock(path = hostLockPath()): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

export function lockOwnerAlive(info: LockInfo | undefined): boolean {
  return !!info && info.pid > 0 && existsSync(`/proc/${info.pid}`) && !isZombie(info.pid);
}

function releaseStaleHostLock(m: RunMatch): void {
  const info = readHostLock();
  if (info && ours(m)(`${info.prefix}-`) && !lockOwnerAlive(info)) rmSync(hostLockPath(), { force: true });
}
