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

// Issue 17 item 9: the page's <meta> policy allowed ws://127.0.0.1:* (any local WebSocket). Now
// it allows only 'self' (which covers the bridge's own ws:// origin, CSP3 §6.7.2.8) and the
// bridge's header names its own port: the events socket works, any other local port is blocked.
test('the page may open the bridge\'s event socket and no other local WebSocket', async ({ page }) => {
  await page.goto(app.url);
  const result = await page.evaluate(
    async ({ origin, token }) => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
      const attempt = (url: string, protocols: string[]) =>
        new Promise<string>((resolve) => {
          try {
            const s = new WebSocket(url, protocols);
            s.onopen = () => {
              s.close();
              resolve('open');
            };
            s.onerror = () => resolve('error');
          } catch (e) {
            resolve(`threw ${(e as Error).name}`);
          }
        });
      const own = await attempt(`${origin.replace('http', 'ws')}/api/events`, ['snatscope.v1', `token.${token}`]);
      const other = await attempt('ws://127.0.0.1:9/x', []);
      await new Promise((r) => setTimeout(r, 200));
      return { own, other, violations };
    },
    { origin: app.origin, token: app.token },
  );
  expect(result.own).toBe('open');
  expect(result.other).not.toBe('open');
  expect(result.violations).toContainEqual(expect.stringMatching(/^connect-src ws:\/\/127\.0\.0\.1:9/));
});

// Issue 17 item 3: with the token alone (a compromised page has it), a kubeconfig is not added and
// the probe image is not changed: browser mode asks in its terminal, and without one refuses.
test('adding a kubeconfig or changing the probe image needs the terminal’s yes', async ({ request }) => {
  const strict = await serveApp({}, { confirm: false });
  try {
    const call = (name: string, data: unknown) => request.post(`${strict.origin}/api/invoke/${name}`, { data, headers: { Authorization: `Bearer ${strict.token}` } });
    const added = await (await call('contexts.addFile', { path: '/etc/passwd' })).json();
    expect(added).toMatchObject({ ok: false, error: { code: 'confirm.declined' } });
    const image = await (await call('settings.set', { probeImage: 'evil.example/miner:latest' })).json();
    expect(image).toMatchObject({ ok: false, error: { code: 'confirm.declined' } });
    const list = await (await call('contexts.list', {})).json();
    expect(list.result.files).not.toContain('/etc/passwd');
    expect(JSON.stringify(list.result)).not.toContain(process.env.HOME ?? '/root');
    expect(strict.output()).toMatch(/refused \(kubeconfig\.add\): no terminal to confirm it in/);
  } finally {
    await strict.stop();
  }
});
