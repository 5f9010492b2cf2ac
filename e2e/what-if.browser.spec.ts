// The what-if preview in the app (browser mode) against the lab's seed scenario: pick
// default/echo-cluster, preview externalTrafficPolicy Local, read that node2 would start
// dropping while node1 would keep the client, in English and 中文.
import { expect, test } from '@playwright/test';
import { openContext, pickService } from './support/app-flow';
import { isRoot, startLab, type Lab } from './support/lab';
import { serveApp, type ServedApp } from './support/serve';

const ROOT = isRoot();
if (!ROOT) console.log('what-if.browser.spec: skipped — the lab’s data plane needs root (network namespaces, iptables).');

test.describe.configure({ mode: 'serial' });
test.skip(!ROOT, 'needs root: the lab’s data plane creates network namespaces and iptables rules');

const SHOTS = process.env.SNATSCOPE_SHOTS_DIR ?? null;

let lab: Lab | undefined;
let app: ServedApp | undefined;

test.beforeAll(async () => {
  // The data plane takes a host-wide lock; another lab (another test) may hold it for a while.
  test.setTimeout(600_000);
  lab = await startLab('seed.yaml');
  app = await serveApp({ KUBECONFIG: lab.kubeconfigPath });
});

test.afterAll(async () => {
  test.setTimeout(120_000);
  await app?.stop().catch(() => undefined);
  await lab?.stop().catch(() => undefined);
});

test('preview Cluster → Local for default/echo-cluster: node2 starts dropping, node1 keeps the client', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.setViewportSize({ width: 1600, height: 1800 });
  await openContext(page, app!.url, lab!.context, { english: true });
  await pickService(page, 'default/echo-cluster');

  const panel = page.getByTestId('what-if');
  await expect(panel).toContainText('What would default/echo-cluster look like after a change?');
  await panel.getByTestId('what-if-etp').selectOption('Local');
  await panel.getByTestId('what-if-run').click();
  const result = panel.getByTestId('what-if-result');
  await expect(result).toContainText('Preview only: nothing in the cluster was changed.');
  await expect(result).toContainText('default/echo-cluster externalTrafficPolicy: Cluster → Local');
  await expect(panel.getByTestId('what-if-dropping')).toContainText('node2 — on 2 question(s)');
  const viaNode2 = panel.getByTestId('what-if-changed').locator('li', { hasText: 'From this desktop → NodePort 30081 · via node2' });
  await expect(viaNode2.locator('[data-verdict]')).toHaveText([/198\.18\.0\.12/, /dropped/i]);
  const viaNode1 = panel.getByTestId('what-if-changed').locator('li', { hasText: 'From this desktop → NodePort 30081 · via node1' });
  await expect(viaNode1.locator('[data-verdict]').nth(1)).toHaveAttribute('data-verdict', 'preserved');
  await panel.scrollIntoViewIfNeeded();
  const shot = testInfo.outputPath('what-if-en.png');
  await panel.screenshot({ path: shot });
  await testInfo.attach('what-if-en', { path: shot, contentType: 'image/png' });
  if (SHOTS) await panel.screenshot({ path: `${SHOTS}/what-if-en.png` });
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/what-if-window-en.png` });

  await page.getByTestId('language-select').selectOption('zh-CN');
  await expect(panel).toContainText('预览更改');
  await expect(panel.getByTestId('what-if-dropping')).toContainText('node2 — 涉及 2 个问题');
  await expect(result).toContainText('仅为预览：集群中没有任何内容被修改。');
  if (SHOTS) await panel.screenshot({ path: `${SHOTS}/what-if-zh-CN.png` });

  // The preview wrote nothing (e2e/integration/what-if-lab.test.ts reads the object back): the
  // prediction on the canvas is still that of Cluster policy.
  await expect(page.getByTestId('topology-source')).toContainText('default/echo-cluster');

  // From a fix card: probe, pick the SNAT cell via node2, "Preview this change" on its
  // externalTrafficPolicy fix fills the preview and runs it.
  await page.getByTestId('language-select').selectOption('en');
  await page.getByTestId('what-if-etp').selectOption('');
  await page.getByTestId('probe-preview').click();
  await expect(page.getByTestId('plan-permissions-ok')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('probe-run').click();
  await expect(page.getByTestId('probe-status')).toContainText('Probe completed', { timeout: 90_000 });
  await page.getByTestId('cell-desktop-node2-Cluster').click();
  const fix = page.getByTestId('fix-etp-local');
  await expect(fix).toBeVisible();
  await fix.getByTestId('preview-fix-etp-local').click();
  await expect(panel.getByTestId('what-if-etp')).toHaveValue('Local');
  await expect(panel).toBeInViewport();
  await expect(panel.getByTestId('what-if-dropping')).toContainText('node2 — on 2 question(s)');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/what-if-from-fix.png`, fullPage: false });
  expect(problems).toEqual([]);
});
