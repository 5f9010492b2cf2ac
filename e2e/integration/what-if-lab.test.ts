// The what-if preview against the lab's seed scenario on the real data plane (network
// namespaces, kube-proxy rules applied by the kernel): the preview of Cluster → Local for
// default/echo-cluster names the entry nodes that will drop and those that will keep the client;
// the service is then patched for real and requests from this host to every node's NodePort
// measure exactly that. The CLI's `inspect --what-if` says the same. Needs root (netns).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContextsService } from '../../src-main/core/cluster/contexts-service';
import { memoryFileStore } from '../../src-main/core/ports/file-store';
import { createDispatcher } from '../../src-main/core/rpc/dispatcher';
import { createServices } from '../../src-main/core/services';
import { createSettingsStore } from '../../src-main/core/settings/settings-store';
import { inspectService } from '../../src-main/core/inspect/inspect';
import { echoDesktopProber } from '../../src-main/core/probe/desktop-prober';
import { previewWhatIf, type WhatIfResult } from '../../src-main/core/what-if';
import { resourceByPlural } from '../lab/api/resources';
import { startTestLab, type TestLab } from '../lab/test-support';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'out/main/cli.js');
const isRoot = process.getuid?.() === 0;
if (!isRoot) console.log('[what-if-lab] skipped: the lab data plane needs root (network namespaces, iptables)');

const NODES = [
  { node: 'node1', address: '198.18.0.11' },
  { node: 'node2', address: '198.18.0.12' },
];

/** What a request from this host to each node's NodePort sees: the echo's peer address, or 'timeout'. */
async function measure(port: number): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const n of NODES) {
    const [line] = await echoDesktopProber().run([{ host: n.address, port, proto: 'http', target: `${n.address}:${port}`, label: n.node, headers: {} }], { repeat: 1, timeoutMs: 2000, concurrency: 1 });
    if (line!.result === 'timeout') out[n.node] = 'timeout';
    else {
      const seen = (JSON.parse(line!.body ?? '{}') as { remoteAddress?: string }).remoteAddress?.replace(/^::ffff:/, '') ?? '?';
      // The seed's echo answers {"remoteAddress": …}; the client itself is this host's own source.
      out[n.node] = seen === line!.local?.ip ? 'client' : seen;
    }
  }
  return out;
}

/** The preview's desktop → NodePort outcome per entry node, in the terms measure() uses. */
function predicted(r: WhatIfResult, side: 'before' | 'after'): Record<string, string> {
  const a = r[side].find((x) => x.id.startsWith('desktop>nodePort:'))!;
  const out: Record<string, string> = {};
  for (const g of a.prediction.groups) out[g.entryNode!] = g.verdict === 'dropped' ? 'timeout' : g.verdict === 'preserved' ? 'client' : (g.observedAddress ?? '?');
  return out;
}

describe.skipIf(!isRoot)('what-if on the lab seed scenario', () => {
  let lab: TestLab;
  let contexts: ContextsService;
  beforeAll(async () => {
    lab = await startTestLab({ scenario: join(ROOT, 'e2e/lab/scenarios/seed.yaml') });
    await lab.settle();
    contexts = new ContextsService({ env: { KUBECONFIG: lab.kubeconfigPath }, home: lab.runDir, addedFiles: async () => [] });
    const slices = resourceByPlural('endpointslices');
    const ready = () =>
      lab.objects
        .list(slices, 'default')
        .items()
        .filter((sl) => ((sl as { endpoints?: { conditions?: { ready?: boolean } }[] }).endpoints ?? []).some((e) => e.conditions?.ready)).length;
    const deadline = Date.now() + 60_000;
    while (ready() < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    // Generous: the data plane waits for other lab runs on this host (host lock).
  }, 600_000);
  afterAll(async () => {
    contexts?.close();
    await lab?.stop();
  }, 120_000);

  it('Cluster → Local: the preview predicts exactly what requests measure once the service is patched', async () => {
    const { contexts: list } = await contexts.snapshot();
    const connection = await contexts.connect(list.find((c) => c.isCurrent)!.id);
    const ref = { namespace: 'default', name: 'echo-cluster' };
    const port = 30081;
    const inspected = await inspectService(connection, ref, { origins: [{ kind: 'desktop' }] });
    const r = previewWhatIf(inspected.inventory, { changes: [{ key: 'etp', value: 'Local' }] }, { origins: [{ kind: 'desktop' }] });
    if (!r.ok) throw new Error(r.error.code);
    const preview = r.result;
    // Reading the cluster and previewing changed nothing in it.
    expect((lab.objects.get(resourceByPlural('services'), 'default', 'echo-cluster') as { spec: { externalTrafficPolicy?: string } }).spec.externalTrafficPolicy ?? 'Cluster').toBe('Cluster');

    // Before: the preview's "before" side is what the kernel does now.
    expect(predicted(preview, 'before')).toEqual({ node1: '198.19.1.1', node2: '198.18.0.12' });
    expect(await measure(port)).toEqual(predicted(preview, 'before'));
    expect(preview.diff.startsDropping.map((d) => d.node)).toEqual(['node2']);
    expect(predicted(preview, 'after')).toEqual({ node1: 'client', node2: 'timeout' });

    // The change for real.
    lab.objects.patch(resourceByPlural('services'), 'default', 'echo-cluster', 'application/merge-patch+json', { spec: { externalTrafficPolicy: 'Local' } });
    await lab.settle();
    const after = await measure(port);
    expect(after).toEqual(predicted(preview, 'after'));
    // Exactly the nodes the preview said would start dropping time out now.
    expect(Object.keys(after).filter((n) => after[n] === 'timeout')).toEqual(preview.diff.startsDropping.map((d) => d.node));
    // And inspect, reading the patched service, predicts what the preview predicted.
    const reinspected = await inspectService(connection, ref, { origins: [{ kind: 'desktop' }] });
    const now = reinspected.answers.find((a) => a.id.startsWith('desktop>nodePort:'))!;
    const previewed = preview.after.find((a) => a.id === now.id)!;
    expect(now.prediction.groups.map((g) => [g.entryNode, g.verdict, g.observedAddress])).toEqual(previewed.prediction.groups.map((g) => [g.entryNode, g.verdict, g.observedAddress]));

    lab.objects.patch(resourceByPlural('services'), 'default', 'echo-cluster', 'application/merge-patch+json', { spec: { externalTrafficPolicy: 'Cluster' } });
    await lab.settle();
    expect(await measure(port)).toEqual(predicted(preview, 'before'));
  }, 90_000);

  it('the app’s inspect.whatIf: main validates the changes, previews them and explains refusals in both languages', async () => {
    const services = createServices({
      runtime: { name: 'SNATScope', version: 'test', mode: 'browser', platform: 'linux', arch: 'x64', versions: { node: process.versions.node } },
      settings: createSettingsStore({ files: memoryFileStore(), path: '/settings.json' }),
      env: { KUBECONFIG: lab.kubeconfigPath },
      home: lab.runDir,
      watch: null,
    });
    try {
      const dispatcher = createDispatcher(services.handlers);
      const { contexts: list } = await services.contexts.snapshot();
      const contextId = list.find((c) => c.isCurrent)!.id;
      const ref = { contextId, namespace: 'default', name: 'echo-cluster' };
      const ok = await dispatcher.dispatch('inspect.whatIf', { ...ref, changes: [{ key: 'etp', value: 'Local' }] });
      if (!ok.ok) throw new Error(ok.error.message);
      expect((ok.result as WhatIfResult).diff.startsDropping.map((d) => d.node)).toEqual(['node2']);
      // A change the contract does not know never reaches the handler.
      const invalid = await dispatcher.dispatch('inspect.whatIf', { ...ref, changes: [{ key: 'etpp', value: 'Local' }] });
      expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
      const refused = await dispatcher.dispatch('inspect.whatIf', { ...ref, changes: [{ key: 'lb-proxy', value: 'v2' }] });
      expect(refused).toMatchObject({ ok: false, error: { code: 'what-if.notLoadBalancer', message: expect.stringContaining('is type NodePort') as string } });
      if (!refused.ok) expect(refused.error.localized?.['zh-CN']?.message).toContain('的类型为 NodePort');
    } finally {
      await services.dispose();
    }
  }, 60_000);

  it.skipIf(!existsSync(CLI))('`snatscope inspect --what-if etp=Local` names node2 as the node that will drop, and changes nothing', async () => {
    const env = { ...process.env, KUBECONFIG: lab.kubeconfigPath };
    const run = (args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
        // Not spawnSync: the lab API runs in this process and must keep answering.
        const c = spawn(process.execPath, [CLI, ...args], { env });
        let stdout = '';
        let stderr = '';
        c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        c.on('exit', (status) => done({ status, stdout, stderr }));
      });
    const json = await run(['inspect', 'default/echo-cluster', '--what-if', 'etp=Local', '--json']);
    expect(json.status, json.stderr).toBe(1); // drops after the change
    const doc = JSON.parse(json.stdout) as { kind: string; diff: { startsDropping: { node: string }[] } };
    expect(doc.kind).toBe('snatscope.whatIf');
    expect(doc.diff.startsDropping.map((d) => d.node)).toEqual(['node2']);
    const zh = await run(['--lang', 'zh-CN', 'inspect', 'default/echo-cluster', '--what-if', 'etp=Local', '--brief']);
    expect(zh.stdout).toContain('将开始丢弃流量的入口节点：');
    expect(zh.stdout).toMatch(/node2 — 涉及 \d 个问题/);
    const bad = await run(['inspect', 'default/echo-cluster', '--what-if', 'etp=Sometimes']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('error: --what-if: etp="Sometimes": expected Cluster | Local\n');
    const wrongKind = await run(['inspect', 'default/echo-cluster', '--what-if', 'lb-proxy=v2']);
    expect(wrongKind.status).toBe(2);
    expect(wrongKind.stderr).toContain('is type NodePort: lb-proxy needs a LoadBalancer service');
    expect((lab.objects.get(resourceByPlural('services'), 'default', 'echo-cluster') as { spec: { externalTrafficPolicy?: string } }).spec.externalTrafficPolicy ?? 'Cluster').toBe('Cluster');
  }, 60_000);
});
