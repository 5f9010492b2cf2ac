// Wires the environment-neutral services behind the contract. Hosts (Electron main, the
// browser-mode bridge, tests) pass in the side effects and get handlers plus an event bus.
import { createEventBus, type EventBus } from './events/event-bus';
import { appInfo, type RuntimeFacts } from './app/app-info';
import type { Handlers } from './rpc/dispatcher';
import type { SettingsStore } from './settings/settings-store';
import { contextsList } from './cluster/context-summary';
import { ContextsService } from './cluster/contexts-service';
import { watchFiles, type WatchFiles } from './cluster/file-watcher';
import type { Clock } from './ports/clock';
import { systemClock } from './ports/clock';

export interface ServiceDeps {
  runtime: RuntimeFacts;
  settings: SettingsStore;
  /** Environment and home used to find kubeconfig files (defaults: this process's). */
  env?: NodeJS.ProcessEnv;
  home?: string;
  /** Environment for exec credential plugins; the desktop app passes the login shell's. */
  execEnv?: () => Promise<Record<string, string>>;
  watch?: WatchFiles | null;
  clock?: Clock;
}

export interface Services {
  handlers: Handlers;
  bus: EventBus;
  contexts: ContextsService;
  dispose(): void;
}

export function createServices(deps: ServiceDeps): Services {
  const bus = createEventBus();
  const clock = deps.clock ?? systemClock;
  const contexts = new ContextsService({
    ...(deps.env ? { env: deps.env } : {}),
    ...(deps.home ? { home: deps.home } : {}),
    addedFiles: async () => (await deps.settings.get()).kubeconfigFiles,
    ...(deps.execEnv ? { execEnv: deps.execEnv } : {}),
    ...(deps.watch === null ? {} : { watch: deps.watch ?? watchFiles }),
    onChange: () => {
      void contexts.snapshot().then((s) => bus.emit('contexts.changed', contextsList(s)));
    },
  });
  const listContexts = async () => contextsList(await contexts.snapshot());
  const setFiles = async (files: string[]) => {
    await deps.settings.update({ kubeconfigFiles: files });
    contexts.invalidate();
    const list = await listContexts();
    bus.emit('contexts.changed', list);
    return list;
  };
  const handlers: Handlers = {
    'app.info': async () => appInfo(deps.runtime),
    'settings.get': async () => deps.settings.get(),
    'settings.set': async (patch) => {
      const updated = await deps.settings.update(patch);
      bus.emit('settings.changed', updated);
      return updated;
    },
    'contexts.list': listContexts,
    'contexts.test': async ({ id }) => {
      const result = await contexts.test(id);
      return { id, ok: result.ok, version: result.version, error: result.error ? result.error.toContract() : null, checkedAt: clock.now().toISOString() };
    },
    'contexts.addFile': async ({ path }) => {
      const files = (await deps.settings.get()).kubeconfigFiles;
      return setFiles(files.includes(path) ? files : [...files, path]);
    },
    'contexts.removeFile': async ({ path }) => setFiles((await deps.settings.get()).kubeconfigFiles.filter((f) => f !== path)),
  };
  return { handlers, bus, contexts, dispose: () => contexts.close() };
}
