import { describe, expect, it } from 'vitest';
import { formatImageRef, parseImageRef, withRegistry } from './image-ref';

const D = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

describe('image references', () => {
  it('parses the forms runtimes accept, filling in Docker Hub and library/', () => {
    expect(parseImageRef('node:22-alpine')).toEqual({ registry: 'docker.io', path: 'library/node', tag: '22-alpine', digest: null });
    expect(parseImageRef(`bitnami/nginx@${D}`)).toEqual({ registry: 'docker.io', path: 'bitnami/nginx', tag: null, digest: D });
    expect(parseImageRef(`localhost:5000/a/b:1.0@${D}`)).toEqual({ registry: 'localhost:5000', path: 'a/b', tag: '1.0', digest: D });
    expect(parseImageRef('registry.k8s.io/pause:3.10')).toEqual({ registry: 'registry.k8s.io', path: 'pause', tag: '3.10', digest: null });
    expect(formatImageRef(parseImageRef('docker.io/library/node:22-alpine')!)).toBe('docker.io/library/node:22-alpine');
  });

  it('refuses what is not a reference', () => {
    for (const bad of ['', 'Node:22', 'a b', 'node:', 'node@sha256:xyz', 'https://reg/x', 'reg.io/UPPER/x', `x${'a'.repeat(600)}`]) expect(parseImageRef(bad), bad).toBeNull();
  });

  it('rewrites the registry, keeping path, tag and digest', () => {
    expect(withRegistry('docker.io/library/node:22-alpine', 'registry.corp.internal:5000')).toBe('registry.corp.internal:5000/library/node:22-alpine');
    expect(withRegistry(`node:22-alpine@${D}`, 'harbor.corp/dockerhub-proxy/')).toBe(`harbor.corp/dockerhub-proxy/library/node:22-alpine@${D}`);
    expect(withRegistry(`quay.io/team/echo@${D}`, 'localhost:5000')).toBe(`localhost:5000/team/echo@${D}`);
    expect(() => withRegistry('node:22', 'https://registry.corp')).toThrow(/expected a registry host\[:port\]\[\/path\].*no https/);
    expect(() => withRegistry('NOT AN IMAGE', 'registry.corp')).toThrow(/is not an image reference/);
  });
});
