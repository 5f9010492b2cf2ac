// Electron security checklist #18 "Avoid usage of the file:// protocol and prefer usage of
// custom protocols": the renderer is served from app://snatscope/, mapped onto the built
// renderer directory with traversal checks, so file:// is never granted to web content.
import { extname, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'snatscope';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Absolute file path for an app:// URL, or null for anything outside the renderer directory. */
export function resolveAppUrl(url: string, root: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const base = resolve(root);
  const rel = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = resolve(base, rel);
  if (!file.startsWith(base + sep)) return null;
  // Client-side routes without an extension fall back to the shell.
  return extname(file) ? file : resolve(base, 'index.html');
}
