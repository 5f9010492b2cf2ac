// --wait-ms: a client started together with the Service it calls (the probe's backend calling its
// own Service) waits, unrecorded, until the target answers once, then measures.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runClient, startEcho, type ResultLine } from './echo.mjs';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('echo client --wait-ms', () => {
  it('waits for a target that starts answering later, and records only the measured requests', async () => {
    const port = await freePort();
    // The echo comes up 1.2 s after the client starts (like rules programmed after the pod).
    const later = new Promise<Awaited<ReturnType<typeof startEcho>>>((resolve) => setTimeout(() => void startEcho({ host: '127.0.0.1', port, udpPort: null, quiet: true, env: {} }).then(resolve), 1200));
    const lines: ResultLine[] = [];
    await runClient({ targets: [{ host: '127.0.0.1', port, proto: 'http', target: `127.0.0.1:${port}`, label: 't', headers: {} }], write: (l) => void (l.kind === 'snatscope.result' && lines.push(l)), concurrency: 1, repeat: 2, timeoutMs: 2000, waitMs: 10_000 });
    const echo = await later;
    await echo.close();
    expect(lines.map((l) => l.result)).toEqual(['ok', 'ok']);
  }, 20_000);

  it('without --wait-ms the same start is measured as refused', async () => {
    const port = await freePort();
    const lines: ResultLine[] = [];
    await runClient({ targets: [{ host: '127.0.0.1', port, proto: 'http', target: `127.0.0.1:${port}`, label: 't', headers: {} }], write: (l) => void (l.kind === 'snatscope.result' && lines.push(l)), concurrency: 1, repeat: 1, timeoutMs: 1000 });
    expect(lines.map((l) => l.result)).toEqual(['refused']);
  });
});
