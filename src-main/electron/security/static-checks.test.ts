// Source-level checks for the checklist items a pattern can catch, so they hold even where
// Electronegativity (scripts/electronegativity.mjs) cannot run: insecure webPreferences written
// anywhere, <webview> attributes, the remote module, code injection into pages, certificate
// overrides, Chromium switches, unsafe CSP sources, and shell.openExternal outside the opener.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../core/security/csp';
import { electronPinProblems, LATEST_STABLE_MAJOR } from './electron-version';

const ROOT = join(import.meta.dirname, '..', '..', '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(path));
    else if (/\.(ts|mts|vue|html)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) out.push(path);
  }
  return out;
}

// Comments are dropped: they may name what they forbid.
const stripComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/<!--[\s\S]*?-->/g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
const read = (file: string) => ({ file, text: stripComments(readFileSync(join(ROOT, file), 'utf8')) });
/** Everything that can touch Electron or render pages (core/ cannot import electron: a lint rule). */
const FILES = ['src-main/electron', 'src-main/preload', 'src-main/host', 'src-renderer'].flatMap(sources).map(read);
/** The whole main side, for the checks that are not about Electron APIs. */
const ALL_MAIN = sources('src-main').map(read);

// [electronegativity check it mirrors, pattern]
const FORBIDDEN: [string, RegExp][] = [
  ['NODE_INTEGRATION (#2)', /nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/],
  ['CONTEXT_ISOLATION (#3)', /contextIsolation\s*:\s*false/],
  ['SANDBOX (#4)', /sandbox\s*:\s*false/],
  ['WEB_SECURITY (#6)', /webSecurity\s*:\s*false|disablewebsecurity/i],
  ['INSECURE_CONTENT (#8)', /allowRunningInsecureContent\s*:\s*true/],
  ['EXPERIMENTAL_FEATURES (#9)', /experimentalFeatures\s*:\s*true/],
  ['BLINK_FEATURES (#10)', /(enable|disable)BlinkFeatures\s*:|blinkfeatures=/i],
  ['ALLOWPOPUPS (#11)', /allowpopups\s*[:=]/i],
  ['webviewTag (#12)', /webviewTag\s*:\s*true|<webview[\s>]/i],
  ['REMOTE_MODULE', /enableRemoteModule\s*:|(from|require\()\s*['"]@electron\/remote/],
  ['DANGEROUS_FUNCTIONS', /\.(executeJavaScript|insertCSS|executeJavaScriptInIsolatedWorld)\(/],
  ['CERTIFICATE_ERROR_EVENT', /['"]certificate-error['"]|setCertificateVerifyProc/],
  ['CUSTOM_ARGUMENTS', /commandLine\.append(Switch|Argument)/],
  ['SECURITY_WARNINGS', /ELECTRON_DISABLE_SECURITY_WARNINGS/],
  ['PROTOCOL privileges (#18)', /bypassCSP/],
  ['AFFINITY', /\baffinity\s*:/],
  ['HTTP_RESOURCES (#1)', /loadURL\(\s*['"`]http:/],
  ['file:// loads (#18)', /loadFile\(|loadURL\(\s*['"`]file:/],
  ['CSP (#7)', /'unsafe-(inline|eval|hashes)'|'wasm-unsafe-eval'/],
];

describe('static checks over src-main and src-renderer', () => {
  it('scans a real source tree', () => {
    expect(FILES.length).toBeGreaterThan(30);
    expect(ALL_MAIN.length).toBeGreaterThan(FILES.length / 2);
    expect(FILES.some((f) => f.file.endsWith('electron/main.ts'))).toBe(true);
    expect(FILES.some((f) => f.file.endsWith('.vue'))).toBe(true);
  });

  for (const [check, pattern] of FORBIDDEN) {
    it(`no ${check}`, () => {
      const hits = FILES.filter((f) => pattern.test(f.text)).map((f) => relative(ROOT, join(ROOT, f.file)));
      expect(hits).toEqual([]);
    });
  }

  it('#15: shell.openExternal appears once, inside the allowlisting opener', () => {
    const hits = ALL_MAIN.flatMap((f) => f.text.split('\n').map((line) => ({ file: f.file, line })).filter((l) => /\bopenExternal\(/.test(l.line) && /shell\./.test(l.line)));
    expect(hits.map((h) => h.file)).toEqual([join('src-main', 'electron', 'main.ts')]);
    expect(hits[0]!.line).toMatch(/createExternalOpener\(\(url\) => shell\.openExternal\(url\)/);
  });

  it('#20: only the preload touches ipcRenderer/contextBridge, and it exposes one object', () => {
    const users = [...ALL_MAIN, ...FILES.filter((f) => f.file.startsWith('src-renderer'))].filter((f) => /\b(ipcRenderer|contextBridge)\b/.test(f.text) && !f.file.includes(join('electron', 'security'))).map((f) => f.file);
    expect(users).toEqual([join('src-main', 'preload', 'index.ts')]);
    const preload = FILES.find((f) => f.file === join('src-main', 'preload', 'index.ts'))!.text;
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
  });

  it('#17: the only ipcMain handler goes through the sender check', () => {
    const handlers = ALL_MAIN.filter((f) => /ipcMain\.(handle|on)\(|\.handle\(IPC_INVOKE/.test(f.text)).map((f) => f.file);
    expect(handlers).toEqual([join('src-main', 'electron', 'ipc.ts')]);
    const ipc = FILES.find((f) => f.file === join('src-main', 'electron', 'ipc.ts'))!.text;
    expect(ipc.indexOf('isTrustedSender(')).toBeGreaterThan(0);
    expect(ipc.indexOf('isTrustedSender(')).toBeLessThan(ipc.indexOf('dispatcher.dispatch('));
  });
});

describe('#7: the Content-Security-Policy', () => {
  const directives = (policy: string) => new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));

  for (const [name, policy] of [
    ['Electron (header)', contentSecurityPolicy()],
    ['browser mode (header)', contentSecurityPolicy({ connect: ['ws://127.0.0.1:4321', 'ws://localhost:4321'] })],
    ['index.html (<meta> fallback)', /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(readFileSync(join(ROOT, 'src-renderer', 'index.html'), 'utf8'))?.[1] ?? ''],
  ] as const) {
    it(`${name}: restrictive, with no unsafe sources or wildcards for code`, () => {
      const d = directives(policy);
      expect(d.get('default-src')).toEqual(["'none'"]);
      expect(d.get('script-src')).toEqual(["'self'"]);
      expect(d.get('style-src')).toEqual(["'self'"]);
      expect(d.get('object-src')).toEqual(["'none'"]);
      expect(d.get('base-uri')).toEqual(["'none'"]);
      expect(d.get('frame-src')).toEqual(["'none'"]);
      expect(policy).not.toMatch(/unsafe-|\bhttps?:/);
      for (const sources of d.values()) expect(sources).not.toContain('*');
      // A port wildcard let a compromised page talk to any local WebSocket (issue 17 item 9).
      for (const source of d.get('connect-src') ?? []) expect(source).toMatch(/^('self'|ws:\/\/(127\.0\.0\.1|localhost):\d+)$/);
    });
  }

  it('Electron and the <meta> fallback connect to nothing but their own origin', () => {
    expect(directives(contentSecurityPolicy()).get('connect-src')).toEqual(["'self'"]);
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(readFileSync(join(ROOT, 'src-renderer', 'index.html'), 'utf8'))?.[1] ?? '';
    expect(directives(meta).get('connect-src')).toEqual(["'self'"]);
  });
});

describe('#16: a current, exactly pinned Electron', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };

  it(`package.json and the lockfile pin one supported Electron (latest stable major ${LATEST_STABLE_MAJOR})`, () => {
    expect(electronPinProblems(pkg, lock.packages['node_modules/electron']?.version ?? null)).toEqual([]);
    expect(pkg.devDependencies?.electron).toBe('45.5.0');
  });

  it('the check catches ranges, old majors, lockfile drift, misplacement and the remote module', () => {
    expect(electronPinProblems({ devDependencies: { electron: '^45.0.0' } }, '45.5.0')[0]).toMatch(/exact version/);
    expect(electronPinProblems({ devDependencies: { electron: '42.1.0' } }, '42.1.0')[0]).toMatch(/out of support/);
    expect(electronPinProblems({ devDependencies: { electron: '43.0.0' } }, '43.0.0')).toEqual([]);
    expect(electronPinProblems({ devDependencies: { electron: '45.5.0' } }, '45.4.1')[0]).toMatch(/lockfile/);
    expect(electronPinProblems({ dependencies: { electron: '45.5.0' }, devDependencies: { electron: '45.5.0' } }, '45.5.0')[0]).toMatch(/devDependencies/);
    expect(electronPinProblems({ devDependencies: { electron: '45.5.0', '@electron/remote': '2.1.2' } }, '45.5.0')[0]).toMatch(/remote module/);
    expect(electronPinProblems({}, null)).toEqual(['electron is not a devDependency']);
  });
});
