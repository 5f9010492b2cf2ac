// The geometric test (issue 14) on what the lab really serves: every service of the API-only
// scenarios (seed, ingress, basic) and of a 200-node scale cluster, inspected through the real
// client and drawn for every origin, and a real probe session on the seed scenario (root: the
// data plane) — no label overlaps a label, a box or a marker, and no path runs through a box it
// does not connect to. The fixture-level test is src-main/core/topology/geometry.test.ts.
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProbeOptions } from '../../src-main/contract/probe';
import { ContextsService } from '../../src-main/core/cluster/contexts-service';
import { inspectService } from '../../src-main/core/inspect/inspect';
import { prepareProbe, runProbe } from '../../src-main/core/probe/runner';
import { buildSession } from '../../src-main/core/probe/session';
import { buildTopology, layoutProblems } from '../../src-main/core/topology/index';
import type { TopologyInput } from '../../src-main/core/topology/types';
import { startTestLab, type TestLab } from '../lab/test-support';
import { probeDepsFor } from './support/probe-deps';

const ROOT = resolve(import.meta.dirname, '..', '..');
const isRoot = process.getuid?.() === 0;
if (!isRoot) console.log('[topology-geometry] the probe session part is skipped: the lab data plane needs root');

const labs: TestLab[] = [];
const services: ContextsService[] = [];
afterAll(async () => {
  for (const c of services) c.close();
  for (const l of labs) await l.stop();
}, 120_000);

function check(name: string, input: TopologyInput) {
  const first = buildTopology(input);
  // Big pictures: this desktop and the first other origin (every origin on small ones).
  const origins = first.origins.length > 6 ? first.origins.slice(0, 2) : first.origins;
  for (const o of origins) {
    for (const view of input.kind === 'session' ? (['observed', 'predicted'] as const) : (['predicted'] as const)) {
      const t = buildTopology(input, { origin: o.key, view });
      expect(layoutProblems(t), `${name}, from ${o.key}, ${view}`).toEqual([]);
    }
  }
}

async function connect(lab: TestLab) {
  const contexts = new ContextsService({ env: { KUBECONFIG: lab.kubeconfigPath }, home: lab.runDir, addedFiles: async () => [] });
  services.push(contexts);
  const { contexts: list } = await contexts.snapshot();
  const entry = list.find((c) => c.isCurrent)!;
  return { contexts, entry, connection: await contexts.connect(entry.id) };
}

describe('layout geometry on lab clusters', () => {
  for (const scenario of ['seed-api.yaml', 'seed-ingress.yaml', 'api-basic.yaml']) {
    it(`every service of ${scenario}, inspected`, async () => {
      const lab = await startTestLab({ scenario: join(ROOT, 'e2e/lab/scenarios', scenario), apiOnly: true });
      labs.push(lab);
      const { connection } = await connect(lab);
      const list = await connection.client.request<{ items: { metadata: { name: string; namespace: string } }[] }>({ path: '/api/v1/services' });
      expect(list.items.length).toBeGreaterThan(0);
      for (const s of list.items) {
        const result = await inspectService(connection, { namespace: s.metadata.namespace, name: s.metadata.name });
        check(`${scenario} ${s.metadata.namespace}/${s.metadata.name}`, { kind: 'inspect', result });
      }
    }, 120_000);
  }

  it('a 200-node scale cluster: the first Local and Cluster services', async () => {
    const lab = await startTestLab({ scenario: join(ROOT, 'e2e/lab/scenarios/bench-scale.yaml'), apiOnly: true, scale: { nodes: 200, pods: 6000, services: 400 } });
    labs.push(lab);
    const { connection } = await connect(lab);
    const list = await connection.client.request<{ items: { metadata: { name: string; namespace: string }; spec: { externalTrafficPolicy?: string } }[] }>({ path: '/api/v1/services', query: { limit: 60 } });
    const picks = ['Local', 'Cluster'].map((p) => list.items.find((s) => s.spec.externalTrafficPolicy === p)).filter((s) => s !== undefined);
    expect(picks.length).toBe(2);
    for (const s of picks) {
      const result = await inspectService(connection, { namespace: s.metadata.namespace, name: s.metadata.name });
      check(`scale ${s.metadata.namespace}/${s.metadata.name}`, { kind: 'inspect', result });
    }
  }, 180_000);

  it.skipIf(!isRoot)('a real probe session on the seed scenario', async () => {
    const lab = await startTestLab({ scenario: join(ROOT, 'e2e/lab/scenarios/seed.yaml') });
    labs.push(lab);
    await lab.settle();
    const { contexts, entry } = await connect(lab);
    const deps = await probeDepsFor(contexts, entry);
    const options = ProbeOptions.parse({ contextId: '0000000000000000', target: { kind: 'matrix' }, origins: { desktop: true, pods: true }, repeat: 1, readyTimeoutSeconds: 60 });
    const outcome = await runProbe(deps, await prepareProbe(deps, options));
    const session = buildSession(outcome, { app: { name: 'SNATScope', version: 'test' }, context: entry.name, serverHash: 'x', clusterVersion: null });
    expect(session.status, JSON.stringify(session.error)).toBe('completed');
    check('seed probe session', { kind: 'session', session });
  }, 180_000);
});
