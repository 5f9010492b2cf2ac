// Browser mode's main-owned UI is the terminal that runs `npm run serve`: a page (even one with the
// token) cannot type there. Questions are asked one at a time; no terminal means no.
// `--assume-yes` answers yes without asking, for tests and CI, and says so in the log.
import { createInterface } from 'node:readline';
import type { Confirm } from '../core/security/confirm';
import { terminalSafe } from '../cli/terminal-text';

export interface TerminalConfirmOptions {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
  assumeYes: boolean;
  log: (line: string) => void;
}

export function terminalConfirm(options: TerminalConfirmOptions): Confirm {
  let queue: Promise<unknown> = Promise.resolve();
  return (request, text) => {
    const summary = terminalSafe(`${text.message} ${text.detail.replace(/\s*\n+\s*/g, ' ')}`);
    if (options.assumeYes) {
      options.log(`confirmed by --assume-yes: ${summary}`);
      return Promise.resolve(true);
    }
    if (!options.input.isTTY) {
      options.log(`refused (${request.kind}): no terminal to confirm it in; start serve from a terminal to be asked: ${summary}`);
      return Promise.resolve(false);
    }
    const ask = () =>
      new Promise<boolean>((resolve) => {
        const rl = createInterface({ input: options.input, output: options.output, terminal: false });
        options.output.write(`\n${terminalSafe(`${text.message}\n${text.detail}`)}\n`);
        rl.question(`${terminalSafe(`${text.yes}? [y/N] `)}`, (answer) => {
          rl.close();
          resolve(/^\s*(y|yes|是|允许)\s*$/i.test(answer));
        });
      });
    const answer = queue.then(ask, ask);
    queue = answer;
    return answer;
  };
}
