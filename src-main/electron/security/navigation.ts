// Electron security checklist #13 "Limit navigation": a window may only navigate within the
// app's own origin; anything else is blocked (and allowlisted links are opened externally).
// Main-frame navigations and server redirects are both checked; subframes cannot exist
// (the CSP says frame-src 'none').
import type { WebContents } from 'electron';
import { isSameOrigin } from './origins';

export function isAllowedNavigation(url: string, appOrigins: readonly string[]): boolean {
  return isSameOrigin(url, appOrigins);
}

export function installNavigationGuard(contents: Pick<WebContents, 'on'>, appOrigins: readonly string[], openExternal: (url: string) => void): void {
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (isAllowedNavigation(url, appOrigins)) return;
    event.preventDefault();
    openExternal(url);
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
}
