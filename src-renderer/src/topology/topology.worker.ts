// Module worker: model → picture, away from the UI thread.
import { buildTopology, type TopologyInput, type TopologyOptions } from '../../../src-main/contract/model';

const scope = self as unknown as { onmessage: ((e: MessageEvent<{ id: number; input: TopologyInput; options: TopologyOptions }>) => void) | null; postMessage(message: unknown): void };

scope.onmessage = (event) => {
  const { id, input, options } = event.data;
  try {
    scope.postMessage({ id, topology: buildTopology(input, options) });
  } catch (e) {
    scope.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
};
