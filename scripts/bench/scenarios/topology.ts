// Scenario 3: topology rendering in Chromium (browser mode) for clusters of 50, 500 and 5,000
// nodes (api-only scale labs, 30 pods per node). The user's flow: pick the lab's context, search
// team-000/svc-00050 (a LoadBalancer with externalTrafficPolicy: Local: one path per node), click
// it. Measured: the inspection's data arriving in the page (resource timing of the
// inspect.service call) → the graph drawn (cytoscape holds the service's picture and a frame has
// run), the main thread's JS heap, and at the largest size the frame times while panning with the
// mouse. Model → elements → layout is also timed alone (buildTopology in Node on the same data).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { startLab, type LabHandle } from '../../../e2e/lab/index';
import { buildTopology } from '../../../src-main/core/topology/index';
import type { InspectResult } from '../../../src-main/core/inspect/types';
import { runMeasured } from '../lib/measure';
import { formatValue } from '../lib/report';
import { labStateDir, SCALE_SCENARIO, scaleLab } from '../lib/scale-lab';
import { launchChromium, serveApp } from '../lib/serve-app';
import { ROOT } from '../lib/app-build';
import { stat } from '../lib/stats';
import type { BenchContext, Row, Scenario, ScenarioReport } from '../lib/types';

export const TOPOLOGY_SIZES = [50, 500, 5000];
const NAMESPACE = 'team-000';
const SERVICE = 'svc-00050';

// In-page code (run by Playwright as functions; the app's CSP forbids eval of strings). No named
// inner functions: tsx/esbuild would wrap them in a `__name` helper the page lacks.
interface Cy {
  nodes(): { length: number; some(f: (n: { data(k: string): unknown }) => boolean): boolean };
  edges(): { length: number };
}
interface PageGlobals {
  document: { querySelector(selector: string): ({ textContent: string | null } & { __cy?: Cy }) | null };
  performance: { now(): number; getEntriesByType(type: string): { name: string; startTime: number; responseEnd: number }[] };
  requestAnimationFrame(f: (t: number) => void): number;
  __benchFrames?: number[];
  __benchTick?: (t: number) => void;
  __benchRecording?: boolean;
}

function graphDrawnAt(wanted: string): { at: number; nodes: number; edges: number } | false {
  const g = globalThis as unknown as PageGlobals;
  const source = g.document.querySelector('[data-testid="topology-source"]');
  const cy = g.document.querySelector('[data-testid="topology-canvas"]')?.__cy;
  if (!source?.textContent?.includes(wanted) || !cy) return false;
  if (!cy.nodes().some((n) => String(n.data('label') ?? '').includes(wanted))) return false;
  return { at: g.performance.now(), nodes: cy.nodes().length, edges: cy.edges().length };
}

function inspectTiming(): { startTime: number; responseEnd: number } | null {
  const g = globalThis as unknown as PageGlobals;
  const calls = g.performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/api/invoke/inspect.service'));
  const last = calls[calls.length - 1];
  return last ? { startTime: last.startTime, responseEnd: last.responseEnd } : null;
}

function startFrames(): void {
  const g = globalThis as unknown as PageGlobals;
  g.__benchFrames = [];
  g.__benchRecording = true;
  g.__benchTick = (t: number) => {
    g.__benchFrames!.push(t);
    if (g.__benchRecording) g.requestAnimationFrame(g.__benchTick!);
  };
  g.requestAnimationFrame(g.__benchTick);
}

function stopFrames(): number[] {
  const g = globalThis as unknown as PageGlobals;
  g.__benchRecording = false;
  return g.__benchFrames ?? [];
}

interface Run {
  callMs: number;
  dataToPaintMs: number;
  heapMb: number | null;
  nodes: number;
  edges: number;
  maxFrameMs: number | null;
  p95FrameMs: number | null;
  slowFrames: number | null;
}

async function heapMb(page: Page): Promise<number | null> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
    return used === undefined ? null : used / 2 ** 20;
  } finally {
    await cdp.detach();
  }
}

async function pan(page: Page): Promise<number[]> {
  const box = await page.getByTestId('topology-canvas').boundingBox();
  if (!box) throw new Error('no topology canvas');
  // Start inside cytoscape's fit padding (background, not an element), move ~60 frames' worth.
  const x0 = box.x + 10;
  const y0 = box.y + 10;
  await page.evaluate(startFrames);
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (let i = 1; i <= 60; i++) {
    await page.mouse.move(x0 + i * 6, y0 + i * 4);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  await page.waitForTimeout(100);
  const frames = await page.evaluate(stopFrames);
  return frames.slice(1).map((t, i) => t - frames[i]!);
}

async function once(browser: Browser, url: string, lab: LabHandle, measurePan: boolean): Promise<Run> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.getByTestId(`context-${lab.context}`).click();
    await page.getByTestId('service-search').fill(SERVICE);
    const button = page.getByTestId(`service-${NAMESPACE}/${SERVICE}`);
    await button.waitFor({ state: 'visible', timeout: 120_000 });
    await button.click();
    const drawn = await page.waitForFunction(graphDrawnAt, `${NAMESPACE}/${SERVICE}`, { polling: 'raf', timeout: 180_000 });
    const graph = (await drawn.jsonValue()) as { at: number; nodes: number; edges: number };
    const timing = await page.evaluate(inspectTiming);
    if (!timing) throw new Error('no inspect.service call seen in the page');
    const heap = await heapMb(page);
    const frames = measurePan ? await pan(page) : null;
    const sorted = frames ? [...frames].sort((a, b) => a - b) : null;
    return {
      callMs: timing.responseEnd - timing.startTime,
      dataToPaintMs: graph.at - timing.responseEnd,
      heapMb: heap,
      nodes: graph.nodes,
      edges: graph.edges,
      maxFrameMs: sorted?.length ? sorted[sorted.length - 1]! : null,
      p95FrameMs: sorted?.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]! : null,
      slowFrames: frames ? frames.filter((f) => f > 50).length : null,
    };
  } finally {
    await context.close();
  }
}

/** buildTopology alone (model → elements with positions), in Node, on the CLI's answer for the same service. */
async function buildTimes(ctx: BenchContext, env: NodeJS.ProcessEnv, runs: number): Promise<number[]> {
  const out = join(ctx.tmp, 'topology-inspect.json');
  const r = await runMeasured(process.execPath, [ctx.app.cli, 'inspect', `${NAMESPACE}/${SERVICE}`, '--json'], { env, tmp: ctx.tmp, cleanup: ctx.cleanup, stdoutFile: out, timeoutMs: 300_000 });
  if (r.code !== 0 && r.code !== 1) throw new Error(`snatscope inspect failed: ${r.stderr.slice(-500)}`);
  const result = JSON.parse(readFileSync(out, 'utf8')) as InspectResult;
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    buildTopology({ kind: 'inspect', result });
    if (i > 0) times.push(performance.now() - t0);
  }
  return times;
}

export const topologyScenario: Scenario = {
  id: '3',
  title: 'Topology rendering in Chromium (50 / 500 / 5,000 nodes)',
  async run(ctx: BenchContext): Promise<ScenarioReport> {
    const sizes = ctx.options['topology-sizes'] ? String(ctx.options['topology-sizes']).split(',').map(Number) : TOPOLOGY_SIZES;
    const runs = Number(ctx.options['topology-runs'] ?? Math.min(ctx.runs, 3));
    const { browser, close } = await launchChromium(ctx);
    const rows: Row[] = [];
    const setup: string[] = [];
    try {
      for (const n of sizes) {
        // The 5,000-node size is scenario 1's lab; the smaller ones are started here with the same density.
        const shared = n === 5000 ? await scaleLab(ctx) : null;
        const lab = shared?.lab ?? (await startLab({ scenario: join(ROOT, SCALE_SCENARIO), apiOnly: true, scale: { nodes: n, pods: n * 30, services: n * 2 }, stateDir: labStateDir(ctx) }));
        const stopLab = shared ? async () => {} : ctx.cleanup.add(`${n}-node lab`, () => lab.stop());
        try {
          const env = { ...process.env, KUBECONFIG: lab.kubeconfigPath };
          const app = await serveApp(ctx, env);
          const got: Run[] = [];
          let first: Run | null = null;
          try {
            for (let i = 0; i <= runs; i++) {
              const r = await once(browser, app.url, lab, n === Math.max(...sizes));
              if (i > 0) got.push(r);
              else first = r;
              ctx.log(`  topology ${n} nodes run ${i}${i ? '' : ' (warm-up)'}: data → graph ${formatValue(r.dataToPaintMs, 'ms')}, ${r.nodes} nodes / ${r.edges} edges drawn, heap ${Math.round(r.heapMb ?? 0)} MB${r.maxFrameMs !== null ? `, pan: max frame ${formatValue(r.maxFrameMs, 'ms')}` : ''}`);
            }
          } finally {
            await app.stop();
          }
          const build = await buildTimes(ctx, env, runs);
          const col = (f: (r: Run) => number | null) => stat(got.map(f).filter((x): x is number => typeof x === 'number'));
          const counts = lab.counts();
          setup.push(`${n} nodes (${counts.pods} pods, ${counts.services} services): the graph has ${got[0]!.nodes} nodes and ${got[0]!.edges} edges (nodes without endpoints are collapsed into groups above 12 nodes).`);
          rows.push(
            { metric: `${n} nodes: data in the page → graph drawn`, unit: 'ms', ours: col((r) => r.dataToPaintMs), ...(n === 5000 ? { target: { of: 'value' as const, max: 2000 } } : {}) },
            { metric: `${n} nodes: model → elements → layout (buildTopology, Node)`, unit: 'ms', ours: stat(build) },
            { metric: `${n} nodes: the inspect.service call itself (request → response, in the page)`, unit: 'ms', ours: col((r) => r.callMs) },
            { metric: `${n} nodes: JS heap of the page after drawing`, unit: 'MB', ours: col((r) => r.heapMb) },
          );
          if (got[0]?.maxFrameMs !== null) {
            rows.push(
              { metric: `${n} nodes: longest frame while panning`, unit: 'ms', ours: col((r) => r.maxFrameMs), target: { of: 'value', max: 50 } },
              { metric: `${n} nodes: 95th percentile frame while panning`, unit: 'ms', ours: col((r) => r.p95FrameMs) },
              { metric: `${n} nodes: frames over 50 ms while panning`, unit: 'count', ours: col((r) => r.slowFrames) },
            );
          }
          // The first inspection of a service after the app starts also starts following it, which
          // differs from the repeats (which find the follow running): shown apart, not in the medians.
          if (first) {
            rows.push({ metric: `${n} nodes: first inspection after start (the uncounted run 0): data → graph drawn`, unit: 'ms', ours: stat([first.dataToPaintMs]) });
            if (first.maxFrameMs !== null) rows.push({ metric: `${n} nodes: first inspection after start: longest frame while panning`, unit: 'ms', ours: stat([first.maxFrameMs]) });
          }
        } finally {
          await stopLab();
        }
      }
    } finally {
      await close();
    }
    return {
      id: this.id,
      title: this.title,
      setup: [
        `Browser mode (serve.js) against api-only scale labs (\`${SCALE_SCENARIO}\` with nodes N, pods 30·N, services 2·N); Chromium headless, 1400×900, a fresh browser context per run; service ${NAMESPACE}/${SERVICE} (LoadBalancer, Local).`,
        '"Graph drawn" = the toolbar names the service, cytoscape holds its picture, checked on every animation frame; "data in the page" = responseEnd of the inspect.service call (resource timing), same clock.',
        'Panning: the mouse drags the canvas background by 360×240 px in 60 moves 16 ms apart; frame times are the intervals between requestAnimationFrame callbacks.',
        ...setup,
      ],
      commands: ['node out/main/serve.js --port 0 --data-dir <fresh dir>   # KUBECONFIG=<lab>; Chromium: pick the context, search svc-00050, click it'],
      rows,
      notes: [],
    };
  },
};
