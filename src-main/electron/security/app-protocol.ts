// Electron security checklist #18 "Avoid usage of the file:// protocol and prefer usage of
// custom protocols": the renderer is served from app://snatscope/, mapped onto the built
// renderer directory with traversal checks, so file:// is never granted to web content.
// The scheme is "standard" and "secure" (a real origin, so same-origin checks, storage and the
// CSP work as for https) and nothing more: no bypassCSP, no service workers, no CORS.
import type { CustomScheme } from 'electron';
import { extname, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

export const APP_SCHEME = 'app';
export const APP_HOST = 'snatscope';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const APP_SCHEME_PRIVILEGES: NonNullable<CustomScheme['privileges']> = { standard: true, secure: true, supportFetchAPI: true };

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

export interface AppProtocolOptions {
  rendererDir: string;
  /** Reads a file:// URL (Electron's net.fetch in the app; a fake in tests). */
  fetchFile: (fileUrl: string) => Promise<Response>;
  /** The Content-Security-Policy sent with every response. */
  csp: string;
}

/** The app:// request handler: GET/HEAD of files inside the renderer directory, with the CSP. */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('method not allowed', { status: 405 });
    const file = resolveAppUrl(request.url, options.rendererDir);
    if (!file) return new Response('not found', { status: 404 });
    const res = await options.fetchFile(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', options.csp);
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'no-referrer');
    return new Response(request.method === 'HEAD' ? null : res.body, { status: res.status, statusText: res.statusText, headers });
  };
}
