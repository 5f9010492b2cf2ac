// The built app in browser mode, in Debian's Chromium: the shell renders, the language switch
// translates and persists, the cytoscape canvas draws, and the console stays clean.
import { expect, test, type ConsoleMessage } from '@playwright/test';
import { serveApp, type ServedApp } from './support/serve';

let app: ServedApp;

test.beforeAll(async () => {
  app = await serveApp();
});

test.afterAll(async () => {
  await app?.stop();
});

test('the shell renders, switches to 中文, draws the canvas, with no console errors', async ({ page }, testInfo) => {
  const problems: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));

  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'SNATScope' })).toBeVisible();
  await expect(page.getByTestId('status-mode')).toHaveText('Browser mode');
  await expect(page.getByTestId('status-connection')).toContainText('Connected to the SNATScope service');
  // The token is moved out of the address bar.
  expect(page.url()).not.toContain('token');

  // The cytoscape canvas has drawn something (non-background pixels).
  const canvas = page.getByTestId('topology-canvas').locator('canvas').last();
  await expect(canvas).toBeVisible();
  await expect
    .poll(async () =>
      page.getByTestId('topology-canvas').evaluate((el) => {
        const layers = [...el.querySelectorAll('canvas')];
        return layers.some((c) => {
          const ctx = c.getContext('2d');
          if (!ctx || !c.width || !c.height) return false;
          const data = ctx.getImageData(0, 0, c.width, c.height).data;
          for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) return true;
          return false;
        });
      }),
    )
    .toBe(true);
  const graph = await page.getByTestId('topology-canvas').evaluate((el) => {
    const cy = (el as HTMLElement & { __cy?: { nodes(): { length: number }; edges(): { length: number } } }).__cy!;
    return { nodes: cy.nodes().length, edges: cy.edges().length };
  });
  expect(graph.nodes).toBeGreaterThan(2);
  expect(graph.edges).toBeGreaterThan(1);

  await testInfo.attach('shell-en', { body: await page.screenshot(), contentType: 'image/png' });

  await page.getByTestId('language-select').selectOption('zh-CN');
  await expect(page.getByRole('heading', { name: '集群' })).toBeVisible();
  await expect(page.getByTestId('status-mode')).toHaveText('浏览器模式');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await testInfo.attach('shell-zh', { body: await page.screenshot(), contentType: 'image/png' });

  // Persisted in main: a fresh page (same token via sessionStorage) comes back in Chinese.
  await page.reload();
  await expect(page.getByRole('heading', { name: '集群' })).toBeVisible();

  await page.getByTestId('theme-select').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  expect(problems).toEqual([]);
});

test('a page opened without the token explains what to do', async ({ page }) => {
  await page.goto(app.origin + '/');
  await expect(page.getByTestId('problem-banner')).toContainText('#token=');
});
