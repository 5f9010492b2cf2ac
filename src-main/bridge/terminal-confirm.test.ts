// Browser mode asks in its terminal: yes only when typed there; no terminal is a no.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { confirmText, type ConfirmRequest } from '../core/security/confirm';
import { terminalConfirm } from './terminal-confirm';

const request: ConfirmRequest = { kind: 'kubeconfig.add', path: '/tmp/k\u001b]0;x\u0007.yaml', execCommands: ['/usr/bin/aws eks get-token'] };
const text = confirmText(request, 'en');

function tty() {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d: Buffer) => (shown += d.toString()));
  return { input, output, shown: () => shown };
}

describe('terminal confirmation (browser mode)', () => {
  it('is yes only when the user types yes, and shows what it asks about, escaped', async () => {
    const t = tty();
    const log: string[] = [];
    const confirm = terminalConfirm({ input: t.input, output: t.output, assumeYes: false, log: (l) => log.push(l) });
    const first = confirm(request, text);
    const second = confirm(request, text);
    t.input.write('y\n');
    expect(await first).toBe(true);
    t.input.write('n\n');
    expect(await second).toBe(false);
    expect(t.shown()).toContain('/usr/bin/aws eks get-token');
    expect(t.shown()).toContain('\\u001b]0;x\\u0007');
    expect(t.shown()).not.toContain('\u001b');
  });

  it('without a terminal, refuses and logs why', async () => {
    const log: string[] = [];
    const confirm = terminalConfirm({ input: Object.assign(new PassThrough(), { isTTY: false }), output: new PassThrough(), assumeYes: false, log: (l) => log.push(l) });
    expect(await confirm(request, text)).toBe(false);
    expect(log[0]).toMatch(/^refused \(kubeconfig.add\): no terminal/);
  });

  it('--assume-yes says yes and logs it', async () => {
    const log: string[] = [];
    const confirm = terminalConfirm({ input: Object.assign(new PassThrough(), { isTTY: false }), output: new PassThrough(), assumeYes: true, log: (l) => log.push(l) });
    expect(await confirm(request, text)).toBe(true);
    expect(log[0]).toMatch(/^confirmed by --assume-yes: Add this kubeconfig file\?/);
  });
});
