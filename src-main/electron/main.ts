// Electron entry: glue only. Everything that can run without Electron lives in core/.
import { app, BrowserWindow, ipcMain, Menu, net, protocol, session, shell } from 'electron';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createDispatcher } from '../core/rpc/dispatcher';
import { createHostServices } from '../host/node-services';
import { PACKAGE_NAME } from '../host/package-info';
import { registerIpc } from './ipc';
import { buildMenuTemplate } from './menu';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, resolveAppUrl } from './security/app-protocol';
import { installCspHeader } from './security/csp';
import { createExternalOpener } from './security/open-external';
import { originOf } from './security/origins';
import { installPermissionDenial } from './security/permissions';
import { installWebviewBlock } from './security/webviews';
import { createMainWindow } from './window';

const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);

// Single-instance lock: a second launch focuses the first window instead of starting a second
// main process that would race on settings and probe cleanup.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('window-all-closed', () => app.quit());
  installWebviewBlock(app, log);
  void app.whenReady().then(start);
}

function start(): void {
  const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
  const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  const startUrl = devUrl ?? `${APP_ORIGIN}/index.html`;
  const appOrigins = [APP_ORIGIN, ...(devUrl ? [originOf(devUrl)].filter((o): o is string => o !== null) : [])];

  protocol.handle(APP_SCHEME, (request) => {
    const file = resolveAppUrl(request.url, rendererDir);
    if (!file) return new Response('not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });
  installCspHeader(session.defaultSession);
  installPermissionDenial(session.defaultSession, log);

  const openExternal = createExternalOpener((url) => shell.openExternal(url), log);
  const services = createHostServices({
    mode: 'electron',
    dataDir: app.getPath('userData'),
    versions: { electron: process.versions.electron, chrome: process.versions.chrome },
    log,
    loginShellEnv: true,
  });
  const dispatcher = createDispatcher(services.handlers, {
    onInternalError: (name, error) => log(`request ${name} failed: ${(error as Error)?.stack ?? String(error)}`),
  });
  registerIpc({
    ipcMain,
    dispatcher,
    bus: services.bus,
    trusted: () => ({ origins: appOrigins, webContentsIds: new Set(BrowserWindow.getAllWindows().map((w) => w.webContents.id)) }),
    targets: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
    log,
  });

  const win = createMainWindow({ preloadPath, startUrl, appOrigins, openExternal });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate(
        process.platform,
        PACKAGE_NAME,
        {
          openDocs: () => openExternal('https://kubernetes.io/docs/tutorials/services/source-ip/'),
          reload: () => win.webContents.reload(),
          toggleDevTools: () => win.webContents.toggleDevTools(),
        },
        app.isPackaged,
      ),
    ),
  );
  log(`SNATScope started (${APP_HOST}, electron ${process.versions.electron})`);
}
