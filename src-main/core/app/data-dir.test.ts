import { describe, expect, it } from 'vitest';
import { defaultDataDir } from './data-dir';

describe('defaultDataDir', () => {
  it('matches Electron userData locations per platform', () => {
    expect(defaultDataDir({}, 'linux', '/home/a')).toBe('/home/a/.config/SNATScope');
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/a')).toBe('/x/SNATScope');
    expect(defaultDataDir({}, 'darwin', '/Users/a')).toBe('/Users/a/Library/Application Support/SNATScope');
    expect(defaultDataDir({ SNATSCOPE_DATA_DIR: '/tmp/d' }, 'linux', '/home/a')).toBe('/tmp/d');
  });
});
