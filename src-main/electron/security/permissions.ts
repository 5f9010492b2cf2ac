// Electron security checklist #5 "Handle session permission requests from remote content":
// SNATScope needs no camera, notifications, geolocation, etc., so every request is denied.
import type { Session } from 'electron';

export function installPermissionDenial(session: Session, log: (line: string) => void): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`denied permission request: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
