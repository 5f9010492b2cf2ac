// Origins compared as parsed URL origins, never with startsWith: "app://snatscope.evil" or
// "http://127.0.0.1:5173@evil" must not pass as ours.

export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    // Custom standard schemes (app://) have an opaque "null" origin in WHATWG URL; rebuild it.
    if (parsed.origin === 'null') {
      if (!parsed.host) return null;
      return `${parsed.protocol}//${parsed.host}`;
    }
    return parsed.origin;
  } catch {
    return null;
  }
}

export function isSameOrigin(url: string, allowed: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && allowed.includes(origin);
}
