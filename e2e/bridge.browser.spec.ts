// The browser-mode bridge as a browser sees it: the app's own page can call it; a page from
// another origin cannot, even if it knew the token; nothing works without the token.
import { expect, test } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveApp, type ServedApp } from './support/serve';

let app: ServedApp;
let evil: Server;
let evilOrigin: string;

test.beforeAll(async () => {
  app = await serveApp();
  evil = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>other site</title>');
  });
  await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
  evilOrigin = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await app?.stop();
  await new Promise((r) => evil?.close(r));
});

test('API calls need the token', async ({ request }) => {
  const without = await request.post(`${app.origin}/api/invoke/app.info`, { data: {} });
  expect(without.status()).toBe(401);
  const withToken = await request.post(`${app.origin}/api/invoke/app.info`, { data: {}, headers: { Authorization: `Bearer ${app.token}` } });
  expect(withToken.status()).toBe(200);
  expect(await withToken.json()).toMatchObject({ ok: true, result: { mode: 'browser' } });
});

test('another origin is rejected even with the token', async ({ request, page }) => {
  const forged = await request.post(`${app.origin}/api/invoke/app.info`, {
    data: {},
    headers: { Authorization: `Bearer ${app.token}`, Origin: evilOrigin },
  });
  expect(forged.status()).toBe(403);

  // From a real page on another origin: the browser sends its Origin and the bridge refuses.
  await page.goto(evilOrigin);
  const outcome = await page.evaluate(
    async ({ target, token }) => {
      try {
        const r = await fetch(`${target}/api/invoke/settings.set`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ theme: 'dark' }),
        });
        return `status ${r.status}`;
      } catch (e) {
        return `blocked: ${(e as Error).message}`;
      }
    },
    { target: app.origin, token: app.token },
  );
  expect(outcome).toMatch(/^blocked/);
  const settings = await request.post(`${app.origin}/api/invoke/settings.get`, { data: {}, headers: { Authorization: `Bearer ${app.token}` } });
  expect((await settings.json()).result.theme).toBe('system');

  const ws = await page.evaluate(
    ({ target, token }) =>
      new Promise<string>((resolve) => {
        const s = new WebSocket(`${target.replace('http', 'ws')}/api/events`, ['snatscope.v1', `token.${token}`]);
        s.onopen = () => resolve('open');
        s.onerror = () => resolve('refused');
      }),
    { target: app.origin, token: app.token },
  );
  expect(ws).toBe('refused');
});
