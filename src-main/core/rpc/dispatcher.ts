// Validates and dispatches one contract call. Shared by the Electron IPC host and the
// browser-mode bridge so both enforce exactly the same checks.
import type { z } from 'zod';
import { isRequestName, requests, type ContractError, type Envelope, type RequestName, type Requests, type ResultOf } from '../../contract';
import { AppError } from './app-error';

export type Handlers = {
  [N in RequestName]: (params: z.output<Requests[N]['params']>) => Promise<ResultOf<N>>;
};

export interface Dispatcher {
  dispatch(name: unknown, params: unknown): Promise<Envelope<unknown>>;
}

export interface DispatcherOptions {
  /** Called with unexpected (non-AppError) failures; the renderer only gets a generic message. */
  onInternalError?: (name: string, error: unknown) => void;
}

export function createDispatcher(handlers: Handlers, options: DispatcherOptions = {}): Dispatcher {
  return {
    async dispatch(name, params) {
      if (!isRequestName(name)) {
        return fail({ code: 'unknown-request', message: `Unknown request ${JSON.stringify(String(name)).slice(0, 80)}.` });
      }
      const spec = requests[name];
      const parsed = spec.params.safeParse(params);
      if (!parsed.success) {
        return fail({
          code: 'invalid-params',
          message: `Invalid parameters for ${name}.`,
          details: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
        });
      }
      try {
        const handler = handlers[name] as (p: unknown) => Promise<unknown>;
        const result = await handler(parsed.data);
        return { ok: true, result };
      } catch (error) {
        if (error instanceof AppError) return fail(error.toContract());
        options.onInternalError?.(name, error);
        return fail({ code: 'internal', message: `Internal error while handling ${name}. See the application log.` });
      }
    },
  };
}

function fail(error: ContractError): Envelope<never> {
  return { ok: false, error };
}
