// The main window. Its security settings come from security/web-preferences.ts and are checked
// again here before the window exists; navigation, new-window and <webview> guards are attached
// to every webContents by security/web-contents-guards.ts.
import { BrowserWindow, nativeTheme } from 'electron';
import { insecurePreferences, secureWebPreferences } from './security/web-preferences';

export interface MainWindowOptions {
  preloadPath: string;
  startUrl: string;
  devTools: boolean;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const webPreferences = secureWebPreferences(options.preloadPath, { devTools: options.devTools });
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
  win.once('ready-to-show', () => win.show());
  void win.loadURL(options.startUrl);
  return win;
}
