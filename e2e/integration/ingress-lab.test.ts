// The probe's through-ingress mode against the lab's ingress-nginx stand-in (seed-ingress
// scenario): the echo sees the controller pod as its peer and the client in X-Forwarded-For as
// the controller's settings decide, the verdicts match the model, and everything is cleaned up.
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProbeOptions } from '../../src-main/contract/probe';
import { ContextsService } from '../../src-main/core/cluster/contexts-service';
import { echoDesktopProber } from '../../src-main/core/probe/desktop-prober';
import { inspectService } from '../../src-main/core/inspect/inspect';
import { prepareProbe, runProbe } from '../../src-main/core/probe/runner';
import { buildSession } from '../../src-main/core/probe/session';
import { resourceByPlural } from '../lab/api/resources';
import { startTestLab, type TestLab } from '../lab/test-support';
import { probeDepsFor } from './support/probe-deps';

const ROOT = resolve(import.meta.dirname, '..', '..');
const isRoot = process.getuid?.() === 0;
if (!isRoot) console.log('[ingress-lab] skipped: the lab data plane needs root (network namespaces, iptables)');

describe.skipIf(!isRoot)('through-ingress probe', () => {
  let lab: TestLab;
  let contexts: ContextsService;
  beforeAll(async () => {
    lab = await startTestLab({ scenario: join(ROOT, 'e2e/lab/scenarios/seed-ingress.yaml') });
    await lab.settle();
    contexts = new ContextsService({ env: { KUBECONFIG: lab.kubeconfigPath }, home: lab.runDir, addedFiles: async () => [] });
  }, 600_000);
  afterAll(async () => {
    contexts?.close();
    await lab?.stop();
  }, 120_000);

  it('measures the path through the ingress controller and matches the prediction', async () => {
    const { contexts: list } = await contexts.snapshot();
    const entry = list.find((c) => c.isCurrent)!;
    const deps = await probeDepsFor(contexts, entry);
    const options = ProbeOptions.parse({
      contextId: '0000000000000000',
      target: { kind: 'matrix' },
      origins: { desktop: true, pods: false },
      repeat: 1,
      readyTimeoutSeconds: 60,
      ingress: { className: 'nginx', host: 'shop.example', acknowledgeRisk: true },
    });
    const prepared = await prepareProbe(deps, options);
    expect(prepared.plan.ingressObject?.spec?.rules?.[0]?.http?.paths?.[0]?.path).toBe(`/snatscope-${prepared.plan.runId}`);
    expect(prepared.permissions.some((p) => p.resource === 'ingresses' && p.allowed)).toBe(true);
    expect(prepared.warnings.join(' ')).toContain('through-ingress mode');
    const outcome = await runProbe(deps, prepared);
    const session = buildSession(outcome, { app: { name: 'SNATScope', version: 'test' }, context: entry.name, serverHash: 'x', clusterVersion: null });
    expect(session.status, JSON.stringify(session.error)).toBe('completed');
    const ingress = session.paths.filter((p) => p.target.kind === 'ingress');
    expect(ingress.map((p) => p.target.node).sort()).toEqual(['node1', 'node2']);
    const controllerIP = (lab.objects.list(resourceByPlural('pods'), 'ingress-nginx').items()[0] as { status: { podIP: string } }).status.podIP;
    for (const cell of ingress) {
      expect(cell.result).toBe('ok');
      // The echo's socket peer is the ingress controller pod…
      expect(cell.observedSource).toBe(controllerIP);
      expect(cell.observed.class).toBe('ingress-pod');
      // …and the controller's Service has Cluster policy, so X-Forwarded-For carries a node address.
      expect(['198.18.0.12', '198.19.1.1']).toContain(cell.headers?.xForwardedFor);
      expect(cell.matches, JSON.stringify({ predicted: cell.predicted, observed: cell.observed, note: cell.note })).toBe(true);
    }
    expect(session.cleanup.outcome).toBe('deleted');
    const left = lab.objects.list(resourceByPlural('namespaces'), undefined).items().filter((n) => (n as { metadata: { name: string } }).metadata.name.startsWith('snatscope-'));
    expect(left).toEqual([]);
  }, 120_000);

  it('inspect follows the Ingress to its backend: per entry node, what a real request through the controller delivers', async () => {
    const { contexts: list } = await contexts.snapshot();
    const connection = await contexts.connect(list.find((c) => c.isCurrent)!.id);
    const result = await inspectService(connection, { namespace: 'default', name: 'echo-cluster' }, { origins: [{ kind: 'desktop' }] });
    const answer = result.answers.find((a) => a.id === 'desktop>ingress:echo.example/');
    expect(answer, result.answers.map((a) => a.id).join(', ')).toBeDefined();
    // The controller's Service has Cluster policy: its hazard is part of the backend's answer.
    expect(result.hazards.map((h) => h.rule)).toContain('ingress-controller-cluster-policy');
    const controllerIP = (lab.objects.list(resourceByPlural('pods'), 'ingress-nginx').items()[0] as { status: { podIP: string } }).status.podIP;
    for (const [node, address] of [['node1', '198.18.0.11'], ['node2', '198.18.0.12']] as const) {
      const predicted = answer!.prediction.paths.filter((p) => p.entry?.node === node);
      expect(predicted.length, node).toBeGreaterThan(0);
      // The same path for real: this host → node:30180 (the controller's NodePort) with Host: echo.example.
      const [line] = await echoDesktopProber().run([{ host: address, port: 30180, proto: 'http', target: `${address}:30180`, label: 'x', headers: {}, hostHeader: 'echo.example' }], { repeat: 1, timeoutMs: 3000, concurrency: 1 });
      // The scenario's echo is a plain one (not SNATScope's): a 200 with its JSON body is the answer.
      expect(line!.status, JSON.stringify(line)).toBe(200);
      const seen = JSON.parse(line!.body ?? '{}') as { pod?: string; remoteAddress?: string; headers?: Record<string, string> };
      expect(seen.pod).toBe('echo');
      const peer = (seen.remoteAddress ?? '').replace(/^::ffff:/, '');
      expect(peer).toBe(controllerIP);
      expect(predicted.map((p) => p.observed.address)).toContain(peer);
      // What the controller saw, as it tells the backend: the prediction names the same address.
      expect(predicted.map((p) => p.forwarded.xForwardedFor), JSON.stringify(seen.headers)).toContain(seen.headers?.['x-forwarded-for']);
    }
  }, 60_000);
});
