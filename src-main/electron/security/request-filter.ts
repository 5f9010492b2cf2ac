// Electron security checklist #1 "Only load secure content": SNATScope's renderer loads nothing
// from the network at all. Every request a page makes is checked here and cancelled unless it
// is our own app:// origin, in-memory data (data:, blob:), DevTools internals, the dev server
// in an unpackaged build, or a file inside the built renderer. The main process's own requests
// (no webContents: net.fetch in the app:// handler) are not filtered; Kubernetes API traffic
// never goes through a session at all (node:https in core/).
import type { Session } from 'electron';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSameOrigin } from './origins';

export interface RequestFacts {
  url: string;
  /** Absent for requests the main process makes itself. */
  webContentsId?: number | undefined;
}

export interface AllowedContent {
  /** app://snatscope, plus the dev server origin in an unpackaged build. */
  origins: readonly string[];
  /** The built renderer directory (the app:// handler reads from there). */
  rendererDir: string;
}

const INTERNAL_SCHEMES = new Set(['data:', 'blob:', 'about:', 'devtools:', 'chrome-extension:']);

export function isAllowedRequest(request: RequestFacts, allowed: AllowedContent): boolean {
  if (request.webContentsId === undefined) return true;
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return false;
  }
  if (INTERNAL_SCHEMES.has(url.protocol)) return true;
  if (url.protocol === 'file:') return isInside(url, allowed.rendererDir);
  // The dev server's hot-reload socket shares its http origin.
  const asHttp = url.protocol === 'ws:' ? request.url.replace(/^ws:/i, 'http:') : url.protocol === 'wss:' ? request.url.replace(/^wss:/i, 'https:') : request.url;
  return isSameOrigin(asHttp, allowed.origins);
}

function isInside(url: URL, dir: string): boolean {
  let file: string;
  try {
    file = fileURLToPath(url);
  } catch {
    return false;
  }
  const base = resolve(dir);
  return resolve(file).startsWith(base + sep);
}

export function installRequestFilter(session: Pick<Session, 'webRequest'>, allowed: AllowedContent, log: (line: string) => void): void {
  session.webRequest.onBeforeRequest((details, callback) => {
    const ok = isAllowedRequest({ url: details.url, webContentsId: details.webContentsId }, allowed);
    if (!ok) log(`blocked a request from the renderer: ${JSON.stringify(details.url.slice(0, 200))}`);
    callback({ cancel: !ok });
  });
}
