// The release build's fuse wire (#19), and the afterPack hook flipping a real wire: a fake
// "Electron binary" with the fuse sentinel and Electron's default wire stands in for the
// binary this machine cannot download.
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import { Arch } from 'electron-builder';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterPack, electronBinaryPath, fuseConfig } from './fuses.mjs';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ON = 0x31;
const OFF = 0x30;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'snatscope-fuses-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fuse configuration (#19)', () => {
  it('flips exactly the fuses docs/security.md lists', () => {
    const config = fuseConfig('linux', Arch.x64) as Record<string | number, unknown>;
    expect(config.version).toBe(FuseVersion.V1);
    expect({
      RunAsNode: config[FuseV1Options.RunAsNode],
      EnableCookieEncryption: config[FuseV1Options.EnableCookieEncryption],
      EnableNodeOptionsEnvironmentVariable: config[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      EnableNodeCliInspectArguments: config[FuseV1Options.EnableNodeCliInspectArguments],
      EnableEmbeddedAsarIntegrityValidation: config[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      OnlyLoadAppFromAsar: config[FuseV1Options.OnlyLoadAppFromAsar],
      LoadBrowserProcessSpecificV8Snapshot: config[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot],
      GrantFileProtocolExtraPrivileges: config[FuseV1Options.GrantFileProtocolExtraPrivileges],
    }).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: false,
    });
    // Every fuse @electron/fuses knows is set explicitly: none is left to Electron's default.
    const known = Object.values(FuseV1Options).filter((v): v is number => typeof v === 'number');
    for (const fuse of known) expect(typeof config[fuse], FuseV1Options[fuse]).toBe('boolean');
  });

  it('re-signs ad hoc only where Apple silicon needs it', () => {
    expect(fuseConfig('darwin', Arch.arm64).resetAdHocDarwinSignature).toBe(true);
    expect(fuseConfig('darwin', Arch.universal).resetAdHocDarwinSignature).toBe(true);
    expect(fuseConfig('darwin', Arch.x64).resetAdHocDarwinSignature).toBe(false);
    expect(fuseConfig('linux', Arch.arm64).resetAdHocDarwinSignature).toBe(false);
    expect(fuseConfig('win32', Arch.x64).resetAdHocDarwinSignature).toBe(false);
  });

  it('finds the binary electron-builder packed on each platform', () => {
    const packager = { appInfo: { productFilename: 'SNATScope' }, executableName: 'snatscope' };
    expect(electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'linux', arch: Arch.x64, packager })).toBe('/o/snatscope');
    expect(electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'win32', arch: Arch.x64, packager })).toBe('/o/SNATScope.exe');
    expect(electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'darwin', arch: Arch.arm64, packager })).toBe('/o/SNATScope.app');
    expect(() => electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'aix', arch: Arch.x64, packager })).toThrow(/unknown platform/);
  });
});

describe('the afterPack hook', () => {
  // Electron's defaults for fuses 0..7, plus a ninth fuse this @electron/fuses does not know.
  const DEFAULT_WIRE = [ON, OFF, ON, ON, OFF, OFF, OFF, ON, ON];

  async function fakeBinary(name: string): Promise<string> {
    const file = join(dir, name);
    const body = Buffer.concat([Buffer.from('\x7fELF fake electron '), Buffer.from(SENTINEL), Buffer.from([1, DEFAULT_WIRE.length, ...DEFAULT_WIRE]), Buffer.from(' rest of the binary')]);
    await writeFile(file, body);
    return file;
  }

  it('flips the wire of the packed binary as configured', async () => {
    const binary = await fakeBinary('snatscope');
    const before = await readFile(binary);
    await afterPack({ appOutDir: dir, electronPlatformName: 'linux', arch: Arch.x64, packager: { appInfo: { productFilename: 'SNATScope' }, executableName: 'snatscope' } });
    const wire = (await getCurrentFuseWire(binary)) as unknown as Record<number, number>;
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((i) => (wire[i] === ON ? 'on' : wire[i] === OFF ? 'off' : String(wire[i])))).toEqual(['off', 'on', 'off', 'off', 'on', 'on', 'off', 'off']);
    // The unknown ninth fuse keeps Electron's default; nothing outside the wire changed.
    expect(wire[8]).toBe(ON);
    const after = await readFile(binary);
    expect(after.length).toBe(before.length);
    const wireStart = before.indexOf(SENTINEL) + SENTINEL.length + 2;
    for (let i = 0; i < after.length; i++) if (i < wireStart || i >= wireStart + DEFAULT_WIRE.length) expect(after[i]).toBe(before[i]);
  });

  it('fails the build when the binary has no fuse wire', async () => {
    await writeFile(join(dir, 'SNATScope.exe'), 'not electron');
    await expect(afterPack({ appOutDir: dir, electronPlatformName: 'win32', arch: Arch.x64, packager: { appInfo: { productFilename: 'SNATScope' }, executableName: 'snatscope' } })).rejects.toThrow(/sentinel/);
  });
});
