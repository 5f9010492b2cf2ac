// catchesSignal decides when the ingress stand-in may be sent SIGHUP: a process that has not
// installed a handler (a setup shell, an nginx still starting) would be killed by it.
import { describe, expect, it } from 'vitest';
import { catchesSignal, SystemProcesses } from './exec';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const onLinux = process.platform === 'linux';
if (!onLinux) console.log('[exec] live signal-mask test skipped: /proc/<pid>/status is Linux-only');

describe('catchesSignal', () => {
  it('reads the SigCgt mask: bit n-1 for signal n', () => {
    const status = (mask: string) => () => `Name:\tnginx\nSigIgn:\t0000000000001000\nSigCgt:\t${mask}\n`;
    expect(catchesSignal(1, 'SIGHUP', status('0000000000000001'))).toBe(true);
    expect(catchesSignal(1, 'SIGHUP', status('0000000000004000'))).toBe(false);
    expect(catchesSignal(1, 'SIGTERM', status('0000000000004000'))).toBe(true);
    expect(catchesSignal(1, 'SIGUSR2', status('0000000180000000'))).toBe(false);
    expect(catchesSignal(1, 'SIGHUP', () => { throw new Error('ENOENT'); })).toBe(false);
    expect(catchesSignal(1, 'SIGHUP', () => 'Name:\tx\n')).toBe(false);
  });

  it.skipIf(!onLinux)('tells a shell that traps SIGHUP from one that does not, and a finished process from both', async () => {
    const procs = new SystemProcesses();
    const plain = procs.start(['/bin/sh', '-c', 'sleep 5']);
    const trapping = procs.start(['/bin/sh', '-c', 'trap "echo hup" HUP; echo ready; while :; do sleep 0.05; done'], {});
    try {
      for (let i = 0; i < 100 && !trapping.catches('SIGHUP'); i++) await wait(20);
      expect(trapping.catches('SIGHUP')).toBe(true);
      expect(plain.catches('SIGHUP')).toBe(false);
      // The trapping shell survives SIGHUP, the plain one does not.
      trapping.signal('SIGHUP');
      plain.signal('SIGHUP');
      expect((await plain.exited).signal).toBe('SIGHUP');
      expect(plain.catches('SIGHUP')).toBe(false);
      await wait(100);
      expect(trapping.done).toBe(false);
    } finally {
      plain.signalGroup('SIGKILL');
      trapping.signalGroup('SIGKILL');
      await Promise.all([plain.exited, trapping.exited]);
    }
  });
});
