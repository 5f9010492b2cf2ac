// Opening a session in a worker thread: in Electron the parse otherwise runs in the process that
// owns the window and every running probe (a hostile 62 MB file stalled browser mode's event loop
// for 11 s). Memory is bounded before parsing (size, depth and object count: session-file.ts),
// not with a worker heap limit: V8 does not stop inside JSON.parse at a worker's limit and
// aborts the whole process instead (seen on Node 20). A parse that takes too long is stopped.
import { Worker } from 'node:worker_threads';
import type { Session } from '../probe/session-types';
import { AppError } from '../rpc/app-error';

export type SessionParser = (text: string) => Promise<Session>;

export interface WorkerParserOptions {
  /** The built worker entry (session-worker.ts), or with `eval`, module code that loads it (tests add a TypeScript loader). */
  file: string | URL;
  eval?: boolean;
  timeoutMs?: number;
}

const tooBig = () =>
  new AppError({
    code: 'session.invalid',
    message: 'This is not a usable SNATScope session: reading it needed more memory or time than a session can take.',
    action: 'Open a session saved by SNATScope (File → Save session, or `snatscope probe --json`).',
    localized: { 'zh-CN': { message: '这不是可用的 SNATScope 会话文件：读取它所需的内存或时间超出了会话文件的上限。', action: '请打开由 SNATScope 保存的会话（“保存会话”或 `snatscope probe --json`）。' } },
  });

/** One worker per file: nothing a hostile file did to a worker's heap outlives its parse. */
export function workerSessionParser(options: WorkerParserOptions): SessionParser {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return (text) =>
    new Promise<Session>((resolve, reject) => {
      const worker = new Worker(options.file, options.eval ? { eval: true } : {});
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        fn();
      };
      const timer = setTimeout(() => settle(() => reject(tooBig())), timeoutMs);
      worker.once('message', (reply: { ok: true; session: Session } | { ok: false; error: ConstructorParameters<typeof AppError>[0] }) =>
        settle(() => (reply.ok ? resolve(reply.session) : reject(new AppError(reply.error)))),
      );
      worker.once('error', () => settle(() => reject(tooBig())));
      worker.once('exit', () => settle(() => reject(tooBig())));
      worker.postMessage(text);
    });
}
