// The preload: exposes `window.snatscope` with named, typed methods built from the contract's
// name lists. Never exposes ipcRenderer or the IPC event object (security checklist #20).
import { contextBridge, ipcRenderer } from 'electron';
import { buildRawApi } from '../contract/build-api';
import { EVENT_NAMES, IPC_EVENT, IPC_INVOKE, type EventName } from '../contract/names';
import type { Envelope } from '../contract/schema';

const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
const knownEvents = new Set<string>(EVENT_NAMES);

ipcRenderer.on(IPC_EVENT, (_event, name: unknown, payload: unknown) => {
  if (typeof name !== 'string' || !knownEvents.has(name)) return;
  for (const listener of listeners.get(name as EventName) ?? []) listener(payload);
});

const api = buildRawApi({
  invoke: (name, params) => ipcRenderer.invoke(IPC_INVOKE, name, params) as Promise<Envelope<unknown>>,
  subscribe(name, listener) {
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
});

contextBridge.exposeInMainWorld('snatscope', api);
