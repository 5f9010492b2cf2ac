import { afterEach, describe, expect, it } from 'vitest';
import { buildTopology, type Topology } from '../../../src-main/contract';
import { seedSession } from '../test/fixtures';
import { buildTopologyOffThread, resetTopologyWorker } from './build';

type Handler = ((e: { data: unknown }) => void) | null;
const original = globalThis.Worker;

afterEach(() => {
  resetTopologyWorker();
  (globalThis as { Worker?: unknown }).Worker = original;
});

function install(behaviour: 'answer' | 'crash') {
  const posted: unknown[] = [];
  class FakeWorker {
    onmessage: Handler = null;
    onerror: (() => void) | null = null;
    constructor(readonly url: URL, readonly options: { type: string }) {}
    postMessage(m: { id: number; input: Parameters<typeof buildTopology>[0]; options: Parameters<typeof buildTopology>[1] }) {
      posted.push(m);
      setTimeout(() => (behaviour === 'answer' ? this.onmessage?.({ data: { id: m.id, topology: buildTopology(m.input, m.options) } }) : this.onerror?.()), 0);
    }
    terminate() {}
  }
  (globalThis as { Worker?: unknown }).Worker = FakeWorker;
  resetTopologyWorker();
  return posted;
}

describe('buildTopologyOffThread', () => {
  const input = { kind: 'session' as const, session: seedSession() };

  it('builds on the UI thread where there are no workers (jsdom)', async () => {
    (globalThis as { Worker?: unknown }).Worker = undefined;
    resetTopologyWorker();
    expect(await buildTopologyOffThread(input, { locale: 'en' })).toEqual(buildTopology(input, { locale: 'en' }));
  });

  it('hands plain data to a module worker and returns its picture', async () => {
    const posted = install('answer');
    const got: Topology = await buildTopologyOffThread(input, { locale: 'zh-CN', origin: 'pod:node1' });
    expect(posted).toHaveLength(1);
    expect(got).toEqual(buildTopology(input, { locale: 'zh-CN', origin: 'pod:node1' }));
  });

  it('falls back to the UI thread when the worker fails', async () => {
    install('crash');
    expect(await buildTopologyOffThread(input, {})).toEqual(buildTopology(input, {}));
  });
});
