// Interactive exec plugins in the app: each login gets an id, an event for the renderer with the
// plugin's stderr as it arrives (device codes, "open this URL"), and a way to cancel it. Never a
// silent wait: the prompt is visible for as long as the plugin runs.
import { randomBytes } from 'node:crypto';
import type { ExecLogin } from '../../contract';
import type { ExecInteraction } from './exec-plugin';

const MAX_OUTPUT = 4096;

/** Plain text only: the plugin's output is untrusted (no control or bidi characters, no escape sequences). */
export function plainText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
  );
}

export class ExecLogins {
  private readonly active = new Map<string, AbortController>();

  constructor(private readonly emit: (login: ExecLogin) => void) {}

  /** The interaction for a context's plugins: a prompt in the app. */
  interaction(context: { id: string; name: string }): ExecInteraction {
    return {
      kind: 'prompt',
      onStart: ({ command, user }) => {
        const loginId = randomBytes(8).toString('hex');
        const controller = new AbortController();
        this.active.set(loginId, controller);
        let output = '';
        const send = (state: ExecLogin['state']) => this.emit({ loginId, contextId: context.id, context: context.name, command, user, state, output });
        send('waiting');
        return {
          signal: controller.signal,
          onStderr: (text) => {
            output = (output + plainText(text)).slice(-MAX_OUTPUT);
            send('waiting');
          },
          done: () => {
            this.active.delete(loginId);
            send('finished');
          },
        };
      },
    };
  }

  cancel(loginId: string): boolean {
    const c = this.active.get(loginId);
    if (!c) return false;
    c.abort();
    return true;
  }

  cancelAll(): void {
    for (const c of this.active.values()) c.abort();
  }
}
