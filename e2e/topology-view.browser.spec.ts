// The picture is readable by default (issue 14): at 1440×900 and 1280×720 the default view of the
// sample investigation and of the seed lab's prediction draws every label it shows at ≥ 11 px on
// screen (cytoscape's rendered font size: the style's size × zoom), the canvas takes the centre's
// height, and the zoom / fit / 1:1 controls and the minimap work. Screenshots go to the test's
// output and, with SNATSCOPE_SHOTS=<dir>, to that directory.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openContext, pickService } from './support/app-flow';
import { snapshot } from './support/graph';
import { pathToFileURL } from 'node:url';
import { startLab, type Lab } from './support/lab';
import { serveApp, type ServedApp } from './support/serve';

test.describe.configure({ mode: 'serial' });

let app: ServedApp | undefined;
/** No kubeconfig at all: the first-launch screen that offers the sample. */
let bare: ServedApp | undefined;
let lab: Lab | undefined;
let dir: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = await mkdtemp(join(tmpdir(), 'snatscope-topoview-e2e-'));
  lab = await startLab('seed-api.yaml');
  app = await serveApp({ KUBECONFIG: lab.kubeconfigPath, HOME: dir });
  bare = await serveApp({ KUBECONFIG: join(dir, 'no-such-kubeconfig'), HOME: join(dir, 'bare') });
});

test.afterAll(async () => {
  await app?.stop().catch(() => undefined);
  await bare?.stop().catch(() => undefined);
  await lab?.stop().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

interface Shown {
  zoom: number;
  /** Labelled elements at least partly inside the canvas, with their on-screen font size. */
  visible: { id: string; px: number }[];
  canvas: { width: number; height: number };
}

async function shown(page: Page): Promise<Shown> {
  return page.getByTestId('topology-canvas').evaluate((el) => {
    type Ele = { id(): string; data(k: string): unknown; renderedBoundingBox(): { x1: number; y1: number; x2: number; y2: number }; renderedStyle(k: string): string };
    type Coll = { toArray(): Ele[] };
    const cy = (el as HTMLElement & { __cy?: { zoom(): number; nodes(): Coll; width(): number; height(): number } }).__cy!;
    const w = cy.width();
    const h = cy.height();
    const visible = cy
      .nodes()
      .toArray()
      .filter((n) => String(n.data('label') ?? '') !== '')
      .filter((n) => {
        const b = n.renderedBoundingBox();
        return b.x2 > 0 && b.y2 > 0 && b.x1 < w && b.y1 < h;
      })
      .map((n) => ({ id: n.id(), px: parseFloat(n.renderedStyle('font-size')) }));
    return { zoom: cy.zoom(), visible, canvas: { width: w, height: h } };
  });
}

async function shot(page: Page, testInfo: Parameters<typeof snapshot>[1], name: string) {
  await snapshot(page, testInfo, name);
  if (process.env.SNATSCOPE_SHOTS) await page.screenshot({ path: join(process.env.SNATSCOPE_SHOTS, `${name}.png`) });
}

async function expectReadable(page: Page, what: string) {
  await expect.poll(async () => (await shown(page)).visible.length, { message: `${what}: labels drawn` }).toBeGreaterThan(3);
  const s = await shown(page);
  const small = s.visible.filter((v) => v.px < 11);
  expect(small, `${what}: labels under 11 px at zoom ${s.zoom}`).toEqual([]);
  // Every path of the default view is on screen at least in part (the view starts at its origin).
  expect(s.visible.some((v) => v.id === 'actor:desktop'), `${what}: the origin is in view`).toBe(true);
  return s;
}

for (const size of [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
]) {
  test(`sample investigation at ${size.width}×${size.height}: labels ≥ 11 px, canvas fills the centre`, async ({ page }, testInfo) => {
    await page.setViewportSize(size);
    await page.goto(bare!.url);
    await page.getByTestId('language-select').selectOption('en');
    await page.getByTestId('open-sample').click();
    await expect(page.getByTestId('canvas-banner')).toContainText('Sample investigation');
    const s = await expectReadable(page, `sample ${size.width}×${size.height}`);
    // The canvas takes most of the window's height, not a strip.
    expect(s.canvas.height, 'canvas height').toBeGreaterThan(size.height * 0.5);
    await shot(page, testInfo, `sample-${size.width}x${size.height}`);
  });

  test(`seed lab prediction at ${size.width}×${size.height}: labels ≥ 11 px; zoom, fit, 1:1 and minimap`, async ({ page }, testInfo) => {
    await page.setViewportSize(size);
    await openContext(page, app!.url, lab!.context, { english: true });
    await pickService(page, 'default/frontend');
    const s = await expectReadable(page, `seed lab ${size.width}×${size.height}`);
    await shot(page, testInfo, `seed-lab-${size.width}x${size.height}`);

    const zoom = async () => (await shown(page)).zoom;
    await page.getByTestId('zoom-in').click();
    expect(await zoom()).toBeCloseTo(s.zoom * 1.25, 2);
    await page.getByTestId('zoom-actual').click();
    expect(await zoom()).toBeCloseTo(1, 5);
    await page.getByTestId('zoom-out').click();
    expect(await zoom()).toBeCloseTo(0.8, 2);
    await page.getByTestId('zoom-fit').click();
    expect(await zoom()).toBeCloseTo(s.zoom, 5);
    await expect(page.getByTestId('minimap-view')).toBeVisible();
    // Re-fit on resize: a narrower window keeps labels readable and the origin in view.
    await page.setViewportSize({ width: size.width - 200, height: size.height });
    await expect.poll(async () => (await shown(page)).canvas.width).toBeLessThan(s.canvas.width);
    await expectReadable(page, 'after resize');
  });
}

// A 200-node cluster (the lab's synthetic scale mode, API only): a Local service with endpoints on
// a few nodes is grouped, not a hairball; the nodes without an endpoint are counted as dropping.
test('200-node Local service: grouped boxes with counts, "N/200 entry nodes drop", readable', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  type Raw = { kubeconfigPath: string; context: string; stop(): Promise<void> };
  const mod = (await import(pathToFileURL(join(import.meta.dirname, 'lab', 'index.ts')).href)) as { startLab(o: { scenario: string; apiOnly: boolean; scale: { nodes: number; pods: number; services: number } }): Promise<Raw> };
  const scale = await mod.startLab({ scenario: join(import.meta.dirname, 'lab', 'scenarios', 'bench-scale.yaml'), apiOnly: true, scale: { nodes: 200, pods: 6000, services: 400 } });
  const home = join(dir, 'scale');
  const served = await serveApp({ KUBECONFIG: scale.kubeconfigPath, HOME: home });
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await openContext(page, served.url, scale.context, { english: true });
    await page.getByTestId('service-search').fill('svc-00050');
    await page.getByTestId('service-team-000/svc-00050').click();
    await expect(page.getByTestId('topology-source')).toContainText('team-000/svc-00050', { timeout: 60_000 });
    await expect(page.getByTestId('entry-line')).toContainText(/\d+\/200 entry nodes drop/);
    const line = (await page.getByTestId('entry-line').textContent()) ?? '';
    const drop = Number(/(\d+)\/200 entry nodes drop/.exec(line)![1]);
    const keep = Number(/(\d+)\/200 entry nodes keep/.exec(line)?.[1] ?? 0);
    // Every node is counted: the ones that drop and the ones with an endpoint add up to 200.
    expect(drop + keep).toBe(200);
    const s = await shown(page);
    expect(s.visible.filter((v) => v.px < 11)).toEqual([]);
    await shot(page, testInfo, 'scale-200-local-1440x900');
  } finally {
    await served.stop().catch(() => undefined);
    await scale.stop().catch(() => undefined);
  }
});

// Dark theme, Chinese: the same picture, its own palette (Okabe–Ito hues), labels still ≥ 11 px;
// clicking a hop of the path summary selects that element in the picture.
test('sample in the dark theme and Chinese; a hop of the path summary selects its element', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(bare!.url);
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.getByTestId('theme-select').selectOption('dark');
  await page.getByTestId('open-sample').click();
  await expect(page.getByTestId('path-summary')).toContainText('⇄ SNAT → 198.18.0.12');
  const s = await expectReadable(page, 'sample, dark, zh-CN');
  expect(s.visible.length).toBeGreaterThan(3);
  await page.getByTestId('summary-hop-2').click();
  await expect.poll(() => page.getByTestId('topology-canvas').evaluate((el) => (el as HTMLElement & { __cy?: { $(s: string): { map(f: (e: { id(): string }) => string): string[] } } }).__cy!.$(':selected').map((e) => e.id()))).toEqual(['snat:node2:198.18.0.12']);
  // The marker was off screen: the selection brings it into view.
  const inView = await page.getByTestId('topology-canvas').evaluate((el) => {
    const cy = (el as HTMLElement & { __cy?: { width(): number; height(): number; getElementById(id: string): { renderedBoundingBox(): { x1: number; y1: number; x2: number; y2: number } } } }).__cy!;
    const b = cy.getElementById('snat:node2:198.18.0.12').renderedBoundingBox();
    return b.x1 >= 0 && b.y1 >= 0 && b.x2 <= cy.width() && b.y2 <= cy.height();
  });
  expect(inView).toBe(true);
  await shot(page, testInfo, 'sample-dark-zh-1440x900');
});

// The printed report (browser print, Electron printToPDF with preferCSSPageSize): the diagram on a
// landscape page of its own first, at full width within the margins, then the report in portrait.
test('printed report: the diagram on its own landscape page, then the report', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(bare!.url);
  await page.getByTestId('language-select').selectOption('en');
  await page.getByTestId('open-sample').click();
  await page.getByTestId('report-open').click();
  await expect(page.getByTestId('report-diagram')).toBeVisible();
  await expect.poll(() => page.getByTestId('report-diagram').evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)).toBe(true);
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const path = testInfo.outputPath('report.pdf');
  await writeFile(path, pdf);
  // pdfinfo (poppler-utils) gives each page's size in points: A4 landscape is 842 × 595.
  const info = execFileSync('pdfinfo', ['-f', '1', '-l', '3', path], { encoding: 'utf8' });
  const sizes = [...info.matchAll(/Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)/g)].map((m) => ({ w: Number(m[2]), h: Number(m[3]) }));
  expect(sizes[0]!.w, 'page 1 is landscape').toBeGreaterThan(sizes[0]!.h);
  expect(sizes[1]!.w, 'page 2 is portrait').toBeLessThan(sizes[1]!.h);
  const first = execFileSync('pdftotext', ['-f', '1', '-l', '1', path, '-'], { encoding: 'utf8' });
  expect(first).toContain('Diagram');
  // The report's own sections start on the next page.
  expect(first).not.toContain('Cluster facts');
  const second = execFileSync('pdftotext', ['-f', '2', '-l', '2', path, '-'], { encoding: 'utf8' });
  expect(second).toContain('Cluster facts');
  if (process.env.SNATSCOPE_SHOTS) {
    await writeFile(join(process.env.SNATSCOPE_SHOTS, 'report.pdf'), await readFile(path));
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '2', path, join(process.env.SNATSCOPE_SHOTS, 'report-page')]);
  }
});
