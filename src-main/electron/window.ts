import { BrowserWindow, nativeTheme } from 'electron';
import { insecurePreferences, secureWebPreferences } from './security/web-preferences';
import { installNavigationGuard } from './security/navigation';
import { installWindowOpenGuard } from './security/window-open';

export interface MainWindowOptions {
  preloadPath: string;
  startUrl: string;
  appOrigins: readonly string[];
  openExternal: (url: string) => void;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const webPreferences = secureWebPreferences(options.preloadPath);
  const problems = insecurePreferences(webPreferences);
  if (problems.length) throw new Error(`refusing to open an insecure window: ${problems.join(', ')}`);
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'SNATScope',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#15171c' : '#ffffff',
    webPreferences,
  });
  installNavigationGuard(win.webContents, options.appOrigins, options.openExternal);
  installWindowOpenGuard(win.webContents, options.openExternal);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(options.startUrl);
  return win;
}
