import type { EventName, EventOf } from '../../contract';

export type EventListener = <E extends EventName>(name: E, payload: EventOf<E>) => void;

/** Core services emit here; each host (IPC, bridge) forwards to its renderers. */
export interface EventBus {
  emit<E extends EventName>(name: E, payload: EventOf<E>): void;
  listen(listener: EventListener): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(name, payload) {
      for (const l of [...listeners]) {
        try {
          l(name, payload);
        } catch {
          // One broken subscriber (e.g. a closed socket) must not stop the others.
        }
      }
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
