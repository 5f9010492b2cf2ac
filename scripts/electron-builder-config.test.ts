// electron-builder.yml: loads, passes electron-builder's own schema, and says what
// docs/security.md says it does. (Packaging itself needs Electron's release binaries, which
// this machine cannot download.)
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util/out/util.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..');
const FILE = join(ROOT, 'electron-builder.yml');
const yaml = parse(readFileSync(FILE, 'utf8')) as Record<string, unknown> & {
  files: string[];
  linux: { target: string[]; category: string };
  mac: { target: string; hardenedRuntime: boolean; entitlements: string; entitlementsInherit: string };
  win: { target: string };
  nsis: { perMachine: boolean; oneClick: boolean };
};

describe('electron-builder.yml', () => {
  it("passes electron-builder's configuration schema", async () => {
    const config = await getConfig(ROOT, FILE, null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // The schema check is real: a misspelt option is refused.
    await expect(validateConfiguration({ ...config, linux: { ...config.linux, targets: ['AppImage'] } as never }, new DebugLogger(false))).rejects.toThrow(/does not match the API schema/);
  });

  it('identity, asar, no publishing, the fuses hook', () => {
    expect(yaml).toMatchObject({ appId: 'io.snatscope.app', productName: 'SNATScope', asar: true, publish: null, afterPack: 'scripts/fuses.mjs', npmRebuild: false });
    expect(existsSync(join(ROOT, yaml.afterPack as string))).toBe(true);
    expect(existsSync(join(ROOT, yaml.icon as string))).toBe(true);
  });

  it('ships the built app only: out/ and package.json, no sources, tests, e2e, lab or source maps', () => {
    expect(yaml.files.slice(0, 2)).toEqual(['out/**', 'package.json']);
    const excluded = yaml.files.filter((f) => f.startsWith('!')).join(' ');
    for (const dir of ['src-main', 'src-renderer', 'e2e', 'scripts', 'tools', 'docs']) expect(excluded).toContain(dir);
    expect(excluded).toContain('*.map');
    expect(excluded).toMatch(/test,spec/);
  });

  it('targets AppImage + deb (Network), dmg with hardened runtime, per-user nsis', () => {
    expect(yaml.linux).toMatchObject({ target: ['AppImage', 'deb'], category: 'Network' });
    expect(yaml.mac).toMatchObject({ target: 'dmg', hardenedRuntime: true });
    expect(yaml.win).toEqual({ target: 'nsis' });
    expect(yaml.nsis).toMatchObject({ perMachine: false, oneClick: false });
  });

  it('entitlements grant only the JIT Electron needs', () => {
    expect(yaml.mac.entitlementsInherit).toBe(yaml.mac.entitlements);
    const plist = readFileSync(join(ROOT, yaml.mac.entitlements), 'utf8');
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
  });

  it('npm run dist builds then packages', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.dist).toBe('electron-vite build && electron-builder');
  });
});
