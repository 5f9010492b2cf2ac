// Electron security checklist #12 "Verify WebView options before creation": the app uses no
// <webview>, so attaching one is always prevented (webviewTag is also off in webPreferences).
import type { App } from 'electron';

export function installWebviewBlock(app: App, log: (line: string) => void): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => {
      log('blocked a <webview>');
      event.preventDefault();
    });
  });
}
