import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuote } from './exec';
import { containerArgv, containerScript, type ContainerLaunch } from './rootfs';

const launch = (over: Partial<ContainerLaunch> = {}): ContainerLaunch => ({
  hostname: 'web',
  rootDir: '/run/lab/p/c/root',
  layersDir: '/run/lab/p/c/layers',
  stageDir: '/run/lab/p/stage',
  copies: [{ from: 'files/app/f0', to: '/etc/hosts' }],
  mounts: [{ from: 'volumes/conf', to: '/etc/nginx/conf.d', readOnly: true, file: false }],
  workingDir: '/',
  runAs: { groups: [] },
  env: [['PATH', '/usr/bin:/bin'], ['MSG', "it's \"quoted\" $HOME"]],
  argv: ['/usr/bin/node', '-e', 'console.log(1)'],
  ...over,
});

describe('container script', () => {
  it('builds the root in a private mount namespace and execs through chroot', () => {
    const argv = containerArgv('lab_pod-1', 'SCRIPT');
    expect(argv.slice(0, 9)).toEqual(['/usr/sbin/ip', 'netns', 'exec', 'lab_pod-1', '/usr/bin/unshare', '--mount', '--uts', '--propagation', 'private']);
    const s = containerScript(launch());
    expect(s).toContain('mount -t tmpfs -o mode=0755 lab-root /run/lab/p/c/root');
    expect(s).toContain('mount -t overlay lab-etc -o lowerdir=/etc,upperdir=/run/lab/p/c/layers/etc/upper,workdir=/run/lab/p/c/layers/etc/work etc');
    expect(s).toContain('hostname web');
    expect(s).toMatch(/\nexec \/usr\/sbin\/chroot \. \/bin\/sh -ec '/);
    // inside the chroot: mounts, then the command replaces the shell
    expect(s.split('\nexec /usr/sbin/chroot')[1]).toMatch(/mount --bind \/\.lab\/volumes\/conf \/etc\/nginx\/conf\.d[\s\S]*\nexec \/usr\/bin\/env -i -C \/ /);
  });

  it('makes mount targets from inside the chroot, so image symlinks can never lead to the host', () => {
    const s = containerScript(launch({ mounts: [{ from: 'volumes/v/a.conf', to: '/var/run/app/a.conf', readOnly: true, file: true }] }));
    const outer = s.slice(0, s.indexOf('exec /usr/sbin/chroot'));
    expect(outer).not.toContain('/var/run/app');
    expect(s).toContain('mount --bind /.lab/volumes/v/a.conf /var/run/app/a.conf');
    expect(s).toContain('mount -o remount,bind,ro /var/run/app/a.conf');
  });

  it('quotes for sh so any value survives, and switches user with setpriv when asked', () => {
    for (const v of ["it's \"quoted\" $HOME", 'a\nb', '$(rm -rf /)', '`x`', '', 'plain']) {
      expect(execFileSync('/bin/sh', ['-c', `printf %s ${shellQuote(v)}`], { encoding: 'utf8' })).toBe(v);
    }
    const s = containerScript(launch({ runAs: { uid: 101, gid: 102, groups: [2000] } }));
    expect(s).toContain('/usr/bin/setpriv --reuid=101 --regid=102 --groups=2000 -- /usr/bin/node -e');
    expect(containerScript(launch())).not.toContain('setpriv');
  });

  it('honours readOnlyRootFilesystem and allowPrivilegeEscalation: false', () => {
    const s = containerScript(launch({ readOnlyRoot: true, noNewPrivs: true, runAs: { uid: 1000, groups: [] } }));
    const inner = s.split('\nexec /usr/sbin/chroot')[1] as string;
    // after the volumes are mounted, before the command
    expect(inner.indexOf('mount -o remount,ro /\n')).toBeGreaterThan(inner.indexOf('mount --bind /.lab/volumes/conf'));
    expect(inner).toContain('/usr/bin/setpriv --reuid=1000 --regid=1000 --clear-groups --no-new-privs -- ');
    expect(containerScript(launch())).not.toContain('remount,ro /\n');
  });

  it('routes output through FIFOs so /dev/stdout can be opened', () => {
    const s = containerScript(launch());
    expect(s).toContain('mkfifo -m 0666 /run/lab/p/c/layers/stdout /run/lab/p/c/layers/stderr');
    expect(s).toContain('exec >/run/lab/p/c/layers/stdout 2>/run/lab/p/c/layers/stderr');
  });
});
