// Scenario 5: start-up in browser mode. A fresh `node out/main/serve.js` process → it prints its
// URL (listening) → Chromium (already running, as the user's browser would be; a fresh profile
// context per run, so nothing is cached) navigates → first paint → interactive: the status bar
// says "Browser mode", the bridge is connected, the contexts list is drawn and the header's
// language select is enabled.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { CHROMIUM, launchChromium, serveApp } from '../lib/serve-app';
import { stat } from '../lib/stats';
import { formatValue } from '../lib/report';
import type { BenchContext, Scenario, ScenarioReport } from '../lib/types';


// Evaluated in the page by Playwright (as functions: the app's CSP forbids eval of strings). This
// program has no DOM types, hence the narrow local ones.
interface El {
  textContent: string | null;
  classList: { contains(c: string): boolean };
  disabled?: boolean;
}
interface PageGlobals {
  document: { querySelector(selector: string): El | null };
  performance: { now(): number; getEntriesByType(type: string): { name: string; startTime: number; responseEnd?: number; domContentLoadedEventEnd?: number; initiatorType?: string }[] };
}

// No named inner functions: tsx/esbuild would wrap them in a `__name` helper the page lacks.
function interactiveAt(): number | false {
  const g = globalThis as unknown as PageGlobals;
  const mode = g.document.querySelector('[data-testid="status-mode"]');
  const conn = g.document.querySelector('[data-testid="status-connection"]');
  const select = g.document.querySelector('[data-testid="language-select"]');
  const group = g.document.querySelector('[data-testid="context-group"]');
  const ok = mode?.textContent?.trim() === 'Browser mode' && conn?.classList.contains('up') && select && !select.disabled && group;
  return ok ? g.performance.now() : false;
}

function paintTimes(): Record<string, number> {
  const g = globalThis as unknown as PageGlobals;
  const out: Record<string, number> = Object.fromEntries(g.performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]));
  const nav = g.performance.getEntriesByType('navigation')[0];
  if (nav?.domContentLoadedEventEnd) out.dcl = nav.domContentLoadedEventEnd;
  // The app's own script bundle: when it had arrived (the rest until DOMContentLoaded is parsing and running it).
  const scripts = g.performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'script' && /\.js(\?|$)/.test(e.name));
  if (scripts.length) out.scripts = Math.max(...scripts.map((e) => e.responseEnd ?? 0));
  return out;
}

/** A kubeconfig with one context whose server refuses connections at once (start-up reads, never connects). */
function writeKubeconfig(dir: string): string {
  const path = join(dir, 'startup-kubeconfig');
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{ name: bench, cluster: { server: "https://127.0.0.1:9" } }]',
      'users: [{ name: bench, user: { token: bench-token } }]',
      'contexts: [{ name: bench, context: { cluster: bench, user: bench } }]',
      'current-context: bench',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return path;
}

interface Run {
  listenMs: number;
  scriptsMs: number | null;
  dclMs: number | null;
  firstPaintMs: number | null;
  fcpMs: number | null;
  navToInteractiveMs: number;
  totalMs: number;
}

async function once(ctx: BenchContext, browser: Browser, kubeconfig: string): Promise<Run> {
  // The tab exists before the app starts (the user's browser is open); only the app is timed.
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    const app = await serveApp(ctx, { ...process.env, KUBECONFIG: kubeconfig });
    try {
      const listenMs = app.listeningAt - app.spawnedAt;
      await page.goto(app.url, { waitUntil: 'commit' });
      const handle = await page.waitForFunction(interactiveAt, undefined, { polling: 'raf', timeout: 30_000 });
      const totalMs = performance.now() - app.spawnedAt;
      const navToInteractiveMs = (await handle.jsonValue()) as number;
      const paints = await page.evaluate(paintTimes);
      return { listenMs, scriptsMs: paints.scripts ?? null, dclMs: paints.dcl ?? null, firstPaintMs: paints['first-paint'] ?? null, fcpMs: paints['first-contentful-paint'] ?? null, navToInteractiveMs, totalMs };
    } finally {
      await app.stop();
    }
  } finally {
    await context.close();
  }
}

export const startupScenario: Scenario = {
  id: '5',
  title: 'Start-up in browser mode (process start → interactive in Chromium)',
  async run(ctx: BenchContext): Promise<ScenarioReport> {
    const { browser, close: closeBrowser } = await launchChromium(ctx);
    const kubeconfig = writeKubeconfig(ctx.tmp);
    const runs: Run[] = [];
    try {
      for (let i = 0; i <= ctx.runs; i++) {
        const r = await once(ctx, browser, kubeconfig);
        if (i > 0) runs.push(r);
        ctx.log(`  start-up run ${i}${i ? '' : ' (warm-up)'}: listening ${formatValue(r.listenMs, 'ms')}, interactive ${formatValue(r.totalMs, 'ms')} after spawn`);
      }
    } finally {
      await closeBrowser();
    }
    const col = (f: (r: Run) => number | null) => stat(runs.map(f).filter((x): x is number => typeof x === 'number'));
    return {
      id: this.id,
      title: this.title,
      setup: [
        `Chromium ${browser.version()} headless (${CHROMIUM}), launched once before the runs (as the user's browser is already open); a fresh browser context (empty cache) per run; viewport 1400×900.`,
        'Interactive = status bar says "Browser mode", bridge connected, contexts list drawn (a kubeconfig with one context), language select enabled; checked every animation frame.',
        'Navigation starts as soon as serve.js prints its URL; the total is measured by the bench from spawn, the in-page figures from navigation start (performance timeline).',
      ],
      commands: ['node out/main/serve.js --port 0 --data-dir <fresh dir>   # then Chromium opens the printed URL'],
      rows: [
        { metric: 'process start → interactive (total)', unit: 'ms', ours: col((r) => r.totalMs), target: { of: 'value', max: 1500 } },
        { metric: 'process start → listening', unit: 'ms', ours: col((r) => r.listenMs) },
        { metric: 'navigation → script bundle received', unit: 'ms', ours: col((r) => r.scriptsMs) },
        { metric: 'navigation → DOMContentLoaded (bundle parsed and run)', unit: 'ms', ours: col((r) => r.dclMs) },
        { metric: 'navigation → first paint', unit: 'ms', ours: col((r) => r.firstPaintMs) },
        { metric: 'navigation → first contentful paint', unit: 'ms', ours: col((r) => r.fcpMs) },
        { metric: 'navigation → interactive', unit: 'ms', ours: col((r) => r.navToInteractiveMs) },
      ],
      notes: [],
    };
  },
};
