// Browser mode: when the bridge process goes away, the status bar must say so (it used to keep
// showing "connected" because only the first caller of connectApi heard about the connection).
import { expect, test } from '@playwright/test';
import { serveApp } from './support/serve';

test('the status bar shows a lost bridge', async ({ page }) => {
  const app = await serveApp();
  try {
    await page.goto(app.url);
    const status = page.getByTestId('status-connection');
    await expect(status).toHaveClass(/\bup\b/);
    await app.stop();
    await expect(status).toHaveClass(/\bdown\b/);
    await expect(status).toContainText('✕');
  } finally {
    await app.stop();
  }
});
