import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildTopology } from '../../../src-main/contract';
import { overview, seedInspect, seedSession } from '../test/fixtures';
import { useProbeStore } from './probe';
import { useServicesStore } from './services';
import { useTopologyStore } from './topology';

beforeEach(() => setActivePinia(createPinia()));

describe('services store', () => {
  it('searches across namespaces by name, namespace or port, and ignores answers for another context', () => {
    const s = useServicesStore();
    s.begin('a000000000000000');
    s.loaded('b000000000000000', overview(), null);
    expect(s.overview).toBeNull();
    s.loaded('a000000000000000', overview(), 'nowhere');
    expect(s.namespace).toBeNull();
    expect(s.filtered.map((x) => x.name)).toEqual(['frontend', 'kubernetes', 'checkout']);
    s.query = 'shop/';
    expect(s.filtered.map((x) => x.name)).toEqual(['checkout']);
    s.query = '30080';
    expect(s.filtered.map((x) => x.name)).toEqual(['frontend']);
    s.query = '';
    s.namespace = 'default';
    expect(s.filtered).toHaveLength(2);
    expect(s.hazards[0]!.severity).toBe('medium');
  });
});

describe('topology store', () => {
  it('shows the session when there is one, predicted otherwise, and cannot observe without a probe', () => {
    const t = useTopologyStore();
    t.setInspect(seedInspect());
    expect(t.input?.kind).toBe('inspect');
    t.setView('observed');
    expect(t.view).toBe('predicted');
    t.setSession(seedSession());
    expect(t.input?.kind).toBe('session');
    expect(t.view).toBe('observed');
    expect(t.canObserve).toBe(true);
  });

  it('selects a path by id, now or once the picture that contains it is built', () => {
    const t = useTopologyStore();
    const s = seedSession();
    t.setModel(buildTopology({ kind: 'session', session: s }), false);
    expect(t.selectPath('pod:node1|nodePort:node2:30275|echo-local')).toBe(false);
    t.setModel(buildTopology({ kind: 'session', session: s }, { origin: 'pod:node1' }), false);
    expect(t.selected?.group).toBe('edges');
    expect(t.selected?.data.id).toContain('mismatch');
    t.hover('np:node1');
    expect(t.focused?.data.id).toBe('np:node1');
  });
});

describe('probe store', () => {
  it('follows one run: ignores other runs, ends on finished, and builds the matrix', () => {
    const p = useProbeStore();
    p.starting('abc123');
    p.progress({ runId: 'other0', step: 'pods', state: 'running', message: null, pods: [], requests: null, at: '' });
    expect(p.steps.pods.state).toBe('pending');
    p.progress({ runId: 'abc123', step: 'desktop', state: 'running', message: null, pods: [], requests: { done: 1, total: 8 }, at: '' });
    expect(p.status).toBe('running');
    expect(p.requests).toEqual({ done: 1, total: 8 });
    expect(p.finished({ runId: 'other0', contextId: 'x', session: null, error: null })).toBe(false);
    expect(p.finished({ runId: 'abc123', contextId: 'x', session: seedSession(), error: null })).toBe(true);
    expect(p.status).toBe('finished');
    expect(p.matrix?.blocks[0]!.origin).toBe('desktop');
    p.progress({ runId: 'abc123', step: 'cleanup', state: 'running', message: null, pods: [], requests: null, at: '' });
    expect(p.steps.cleanup.state).toBe('pending');
  });
});
