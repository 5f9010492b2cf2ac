// The renderer is shown paths, but not the home directory (it names the OS user, and tells a
// compromised page where to look): `/home/jdoe/.kube/config` travels as `~/.kube/config`, and
// `~/` is expanded again when the renderer names a file.
import { isAbsolute, join, sep } from 'node:path';

export function hideHome(text: string, home: string): string {
  if (!home || home === sep) return text;
  return text.split(home + sep).join(`~${sep}`).split(home).join('~');
}

/** Deep copy with every string's home directory hidden. */
export function hideHomeIn<T>(value: T, home: string): T {
  if (typeof value === 'string') return hideHome(value, home) as T;
  if (Array.isArray(value)) return value.map((v) => hideHomeIn(v, home)) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hideHomeIn(v, home)])) as T;
  return value;
}

export function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith(`~${sep}`) || path.startsWith('~/')) return join(home, path.slice(2));
  return path;
}

export function isAbsolutePath(path: string): boolean {
  return isAbsolute(path);
}
