import { request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { memoryFileStore } from '../core/ports/file-store';
import { createDispatcher } from '../core/rpc/dispatcher';
import { createServices } from '../core/services';
import { createSettingsStore } from '../core/settings/settings-store';
import { MAX_SESSION_TEXT } from '../contract/constants';
import { MAX_BODY, startBridge, type Bridge } from './server';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(bridge: Bridge, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: bridge.port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('browser-mode bridge', () => {
  let bridge: Bridge;
  let dir: string;
  const served: string[] = [];
  const services = createServices({
    runtime: { name: 'SNATScope', version: '9.9.9', mode: 'browser', platform: 'linux', arch: 'x64', versions: { node: '20' } },
    settings: createSettingsStore({ files: memoryFileStore(), path: '/s.json' }),
    env: {},
    home: '/nonexistent',
    watch: null,
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'snatscope-bridge-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>shell</title>');
    await writeFile(join(dir, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(tmpdir(), 'snatscope-secret.txt'), 'secret');
    bridge = await startBridge({ dispatcher: createDispatcher(services.handlers), bus: services.bus, staticDir: dir, onStaticServed: (f) => served.push(f) });
  });

  afterAll(async () => {
    await bridge.close();
    await rm(dir, { recursive: true, force: true });
    await rm(join(tmpdir(), 'snatscope-secret.txt'), { force: true });
  });

  const call = (name: string, body: unknown, headers: Record<string, string> = {}) =>
    send(bridge, `/api/invoke/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bridge.token}`, ...headers },
      body: JSON.stringify(body),
    });

  it('binds 127.0.0.1 and prints a URL with the token in the fragment', () => {
    expect(bridge.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(bridge.url).toBe(`${bridge.origin}/#token=${bridge.token}`);
    expect(bridge.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers a call with the right token', async () => {
    const r = await call('app.info', {}, { Origin: bridge.origin });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, result: { version: '9.9.9', mode: 'browser' } });
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('rejects calls without the token or with a wrong one', async () => {
    const none = await send(bridge, '/api/invoke/app.info', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(401);
    const wrong = await call('app.info', {}, { Authorization: 'Bearer not-the-token' });
    expect(wrong.status).toBe(401);
    const query = await send(bridge, `/api/invoke/app.info?token=${bridge.token}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(query.status).toBe(401);
  });

  it('rejects other origins even with the token', async () => {
    for (const origin of ['http://evil.example', `${bridge.origin}.evil.example`, 'null', `https://127.0.0.1:${bridge.port}`]) {
      const r = await call('app.info', {}, { Origin: origin });
      expect(r.status, origin).toBe(403);
    }
  });

  it('rejects a foreign Host header (DNS rebinding)', async () => {
    const r = await call('app.info', {}, { Host: `attacker.example:${bridge.port}` });
    expect(r.status).toBe(403);
    const s = await send(bridge, '/', { headers: { Host: 'attacker.example' } });
    expect(s.status).toBe(403);
  });

  it('validates payloads and content type', async () => {
    const bad = await call('settings.set', { language: 'klingon' });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
    const text = await send(bridge, '/api/invoke/app.info', { method: 'POST', headers: { Authorization: `Bearer ${bridge.token}`, 'Content-Type': 'text/plain' }, body: '{}' });
    expect(text.status).toBe(415);
    for (const type of ['application/json+x', 'application/jsonp', 'application/json-patch+json', 'text/json']) {
      const other = await send(bridge, '/api/invoke/app.info', { method: 'POST', headers: { Authorization: `Bearer ${bridge.token}`, 'Content-Type': type }, body: '{}' });
      expect(other.status, type).toBe(415);
    }
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8']) {
      const ok = await send(bridge, '/api/invoke/app.info', { method: 'POST', headers: { Authorization: `Bearer ${bridge.token}`, 'Content-Type': type }, body: '{}' });
      expect(ok.status, type).toBe(200);
    }
    const broken = await send(bridge, '/api/invoke/app.info', { method: 'POST', headers: { Authorization: `Bearer ${bridge.token}`, 'Content-Type': 'application/json' }, body: '{' });
    expect(broken.status).toBe(400);
    const big = await call('settings.set', { lastNamespace: 'x'.repeat(MAX_BODY) });
    expect(big.status).toBe(413);
    const get = await send(bridge, '/api/invoke/app.info', { headers: { Authorization: `Bearer ${bridge.token}` } });
    expect(get.status).toBe(405);
  });

  it('lets through a session as large as the app opens (issue 17: one maximum everywhere)', async () => {
    // The worst case for a valid JSON file's size once quoted into the request: all quotes.
    const text = `"${'\\"'.repeat(MAX_SESSION_TEXT / 2 - 1)}"`;
    expect(text.length).toBe(MAX_SESSION_TEXT);
    const reply = await call('session.parse', { text });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'session.invalid', message: expect.stringMatching(/top level is not a JSON object/) } });
  }, 60_000);

  it('serves the renderer with security headers and refuses traversal', async () => {
    const index = await send(bridge, '/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>shell</title>');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['referrer-policy']).toBe('no-referrer');
    expect((await send(bridge, '/assets/app.js')).headers['content-type']).toMatch(/javascript/);
    for (const path of ['/../snatscope-secret.txt', '/%2e%2e/snatscope-secret.txt', '/assets/..%2f..%2fsnatscope-secret.txt', '/%00']) {
      const r = await send(bridge, path);
      expect(r.body, path).not.toContain('secret');
    }
    expect((await send(bridge, '/missing.js')).status).toBe(404);
    // Browser mode starts loading its services once the entry script has gone out.
    expect(served).toEqual([join(dir, 'index.html'), join(dir, 'assets', 'app.js')]);
  });

  it('streams events over a token-protected websocket and refuses others', async () => {
    const wsUrl = `ws://127.0.0.1:${bridge.port}/api/events`;
    const refused = (protocols: string[], origin?: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(wsUrl, protocols, origin ? { origin } : {});
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
        ws.on('error', () => undefined);
      });
    expect(await refused(['snatscope.v1'])).toBe(401);
    expect(await refused(['snatscope.v1', 'token.wrong'])).toBe(401);
    expect(await refused(['snatscope.v1', `token.${bridge.token}`], 'http://evil.example')).toBe(403);

    const ws = new WebSocket(wsUrl, ['snatscope.v1', `token.${bridge.token}`], { origin: bridge.origin });
    await new Promise((r) => ws.once('open', r));
    const frame = new Promise<string>((r) => ws.once('message', (d) => r(d.toString())));
    await call('settings.set', { theme: 'dark' });
    expect(JSON.parse(await frame)).toMatchObject({ event: 'settings.changed', payload: { theme: 'dark' } });
    ws.close();
  });

  // Issue 17 item 5: each of these threw "Unhandled 'error' event" and ended the process.
  it.each([
    ['an unmasked frame', () => Buffer.from([0x81, 0x02, 0x68, 0x69])],
    ['a frame over maxPayload', () => Buffer.concat([Buffer.from([0x82, 0xff, 0, 0, 0, 0, 0, 0x10, 0, 0, 1, 2, 3, 4]), Buffer.alloc(64)])],
    ['a reserved opcode', () => Buffer.from([0x83, 0x80, 1, 2, 3, 4])],
    ['invalid UTF-8 in a text frame', () => Buffer.from([0x81, 0x82, 0, 0, 0, 0, 0xc3, 0x28])],
  ])('survives %s: that socket is closed, the bridge keeps serving', async (_name, frame) => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/api/events`, ['snatscope.v1', `token.${bridge.token}`], { origin: bridge.origin });
    await new Promise((r) => ws.once('open', r));
    ws.on('error', () => undefined);
    const closed = new Promise((r) => ws.once('close', r));
    // Write raw bytes under the client library: a well-behaved client cannot send these.
    (ws as unknown as { _socket: Socket })._socket.write(frame());
    await closed;
    const info = await call('app.info', {});
    expect(JSON.parse(info.body)).toMatchObject({ ok: true });
  });
});
