// Builds the core services for a host with real side effects (Electron main or browser mode).
import { join } from 'node:path';
import type { AppMode } from '../contract';
import { nodeFileStore } from '../core/ports/file-store';
import { createServices, type Services } from '../core/services';
import { createSettingsStore } from '../core/settings/settings-store';
import { PACKAGE_NAME, PACKAGE_VERSION } from './package-info';

export interface HostOptions {
  mode: AppMode;
  dataDir: string;
  versions?: { electron?: string | undefined; chrome?: string | undefined };
  log: (line: string) => void;
}

export function createHostServices(options: HostOptions): Services {
  return createServices({
    runtime: {
      name: PACKAGE_NAME,
      version: PACKAGE_VERSION,
      mode: options.mode,
      platform: process.platform,
      arch: process.arch,
      versions: { node: process.versions.node, ...options.versions },
    },
    settings: createSettingsStore({
      files: nodeFileStore(),
      path: join(options.dataDir, 'settings.json'),
      onCorrupt: (reason) => options.log(`settings: ${reason}`),
    }),
  });
}
