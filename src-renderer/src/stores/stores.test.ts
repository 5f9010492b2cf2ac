import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildTopology } from '../../../src-main/contract';
import { context, overview, seedInspect, seedSession } from '../test/fixtures';
import { useClustersStore } from './clusters';
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

  it('matches type and traffic policies too (every word must match), and filters to exposed services', () => {
    const s = useServicesStore();
    s.begin('a000000000000000');
    const ov = overview();
    ov.services.push({ namespace: 'shop', name: 'web', type: 'ClusterIP', ports: [{ name: 'http', port: 80, nodePort: null, protocol: 'TCP' }], externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Local', hazard: null, hazardRules: [], ingress: true });
    s.loaded('a000000000000000', ov, null);
    s.query = 'Local';
    expect(s.filtered.map((x) => x.name)).toEqual(['checkout', 'web']);
    s.query = 'etp:local';
    expect(s.filtered.map((x) => x.name)).toEqual(['checkout']);
    s.query = 'loadbalancer shop';
    expect(s.filtered.map((x) => x.name)).toEqual(['checkout']);
    s.query = 'nodeport';
    expect(s.filtered.map((x) => x.name)).toEqual(['frontend']);
    s.query = '';
    s.exposedOnly = true;
    // NodePort, LoadBalancer, and the ClusterIP service an Ingress routes to; not the API server.
    expect(s.filtered.map((x) => x.name)).toEqual(['frontend', 'checkout', 'web']);
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

describe('clusters store', () => {
  it('connects at start to the context used last, or to the only context there is', () => {
    const c = useClustersStore();
    c.list = { contexts: [context()], problems: [], files: [] };
    expect(c.initialContext(null)).toBe('0123456789abcdef');
    c.list = { contexts: [context({ problem: { code: 'kubeconfig.no-cluster', message: 'no cluster' } as never })], problems: [], files: [] };
    expect(c.initialContext(null)).toBeNull();
    c.list = { contexts: [context(), context({ id: 'fedcba9876543210', name: 'prod' })], problems: [], files: [] };
    expect(c.initialContext(null)).toBeNull();
    expect(c.initialContext('fedcba9876543210')).toBe('fedcba9876543210');
  });
});
