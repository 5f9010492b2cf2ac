// Electron security checklist #15 "Do not use shell.openExternal with untrusted content":
// only https URLs on an allowlist of documentation hosts are handed to the OS.

export const EXTERNAL_HOSTS: readonly string[] = [
  'kubernetes.io',
  'github.com',
  'docs.cilium.io',
  'docs.tigera.io',
  'kubernetes.github.io',
  'nginx.org',
  'www.electronjs.org',
];

export function isAllowedExternalUrl(url: string, hosts: readonly string[] = EXTERNAL_HOSTS): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') return false;
  if (parsed.username || parsed.password || parsed.port) return false;
  return hosts.includes(parsed.hostname.toLowerCase());
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
