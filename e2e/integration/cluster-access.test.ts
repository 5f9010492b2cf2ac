// Cluster access against the lab: classified 401/403 from a real API, inspection with limited
// permissions, and the hazard scan over a scenario with known hazards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContextsService } from '../../src-main/core/cluster/contexts-service';
import { ClusterError } from '../../src-main/core/cluster/cluster-error';
import { inspectService, readClusterInventory } from '../../src-main/core/inspect/inspect';
import { scanHazards } from '../../src-main/core/scan/scan';
import { startTestLab, type TestLab } from '../lab/test-support';

let lab: TestLab;
let contexts: ContextsService;
const idOf = async (user: string) => {
  const { contexts: list } = await contexts.snapshot();
  const ctx = lab.users.find((u) => u.name === user)!.context;
  return list.find((c) => c.name === ctx)!.id;
};

beforeAll(async () => {
  lab = await startTestLab({ scenario: 'e2e/lab/scenarios/api-basic.yaml' });
  contexts = new ContextsService({ env: { KUBECONFIG: lab.kubeconfigPath }, home: lab.runDir, addedFiles: async () => [] });
}, 60_000);

afterAll(async () => {
  contexts?.close();
  await lab?.stop();
});

describe('cluster access against the lab', () => {
  it('lists the lab contexts and connects', async () => {
    const status = await contexts.test(await idOf('admin'));
    expect(status.ok).toBe(true);
    expect(status.version).toMatch(/^v1\.\d+/);
  });

  it('a restricted user inspects what it may read, and gets a classified 403 elsewhere', async () => {
    const connection = await contexts.connect(await idOf('alice'));
    const result = await inspectService(connection, { namespace: 'shop', name: 'web' });
    expect(result.inventory.service?.name).toBe('web');
    // kube-system is not readable for alice: the proxy config is unknown and the model says so.
    expect(result.inventory.proxy.source).toBe('absent');
    expect(result.answers.some((a) => a.prediction.assumptions.length > 0)).toBe(true);

    const denied = await inspectService(connection, { namespace: 'default', name: 'kubernetes' }).catch((e: unknown) => connection.classify(e));
    expect(denied).toBeInstanceOf(ClusterError);
    const err = denied as ClusterError;
    expect(err.code).toBe('k8s.auth.forbidden');
    expect(err.message).toContain('alice');
    expect(err.message).toContain('get');
    expect(err.message).toContain('services');
    expect(err.message).toContain('default');
  });

  it('an expired token is reported as 401 with the action to log in again', async () => {
    lab.faults.expireToken('admin', 0);
    try {
      const status = await contexts.test(await idOf('admin'));
      expect(status.ok).toBe(false);
      expect(status.error?.code).toBe('k8s.auth.unauthorized');
      expect(status.error?.action).toMatch(/log in|refresh/i);
    } finally {
      lab.faults.clear();
    }
  });

  it('scans the cluster and finds the NodePort service with Cluster policy', async () => {
    contexts.invalidate();
    const connection = await contexts.connect(await idOf('admin'));
    const inventory = await readClusterInventory(connection);
    const hazards = scanHazards(inventory);
    expect(hazards.some((h) => h.rule === 'cluster-policy' && h.service?.namespace === 'shop' && h.service.name === 'web')).toBe(true);
    // The LB with Local policy has a health check node port: no health-check hazard for it.
    expect(hazards.some((h) => h.rule === 'local-without-health-check' && h.service?.name === 'web-lb')).toBe(false);
  });
});
