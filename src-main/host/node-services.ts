// Builds the core services for a host with real side effects (Electron main or browser mode).
import { join } from 'node:path';
import type { AppMode } from '../contract';
import { nodeFileStore } from '../core/ports/file-store';
import { createServices, type Services } from '../core/services';
import { createSettingsStore } from '../core/settings/settings-store';
import { resolveLoginShellEnv } from '../core/cluster/login-shell-env';
import { PACKAGE_NAME, PACKAGE_VERSION } from './package-info';
import { ECHO_SOURCE } from './echo-source';
import { SAMPLE_SESSION } from './sample-session';
import { hostname, userInfo } from 'node:os';
import { workerSessionParser } from '../core/export/session-thread';
import type { Confirm } from '../core/security/confirm';

export interface HostOptions {
  mode: AppMode;
  dataDir: string;
  versions?: { electron?: string | undefined; chrome?: string | undefined };
  log: (line: string) => void;
  /**
   * Give exec credential plugins the login shell's environment. A GUI-launched desktop app does
   * not inherit it; the CLI and browser mode, started from a shell, already have it.
   */
  loginShellEnv?: boolean;
  /** The built session worker (out/main/session-worker.js), resolved by the entry point. */
  sessionWorker?: string;
  /** Main-owned confirmation: a native dialog (Electron) or the terminal (browser mode). */
  confirm?: Confirm;
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
    echoSource: ECHO_SOURCE,
    sampleSession: SAMPLE_SESSION,
    ...(options.sessionWorker ? { parseSessionText: workerSessionParser({ file: options.sessionWorker }) } : {}),
    ...(options.confirm ? { confirm: options.confirm } : {}),
    owner: { user: safeUser(), host: hostname(), pid: process.pid },
    log: options.log,
    settings: createSettingsStore({
      files: nodeFileStore(),
      path: join(options.dataDir, 'settings.json'),
      onCorrupt: (reason) => options.log(`settings: ${reason}`),
    }),
    ...(options.loginShellEnv
      ? {
          execEnv: async () => {
            const result = await resolveLoginShellEnv();
            if (!result.ok) options.log(`login shell environment not resolved (${result.reason}); exec plugins get this process's PATH`);
            return result.ok ? result.env : {};
          },
        }
      : {}),
  });
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
