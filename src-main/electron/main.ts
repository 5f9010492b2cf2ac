// Electron entry: glue only. Everything that can run without Electron lives in core/.
// Security (docs/security.md): each checklist item is one module under security/, named in a
// comment where it is installed below.
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session, shell } from 'electron';
import { fileURLToPath } from 'node:url';
import { createDispatcher } from '../core/rpc/dispatcher';
import { contentSecurityPolicy } from '../core/security/csp';
import { createHostServices } from '../host/node-services';
import { PACKAGE_NAME } from '../host/package-info';
import { registerIpc } from './ipc';
import { buildMenuTemplate } from './menu';
import { createPdfPrinter } from './print-pdf';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './security/app-protocol';
import { dialogConfirm } from './security/confirm-dialog';
import { installCspHeader } from './security/csp';
import { createExternalOpener } from './security/open-external';
import { originOf } from './security/origins';
import { installPermissionDenial } from './security/permissions';
import { installRequestFilter } from './security/request-filter';
import { enableSandboxForAllRenderers } from './security/sandbox';
import { installWebContentsGuards } from './security/web-contents-guards';
import { createMainWindow } from './window';

const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);

// Known before the app is ready, because the guards below are installed before ready. The dev
// server URL is honoured only in unpackaged builds.
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const appOrigins = [APP_ORIGIN, ...(devUrl ? [originOf(devUrl)].filter((o): o is string => o !== null) : [])];
// #15: only allowlisted https documentation links ever reach shell.openExternal.
const openExternal = createExternalOpener((url) => shell.openExternal(url), log);

// Single-instance lock: a second launch focuses the first window instead of starting a second
// main process that would race on settings and probe cleanup.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // #4: every renderer is sandboxed, whatever its webPreferences say (must precede ready).
  enableSandboxForAllRenderers(app);
  // #18: app:// is a standard, secure scheme and nothing more (no bypassCSP).
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
  // #11, #12, #13, #14: webview, navigation and new-window guards on every webContents.
  installWebContentsGuards(app, { appOrigins, openExternal, log });
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(start);
}

function start(): void {
  const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
  const startUrl = devUrl ?? `${APP_ORIGIN}/index.html`;

  // #18 and #7: the renderer comes from app://, every response with the CSP header.
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ rendererDir, fetchFile: (url) => net.fetch(url), csp: contentSecurityPolicy() }));
  // #7: the same header on anything else the session loads (the dev server in development).
  installCspHeader(session.defaultSession);
  // #5: every permission request and check is denied.
  installPermissionDenial(session.defaultSession, log);
  // #1: the renderer loads nothing from the network.
  installRequestFilter(session.defaultSession, { origins: appOrigins, rendererDir }, log);

  let win: BrowserWindow | null = null;
  const services = createHostServices({
    mode: 'electron',
    dataDir: app.getPath('userData'),
    versions: { electron: process.versions.electron, chrome: process.versions.chrome },
    log,
    loginShellEnv: true,
    // Session files are parsed in a worker: a hostile one must not freeze the window or the probe.
    sessionWorker: fileURLToPath(new URL('./session-worker.js', import.meta.url)),
    // Adding a kubeconfig, changing the probe image and running a probe: a native dialog decides.
    confirm: dialogConfirm((options) => (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options))),
  });
  // Quitting while a probe runs: cancel it and wait for its cleanup (bounded) before exiting, so
  // no probe namespace is left behind; whatever a crash leaves, the next start-up sweep removes.
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    if (services.probes.activeRuns === 0) {
      void services.dispose();
      return;
    }
    event.preventDefault();
    log(`quitting: cancelling ${services.probes.activeRuns} probe run(s) and cleaning up first`);
    void services.dispose().finally(() => app.quit());
  });
  // The report's PDF is printed by the window itself (print-pdf.ts); browser mode prints in the browser.
  const handlers = { ...services.handlers, 'export.pdf': createPdfPrinter(() => win?.webContents ?? null) };
  const dispatcher = createDispatcher(handlers, {
    onInternalError: (name, error) => log(`request ${name} failed: ${(error as Error)?.stack ?? String(error)}`),
  });
  // #17: every IPC message is checked for its sender before its payload is looked at.
  registerIpc({
    ipcMain,
    dispatcher,
    bus: services.bus,
    trusted: () => ({ origins: appOrigins, webContentsIds: new Set(BrowserWindow.getAllWindows().map((w) => w.webContents.id)) }),
    targets: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
    log,
  });

  // #2, #3, #4, #6, #8, #9, #10, #12: the window's webPreferences (security/web-preferences.ts).
  const mainWindow = createMainWindow({ preloadPath, startUrl, devTools: !app.isPackaged });
  win = mainWindow;
  mainWindow.on('closed', () => (win = null));
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate(
        process.platform,
        PACKAGE_NAME,
        {
          openDocs: () => openExternal('https://kubernetes.io/docs/tutorials/services/source-ip/'),
          reload: () => mainWindow.webContents.reload(),
          toggleDevTools: () => mainWindow.webContents.toggleDevTools(),
        },
        app.isPackaged,
      ),
    ),
  );
  log(`SNATScope started (${APP_HOST}, electron ${process.versions.electron})`);
}
