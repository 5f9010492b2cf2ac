// The app in browser mode for the Chromium scenarios: a fresh `node out/main/serve.js` process
// (stopped by the bench's cleanup) and the URL it prints; Chromium launched the way the e2e tests
// launch Debian's build.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import type { BenchContext } from './types';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface ServedApp {
  url: string;
  /** performance.now() at spawn and when the URL was printed. */
  spawnedAt: number;
  listeningAt: number;
  stop(): Promise<void>;
}

let seq = 0;

export async function serveApp(ctx: BenchContext, env: NodeJS.ProcessEnv): Promise<ServedApp> {
  const dataDir = join(ctx.tmp, `serve-data-${++seq}`);
  mkdirSync(dataDir, { recursive: true });
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [ctx.app.serve, '--port', '0', '--data-dir', dataDir], { env: { LANG: 'en_US.UTF-8', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = ctx.cleanup.add('serve.js', async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let out = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve.js printed no URL within 30 s:\n${out}`)), 30_000);
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.stderr!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.length > 100_000) out = out.slice(-50_000);
      });
      child.once('exit', (code) => reject(new Error(`serve.js exited (${code}):\n${out}`)));
    });
    return { url, spawnedAt, listeningAt: performance.now(), stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

export async function launchChromium(ctx: BenchContext): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return { browser, close: ctx.cleanup.add('chromium', () => browser.close()) };
}
