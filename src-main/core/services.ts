// Wires the environment-neutral services behind the contract. Hosts (Electron main, the
// browser-mode bridge, tests) pass in the side effects and get handlers plus an event bus.
import { createEventBus, type EventBus } from './events/event-bus';
import { appInfo, type RuntimeFacts } from './app/app-info';
import type { Handlers } from './rpc/dispatcher';
import type { SettingsStore } from './settings/settings-store';

export interface ServiceDeps {
  runtime: RuntimeFacts;
  settings: SettingsStore;
}

export interface Services {
  handlers: Handlers;
  bus: EventBus;
}

export function createServices(deps: ServiceDeps): Services {
  const bus = createEventBus();
  const handlers: Handlers = {
    'app.info': async () => appInfo(deps.runtime),
    'settings.get': async () => deps.settings.get(),
    'settings.set': async (patch) => {
      const updated = await deps.settings.update(patch);
      bus.emit('settings.changed', updated);
      return updated;
    },
  };
  return { handlers, bus };
}
