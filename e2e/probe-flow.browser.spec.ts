// The end-to-end flow in browser mode against the lab's seed scenario (real network
// namespaces and kube-proxy rules): pick the lab context and default/frontend, see the predicted
// SNAT marker on node2, probe, watch progress, read the matrix (SNAT to 198.18.0.12 for Cluster
// via node2, dropped for Local via node2), find the marker on node2 in the observed picture,
// switch to 中文, then cancel a second run midway and see its namespace disappear.
import { expect, test, type Page } from '@playwright/test';
import { openContext, pickService } from './support/app-flow';
import { canvasHasInk, graphData, snapshot } from './support/graph';
import { isRoot, startLab, type Lab } from './support/lab';
import { serveApp, type ServedApp } from './support/serve';

const ROOT = isRoot();
if (!ROOT) console.log('probe-flow.browser.spec: skipped — the lab’s data plane needs root (network namespaces, iptables).');

test.describe.configure({ mode: 'serial' });
test.skip(!ROOT, 'needs root: the lab’s data plane creates network namespaces and iptables rules');

let lab: Lab | undefined;
let app: ServedApp | undefined;

test.beforeAll(async () => {
  // The data plane takes a host-wide lock; another lab (another test) may hold it for a while.
  test.setTimeout(240_000);
  lab = await startLab('seed.yaml');
  app = await serveApp({ KUBECONFIG: lab.kubeconfigPath });
});

test.afterAll(async () => {
  test.setTimeout(120_000);
  await app?.stop().catch(() => undefined);
  await lab?.stop().catch(() => undefined);
});

async function snatMarkers(page: Page) {
  return (await graphData(page)).nodes.filter((n) => n.kind === 'snat');
}

test('context → service → predicted SNAT on node2 → probe → matrix → observed picture → 中文 → cancel', async ({ page }, testInfo) => {
  test.setTimeout(150_000);
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));

  await openContext(page, app!.url, lab!.context);
  const frontend = page.getByTestId('service-default/frontend');
  await expect(frontend).toContainText('NodePort');
  await expect(frontend.getByTestId('hazard-badge')).toBeVisible();

  // The prediction: the Cluster-policy path entering node2 is masqueraded to node2's address.
  await frontend.click();
  await expect(page.getByTestId('topology-source')).toContainText('Prediction for default/frontend');
  await expect.poll(async () => (await snatMarkers(page)).map((m) => `${m.parent}|${m.address}`)).toContain('node:node2|198.18.0.12');
  await expect.poll(() => canvasHasInk(page)).toBe(true);
  const predicted = await graphData(page);
  expect(predicted.edges.some((e) => e.source === 'actor:desktop' && e.target === 'np:node2' && e.verdict === 'snat')).toBe(true);
  expect(predicted.edges.some((e) => e.source === 'np:node2' && e.target === 'snat:node2:198.18.0.12')).toBe(true);
  await snapshot(page, testInfo, 'predicted');
  // The picture is built in a module worker, off the UI thread.
  expect(await page.evaluate(() => performance.getEntriesByType('resource').some((r) => r.name.includes('topology.worker')))).toBe(true);
  // Keyboard: focus the diagram, step to a path, the details panel shows its hop chain.
  await page.getByTestId('topology-canvas').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('details-hops')).toBeVisible();
  await page.keyboard.press('Escape');

  // Probe: preview, run, progress.
  await page.getByTestId('probe-preview').click();
  await expect(page.getByTestId('plan-permissions-ok')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('plan-namespace')).toHaveText(/^snatscope-[0-9a-f]{6}$/);
  await page.getByTestId('probe-run').click();
  await expect(page.getByTestId('probe-progress')).toBeVisible();
  await expect(page.locator('[data-testid^="step-"][data-state="running"]').first()).toBeVisible();
  await expect(page.getByTestId('probe-pods')).toBeVisible({ timeout: 30_000 });

  // The matrix.
  await expect(page.getByTestId('probe-status')).toContainText('Probe completed', { timeout: 90_000 });
  await expect(page.getByTestId('step-cleanup')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('cell-desktop-node2-Cluster')).toHaveText('SNAT → 198.18.0.12');
  await expect(page.getByTestId('cell-desktop-node2-Local')).toHaveText('✕ dropped');
  await expect(page.getByTestId('cell-desktop-node1-Local')).toHaveText('✓ preserved');

  // The observed picture: the marker sits in node2's box, on the desktop → node2 → echo path.
  await expect(page.getByTestId('view-observed')).toHaveAttribute('aria-checked', 'true');
  await expect.poll(async () => (await graphData(page)).edges.some((e) => e.verdict === 'dropped')).toBe(true);
  const observed = await graphData(page);
  const marker = observed.nodes.find((n) => n.kind === 'snat' && n.address === '198.18.0.12')!;
  expect(marker).toMatchObject({ parent: 'node:node2', label: 'SNAT → 198.18.0.12', at: 'node2' });
  expect(observed.edges.some((e) => e.source === 'np:node2' && e.target === marker.id && e.verdict === 'snat')).toBe(true);
  expect(observed.edges.some((e) => e.source === marker.id && e.target.startsWith('pod:node1:echo-') && e.label === 'sees 198.18.0.12')).toBe(true);
  const blocked = observed.edges.find((e) => e.source === 'actor:desktop' && e.target === 'np:node2' && e.verdict === 'dropped')!;
  expect(blocked).toMatchObject({ arrow: 'tee', segment: 'blocked' });
  expect(blocked.label).toContain('✕ dropped');

  // Why: the cell's numbered flow and fixes.
  await page.getByTestId('cell-desktop-node2-Cluster').click();
  await expect(page.getByTestId('why-flow')).toContainText('1. ');
  await expect(page.getByTestId('why-flow')).toContainText('198.18.0.12');
  await expect(page.getByTestId('fix-etp-local')).toBeVisible();
  await snapshot(page, testInfo, 'observed');

  // 中文: the same view, translated (the panels and the picture's own words).
  await page.getByTestId('language-select').selectOption('zh-CN');
  await expect(page.getByRole('heading', { name: '探测', exact: true })).toBeVisible();
  await expect(page.getByTestId('cell-desktop-node2-Local')).toHaveText('✕ 被丢弃');
  await expect(page.getByTestId('cell-desktop-node2-Cluster')).toHaveText('SNAT → 198.18.0.12');
  await expect(page.getByTestId('probe-status')).toContainText('探测完成');
  await expect.poll(async () => (await graphData(page)).nodes.find((n) => n.id === 'actor:desktop')?.label).toContain('本机');
  const zh = await graphData(page);
  expect(zh.edges.find((e) => e.source === 'actor:desktop' && e.verdict === 'dropped')!.label).toContain('✕ 被丢弃');
  expect(zh.nodes.find((n) => n.kind === 'snat' && n.address === '198.18.0.12')!.parent).toBe('node:node2');
  await snapshot(page, testInfo, 'observed-zh');
  await page.getByTestId('theme-select').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await snapshot(page, testInfo, 'observed-zh-dark');

  // A second run, cancelled midway: its namespace disappears.
  await page.getByTestId('probe-preview').click();
  await expect(page.getByTestId('plan-permissions-ok')).toBeVisible({ timeout: 30_000 });
  const namespace = (await page.getByTestId('plan-namespace').textContent())!.trim();
  await page.getByTestId('probe-run').click();
  await expect.poll(() => lab!.namespaceExists(namespace), { timeout: 30_000 }).toBe(true);
  await expect(page.getByTestId('step-pods')).not.toHaveAttribute('data-state', 'pending', { timeout: 30_000 });
  await page.getByTestId('probe-cancel').click();
  await expect(page.getByTestId('probe-status')).toContainText('探测已取消', { timeout: 60_000 });
  await expect.poll(() => lab!.namespaceExists(namespace), { timeout: 60_000 }).toBe(false);
  // The completed probe's picture stays.
  expect((await snatMarkers(page)).some((m) => m.parent === 'node:node2' && m.address === '198.18.0.12')).toBe(true);

  expect(problems).toEqual([]);
});

// Relays declared in the app (the lab's nginx on 203.0.113.11 forwards :9090 as TCP and :9091 as
// HTTP with X-Forwarded-For to node1:30091): the plan shows the snippet, and both are measured.
test('relays declared in the probe panel are measured through the lab’s front door', async ({ page }) => {
  test.setTimeout(120_000);
  // The first test left the app in Chinese (a remembered setting).
  await openContext(page, app!.url, lab!.context, { english: true });
  await pickService(page, 'default/frontend');
  // Only this desktop and the Local policy: the relays forward to the Local service's nodePort.
  await page.getByTestId('probe-policy-Cluster').uncheck();
  await page.getByTestId('probe-from-pods').uncheck();
  await page.getByTestId('relay-editor').locator('summary').click();
  const form = page.getByTestId('relay-form');
  const declare = async (name: string, mode: 'l4' | 'l7', listenPort: string) => {
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel('Its address').fill('203.0.113.11');
    await form.getByLabel('Kind').selectOption(mode);
    if (mode === 'l7') await form.getByLabel('adds X-Forwarded-For').check();
    const forwards = form.locator('label', { hasText: 'Forwards to node:port' }).locator('input');
    await forwards.nth(0).fill('node1');
    await forwards.nth(1).fill('30091');
    const reach = form.locator('label', { hasText: 'Reach it from here at' }).locator('input');
    await reach.nth(0).fill('203.0.113.11');
    await reach.nth(1).fill(listenPort);
    await page.getByTestId('relay-add').click();
  };
  // A wrong address is refused with the field named, nothing is added.
  await form.getByLabel('Its address').fill('front-door.example');
  await page.getByTestId('relay-add').click();
  await expect(page.getByTestId('relay-errors')).toContainText('Address: expected an IPv4');
  await declare('probe-l4', 'l4', '9090');
  await declare('probe-l7', 'l7', '9091');
  await expect(page.getByTestId('relay-list')).toContainText('probe-l7 203.0.113.11 · L7 (HTTP proxy) · X-Forwarded-For · → node1:30091 · measured at 203.0.113.11:9091');
  await page.getByTestId('relay-fixed-ports').locator('input').nth(1).fill('30091');

  await page.getByTestId('probe-preview').click();
  await expect(page.getByTestId('plan-permissions-ok')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('plan-relay-snippets')).toContainText('probe-l4');
  await page.getByTestId('probe-run').click();
  await expect(page.getByTestId('probe-status')).toContainText('Probe completed', { timeout: 90_000 });
  // L4: the backend sees the relay; L7: the relay too, but X-Forwarded-For carries this desktop.
  await expect(page.getByTestId('cell-desktop-relay-203.0.113.11-9090-Local')).toContainText('203.0.113.11');
  await expect(page.getByTestId('cell-desktop-relay-203.0.113.11-9091-Local').locator('[data-verdict]')).toHaveAttribute('data-verdict', 'proxied');
  await expect(page.getByTestId('cell-desktop-node1-Local')).toHaveText('✓ preserved');
  // The picture draws the front door's two relays (one host, two test ports) between this desktop and node1.
  await expect.poll(async () => (await graphData(page)).nodes.filter((n) => n.kind === 'relay').map((n) => n.label.split('\n')[0]).sort()).toEqual(['Relay probe-l4', 'Relay probe-l7']);
});

// Before any probe: a relay declared for default/frontend's own nodePort (the lab's public nginx,
// 203.0.113.10 → node1:30080) joins the prediction at once, and is remembered for this cluster.
test('a relay declared in front of the service joins its prediction and is remembered for the cluster', async ({ page }) => {
  test.setTimeout(60_000);
  const relayNodes = async () => (await graphData(page)).nodes.filter((n) => n.kind === 'relay').map((n) => n.label.split('\n')[0]);
  const open = async () => {
    await openContext(page, app!.url, lab!.context, { english: true });
    await pickService(page, 'default/frontend');
  };
  await open();
  // The previous test's relays were declared in this cluster: they are back. Start from none.
  for (let n = await page.getByTestId('relay-list').locator('button').count(); n > 0; n--) {
    await page.getByTestId('relay-list').locator('button').first().click();
  }
  await expect.poll(relayNodes).toEqual([]);
  await page.getByTestId('relay-editor').locator('summary').click();
  const form = page.getByTestId('relay-form');
  await form.getByLabel('Name', { exact: true }).fill('public');
  await form.getByLabel('Its address').fill('203.0.113.10');
  await form.getByLabel('Kind').selectOption('l7');
  await form.getByLabel('adds X-Forwarded-For').check();
  const forwards = form.locator('label', { hasText: 'Forwards to node:port' }).locator('input');
  await forwards.nth(0).fill('node1');
  await forwards.nth(1).fill('30080');
  await page.getByTestId('relay-add').click();
  await expect.poll(relayNodes).toEqual(['Relay public']);
  // The picture switches to the paths through it (one more "Paths from" choice): nginx opens
  // its own connection to node1:30080.
  await expect(page.getByTestId('origin-select').locator('option:checked')).toHaveText('Via relay public');
  await expect.poll(async () => (await graphData(page)).edges.some((e) => e.source === 'actor:desktop' && e.target === 'relay:public')).toBe(true);
  const viaRelay = await graphData(page);
  const rewrite = viaRelay.nodes.find((n) => n.kind === 'snat' && n.address === '203.0.113.10');
  expect(rewrite, 'the relay rewrites the source to its own address').toBeTruthy();
  expect(viaRelay.edges.some((e) => e.source === rewrite!.id && e.target === 'np:node1')).toBe(true);

  // A new window on the same cluster: the relay is still declared and still in the prediction.
  await open();
  await expect(page.getByTestId('relay-list')).toContainText('public 203.0.113.10');
  await expect.poll(relayNodes).toEqual(['Relay public']);
  await page.getByTestId('relay-list').locator('button').first().click();
  await expect.poll(relayNodes).toEqual([]);
});
