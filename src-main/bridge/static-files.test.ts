import { describe, expect, it } from 'vitest';
import { contentTypeFor, resolveStaticPath } from './static-files';

describe('resolveStaticPath', () => {
  it('maps paths under the root and index for /', () => {
    expect(resolveStaticPath('/srv/r', '/')).toBe('/srv/r/index.html');
    expect(resolveStaticPath('/srv/r', '/assets/a.js')).toBe('/srv/r/assets/a.js');
  });
  it('refuses traversal, encoded traversal, NUL and malformed escapes', () => {
    expect(resolveStaticPath('/srv/r', '/../etc/passwd')).toBeNull();
    expect(resolveStaticPath('/srv/r', '/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
    expect(resolveStaticPath('/srv/r', '/a%00.js')).toBeNull();
    expect(resolveStaticPath('/srv/r', '/%E0%A4%A')).toBeNull();
    expect(resolveStaticPath('/srv/r', '/../r-sibling/x')).toBeNull();
  });
  it('knows the content types it serves', () => {
    expect(contentTypeFor('a.js')).toMatch(/javascript/);
    expect(contentTypeFor('a.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('a.unknown')).toBe('application/octet-stream');
  });
});
