// Types for fuses.mjs (used by its unit test).
import type { FuseV1Config } from '@electron/fuses';

export interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: { appInfo: { productFilename: string }; executableName: string };
}
export function fuseConfig(platform: string, arch: number): FuseV1Config & { resetAdHocDarwinSignature: boolean };
export function electronBinaryPath(context: PackContext): string;
export function afterPack(context: PackContext): Promise<void>;
export default afterPack;
