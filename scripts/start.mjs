#!/usr/bin/env node
// `npm start`: build and launch the desktop app. Electron >= 42 fetches its binary lazily and
// electron-vite does not trigger that, so fetch it here first, with a clear message if we can't.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { electronBinaryPath, electronPackageDir } from './electron-binary.mjs';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  return r.status ?? 1;
}

if (!electronBinaryPath()) {
  console.log('SNATScope: the Electron binary is not installed yet; downloading it (one time)…');
  const status = run(process.execPath, [join(electronPackageDir(), 'install.js')]);
  if (status !== 0 || !electronBinaryPath()) {
    console.error(
      [
        '',
        'SNATScope: could not download the Electron binary.',
        '  - If you are offline or behind a firewall, set ELECTRON_MIRROR to a reachable mirror',
        '    (e.g. ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/) and run `npm start` again,',
        '  - or run SNATScope in browser mode: `npm run serve` and open the printed URL in Chromium.',
      ].join('\n'),
    );
    process.exit(1);
  }
}

const bin = process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite';
process.exit(run(join('node_modules', '.bin', bin), ['preview', ...process.argv.slice(2)]));
