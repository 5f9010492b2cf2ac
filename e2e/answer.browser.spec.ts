// "An answer an SRE can act on" (issue 13, Done when), in browser mode against the lab's seed
// scenario. Without a probe, default/frontend shows the finding, the predicted matrix, the Why
// panel with fixes, and Export / Report produce files marked as predictions. After a probe of
// default/frontend, the copied kubectl command patches default/frontend (clipboard checked), and
// report.md, the report's PDF text and the CLI's --json name the user's service: the probe
// namespace appears only in the "Probe objects" section. Screenshots at 1440×900 and 1280×720,
// English and Chinese, attached to the report and kept in /work/shots/h13 (or SNATSCOPE_SHOTS).
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Session } from '../src-main/contract';
import { openContext, pickService } from './support/app-flow';
import { byName, downloads, pdfText } from './support/exports';
import { isRoot, startLab, type Lab } from './support/lab';
import { serveApp, type ServedApp } from './support/serve';

const ROOT = isRoot();
if (!ROOT) console.log('answer.browser.spec: skipped — the lab’s data plane needs root (network namespaces, iptables).');

test.describe.configure({ mode: 'serial' });
test.skip(!ROOT, 'needs root: the lab’s data plane creates network namespaces and iptables rules');

const SHOTS = process.env.SNATSCOPE_SHOTS ?? '/work/shots/h13';
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
] as const;

let lab: Lab | undefined;
let app: ServedApp | undefined;
let dir: string;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dir = await mkdtemp(join(tmpdir(), 'snatscope-answer-e2e-'));
  await mkdir(SHOTS, { recursive: true });
  lab = await startLab('seed.yaml');
  app = await serveApp({ KUBECONFIG: lab.kubeconfigPath });
});

test.afterAll(async () => {
  test.setTimeout(120_000);
  await app?.stop().catch(() => undefined);
  await lab?.stop().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

/** The page at both sizes, both languages; back to English at 1440×900 afterwards. */
async function shots(page: Page, testInfo: TestInfo, name: string, show?: string) {
  for (const locale of ['en', 'zh-CN'] as const) {
    await page.getByTestId('language-select').selectOption(locale);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.waitForTimeout(300);
      // Scrolling a control into view may scroll the page itself; the shell is meant to fill the window.
      await page.evaluate(() => window.scrollTo(0, 0));
      // Bring a part of the answer area into view by scrolling that area only.
      if (show)
        await page.getByTestId(show).evaluate((el) => {
          const col = el.closest('.center-body');
          if (col) col.scrollTop += el.getBoundingClientRect().top - col.getBoundingClientRect().top - 8;
        });
      const path = join(SHOTS, `${name}-${size.width}x${size.height}-${locale}.png`);
      await page.screenshot({ path });
      await testInfo.attach(`${name} ${size.width}×${size.height} ${locale}`, { path, contentType: 'image/png' });
    }
  }
  await page.getByTestId('language-select').selectOption('en');
  await page.setViewportSize(SIZES[0]);
}

async function exportFiles(page: Page, sub: string, formats: string[]) {
  await page.getByTestId('export-open').click();
  for (const f of ['markdown', 'png', 'svg', 'json', 'mermaid']) await page.getByTestId(`export-format-${f}`).setChecked(formats.includes(f));
  await page.getByTestId('export-redact').setChecked(false);
  const out = join(dir, sub);
  await mkdir(out, { recursive: true });
  const files = await downloads(page, out, formats.length, () => page.getByTestId('export-run').click());
  await page.getByTestId('export-close').click();
  return files;
}

async function reportText(page: Page, path: string): Promise<string> {
  await page.getByTestId('report-open').click();
  await expect(page.getByTestId('report')).toBeVisible();
  await expect(page.getByTestId('report-diagram')).toHaveJSProperty('complete', true);
  await page.pdf({ path, format: 'A4', printBackground: true });
  await page.getByTestId('report-close').click();
  return pdfText(path);
}

test('without a probe: finding, predicted matrix, Why with fixes; Export and Report say "Predicted, not measured"', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.setViewportSize(SIZES[0]);
  await openContext(page, app!.url, lab!.context, { english: true });
  await pickService(page, 'default/frontend');

  const panel = page.getByTestId('prediction-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('predicted-badge')).toHaveText('Predicted, not measured');
  await expect(panel.getByTestId('prediction-finding')).toContainText('Client IPs are lost on every path from outside the cluster');
  await expect(panel.getByTestId('cell-desktop-node2-Cluster')).toHaveText('SNAT → 198.18.0.12');
  await expect(panel.getByTestId('cell-desktop-node2-Local')).toHaveText('✕ dropped');
  await expect(panel.getByTestId('prediction-what-if')).toContainText('Local');

  // The Local drop (what if frontend were Local): the three ways out, each with trade-offs.
  await panel.getByTestId('cell-desktop-node2-Local').click();
  const why = page.getByTestId('why-panel');
  await expect(why.getByTestId('why-predicted-only')).toHaveText('Predicted, not measured');
  await expect(why.getByTestId('why-flow')).toContainText('no local endpoint for default/frontend');
  for (const id of ['local-endpoint-every-node', 'send-to-endpoint-nodes', 'keep-cluster-carry-client']) await expect(why.getByTestId(`fix-${id}`)).toContainText('Trade-offs');
  await expect(why).not.toContainText('Nothing to fix');
  await shots(page, testInfo, 'prediction-why-local-drop');
  await panel.getByTestId('cell-desktop-node2-Cluster').click();
  await expect(why.getByTestId('fix-etp-local')).toContainText("kubectl -n 'default' patch service 'frontend'");
  await shots(page, testInfo, 'prediction');

  // Export and Report work without a probe, and every file says it is a prediction.
  await expect(page.getByTestId('export-open')).toBeEnabled();
  const files = await exportFiles(page, 'prediction', ['markdown', 'json', 'svg', 'mermaid']);
  const md = byName(files, '.md').text;
  expect(md).toContain('# Client source IP prediction: default/frontend');
  expect(md).toContain('Predicted, not measured');
  expect(md).not.toMatch(/snatscope-[0-9a-f]{6}/);
  const doc = JSON.parse(byName(files, '.json').text) as Session;
  expect(doc.prediction).toBeDefined();
  expect(doc.observations).toEqual([]);
  expect(byName(files, '.svg').text).toContain('Predicted, not measured');
  expect(byName(files, '.mmd').text).toContain('Predicted, not measured');
  const pdf = await reportText(page, testInfo.outputPath('prediction.pdf'));
  expect(pdf).toContain('Predicted, not measured');
  expect(pdf).toContain("kubectl -n 'default' patch service 'frontend'");
  expect(problems).toEqual([]);
});

test('after a probe of default/frontend every fix, copy and export names default/frontend', async ({ page, context }, testInfo) => {
  test.setTimeout(200_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app!.origin });
  await page.setViewportSize(SIZES[0]);
  await openContext(page, app!.url, lab!.context, { english: true });
  await pickService(page, 'default/frontend');
  await page.getByTestId('probe-preview').click();
  await expect(page.getByTestId('plan-permissions-ok')).toBeVisible({ timeout: 30_000 });
  const namespace = (await page.getByTestId('plan-namespace').textContent())!.trim();
  expect(namespace).toMatch(/^snatscope-[0-9a-f]{6}$/);
  await expect(page.getByTestId('plan-permissions-ok')).toHaveText(/^✓ all \d+ permissions granted$/);
  await expect(page.getByTestId('plan-expiry')).toContainText('local time');
  await shots(page, testInfo, 'probe-plan', 'probe-plan');
  await page.getByTestId('probe-run').click();
  await expect(page.getByTestId('probe-status')).toContainText('Probe completed', { timeout: 90_000 });
  await expect(page.getByTestId('prediction-panel')).toHaveCount(0);
  await expect(page.getByTestId('probe-results-title')).toContainText('(from this session)');

  // Why + Copy: the command patches the user's service.
  await page.getByTestId('cell-desktop-node2-Cluster').click();
  const fix = page.getByTestId('why-panel').getByTestId('fix-etp-local');
  await fix.getByTestId('copy-snippet-0').click();
  await expect(fix.getByTestId('copy-snippet-0')).toContainText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(`kubectl -n 'default' patch service 'frontend' --type merge -p '{"spec":{"externalTrafficPolicy":"Local"}}'`);
  await expect(page.getByTestId('why-panel')).not.toContainText(namespace);
  await shots(page, testInfo, 'probe-results-why', 'probe-results');
  await page.getByTestId('cell-desktop-node2-Local').click();
  await expect(page.getByTestId('why-panel').getByTestId('fix-local-endpoint-every-node')).toBeVisible();
  await expect(page.getByTestId('why-panel')).not.toContainText(namespace);

  // report.md and the JSON: the probe namespace only in the "Probe objects" section / raw record.
  const files = await exportFiles(page, 'probe', ['markdown', 'json']);
  const md = byName(files, '.md').text;
  const [answer, objects] = md.split('### Probe objects');
  expect(objects).toContain(namespace);
  expect(answer).not.toContain(namespace);
  expect(answer).toContain("kubectl -n 'default' patch service 'frontend'");
  const session = JSON.parse(byName(files, '.json').text) as Session;
  expect(JSON.stringify([session.finding, session.paths.map((p) => [p.explanation, p.note]), session.fixes])).not.toContain(namespace);

  // The report (PDF text): the same.
  const pdf = await reportText(page, testInfo.outputPath('probe.pdf'));
  const [pdfAnswer, pdfObjects] = pdf.split('Probe objects');
  expect(pdfAnswer).not.toContain(namespace);
  expect(pdfAnswer).toContain("kubectl -n 'default' patch service 'frontend'");
  expect(pdfObjects).toContain(namespace);

  // The CLI's --json: its answer fields name default/frontend too.
  const { stdout } = await promisify(execFile)(process.execPath, [resolve(import.meta.dirname, '..', 'out/main/cli.js'), 'probe', 'default/frontend', '--json', '--lang', 'en'], {
    env: { ...process.env, KUBECONFIG: lab!.kubeconfigPath },
    maxBuffer: 64 * 1024 * 1024,
  }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  const cli = JSON.parse(stdout) as Session;
  expect(cli.status).toBe('completed');
  expect(cli.fixes.find((f) => f.id === 'etp-local')!.snippets[0]!.text).toContain("kubectl -n 'default' patch service 'frontend'");
  expect(JSON.stringify([cli.finding, cli.paths.map((p) => [p.explanation, p.note]), cli.fixes])).not.toContain(cli.plan.namespace);
  expect(problems).toEqual([]);
});
