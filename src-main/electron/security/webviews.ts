// Electron security checklist #11 "Do not use allowpopups for WebViews" and #12 "Verify WebView
// options before creation": the app uses no <webview> at all, so attaching one is always
// prevented (webviewTag is also off in webPreferences); nothing is left to verify or to allow.
import type { WebContents } from 'electron';

export function blockWebviews(contents: Pick<WebContents, 'on'>, log: (line: string) => void): void {
  contents.on('will-attach-webview', (event) => {
    log('blocked an attempt to attach a webview');
    event.preventDefault();
  });
}
