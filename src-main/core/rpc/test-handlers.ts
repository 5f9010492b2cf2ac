// Test helper: a full Handlers table where only the requests a test cares about are real.
import { REQUEST_NAMES } from '../../contract';
import type { Handlers } from './dispatcher';

export function handlersWith(partial: Partial<Handlers>): Handlers {
  const all: Record<string, unknown> = {};
  for (const name of REQUEST_NAMES) {
    all[name] =
      partial[name] ??
      (async () => {
        throw new Error(`${name} is not used in this test`);
      });
  }
  return all as Handlers;
}
