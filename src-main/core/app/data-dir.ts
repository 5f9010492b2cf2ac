import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'SNATScope';

/**
 * Where settings live when no Electron `app.getPath('userData')` is available (browser mode,
 * CLI). Matches Electron's userData for the same product name so both modes share settings.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.SNATSCOPE_DATA_DIR) return env.SNATSCOPE_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), PRODUCT_NAME);
}
