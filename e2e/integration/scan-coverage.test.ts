// The hazard scan against the lab's scale mode: a Local service whose 15 pods run on a few of the
// 200 nodes is reported with the number of nodes that drop, and with its fixes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContextsService } from '../../src-main/core/cluster/contexts-service';
import { renderFix, renderStep } from '../../src-main/core/explain/render';
import { readClusterInventory } from '../../src-main/core/inspect/inspect';
import { scanHazards } from '../../src-main/core/scan/scan';
import { startTestLab, type TestLab } from '../lab/test-support';

let lab: TestLab;

beforeAll(async () => {
  lab = await startTestLab({ apiOnly: true, scale: { nodes: 200, pods: 3000, services: 200 } });
}, 120_000);

afterAll(async () => {
  await lab?.stop();
});

describe('scan on a 200-node cluster', () => {
  it('reports every Local service whose endpoints cover fewer nodes than receive its traffic', async () => {
    const contexts = new ContextsService({ env: { KUBECONFIG: lab.kubeconfigPath }, home: lab.runDir, addedFiles: async () => [] });
    const { contexts: list } = await contexts.snapshot();
    const connection = await contexts.connect(list.find((c) => c.isCurrent)!.id);
    const inventory = await readClusterInventory(connection);
    // The truth, read independently: Local NodePort/LB services and the nodes of their ready endpoints.
    const services = await connection.client.request<{ items: { metadata: { namespace: string; name: string }; spec: { type: string; externalTrafficPolicy?: string } }[] }>({ path: '/api/v1/services' });
    const slices = await connection.client.request<{ items: { metadata: { namespace: string; labels: Record<string, string> }; endpoints?: { nodeName?: string; conditions?: { ready?: boolean } }[] }[] }>({
      path: '/apis/discovery.k8s.io/v1/endpointslices',
    });
    contexts.close();
    const locals = services.items.filter((s) => s.spec.externalTrafficPolicy === 'Local' && (s.spec.type === 'NodePort' || s.spec.type === 'LoadBalancer'));
    expect(locals.length, 'the scale cluster has Local services').toBeGreaterThan(0);
    const hazards = scanHazards(inventory);
    for (const s of locals) {
      const key = `${s.metadata.namespace}/${s.metadata.name}`;
      const nodes = new Set(slices.items.filter((x) => `${x.metadata.namespace}/${x.metadata.labels['kubernetes.io/service-name']}` === key).flatMap((x) => (x.endpoints ?? []).filter((e) => e.conditions?.ready !== false).map((e) => e.nodeName)));
      const dropping = 200 - nodes.size;
      const h = hazards.find((x) => x.id === `local-partial-coverage:${key}`);
      expect(h, key).toBeDefined();
      expect(renderStep(h!.why[0]!, 'en')).toContain(`${dropping} of 200 nodes drop: no local endpoint`);
      expect(h!.fixes.map((f) => f.id)).toEqual(['local-endpoint-every-node', 'send-to-endpoint-nodes', 'keep-cluster-carry-client']);
      expect(renderFix(h!.fixes[0]!, 'zh-CN').tradeoffs.length).toBeGreaterThan(0);
    }
    // Cluster-policy services are not reported as partial coverage.
    expect(hazards.filter((h) => h.rule === 'local-partial-coverage')).toHaveLength(locals.length);
  }, 120_000);
});
