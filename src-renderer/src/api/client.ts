// The one way renderer code talks to the main side: the preload's API in Electron, the local
// bridge in browser mode. Both expose the same RawApi; this module turns envelopes into results
// and ApiErrors.
import type { Api, Envelope, RawApi } from '../../../src-main/contract';
import { buildRawApi } from '../../../src-main/contract/build-api';
import { ApiError } from './api-error';
import { bridgeTransport, takeBridgeToken } from './bridge-transport';

type AnyFn = (arg: unknown) => unknown;

export function wrapApi(raw: RawApi): Api {
  const api: Record<string, Record<string, AnyFn>> = {};
  for (const [space, members] of Object.entries(raw as unknown as Record<string, Record<string, AnyFn>>)) {
    const wrapped: Record<string, AnyFn> = {};
    for (const [member, fn] of Object.entries(members)) {
      wrapped[member] = /^on[A-Z]/.test(member)
        ? fn
        : async (params: unknown) => {
            const envelope = (await fn(params)) as Envelope<unknown>;
            if (!envelope.ok) throw new ApiError(envelope.error);
            return envelope.result;
          };
    }
    api[space] = wrapped;
  }
  return api as unknown as Api;
}

export type ApiMode = 'electron' | 'browser';

export interface ApiHandle {
  api: Api;
  transport: ApiMode;
  hasToken: boolean;
}

let handle: ApiHandle | null = null;
// Everyone who asked to hear about the bridge's connection, whatever order they connected in: the
// first caller (often a store reading settings) must not decide that later ones hear nothing.
const connectionListeners = new Set<(connected: boolean) => void>();
let lastConnection: boolean | null = null;

function announceConnection(connected: boolean): void {
  lastConnection = connected;
  for (const listener of connectionListeners) listener(connected);
}

export function connectApi(onConnectionChange?: (connected: boolean) => void): ApiHandle {
  if (onConnectionChange && !connectionListeners.has(onConnectionChange)) {
    connectionListeners.add(onConnectionChange);
    if (lastConnection !== null) onConnectionChange(lastConnection);
  }
  if (handle) return handle;
  if (window.snatscope) {
    handle = { api: wrapApi(window.snatscope), transport: 'electron', hasToken: true };
  } else {
    const token = takeBridgeToken();
    const raw = buildRawApi(bridgeTransport({ origin: window.location.origin, token, onConnectionChange: announceConnection })) as unknown as RawApi;
    handle = { api: wrapApi(raw), transport: 'browser', hasToken: token !== null };
  }
  return handle;
}

export function useApi(): Api {
  return connectApi().api;
}

/** Tests replace the API with a fake. */
export function setApiForTests(next: ApiHandle | null): void {
  handle = next;
  connectionListeners.clear();
  lastConnection = null;
}
