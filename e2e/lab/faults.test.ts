// API faults: error rates, cut watches, expiring tokens, 429 with Retry-After, resets, latency;
// and the request log with the lab's own serving time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import { raw, startTestLab, waitFor, type TestLab } from './test-support';

describe('API faults', () => {
  let lab: TestLab;

  beforeAll(async () => {
    lab = await startTestLab({
      scenario: {
        seed: 1234,
        users: [
          { name: 'admin', admin: true },
          { name: 'temp', admin: true, expiresAfterSeconds: 1 },
        ],
        objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c0', namespace: 'default' }, data: { a: '1' } }],
        faults: [{ id: 'flaky-cm', match: { method: 'GET', resource: 'configmaps', namespace: 'default' }, errorRate: 0.2, errorStatus: 503 }],
      },
    });
  });
  afterAll(async () => lab?.stop());

  it('a 20% error-rate fault yields 5xx at about that rate', async () => {
    const n = 400;
    let errors = 0;
    for (let i = 0; i < n; i++) {
      const r = await raw(lab, 'GET', '/api/v1/namespaces/default/configmaps');
      if (r.status >= 500) {
        errors++;
        expect(r.status).toBe(503);
        expect(JSON.parse(r.body)).toMatchObject({ kind: 'Status', code: 503, reason: 'ServiceUnavailable' });
      } else expect(r.status).toBe(200);
    }
    // Binomial(400, 0.2): mean 80, sd 8; the bound is ±4 sd.
    expect(errors).toBeGreaterThan(48);
    expect(errors).toBeLessThan(112);
    // Other routes are untouched.
    expect((await raw(lab, 'GET', '/api/v1/namespaces/default/services')).status).toBe(200);
    lab.faults.remove('flaky-cm');
    expect((await raw(lab, 'GET', '/api/v1/namespaces/default/configmaps')).status).toBe(200);
  });

  it('a cut watch ends its stream after N events', async () => {
    lab.faults.add({ id: 'cut', match: { resource: 'configmaps' }, cutWatchAfterEvents: 3 });
    const kc = new KubeConfig();
    kc.loadFromFile(lab.kubeconfigPath);
    const core = kc.makeApiClient(CoreV1Api);
    const events: string[] = [];
    let ended = false;
    await new Watch(kc).watch('/api/v1/namespaces/default/configmaps', {}, (type, obj) => events.push(`${type} ${obj.metadata.name}`), () => (ended = true));
    for (let i = 1; i <= 4; i++) await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: `c${i}` } } });
    await waitFor(() => ended || undefined, 3000, 'watch ended');
    expect(events).toEqual(['ADDED c0', 'ADDED c1', 'ADDED c2']);
    lab.faults.remove('cut');
  });

  it('an expired token gets 401 while others keep working', async () => {
    const temp = lab.users.find((u) => u.name === 'temp')!.token;
    await waitFor(async () => (await raw(lab, 'GET', '/api/v1/namespaces', { token: temp })).status === 401 || undefined, 3000, 'token expiry');
    expect((await raw(lab, 'GET', '/api/v1/namespaces')).status).toBe(200);
    lab.faults.expireToken('admin', 3600);
    expect((await raw(lab, 'GET', '/api/v1/namespaces')).status).toBe(200);
  });

  it('throttles with 429 and Retry-After, resets connections, and adds latency', async () => {
    lab.faults.add({ id: 'throttle', match: { path: '^/api/v1/nodes$' }, throttleRate: 1, retryAfterSeconds: 2, times: 1 });
    const t = await raw(lab, 'GET', '/api/v1/nodes');
    expect(t.status).toBe(429);
    expect(t.headers['retry-after']).toBe('2');
    expect(JSON.parse(t.body)).toMatchObject({ code: 429, reason: 'TooManyRequests', details: { retryAfterSeconds: 2 } });
    expect((await raw(lab, 'GET', '/api/v1/nodes')).status).toBe(200);

    lab.faults.add({ id: 'reset', match: { path: '^/api/v1/nodes$' }, resetRate: 1, times: 1 });
    await expect(raw(lab, 'GET', '/api/v1/nodes')).rejects.toThrow(/socket hang up|ECONNRESET/);

    lab.faults.add({ id: 'slow', match: { path: '^/version$' }, latencyMs: 150 });
    const t0 = Date.now();
    const v = await raw(lab, 'GET', '/version');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    // The injected latency is not the lab's own serving time (which would then be at least 150).
    expect(Number(v.headers['x-lab-serve-ms'])).toBeLessThan(150);
    lab.faults.clear();
  });

  it('logs every request with user, status, bytes and serving time', async () => {
    const mark = lab.requests.mark();
    const r = await raw(lab, 'GET', '/api/v1/namespaces/default/configmaps?limit=2');
    const entries = lab.requests.entries(mark);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ method: 'GET', path: '/api/v1/namespaces/default/configmaps', query: 'limit=2', user: 'admin', verb: 'list', resource: 'configmaps', namespace: 'default', status: 200, bytes: Buffer.byteLength(r.body) });
    expect(entries[0]!.serveMs).toBeGreaterThan(0);
    expect(Number(r.headers['x-lab-serve-ms'])).toBeCloseTo(entries[0]!.serveMs, 2);
    expect(lab.requests.summary(mark)).toMatchObject({ requests: 1, bytes: Buffer.byteLength(r.body) });
  });
});
