// export.pdf in the desktop app: the report view is printed by the window's own webContents
// (printToPDF applies the renderer's print CSS, which shows only the report). The IPC host has
// already checked that the caller is the main frame of our window at our origin (ipc-sender.ts),
// and our one window is the only such sender, so that window is what gets printed.
import type { WebContents } from 'electron';
import { AppError } from '../core/rpc/app-error';

export type PrintTarget = Pick<WebContents, 'printToPDF' | 'isDestroyed'>;

export function createPdfPrinter(target: () => PrintTarget | null) {
  return async ({ landscape }: { landscape: boolean }): Promise<{ base64: string }> => {
    const contents = target();
    if (!contents || contents.isDestroyed()) throw new AppError({ code: 'export.pdf-failed', message: 'There is no window to print.' });
    const pdf = await contents.printToPDF({ landscape, printBackground: true, pageSize: 'A4', margins: { top: 0.5, bottom: 0.5, left: 0.5, right: 0.5 }, generateDocumentOutline: true, preferCSSPageSize: true });
    return { base64: Buffer.from(pdf).toString('base64') };
  };
}
