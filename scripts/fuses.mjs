// electron-builder afterPack hook (electron-builder.yml `afterPack`): flips Electron's fuses in
// the packaged binary, after packing and before signing. Electron security checklist #19
// "Check which fuses you can change"; docs/security.md says why each is set the way it is.
import fuses from '@electron/fuses';
import { Arch } from 'electron-builder';
import { join } from 'node:path';

// @electron/fuses is CommonJS: take its exports off the default import.
const { FuseV1Options, FuseVersion, flipFuses } = fuses;

/** The fuse wire for a release build on `platform` (electron-builder's electronPlatformName). */
export function fuseConfig(platform, arch) {
  return {
    version: FuseVersion.V1,
    // Flipping fuses breaks the ad-hoc signature Apple silicon requires; re-sign ad hoc (real
    // signing, when configured, follows afterPack).
    resetAdHocDarwinSignature: (platform === 'darwin' || platform === 'mas') && (arch === Arch.arm64 || arch === Arch.universal),
    // The binary cannot be used as a plain Node.js (ELECTRON_RUN_AS_NODE).
    [FuseV1Options.RunAsNode]: false,
    // Cookies on disk are encrypted with the OS keychain.
    [FuseV1Options.EnableCookieEncryption]: true,
    // NODE_OPTIONS cannot inject code or flags into the main process.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    // --inspect and friends cannot attach a debugger to the main process.
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    // app.asar is checked against the hash electron-builder embeds (macOS and Windows).
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    // The app is only ever loaded from app.asar, never from a loose folder next to it.
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    // We ship no custom V8 snapshot: keep the one shared snapshot.
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    // The renderer uses app://, never file://: file:// gets no extra privileges.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

/** Where the fuse wire lives for this packed app (the .app bundle on macOS). */
export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'linux':
      return join(appOutDir, packager.executableName);
    default:
      throw new Error(`fuses: unknown platform ${electronPlatformName}`);
  }
}

export async function afterPack(context) {
  const binary = electronBinaryPath(context);
  const wires = await flipFuses(binary, fuseConfig(context.electronPlatformName, context.arch));
  console.log(`  • fuses flipped in ${binary} (${wires} fuse wire${wires === 1 ? '' : 's'})`);
}

export default afterPack;
