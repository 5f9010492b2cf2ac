import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // Dependencies are bundled: @kubernetes/client-node alone is ~1,000 small ESM files, and
      // loading files one by one (resolve, stat, read, compile) cost 1–1.7 s at every start of the
      // CLI and the app; yaml, zod, ws and the proxy agents another ~0.3 s (docs/benchmarks.md,
      // scenario 5). Only the native @resvg/resvg-js (a .node addon per platform) stays external.
      externalizeDeps: { exclude: ['@kubernetes/client-node', 'commander', 'hpagent', 'ipaddr.js', 'socks-proxy-agent', 'ws', 'yaml', 'zod'] },
      rollupOptions: {
        // ws's optional native speed-ups, required inside try/catch when installed.
        external: ['bufferutil', 'utf-8-validate'],
        // Electron main, the CLI and the browser-mode server share one build: same core, same deps.
        input: {
          index: resolve(root, 'src-main/electron/main.ts'),
          cli: resolve(root, 'src-main/cli.ts'),
          serve: resolve(root, 'src-main/serve.ts'),
          // Session files are parsed off the main thread (core/export/session-thread.ts).
          'session-worker': resolve(root, 'src-main/core/export/session-worker.ts'),
        },
        output: {
          banner: (chunk) => (chunk.name === 'cli' || chunk.name === 'serve' ? '#!/usr/bin/env node' : ''),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload cannot require node_modules: bundle everything, emit CommonJS.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'src-main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [vue()],
    define: {
      __VUE_OPTIONS_API__: 'false',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
      __VUE_I18N_FULL_INSTALL__: 'false',
      __VUE_I18N_LEGACY_API__: 'false',
      __INTLIFY_PROD_DEVTOOLS__: 'false',
    },
    build: {
      outDir: resolve(root, 'out/renderer'),
      // electron-vite leaves the renderer unminified; minified, the first bundle is less than half
      // the bytes for Chromium to parse before the first paint (docs/benchmarks.md, scenario 5).
      minify: true,
      rollupOptions: { input: { index: resolve(root, 'src-renderer/index.html') } },
    },
  },
});
