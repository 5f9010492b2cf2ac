// Inspecting one service on the lab's 5,000-node / 150,000-pod / 10,000-service cluster reads
// only that service, its EndpointSlices (by label), its pods (by selector), the node list and a
// few small setup objects — asserted on the lab's own request log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContextsService } from '../../src-main/core/cluster/contexts-service';
import { inspectService } from '../../src-main/core/inspect/inspect';
import { startTestLab, type TestLab } from '../lab/test-support';

let lab: TestLab;

beforeAll(async () => {
  lab = await startTestLab({ apiOnly: true, scale: { nodes: 5000, pods: 150000, services: 10000 } });
}, 120_000);

afterAll(async () => {
  await lab?.stop();
});

describe('inspect on a 5,000-node cluster', () => {
  it('transfers only the service, its slices, its pods and the node list', async () => {
    const contexts = new ContextsService({ env: { KUBECONFIG: lab.kubeconfigPath }, home: lab.runDir, addedFiles: async () => [] });
    const { contexts: list } = await contexts.snapshot();
    const connection = await contexts.connect(list.find((c) => c.isCurrent)!.id);
    const some = await connection.client.request<{ items: { metadata: { name: string; namespace: string } }[] }>({ path: '/api/v1/services', query: { limit: 50 } });
    const svc = some.items.find((s) => s.metadata.name !== 'kubernetes')!.metadata;

    const mark = lab.requests.mark();
    const result = await inspectService(connection, { namespace: svc.namespace, name: svc.name });
    const log = lab.requests.entries(mark);
    contexts.close();

    expect(result.inventory.nodes).toHaveLength(5000);
    expect(result.inventory.service?.name).toBe(svc.name);
    expect(result.inventory.endpoints.length).toBeGreaterThan(0);
    expect(result.inventory.pods.length).toBeGreaterThan(0);
    expect(result.inventory.pods.length).toBeLessThan(1000);

    const bulk = log.filter((r) => ['pods', 'services', 'endpointslices', 'nodes'].includes(r.resource ?? '') && !r.name);
    for (const r of bulk) {
      const q = new URLSearchParams(r.query);
      if (r.resource === 'nodes') {
        expect(q.get('limit'), 'the node list is paginated').toBe('500');
        continue;
      }
      // Every pod, service or slice list is filtered by the server: never the whole cluster.
      expect(q.get('labelSelector'), `${r.method} ${r.path}?${r.query}`).toBeTruthy();
      if (r.resource === 'endpointslices') {
        expect(r.namespace).toBe(svc.namespace);
        expect(q.get('labelSelector')).toBe(`kubernetes.io/service-name=${svc.name}`);
      }
      if (r.resource === 'pods' && r.namespace) expect(r.namespace).toBe(svc.namespace);
    }
    const nodePages = log.filter((r) => r.resource === 'nodes' && !r.name).length;
    expect(nodePages).toBe(10);
    // The service's own pods: one small page, not 150,000 pods.
    const podBytes = log.filter((r) => r.resource === 'pods').reduce((n, r) => n + r.bytes, 0);
    expect(podBytes).toBeLessThan(5 * 1024 * 1024);
    // "Every node" questions are answered for a sample of entry nodes; the result stays small.
    const everyNode = result.answers.filter((a) => a.coverage !== null);
    for (const a of everyNode) {
      expect(a.coverage!.entryNodes).toBe(5000);
      expect(a.coverage!.predictedEntryNodes).toBeLessThanOrEqual(45);
      const entries = new Set(a.prediction.paths.map((p) => p.entry?.node));
      expect(entries.size).toBeLessThanOrEqual(a.coverage!.predictedEntryNodes);
    }
    const size = JSON.stringify(result).length;
    expect(size).toBeLessThan(16 * 1024 * 1024);
    const summary = lab.requests.summary(mark);
    console.log(`[inspect-scale] ${log.length} requests, ${(summary.bytes / 1e6).toFixed(1)} MB read, result ${(size / 1e6).toFixed(1)} MB, lab serving ${summary.serveMsTotal.toFixed(0)} ms`);
  }, 120_000);
});
