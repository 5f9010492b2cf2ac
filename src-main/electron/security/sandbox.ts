// Electron security checklist #4 "Enable process sandboxing": sandbox: true is set per window
// (web-preferences.ts); app.enableSandbox() also forces it on every renderer the app could ever
// create (including ones a dependency opens), whatever its webPreferences say. Electron only
// accepts the call before the app is ready, so a late call is a programming error.
import type { App } from 'electron';

export function enableSandboxForAllRenderers(app: Pick<App, 'enableSandbox' | 'isReady'>): void {
  if (app.isReady()) throw new Error('app.enableSandbox() must be called before the app is ready');
  app.enableSandbox();
}
