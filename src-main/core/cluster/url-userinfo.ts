// A server or proxy URL may carry a user name and password (https://admin:pw@host, a proxy-url
// with credentials). kubectl masks them when it prints a config; SNATScope strips them before a
// URL reaches any output, error message, the renderer or a session (issue 16 §13, issue 17 §6).

/** The URL without its userinfo; text that is not a URL is returned with anything up to "@" removed. */
export function stripUserinfo(url: string): string {
  try {
    const u = new URL(url);
    if (u.username === '' && u.password === '') return url;
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, url.endsWith('/') ? '/' : '');
  } catch {
    // Not parseable: still never show what looks like "user:pass@".
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1');
  }
}

/** Removes every "scheme://user:pass@" occurrence in free text (error messages from libraries). */
export function stripUserinfoInText(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s"']*@/gi, '$1');
}

/** The userinfo of a URL, decoded, if any. */
export function userinfoOf(url: URL): { username: string; password: string } | null {
  if (url.username === '' && url.password === '') return null;
  return { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
}
