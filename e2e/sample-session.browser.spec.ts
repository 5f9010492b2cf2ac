// First launch without any kubeconfig (browser mode, no root needed): the start screen offers the
// sample investigation — a real session recorded from the lab's seed scenario — labelled as a
// sample; it opens with no cluster; every export format is made from it and checked; the
// printable report's PDF holds the finding; the saved session reopens to the same picture; and
// twenty malformed files each give a clear error without breaking anything.
import { expect, test, type Page } from '@playwright/test';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Session } from '../src-main/contract';
import { byName, checkMarkdown, checkSvg, decodePng, downloads, layout, pdfText } from './support/exports';
import { snapshot } from './support/graph';
import { hostileSessions } from './support/hostile-sessions';
import { serveApp, type ServedApp } from './support/serve';

const SAMPLE = resolve(import.meta.dirname, '..', 'resources', 'sample', 'seed-session.json');

test.describe.configure({ mode: 'serial' });

let app: ServedApp | undefined;
let dir: string;

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'snatscope-sample-e2e-'));
  // No kubeconfig anywhere: KUBECONFIG points at nothing and HOME has no ~/.kube.
  app = await serveApp({ KUBECONFIG: join(dir, 'no-such-kubeconfig'), HOME: dir });
});

test.afterAll(async () => {
  await app?.stop().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

async function openFile(page: Page, name: string, text: string) {
  await page.getByTestId('session-file-input').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

test('first launch offers the sample; it opens without a cluster; exports, PDF, save and reopen; 20 malformed files', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const sample = JSON.parse(await readFile(SAMPLE, 'utf8')) as Session;

  await page.goto(app!.url);
  const start = page.getByTestId('start-panel');
  await expect(start).toContainText('No kubeconfig found');
  await snapshot(page, testInfo, 'first-launch');
  await expect(start.getByTestId('sample-badge')).toHaveText('Sample');
  await expect(start.getByTestId('start-add-file')).toContainText('Add a kubeconfig');
  await start.getByTestId('open-sample').click();

  // The same picture and matrix as after a probe, labelled as the sample.
  await expect(page.getByTestId('canvas-banner')).toContainText('Sample investigation');
  await expect(page.getByTestId('cell-desktop-node2-Cluster')).toHaveText('SNAT → 198.18.0.12');
  await expect(page.getByTestId('cell-desktop-node2-Local')).toHaveText('✕ dropped');
  await expect.poll(async () => (await layout(page)).nodes.some((n) => n.id === 'snat:node2:198.18.0.12')).toBe(true);
  const shown = await layout(page);
  await snapshot(page, testInfo, 'sample');

  // Every format, light, English.
  await page.getByTestId('export-open').click();
  for (const f of ['svg', 'json', 'mermaid']) await page.getByTestId(`export-format-${f}`).check();
  await snapshot(page, testInfo, 'export-dialog');
  const files = await downloads(page, dir, 5, () => page.getByTestId('export-run').click());
  expect(files.map((f) => f.name).sort()).toEqual(['diagram.mmd', 'diagram.png', 'diagram.svg', 'report.md', 'session.json'].map((n) => `snatscope-${sample.id}-${n}`).sort());
  const svg = byName(files, '.svg').text;
  const size = checkSvg(svg);
  expect(svg).toContain('SNAT → 198.18.0.12');
  const png = decodePng(byName(files, '.png').bytes);
  expect([png.width, png.height]).toEqual([size.width * 2, size.height * 2]);
  expect(png.colours).toBeGreaterThan(20);
  expect(checkMarkdown(byName(files, '.md').text, sample)).toEqual([]);
  expect(byName(files, '.md').text).toContain(`![diagram](snatscope-${sample.id}-diagram.png)`);
  await page.getByTestId('export-close').click();

  // The printable report → PDF (what a browser's "Save as PDF" makes).
  await page.getByTestId('report-open').click();
  const finding = (await page.getByTestId('report-finding').textContent())!.trim();
  expect(finding).toMatch(/^Client IPs are lost on paths entering via .*node2.*: kube-proxy masquerades Cluster-policy NodePort traffic\./);
  await expect(page.getByTestId('report-diagram')).toHaveJSProperty('complete', true);
  await snapshot(page, testInfo, 'report');
  const pdf = testInfo.outputPath('report.pdf');
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
  const text = pdfText(pdf);
  expect(text).toContain(finding.replace(/\s+/g, ' '));
  expect(text).not.toContain('Save as PDF');
  await page.getByTestId('report-close').click();

  // Twenty-two malformed files: as many clear errors, and the picture stays.
  for (const bad of hostileSessions(byName(files, '.json').text)) {
    await openFile(page, bad.name, bad.text);
    const error = page.getByTestId('session-error');
    await expect(error, bad.name).toContainText(`Could not open ${bad.name}. This is not a usable SNATScope session: `);
  }
  expect(await layout(page)).toEqual(shown);

  // The saved session reopens to the same picture: same element ids, same positions.
  await page.reload();
  await expect(page.getByTestId('start-panel')).toBeVisible();
  await openFile(page, 'saved.json', byName(files, '.json').text);
  await expect(page.getByTestId('topology-source')).toHaveText('Saved session saved.json');
  await expect.poll(async () => (await layout(page)).nodes.length).toBe(shown.nodes.length);
  expect(await layout(page)).toEqual(shown);
  await expect(page.getByTestId('cell-desktop-node2-Cluster')).toHaveText('SNAT → 198.18.0.12');
  expect(problems).toEqual([]);
});
