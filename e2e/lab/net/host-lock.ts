// One lab data plane per host at a time: the address plan (203.0.113.1 on the host, a route for
// 198.18.0.0/15) cannot be shared. Waits for a live owner, takes over a dead one's lock.
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { hostLockPath, lockOwnerAlive, readHostLock } from './sweep';

export async function acquireHostLock(prefix: string, opts: { timeoutMs?: number; log?: (l: string) => void } = {}): Promise<() => void> {
  const path = hostLockPath();
  // 10 min: with upstream kube-proxy the lab's test files hold a data plane for up to ~80 s each,
  // and the node project's workers queue for it.
  const deadline = Date.now() + (opts.timeoutMs ?? 600_000);
  let told = false;
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, prefix }));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = readHostLock(path);
    if (owner && !lockOwnerAlive(owner)) {
      rmSync(path, { force: true }); // its owner died; `sweep` cleans the rest of that run
      continue;
    }
    if (Date.now() > deadline) throw new Error(`another lab data plane is running on this host (run ${owner?.prefix ?? '?'}, pid ${owner?.pid ?? '?'}); stop it or run \`lab sweep\``);
    if (!told) opts.log?.(`waiting for the lab data plane of run ${owner?.prefix ?? '?'} (pid ${owner?.pid ?? '?'}) to finish`);
    told = true;
    await new Promise((r) => setTimeout(r, 250));
  }
}
