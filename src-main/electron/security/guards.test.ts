// The guards that need Electron objects, driven through small fakes that record what the
// guards register and let the test fire the events Electron would fire.
import { describe, expect, it, vi } from 'vitest';
import { contentSecurityPolicy } from '../../core/security/csp';
import { APP_ORIGIN, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { installCspHeader } from './csp';
import { createExternalOpener } from './open-external';
import { installPermissionDenial } from './permissions';
import { installRequestFilter, isAllowedRequest } from './request-filter';
import { enableSandboxForAllRenderers } from './sandbox';
import { installWebContentsGuards } from './web-contents-guards';

type Listener = (...args: never[]) => unknown;

class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, ...args: unknown[]) {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(...args);
  }
}

class FakeContents extends FakeEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

function preventable() {
  return { prevented: false, preventDefault() {
    this.prevented = true;
  } };
}

function guardedContents() {
  const app = new FakeEmitter();
  const opened: string[] = [];
  const logs: string[] = [];
  const openExternal = createExternalOpener(async (url) => void opened.push(url), (l) => logs.push(l));
  installWebContentsGuards(app as never, { appOrigins: [APP_ORIGIN], openExternal, log: (l) => logs.push(l) });
  const contents = new FakeContents();
  app.emit('web-contents-created', {}, contents);
  return { contents, opened, logs };
}

describe('guards on every webContents (#11, #12, #13, #14)', () => {
  it('are installed from web-contents-created, so every webContents gets them', () => {
    const { contents } = guardedContents();
    expect([...contents.listeners.keys()].sort()).toEqual(['will-attach-webview', 'will-navigate', 'will-redirect']);
    expect(contents.windowOpenHandler).not.toBeNull();
  });

  it('#11/#12: a <webview> is never attached', () => {
    const { contents, logs } = guardedContents();
    const event = preventable();
    contents.emit('will-attach-webview', event, { allowpopups: true }, { src: 'https://example.com' });
    expect(event.prevented).toBe(true);
    expect(logs).toContain('blocked an attempt to attach a webview');
  });

  it('#13: navigation stays in our origin; outside links go to the allowlisted opener only', async () => {
    const { contents, opened } = guardedContents();
    for (const [event, url, blocked] of [
      ['will-navigate', 'app://snatscope/index.html#/probe', false],
      ['will-navigate', 'https://evil.example/', true],
      ['will-navigate', 'file:///etc/passwd', true],
      ['will-redirect', 'app://snatscope.evil/', true],
      ['will-navigate', 'https://kubernetes.io/docs/tutorials/services/source-ip/', true],
    ] as const) {
      const e = preventable();
      contents.emit(event, e, url);
      expect(e.prevented, `${event} ${url}`).toBe(blocked);
    }
    await Promise.resolve();
    expect(opened).toEqual(['https://kubernetes.io/docs/tutorials/services/source-ip/']);
  });

  it('#14: window.open, target=_blank and middle-click are always denied', async () => {
    const { contents, opened } = guardedContents();
    for (const url of ['app://snatscope/index.html', 'https://evil.example/', 'javascript:alert(1)', 'https://github.com/snatscope/snatscope', 'https://github.com/evil/x']) {
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
    await Promise.resolve();
    expect(opened).toEqual(['https://github.com/snatscope/snatscope']);
  });
});

describe('#4: the sandbox is forced on every renderer', () => {
  it('calls app.enableSandbox() before ready', () => {
    const app = { isReady: () => false, enableSandbox: vi.fn() };
    enableSandboxForAllRenderers(app);
    expect(app.enableSandbox).toHaveBeenCalledOnce();
  });
  it('refuses to pretend after ready (Electron would ignore it)', () => {
    const app = { isReady: () => true, enableSandbox: vi.fn() };
    expect(() => enableSandboxForAllRenderers(app)).toThrow(/before the app is ready/);
    expect(app.enableSandbox).not.toHaveBeenCalled();
  });
});

describe('#1: the renderer loads nothing from the network', () => {
  const allowed = { origins: [APP_ORIGIN], rendererDir: '/opt/snatscope/out/renderer' };
  const dev = { origins: [APP_ORIGIN, 'http://localhost:5173'], rendererDir: '/r' };
  it('allows our origin, in-memory data, DevTools and the built renderer files', () => {
    for (const url of ['app://snatscope/index.html', 'app://snatscope/assets/index-1.js', 'data:image/png;base64,AAAA', 'blob:app://snatscope/1234', 'devtools://devtools/bundled/inspector.html', 'file:///opt/snatscope/out/renderer/index.html']) {
      expect(isAllowedRequest({ url, webContentsId: 1 }, allowed), url).toBe(true);
    }
  });
  it('cancels everything else a page asks for', () => {
    for (const url of ['https://kubernetes.io/', 'http://127.0.0.1:8080/', 'ws://127.0.0.1:1234/', 'wss://evil.example/', 'file:///etc/passwd', 'file:///opt/snatscope/out/renderer-evil/x.js', 'ftp://example.com/', 'app://snatscope.evil/', 'app://other/', 'chrome://gpu', 'not a url', 'http://localhost:5173/']) {
      expect(isAllowedRequest({ url, webContentsId: 1 }, allowed), url).toBe(false);
    }
  });
  it('the dev server (unpackaged builds only add it) and its hot-reload socket', () => {
    expect(isAllowedRequest({ url: 'http://localhost:5173/src/main.ts', webContentsId: 1 }, dev)).toBe(true);
    expect(isAllowedRequest({ url: 'ws://localhost:5173/?token=x', webContentsId: 1 }, dev)).toBe(true);
    expect(isAllowedRequest({ url: 'ws://localhost:5174/', webContentsId: 1 }, dev)).toBe(false);
  });
  it("leaves the main process's own requests alone (the app:// handler reads files)", () => {
    expect(isAllowedRequest({ url: 'file:///opt/snatscope/out/renderer/index.html' }, allowed)).toBe(true);
  });
  it('is installed as onBeforeRequest and cancels with a log line', () => {
    let hook: ((details: { url: string; webContentsId?: number }, cb: (r: { cancel: boolean }) => void) => void) | null = null;
    const logs: string[] = [];
    installRequestFilter({ webRequest: { onBeforeRequest: (h: never) => void (hook = h) } } as never, allowed, (l) => logs.push(l));
    const answers: boolean[] = [];
    hook!({ url: 'https://evil.example/x.js', webContentsId: 3 }, (r) => answers.push(r.cancel));
    hook!({ url: 'app://snatscope/x.js', webContentsId: 3 }, (r) => answers.push(r.cancel));
    expect(answers).toEqual([true, false]);
    expect(logs.join('\n')).toContain('evil.example');
  });
});

describe('#5: permissions', () => {
  it('denies every request, check and device permission', () => {
    const handlers: Record<string, (...args: never[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: never) => void (handlers.request = h),
      setPermissionCheckHandler: (h: never) => void (handlers.check = h),
      setDevicePermissionHandler: (h: never) => void (handlers.device = h),
    };
    const logs: string[] = [];
    installPermissionDenial(session as never, (l) => logs.push(l));
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'hid']) {
      const answers: boolean[] = [];
      (handlers.request as (c: unknown, p: string, cb: (ok: boolean) => void) => void)({}, permission, (ok) => answers.push(ok));
      expect(answers, permission).toEqual([false]);
      expect((handlers.check as (c: unknown, p: string) => boolean)({}, permission)).toBe(false);
    }
    expect((handlers.device as (d: unknown) => boolean)({ deviceType: 'usb' })).toBe(false);
    expect(logs).toContain('denied permission request: media');
  });
});

describe('#7: Content-Security-Policy header', () => {
  it('is added to every response the session sees, keeping other headers', () => {
    let hook: ((d: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void) | null = null;
    installCspHeader({ webRequest: { onHeadersReceived: (h: never) => void (hook = h) } } as never);
    let out: Record<string, string[]> = {};
    hook!({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => (out = r.responseHeaders));
    expect(out).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [contentSecurityPolicy()] });
  });
});

describe('#18: the app:// protocol', () => {
  it('has no privileges beyond a standard secure origin with fetch', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true });
  });

  function handler() {
    const fetched: string[] = [];
    const handle = createAppProtocolHandler({
      rendererDir: '/r',
      csp: contentSecurityPolicy(),
      fetchFile: async (url) => {
        fetched.push(url);
        return new Response('export {}', { status: 200, headers: { 'Content-Type': 'text/javascript' } });
      },
    });
    return { handle, fetched };
  }

  it('serves renderer files with the CSP, nosniff and no referrer', async () => {
    const { handle, fetched } = handler();
    const res = await handle(new Request('app://snatscope/assets/index.js'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('export {}');
    expect(fetched).toEqual(['file:///r/assets/index.js']);
    expect(res.headers.get('content-type')).toBe('text/javascript');
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('refuses other methods, other hosts and traversal without touching the disk', async () => {
    const { handle, fetched } = handler();
    expect((await handle(new Request('app://snatscope/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    expect((await handle(new Request('app://other/index.html'))).status).toBe(404);
    expect((await handle(new Request('app://snatscope/..%2f..%2fetc%2fpasswd.txt'))).status).toBe(404);
    expect(fetched).toEqual([]);
  });

  it('answers HEAD without a body', async () => {
    const { handle } = handler();
    const res = await handle(new Request('app://snatscope/', { method: 'HEAD' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});
