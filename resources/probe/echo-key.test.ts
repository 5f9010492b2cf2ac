// Issue 17 item 7: the echo told anyone who reached it (a public LoadBalancer) the pod, namespace,
// node and every request header. With a run key, only the probe's own requests get that; others
// get the source address and forwarding headers, which is all a verdict needs.
import dgram from 'node:dgram';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClient, startEcho, type EchoServer, type ResultLine } from './echo.mjs';

const KEY = '0123456789abcdef0123456789abcdef';
const env = { POD_NAME: 'echo-0-node1', POD_NAMESPACE: 'snatscope-abc123', NODE_NAME: 'node1', POD_IP: '127.0.0.1' };

function get(port: number, headers: Record<string, string>): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(JSON.parse(body)));
    });
    req.on('error', reject);
    req.end();
  });
}

function udp(port: number, payload: string): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    s.on('message', (m) => {
      s.close();
      resolve(JSON.parse(m.toString()));
    });
    s.send(Buffer.from(payload), port, '127.0.0.1');
  });
}

describe('echo with a run key', () => {
  let echo: EchoServer;
  const logged: Record<string, unknown>[] = [];
  beforeAll(async () => {
    // Not quiet: logging a limited answer crashed the echo in the lab (it has no local address).
    echo = await startEcho({ host: '127.0.0.1', port: 0, udpPort: 0, key: KEY, env, log: (l) => logged.push(l) });
  });
  afterAll(() => echo.close());

  it('answers a stranger with the source and forwarding headers only', async () => {
    const body = await get(echo.tcp.port!, { 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer secret', 'x-snatscope-request': 'r1' });
    expect(body).toMatchObject({ kind: 'snatscope.echo', limited: true, peer: { ip: '127.0.0.1' }, request: { headers: { 'x-forwarded-for': ['203.0.113.9'] } } });
    const text = JSON.stringify(body);
    for (const secret of ['echo-0-node1', 'snatscope-abc123', 'node1', 'Bearer secret', 'authorization']) expect(text).not.toContain(secret);
    expect(body.pod).toBeUndefined();
    expect(body.local).toBeUndefined();
    expect(logged.at(-1)).toMatchObject({ kind: 'snatscope.served', limited: true, local: null });
  });

  it('a wrong key is a stranger too', async () => {
    expect(await get(echo.tcp.port!, { 'x-snatscope-key': 'f'.repeat(32) })).toMatchObject({ limited: true });
  });

  it('answers the probe’s own requests (the key) in full, without echoing the key', async () => {
    const lines: ResultLine[] = [];
    await runClient({ targets: [{ host: '127.0.0.1', port: echo.tcp.port!, proto: 'tcp', target: `127.0.0.1:${echo.tcp.port}`, label: 't' } as never], write: (l) => void (l.kind === 'snatscope.result' && lines.push(l)), concurrency: 1, repeat: 1, timeoutMs: 3000, key: KEY });
    const full = lines[0]!.echo as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(full.pod).toMatchObject({ name: 'echo-0-node1', namespace: 'snatscope-abc123', node: 'node1' });
    expect(full.limited).toBeUndefined();
    expect(JSON.stringify(full)).not.toContain(KEY);
  });

  it('UDP: the key on the datagram’s second line, otherwise the source only', async () => {
    expect(await udp(echo.udp!.port!, 'r2\n')).toMatchObject({ limited: true, id: null });
    const full = await udp(echo.udp!.port!, `r3\n${KEY}\n`);
    expect(full).toMatchObject({ id: 'r3', pod: { name: 'echo-0-node1' } });
  });

  it('without a key (older plans, manual runs) everyone gets the full echo', async () => {
    const open = await startEcho({ host: '127.0.0.1', port: 0, udpPort: null, quiet: true, env });
    try {
      expect(await get(open.tcp.port!, {})).toMatchObject({ pod: { name: 'echo-0-node1' } });
    } finally {
      await open.close();
    }
  });
});
