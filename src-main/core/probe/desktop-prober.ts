// Requests from this machine, made with the same client code the probe pods run (echo.mjs), so
// the desktop and in-cluster measurements classify results identically.
import { runClient, type ResultLine } from '../../../resources/probe/echo.mjs';
import type { DesktopProber } from './runner';

export function echoDesktopProber(): DesktopProber {
  return {
    async run(targets, opts) {
      const lines: ResultLine[] = [];
      if (opts.signal?.aborted || targets.length === 0) return lines;
      await runClient({
        targets,
        write: (line) => {
          if (line.kind === 'snatscope.result') lines.push(line);
        },
        env: {},
        concurrency: opts.concurrency,
        repeat: opts.repeat,
        timeoutMs: opts.timeoutMs,
        connectTimeoutMs: Math.min(opts.timeoutMs, 3000),
        ...(opts.key ? { key: opts.key } : {}),
      });
      return lines;
    },
  };
}
