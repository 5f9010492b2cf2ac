// The script that turns `ip netns exec <ns> unshare --mount --uts …` into a container:
// a private mount namespace whose root is a tmpfs holding copy-on-write overlays of the host's
// /usr /etc /var /opt, fresh /tmp /run /dev /proc, the pod's files and volumes at their
// mountPaths, then chroot and exec the command as the pod's user. Nothing is created on the
// host outside the run directory: every mount lives and dies with the container's namespace.
import { shellQuote } from './exec';

export interface ContainerLaunch {
  hostname: string;
  /** empty host directory (in the run dir) that becomes the container root */
  rootDir: string;
  /** empty host directory for the overlays' upper/work dirs */
  layersDir: string;
  /** host directory with the pod's prepared files, visible at /.lab while mounting */
  stageDir: string;
  /** files to copy into the root: stage-relative source → container path */
  copies: { from: string; to: string }[];
  /** bind mounts: stage-relative source → container path */
  mounts: { from: string; to: string; readOnly: boolean; file: boolean }[];
  workingDir: string;
  runAs: { uid?: number; gid?: number; groups: number[] };
  /** securityContext.readOnlyRootFilesystem: everything but volumes, /dev and /proc read-only */
  readOnlyRoot?: boolean;
  /** securityContext.allowPrivilegeEscalation: false → no_new_privs */
  noNewPrivs?: boolean;
  env: [string, string][];
  argv: string[];
}

export const OVERLAID = ['usr', 'etc', 'var', 'opt'] as const;
// Debian's merged /usr: the top-level names are symlinks into it.
export const ROOT_SYMLINKS: [string, string][] = [
  ['bin', 'usr/bin'],
  ['sbin', 'usr/sbin'],
  ['lib', 'usr/lib'],
  ['lib64', 'usr/lib64'],
];
const EMPTY_DIRS = ['tmp', 'run', 'root', 'home', 'srv', 'mnt', 'proc', 'dev', 'sys', '.lab'];
const DEVICES = ['null', 'zero', 'full', 'random', 'urandom', 'tty'];

/** The unshare/sh argv; the script itself comes from containerScript(). */
export function containerArgv(netns: string, script: string): string[] {
  return ['/usr/sbin/ip', 'netns', 'exec', netns, '/usr/bin/unshare', '--mount', '--uts', '--propagation', 'private', '/bin/sh', '-ec', script];
}

const q = shellQuote;

export function containerScript(c: ContainerLaunch): string {
  const outer: string[] = [];
  const R = q(c.rootDir);
  outer.push(`mount -t tmpfs -o mode=0755 lab-root ${R}`);
  outer.push(`mount -t tmpfs -o mode=0700 lab-layers ${q(c.layersDir)}`);
  outer.push(`cd ${R}`);
  outer.push(`mkdir -p ${EMPTY_DIRS.join(' ')} && chmod 1777 tmp && chmod 0700 root`);
  for (const d of OVERLAID) {
    const up = q(`${c.layersDir}/${d}/upper`);
    const work = q(`${c.layersDir}/${d}/work`);
    outer.push(`if [ -d /${d} ]; then mkdir -p ${d} ${up} ${work} && mount -t overlay lab-${d} -o lowerdir=/${d},upperdir=${up},workdir=${work} ${d}; fi`);
  }
  for (const [name, target] of ROOT_SYMLINKS) outer.push(`if [ -e /${name} ]; then ln -s ${target} ${name}; fi`);
  outer.push('mount -t proc proc proc');
  outer.push('mount -t tmpfs -o mode=0755,size=1m lab-dev dev');
  for (const dev of DEVICES) outer.push(`touch dev/${dev} && mount --bind /dev/${dev} dev/${dev}`);
  outer.push('ln -s /proc/self/fd dev/fd && ln -s /proc/self/fd/0 dev/stdin && ln -s /proc/self/fd/1 dev/stdout && ln -s /proc/self/fd/2 dev/stderr');
  outer.push('mkdir dev/shm && mount -t tmpfs -o mode=1777,size=16m shm dev/shm');
  outer.push(`mount --bind ${q(c.stageDir)} .lab`);
  // Container output through FIFOs, as container runtimes do: programs that open /dev/stdout
  // (nginx's access_log) cannot open the socket Node.js hands us, but can open a pipe.
  const out = q(`${c.layersDir}/stdout`);
  const err = q(`${c.layersDir}/stderr`);
  outer.push(`mkfifo -m 0666 ${out} ${err}`);
  outer.push(`cat ${out} & cat ${err} >&2 &`);
  outer.push(`exec >${out} 2>${err}`);
  outer.push(`hostname ${q(c.hostname)}`);

  // Inside the chroot, absolute symlinks in the image resolve inside it: so targets are made
  // and mounted from in there, never through a path that could lead back to the host.
  const inner: string[] = [];
  for (const cp of c.copies) inner.push(`mkdir -p "$(dirname ${q(cp.to)})" && cp ${q(`/.lab/${cp.from}`)} ${q(cp.to)}`);
  for (const m of c.mounts) {
    const to = q(m.to);
    inner.push(m.file ? `mkdir -p "$(dirname ${to})" && { [ -e ${to} ] || : > ${to}; }` : `mkdir -p ${to}`);
    inner.push(`mount --bind ${q(`/.lab/${m.from}`)} ${to}`);
    if (m.readOnly) inner.push(`mount -o remount,bind,ro ${to}`);
  }
  inner.push('umount -l /.lab && rmdir /.lab');
  inner.push(`mkdir -p ${q(c.workingDir || '/')}`);
  if (c.readOnlyRoot) inner.push(`for d in ${OVERLAID.map((d) => `/${d}`).join(' ')}; do if mountpoint -q $d; then mount -o remount,ro $d; fi; done`, 'mount -o remount,ro /');
  const env = c.env.map(([k, v]) => q(`${k}=${v}`)).join(' ');
  const setpriv: string[] = [];
  if (c.runAs.uid !== undefined || c.runAs.gid !== undefined) {
    setpriv.push(`--reuid=${c.runAs.uid ?? 0}`, `--regid=${c.runAs.gid ?? c.runAs.uid ?? 0}`, c.runAs.groups.length ? `--groups=${c.runAs.groups.join(',')}` : '--clear-groups');
  }
  if (c.noNewPrivs) setpriv.push('--no-new-privs');
  const runAs = setpriv.length ? `/usr/bin/setpriv ${setpriv.join(' ')} -- ` : '';
  inner.push(`exec /usr/bin/env -i -C ${q(c.workingDir || '/')} ${env} ${runAs}${c.argv.map(q).join(' ')}`);
  outer.push(`exec /usr/sbin/chroot . /bin/sh -ec ${q(inner.join('\n'))}`);
  return outer.join('\n');
}
