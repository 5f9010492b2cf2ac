// Builds the nested, named-method API object from the name lists. Used by the preload (over
// IPC) and by the renderer's browser-mode bridge client (over HTTP/WebSocket), so both
// transports expose exactly the same shape.
import { EVENT_NAMES, REQUEST_NAMES, eventMethodName, splitName, type EventName, type RequestName } from './names';
import type { Envelope } from './schema';

export interface Transport {
  invoke(name: RequestName, params: unknown): Promise<Envelope<unknown>>;
  subscribe(name: EventName, listener: (payload: unknown) => void): () => void;
}

export function buildRawApi(transport: Transport): Record<string, Record<string, (arg: never) => unknown>> {
  const api: Record<string, Record<string, (arg: never) => unknown>> = Object.create(null);
  const ns = (name: string) => (api[name] ??= Object.create(null) as Record<string, (arg: never) => unknown>);
  for (const name of REQUEST_NAMES) {
    const [space, member] = splitName(name);
    ns(space)[member] = ((params: unknown) => transport.invoke(name, params ?? {})) as (arg: never) => unknown;
  }
  for (const name of EVENT_NAMES) {
    const [space, member] = splitName(name);
    ns(space)[eventMethodName(member)] = ((listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${name}: listener must be a function`);
      return transport.subscribe(name, listener);
    }) as (arg: never) => unknown;
  }
  return api;
}
