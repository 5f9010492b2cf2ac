// An exec credential plugin that asks the user (interactiveMode: IfAvailable, a device-code
// login): the app shows a prompt with the plugin's stderr as it arrives, and Cancel ends the
// plugin and says so for the context. Never a silent wait. The server is a closed loopback port:
// the plugin runs before any connection, and nothing is sent anywhere.
import { expect, test } from '@playwright/test';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveApp, type ServedApp } from './support/serve';

let app: ServedApp;
let dir: string;

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'snatscope-login-'));
  const plugin = join(dir, 'device-login');
  await writeFile(plugin, '#!/bin/sh\necho "To sign in, open https://login.example.test/device and enter the code HJKL-4821" >&2\nsleep 60\n');
  await chmod(plugin, 0o755);
  const kubeconfig = join(dir, 'config');
  await writeFile(
    kubeconfig,
    `apiVersion: v1
clusters:
- name: prod
  cluster: {server: "https://127.0.0.1:${await closedPort()}", insecure-skip-tls-verify: true}
users:
- name: alice
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1, command: ${plugin}, interactiveMode: IfAvailable}
- name: 123
  user: {token: numeric-name}
contexts:
- name: prod
  context: {cluster: prod, user: alice}
current-context: prod
`,
  );
  app = await serveApp({ KUBECONFIG: kubeconfig });
});

test.afterAll(async () => {
  await app?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('an interactive credential plugin gets a visible prompt with its output, and Cancel ends it', async ({ page }) => {
  await page.goto(app.url);
  await page.getByTestId('language-select').selectOption('en');
  const prompt = page.getByTestId('exec-login');
  // The app connects to the current context on its own at start-up (App.vue: initialContext), so
  // the prompt may already cover the list; clicking the context does the same when it has not.
  if (!(await prompt.isVisible())) await page.getByTestId('context-prod').click({ timeout: 5_000 }).catch(() => undefined);
  await expect(prompt).toBeVisible();
  await expect(page.getByTestId('exec-login-output')).toHaveText(/enter the code HJKL-4821/);
  await expect(prompt).toContainText('Sign-in needed for prod');
  await page.screenshot({ path: '/work/shots/h16/exec-login-prompt.png' });
  await page.getByTestId('exec-login-cancel').click();
  await expect(prompt).toHaveCount(0);
  await expect(page.getByTestId('context-prod').locator('..').getByTestId('context-error')).toContainText('was cancelled');
  // The entry kubectl would refuse the file for is not dropped silently: the file shows a warning.
  await expect(page.getByTestId('file-problem')).toContainText('entries without a usable name were skipped: users[1] name=123');
  await page.screenshot({ path: '/work/shots/h16/exec-login-cancelled.png' });
  // In Chinese, the same prompt again (Try again restarts the login).
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByTestId('context-prod').locator('..').getByTestId('context-error').getByRole('button').click();
  await expect(prompt).toContainText('prod 需要登录');
  await expect(page.getByTestId('exec-login-output')).toHaveText(/HJKL-4821/);
  await page.screenshot({ path: '/work/shots/h16/exec-login-prompt-zh.png' });
  await page.getByTestId('exec-login-cancel').click();
  await expect(prompt).toHaveCount(0);
});
