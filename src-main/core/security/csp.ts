// The renderer's Content Security Policy, shared by the Electron host (response header on the
// app:// protocol and a <meta> fallback) and the browser-mode bridge (HTTP header).
// Electron security checklist #7 "Define a Content Security Policy".

export interface CspOptions {
  /** Extra origins the renderer may connect to (the bridge's own ws:// origin in browser mode). */
  connect?: string[];
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const connect = ["'self'", ...(options.connect ?? [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    // cytoscape and Vue set element.style via CSSOM (allowed); no inline <style> or style="" needed.
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
  ].join('; ');
}
