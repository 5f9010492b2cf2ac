// Container image references (the distribution reference grammar the container runtimes use:
// github.com/distribution/reference, reference.go): [registry/]path[:tag][@digest]. The first
// component is a registry only when it has a "." or ":" or is "localhost"; otherwise the image
// is on Docker Hub (docker.io), where one-component paths live under "library/".
// For air-gapped clusters: rewrite the registry of every probe image, keeping path, tag and digest.

export interface ImageRef {
  registry: string;
  /** Repository path without the registry, e.g. library/node. */
  path: string;
  tag: string | null;
  digest: string | null;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const REGISTRY = /^(?:localhost|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9a-fA-F:]+\])(?::\d{1,5})?$/;

export function parseImageRef(text: string): ImageRef | null {
  if (!text || text.length > 512 || /\s/.test(text)) return null;
  let rest = text;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return null;
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return null;
  }
  const parts = rest.split('/');
  let registry = 'docker.io';
  if (parts.length > 1 && (/[.:]/.test(parts[0]!) || parts[0] === 'localhost')) {
    registry = parts.shift()!;
    if (!REGISTRY.test(registry)) return null;
  }
  if (!parts.length || !parts.every((p) => COMPONENT.test(p))) return null;
  if (registry === 'docker.io' && parts.length === 1) parts.unshift('library');
  return { registry, path: parts.join('/'), tag, digest };
}

export function formatImageRef(r: ImageRef): string {
  return `${r.registry}/${r.path}${r.tag ? `:${r.tag}` : ''}${r.digest ? `@${r.digest}` : ''}`;
}

/**
 * "registry.corp:5000" or "registry.corp/mirror" (a prefix inside the registry). No scheme: the
 * runtime chooses https.
 */
export function parseRegistry(text: string): { host: string; prefix: string } | null {
  const [host, ...prefix] = text.replace(/\/+$/, '').split('/');
  if (!host || !REGISTRY.test(host)) return null;
  if (!prefix.every((p) => COMPONENT.test(p))) return null;
  return { host, prefix: prefix.join('/') };
}

/** The same image from another registry: path, tag and digest kept (the digest proves it is the same). */
export function withRegistry(image: string, registry: string): string {
  const ref = parseImageRef(image);
  if (!ref) throw new Error(`${JSON.stringify(image)} is not an image reference ([registry/]path[:tag][@sha256:…])`);
  const reg = parseRegistry(registry);
  if (!reg) throw new Error(`--image-registry ${JSON.stringify(registry)}: expected a registry host[:port][/path], e.g. registry.example.internal:5000/mirror (no https://)`);
  return formatImageRef({ ...ref, registry: reg.prefix ? `${reg.host}/${reg.prefix}` : reg.host });
}
