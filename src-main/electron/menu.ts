// The application menu, as a pure template builder so it is unit-tested without Electron.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openDocs: () => void;
  reload: () => void;
  toggleDevTools: () => void;
}

export function buildMenuTemplate(platform: NodeJS.Platform, productName: string, actions: MenuActions, isPackaged: boolean): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: productName,
      submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    });
  }
  template.push(
    { label: 'File', submenu: [mac ? { role: 'close' } : { role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    {
      label: 'View',
      submenu: [
        { label: 'Reload', accelerator: 'CmdOrCtrl+R', click: actions.reload },
        // Developer tools only in unpackaged builds: a packaged app should not invite pasting code.
        ...(isPackaged ? [] : [{ label: 'Toggle Developer Tools', accelerator: mac ? 'Alt+Cmd+I' : 'Ctrl+Shift+I', click: actions.toggleDevTools }]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: 'Window', submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }] },
    { role: 'help', submenu: [{ label: 'Source IP guide (kubernetes.io)', click: actions.openDocs }] },
  );
  return template;
}
