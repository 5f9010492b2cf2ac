// Where the Electron binary is, without triggering a download (require('electron') would).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function electronPackageDir() {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('electron/package.json'));
}

/** The executable's path, or null when Electron >= 42 has not fetched it yet. */
export function electronBinaryPath() {
  const dir = electronPackageDir();
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(p) ? p : null;
  }
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const exe = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? exe : null;
}
