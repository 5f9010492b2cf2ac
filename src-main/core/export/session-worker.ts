// Worker entry (built as out/main/session-worker.js): parses one session text per message, off
// the host's main thread. Answers { ok, session } or { ok: false, error } with the same AppError
// a direct parse would throw.
import { parentPort } from 'node:worker_threads';
import { AppError } from '../rpc/app-error';
import { parseSession } from './session-file';

parentPort?.on('message', (text: unknown) => {
  try {
    if (typeof text !== 'string') throw new AppError({ code: 'session.invalid', message: 'This is not a usable SNATScope session: it is not text' });
    parentPort?.postMessage({ ok: true, session: parseSession(text) });
  } catch (e) {
    const error = e instanceof AppError ? e.toContract() : { code: 'session.invalid', message: 'This is not a usable SNATScope session: it could not be read' };
    parentPort?.postMessage({ ok: false, error });
  }
});
