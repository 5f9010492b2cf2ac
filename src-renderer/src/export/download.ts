// Files made by main (exports, saved sessions, PDFs) reach the user as downloads: a Blob and an
// <a download>, which works in the browser and in Electron (which asks where to save). Nothing is
// written by the renderer itself, and no file path crosses the contract.
import type { ExportFile } from '../../../src-main/contract';

export function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function fileBlob(file: ExportFile): Blob {
  return 'text' in file ? new Blob([file.text], { type: file.mime }) : new Blob([base64Bytes(file.base64)], { type: file.mime });
}

export function offerDownload(file: ExportFile, doc: Document = document): void {
  const url = URL.createObjectURL(fileBlob(file));
  const a = doc.createElement('a');
  a.href = url;
  a.download = file.name;
  a.rel = 'noopener';
  a.className = 'visually-hidden';
  doc.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled (the download has its own reference by then).
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A data: URL for showing an SVG as an <img> (CSP allows data: images; scripts in it never run). */
export function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}
