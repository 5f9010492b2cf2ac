import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../core/rpc/app-error';
import { createPdfPrinter } from './print-pdf';

describe('export.pdf in Electron', () => {
  it('prints the window with its print CSS and returns the PDF as base64', async () => {
    const printToPDF = vi.fn(async () => Buffer.from('%PDF-1.7 report'));
    const print = createPdfPrinter(() => ({ printToPDF, isDestroyed: () => false }));
    const { base64 } = await print({ landscape: false });
    expect(Buffer.from(base64, 'base64').toString()).toBe('%PDF-1.7 report');
    expect(printToPDF).toHaveBeenCalledWith(expect.objectContaining({ landscape: false, printBackground: true, pageSize: 'A4' }));
  });

  it('fails clearly when the window is gone', async () => {
    await expect(createPdfPrinter(() => null)({ landscape: false })).rejects.toBeInstanceOf(AppError);
    await expect(createPdfPrinter(() => ({ printToPDF: vi.fn(), isDestroyed: () => true }))({ landscape: true })).rejects.toMatchObject({ code: 'export.pdf-failed' });
  });
});
