// Electron security checklist #14 "Disable or limit the creation of new windows": every
// window.open, target=_blank and middle-click is denied; allowlisted documentation links go to
// the system browser instead (open-external.ts decides).
import type { WebContents } from 'electron';

export function installWindowOpenGuard(contents: Pick<WebContents, 'setWindowOpenHandler'>, openExternal: (url: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
    return { action: 'deny' };
  });
}
