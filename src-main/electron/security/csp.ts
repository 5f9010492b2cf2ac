// Electron security checklist #7 "Define a Content Security Policy": sent as a response header
// for everything the app protocol serves (index.html also carries it as a <meta> fallback).
import type { Session } from 'electron';
import { contentSecurityPolicy } from '../../core/security/csp';

export function installCspHeader(session: Session): void {
  const policy = contentSecurityPolicy();
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
}
