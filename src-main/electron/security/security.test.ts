import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, resolveAppUrl } from './app-protocol';
import { isTrustedSender } from './ipc-sender';
import { isAllowedNavigation } from './navigation';
import { isAllowedExternalUrl } from './open-external';
import { originOf } from './origins';
import { insecurePreferences, secureWebPreferences } from './web-preferences';

const ORIGINS = [APP_ORIGIN];

describe('origins (#13, #17): parsed, never prefix-matched', () => {
  it('parses custom-scheme origins', () => {
    expect(originOf('app://snatscope/index.html')).toBe('app://snatscope');
    expect(originOf('not a url')).toBeNull();
  });
  it('does not confuse look-alike origins', () => {
    for (const url of ['app://snatscope.evil/index.html', 'app://snatscopex/', 'https://snatscope/', 'app://evil@snatscope.example/', 'file:///etc/passwd', 'javascript:alert(1)']) {
      expect(isAllowedNavigation(url, ORIGINS), url).toBe(false);
    }
    expect(isAllowedNavigation('app://snatscope/other.html#x', ORIGINS)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5173/x', ['http://localhost:5173'])).toBe(true);
    expect(isAllowedNavigation('http://localhost:5173.evil.com/x', ['http://localhost:5173'])).toBe(false);
  });
});

describe('IPC sender validation (#17)', () => {
  const trusted = { origins: ORIGINS, webContentsIds: new Set([1]) };
  it('accepts our window main frame', () => {
    expect(isTrustedSender({ frameUrl: 'app://snatscope/index.html', isMainFrame: true, webContentsId: 1 }, trusted)).toBe(true);
  });
  it('rejects subframes, other windows, other origins and destroyed frames', () => {
    expect(isTrustedSender({ frameUrl: 'app://snatscope/index.html', isMainFrame: false, webContentsId: 1 }, trusted)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'app://snatscope/index.html', isMainFrame: true, webContentsId: 2 }, trusted)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'https://evil.example/', isMainFrame: true, webContentsId: 1 }, trusted)).toBe(false);
    expect(isTrustedSender({ frameUrl: null, isMainFrame: true, webContentsId: 1 }, trusted)).toBe(false);
  });
});

describe('shell.openExternal allowlist (#15)', () => {
  it('allows https documentation hosts only', () => {
    expect(isAllowedExternalUrl('https://kubernetes.io/docs/tutorials/services/source-ip/')).toBe(true);
    for (const url of ['http://kubernetes.io/', 'file:///etc/passwd', 'https://kubernetes.io.evil.com/', 'https://user@kubernetes.io/', 'https://kubernetes.io:444/', 'smb://host/share', 'javascript:alert(1)', 'not a url']) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });

  it('allows only the project\'s own and upstream documentation paths on github.com (issue 17 item 9)', () => {
    expect(isAllowedExternalUrl('https://github.com/snatscope/snatscope/blob/main/docs/security.md')).toBe(true);
    expect(isAllowedExternalUrl('https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/iptables/proxier.go')).toBe(true);
    for (const url of ['https://github.com/', 'https://github.com/evil/payload/releases/download/v1/x.exe', 'https://github.com/snatscope/../evil/x', 'https://github.com/snatscope/%2e%2e/evil/x', 'https://github.com/snatscopex/y', 'https://gist.github.com/snatscope/x', 'https://kubernetes.github.io/evil/']) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });
});

describe('app:// protocol (#18)', () => {
  it('maps app URLs into the renderer directory only', () => {
    expect(resolveAppUrl('app://snatscope/index.html', '/r')).toBe('/r/index.html');
    expect(resolveAppUrl('app://snatscope/', '/r')).toBe('/r/index.html');
    expect(resolveAppUrl('app://snatscope/assets/a.js', '/r')).toBe('/r/assets/a.js');
    expect(resolveAppUrl('app://snatscope/probe/view', '/r')).toBe('/r/index.html');
    // WHATWG URL folds %2e%2e dot segments before we see them: the result stays inside the root.
    expect(resolveAppUrl('app://snatscope/%2e%2e/%2e%2e/etc/passwd', '/r')).toBe('/r/index.html');
    expect(resolveAppUrl('app://snatscope/..%2f..%2fetc%2fpasswd.txt', '/r')).toBeNull();
    expect(resolveAppUrl('app://other/index.html', '/r')).toBeNull();
    expect(resolveAppUrl('file:///r/index.html', '/r')).toBeNull();
    expect(resolveAppUrl('app://snatscope/%00', '/r')).toBeNull();
  });
});

describe('web preferences (#2, #3, #4, #6, #8, #9, #10, #12)', () => {
  it('the window preferences are secure', () => {
    const prefs = secureWebPreferences('/p/index.cjs');
    expect(insecurePreferences(prefs)).toEqual([]);
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
  });
  it('DevTools only when asked for (unpackaged builds)', () => {
    expect(secureWebPreferences('/p').devTools).toBe(false);
    expect(secureWebPreferences('/p', { devTools: true }).devTools).toBe(true);
    expect(insecurePreferences(secureWebPreferences('/p', { devTools: true }))).toEqual([]);
  });
  it('the checker catches each insecure setting', () => {
    const base = secureWebPreferences('/p');
    expect(insecurePreferences({ ...base, contextIsolation: false })).toContain('contextIsolation must be true');
    expect(insecurePreferences({ ...base, sandbox: false })).toContain('sandbox must be true');
    expect(insecurePreferences({ ...base, nodeIntegration: true })).toContain('nodeIntegration must be false');
    expect(insecurePreferences({ ...base, webSecurity: false })).toContain('webSecurity must not be disabled');
    expect(insecurePreferences({ ...base, enableBlinkFeatures: 'X' })).toContain('enableBlinkFeatures must not be set');
  });
});
