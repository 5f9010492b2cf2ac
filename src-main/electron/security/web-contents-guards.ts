// Installs the per-webContents guards (#11/#12 webviews, #13 navigation, #14 new windows) on
// every webContents the app ever creates, from app.on('web-contents-created'), registered
// before the app is ready: the main window gets them the moment it exists, and so would any
// window or view a dependency might create later.
import type { App, WebContents } from 'electron';
import { installNavigationGuard } from './navigation';
import { blockWebviews } from './webviews';
import { installWindowOpenGuard } from './window-open';

export interface WebContentsGuardOptions {
  appOrigins: readonly string[];
  openExternal: (url: string) => void;
  log: (line: string) => void;
}

export type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function guardWebContents(contents: GuardedContents, options: WebContentsGuardOptions): void {
  blockWebviews(contents, options.log);
  installNavigationGuard(contents, options.appOrigins, options.openExternal);
  installWindowOpenGuard(contents, options.openExternal);
}

export function installWebContentsGuards(app: Pick<App, 'on'>, options: WebContentsGuardOptions): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, options));
}
