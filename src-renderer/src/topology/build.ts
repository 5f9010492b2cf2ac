// Builds the picture off the UI thread: a module worker runs buildTopology (big clusters give
// thousands of paths), with the same function on the UI thread where workers are unavailable
// (jsdom tests) or fail to start.
import { toRaw } from 'vue';
import { buildTopology, type Topology, type TopologyInput, type TopologyOptions } from '../../../src-main/contract/model';

interface Pending {
  resolve: (t: Topology) => void;
  reject: (e: Error) => void;
  input: TopologyInput;
  options: TopologyOptions;
}

let worker: Worker | null | undefined;
let seq = 0;
const pending = new Map<number, Pending>();

function fallBack() {
  worker?.terminate();
  worker = null;
  for (const [id, p] of pending) {
    pending.delete(id);
    try {
      p.resolve(buildTopology(p.input, p.options));
    } catch (e) {
      p.reject(e as Error);
    }
  }
}

function getWorker(): Worker | null {
  if (worker !== undefined) return worker;
  if (typeof Worker === 'undefined') return (worker = null);
  try {
    worker = new Worker(new URL('./topology.worker.ts', import.meta.url), { type: 'module', name: 'topology' });
  } catch {
    return (worker = null);
  }
  worker.onmessage = (event: MessageEvent<{ id: number; topology?: Topology; error?: string }>) => {
    const p = pending.get(event.data.id);
    if (!p) return;
    pending.delete(event.data.id);
    if (event.data.topology) p.resolve(event.data.topology);
    else p.reject(new Error(event.data.error ?? 'topology worker failed'));
  };
  worker.onerror = () => fallBack();
  return worker;
}

export function buildTopologyOffThread(input: TopologyInput, options: TopologyOptions): Promise<Topology> {
  const w = getWorker();
  const plainInput = toRaw(input);
  const plainOptions = { ...toRaw(options) };
  if (!w) return Promise.resolve(buildTopology(plainInput, plainOptions));
  const id = ++seq;
  return new Promise<Topology>((resolve, reject) => {
    pending.set(id, { resolve, reject, input: plainInput, options: plainOptions });
    try {
      w.postMessage({ id, input: plainInput, options: plainOptions });
    } catch {
      fallBack();
    }
  });
}

/** Tests: forget the worker. */
export function resetTopologyWorker(): void {
  worker?.terminate();
  worker = undefined;
  pending.clear();
}
