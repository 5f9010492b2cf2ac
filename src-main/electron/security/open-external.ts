// Electron security checklist #15 "Do not use shell.openExternal with untrusted content":
// only https URLs on an allowlist of documentation locations are handed to the OS. github.com is
// user content (anyone can publish a page or a release binary there): only the project's own
// paths and the upstream documentation repositories are allowed, not the whole host.

export interface ExternalLocation {
  host: string;
  /** Path prefixes allowed on that host (after URL normalisation); absent: the whole host. */
  paths?: readonly string[];
}

export const EXTERNAL_LOCATIONS: readonly ExternalLocation[] = [
  { host: 'kubernetes.io' },
  { host: 'github.com', paths: ['/snatscope/', '/kubernetes/ingress-nginx/blob/', '/kubernetes/kubernetes/blob/'] },
  { host: 'docs.cilium.io' },
  { host: 'docs.tigera.io' },
  { host: 'kubernetes.github.io', paths: ['/ingress-nginx/'] },
  { host: 'nginx.org' },
  { host: 'www.electronjs.org', paths: ['/docs/'] },
];

export function isAllowedExternalUrl(url: string, locations: readonly ExternalLocation[] = EXTERNAL_LOCATIONS): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') return false;
  if (parsed.username || parsed.password || parsed.port) return false;
  const host = parsed.hostname.toLowerCase();
  // The WHATWG parser has already resolved "..", "%2e%2e" and backslashes in the path.
  return locations.some((l) => l.host === host && (!l.paths || l.paths.some((p) => parsed.pathname.startsWith(p))));
}

export function createExternalOpener(open: (url: string) => Promise<void>, log: (line: string) => void): (url: string) => void {
  return (url) => {
    if (!isAllowedExternalUrl(url)) {
      log(`blocked opening external URL ${JSON.stringify(url.slice(0, 200))}`);
      return;
    }
    open(url).catch((error: unknown) => log(`openExternal failed: ${(error as Error).message}`));
  };
}
