// Browser mode: the contract over HTTP (requests) and one WebSocket (events) to the local bridge.
import type { Transport } from '../../../src-main/contract/build-api';
import type { Envelope } from '../../../src-main/contract';

const TOKEN_KEY = 'snatscope.bridgeToken';
const WS_PROTOCOL = 'snatscope.v1';

/**
 * The bridge token arrives in the URL fragment (#token=...). Keep it for this tab only and
 * remove it from the address bar so it is not copied along with the URL.
 */
export function takeBridgeToken(loc: Location = window.location, storage: Storage = window.sessionStorage, history: History = window.history): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(loc.hash);
  if (match?.[1]) {
    storage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', loc.pathname + loc.search);
    return match[1];
  }
  return storage.getItem(TOKEN_KEY);
}

export interface BridgeTransportOptions {
  origin: string;
  token: string | null;
  fetch?: typeof fetch;
  WebSocket?: typeof WebSocket;
  onConnectionChange?: (connected: boolean) => void;
}

export function bridgeTransport(options: BridgeTransportOptions): Transport {
  const doFetch = options.fetch ?? window.fetch.bind(window);
  const WS = options.WebSocket ?? window.WebSocket;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let socket: WebSocket | null = null;
  let retry = 0;

  const connect = () => {
    if (!options.token || socket) return;
    const url = `${options.origin.replace(/^http/, 'ws')}/api/events`;
    const ws = new WS(url, [WS_PROTOCOL, `token.${options.token}`]);
    socket = ws;
    ws.onopen = () => {
      retry = 0;
      options.onConnectionChange?.(true);
    };
    ws.onmessage = (message: MessageEvent) => {
      let frame: { event?: unknown; payload?: unknown };
      try {
        frame = JSON.parse(String(message.data)) as typeof frame;
      } catch {
        return;
      }
      if (typeof frame.event !== 'string') return;
      for (const l of listeners.get(frame.event) ?? []) l(frame.payload);
    };
    ws.onclose = () => {
      socket = null;
      options.onConnectionChange?.(false);
      if (listenerCount() > 0) {
        retry = Math.min(retry + 1, 6);
        setTimeout(connect, 250 * 2 ** retry);
      }
    };
  };

  const listenerCount = () => [...listeners.values()].reduce((n, s) => n + s.size, 0);

  return {
    async invoke(name, params): Promise<Envelope<unknown>> {
      if (!options.token) {
        return { ok: false, error: { code: 'bridge-no-token', message: 'This page was opened without its access token.' } };
      }
      let response: Response;
      try {
        response = await doFetch(`${options.origin}/api/invoke/${name}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${options.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(params ?? {}),
          cache: 'no-store',
        });
      } catch {
        return { ok: false, error: { code: 'bridge-unreachable', message: 'The SNATScope service is not reachable.' } };
      }
      try {
        return (await response.json()) as Envelope<unknown>;
      } catch {
        return { ok: false, error: { code: `http-${response.status}`, message: `The SNATScope service answered HTTP ${response.status}.` } };
      }
    },
    subscribe(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      connect();
      return () => {
        set.delete(listener);
      };
    },
  };
}
