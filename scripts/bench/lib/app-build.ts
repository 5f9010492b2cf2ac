// The app under test: `electron-vite build`, then a private copy of out/ so a rebuild in the same
// checkout during a long bench cannot swap files under a running measurement. The copy sits in
// the bench's temp dir next to a symlink to this checkout's node_modules (bare imports such as
// @kubernetes/client-node resolve through it) and a package.json marking the files as ESM.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');

export interface AppBuild {
  root: string;
  cli: string;
  serve: string;
  renderer: string;
  /** How long the build took (ms), or null with --no-build. */
  buildMs: number | null;
}

/** `from`: a directory holding out/ (another build) instead of this checkout. */
export function buildApp(opts: { build: boolean; tmp: string; log: (l: string) => void; from?: string }): AppBuild {
  let buildMs: number | null = null;
  if (opts.build) {
    opts.log('building the app (electron-vite build)…');
    const t0 = performance.now();
    const r = spawnSync(join(ROOT, 'node_modules/.bin/electron-vite'), ['build'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.status !== 0) throw new Error(`electron-vite build failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    buildMs = performance.now() - t0;
  }
  const snap = join(opts.tmp, 'app');
  mkdirSync(snap, { recursive: true });
  for (const part of ['main', 'preload', 'renderer']) {
    const from = join(opts.from ? resolve(opts.from) : ROOT, 'out', part);
    if (!existsSync(from)) throw new Error(`${from} is missing: run without --no-build (or npm run build)`);
    cpSync(from, join(snap, 'out', part), { recursive: true });
  }
  writeFileSync(join(snap, 'package.json'), '{ "type": "module" }\n');
  symlinkSync(join(ROOT, 'node_modules'), join(snap, 'node_modules'), 'dir');
  const app: AppBuild = {
    root: snap,
    cli: join(snap, 'out/main/cli.js'),
    serve: join(snap, 'out/main/serve.js'),
    renderer: join(snap, 'out/renderer'),
    buildMs,
  };
  for (const f of [app.cli, app.serve, join(app.renderer, 'index.html')]) if (!existsSync(f)) throw new Error(`the build is incomplete: ${f} is missing`);
  return app;
}
