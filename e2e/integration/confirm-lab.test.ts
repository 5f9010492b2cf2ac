// Issue 17 item 3, against the lab's API: a probe planned through the services does not run
// unless main's confirmation says yes, and the question names what would run where.
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceByPlural } from '../lab/api/resources';
import { startTestLab, type TestLab } from '../lab/test-support';
import { memoryFileStore } from '../../src-main/core/ports/file-store';
import { DEFAULT_IMAGE } from '../../src-main/core/probe/plan';
import { createDispatcher } from '../../src-main/core/rpc/dispatcher';
import type { ConfirmRequest } from '../../src-main/core/security/confirm';
import { createServices, type Services } from '../../src-main/core/services';
import { createSettingsStore } from '../../src-main/core/settings/settings-store';
import { ECHO_SOURCE } from '../../src-main/host/echo-source';

const ROOT = resolve(import.meta.dirname, '..', '..');

describe('probe.run needs main’s confirmation', () => {
  let lab: TestLab;
  let services: Services;
  const asked: ConfirmRequest[] = [];
  beforeAll(async () => {
    lab = await startTestLab({ scenario: join(ROOT, 'e2e/lab/scenarios/seed.yaml'), apiOnly: true });
    services = createServices({
      runtime: { name: 'SNATScope', version: 'test', mode: 'browser', platform: 'linux', arch: 'x64', versions: { node: process.versions.node } },
      settings: createSettingsStore({ files: memoryFileStore(), path: '/s.json' }),
      env: { KUBECONFIG: lab.kubeconfigPath },
      home: lab.stateDir,
      watch: null,
      echoSource: ECHO_SOURCE,
      confirm: async (request) => (asked.push(request), false),
    });
  }, 120_000);
  afterAll(async () => {
    await services?.dispose();
    await lab?.stop();
  }, 120_000);

  it('is refused when the user does not confirm, and nothing is created', async () => {
    const call = createDispatcher(services.handlers).dispatch as (name: string, params: unknown) => Promise<{ ok: boolean; result?: any; error?: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const list = await call('contexts.list', {});
    const admin = list.result.contexts.find((c: { name: string; user: string }) => /admin/.test(c.user) || /admin/.test(c.name)) ?? list.result.contexts[0];
    const plan = await call('probe.plan', { contextId: admin.id, target: { kind: 'matrix' } });
    expect(plan.ok, JSON.stringify(plan.error)).toBe(true);
    const run = await call('probe.run', { runId: plan.result.runId });
    expect(run).toMatchObject({ ok: false, error: { code: 'confirm.declined', message: expect.stringMatching(/probe was not started/) } });
    expect(asked).toEqual([{ kind: 'probe.run', context: admin.name, namespace: `snatscope-${plan.result.runId}`, image: DEFAULT_IMAGE, nodes: expect.any(Number), services: expect.arrayContaining([expect.stringMatching(/^echo-cluster \(NodePort\)$/)]) }]);
    const namespaces = lab.objects.list(resourceByPlural('namespaces'), undefined).items().map((ns) => (ns as { metadata: { name: string } }).metadata.name);
    expect(namespaces.filter((n) => n.startsWith('snatscope-'))).toEqual([]);
  }, 60_000);
});
