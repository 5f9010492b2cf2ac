// Scale mode: the synthetic 5,000-node / 150,000-pod / 10,000-service cluster comes up, lists
// all pods in limit=500 pages, and reports the lab's own serving time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raw, startTestLab, closeAgent, type TestLab } from '../test-support';

describe('scale mode', () => {
  let lab: TestLab;
  let upMs = 0;

  beforeAll(async () => {
    const t0 = Date.now();
    lab = await startTestLab({ apiOnly: true, scale: { nodes: 5000, pods: 150000, services: 10000 } });
    upMs = Date.now() - t0;
  }, 60000);
  afterAll(async () => {
    if (lab) closeAgent(lab);
    await lab?.stop();
  });

  it('holds the synthetic cluster', async () => {
    console.log(`scale lab up in ${upMs} ms`);
    expect(lab.counts()).toMatchObject({ nodes: 5000, pods: 150000, services: 10001, endpointslices: 10000 });
    const nodes = JSON.parse((await raw(lab, 'GET', '/api/v1/nodes?limit=1')).body);
    expect(nodes.metadata.remainingItemCount).toBe(4999);
    expect(nodes.items[0].status.addresses[0]).toEqual({ type: 'InternalIP', address: '198.18.16.1' });
    const svc = JSON.parse((await raw(lab, 'GET', '/api/v1/namespaces/team-000/services/svc-00050')).body);
    expect(svc).toMatchObject({ kind: 'Service', spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }, status: { loadBalancer: { ingress: [{ ip: '203.0.113.10' }] } } });
    const slices = JSON.parse((await raw(lab, 'GET', '/apis/discovery.k8s.io/v1/namespaces/team-000/endpointslices?labelSelector=kubernetes.io/service-name=svc-00050')).body);
    expect(slices.items).toHaveLength(1);
    expect(slices.items[0].endpoints).toHaveLength(15);
    const pods = JSON.parse((await raw(lab, 'GET', '/api/v1/namespaces/team-000/pods?labelSelector=app=svc-00050')).body);
    expect(pods.items.map((p: { status: { podIP: string } }) => p.status.podIP).sort()).toEqual(slices.items[0].endpoints.map((e: { addresses: string[] }) => e.addresses[0]).sort());
  });

  it('lists all 150,000 pods with limit=500 and reports its own serving time', async () => {
    const mark = lab.requests.mark();
    const t0 = Date.now();
    const names = new Set<string>();
    let cont = '';
    let pages = 0;
    let bytes = 0;
    let rv: string | undefined;
    do {
      const r = await raw(lab, 'GET', `/api/v1/pods?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
      expect(r.status).toBe(200);
      expect(Number(r.headers['x-lab-serve-ms'])).toBeGreaterThan(0);
      bytes += r.body.length;
      const list = JSON.parse(r.body) as { metadata: { continue?: string; resourceVersion: string }; items: { metadata: { namespace: string; name: string } }[] };
      rv ??= list.metadata.resourceVersion;
      expect(list.metadata.resourceVersion).toBe(rv);
      for (const p of list.items) names.add(`${p.metadata.namespace}/${p.metadata.name}`);
      cont = list.metadata.continue ?? '';
      pages++;
    } while (cont);
    const wall = Date.now() - t0;
    const s = lab.requests.summary(mark);
    console.log(`listed ${names.size} pods in ${pages} pages, ${(bytes / 1e6).toFixed(1)} MB, ${wall} ms wall; lab serving time ${s.serveMsTotal.toFixed(0)} ms total, p50 ${s.serveMsP50.toFixed(2)} ms, p99 ${s.serveMsP99.toFixed(2)} ms per page`);
    expect(names.size).toBe(150000);
    expect(pages).toBe(300);
    expect(s.requests).toBe(300);
    expect(s.serveMsTotal).toBeGreaterThan(0);
    expect(s.serveMsTotal).toBeLessThan(wall);
  }, 180000);
});
