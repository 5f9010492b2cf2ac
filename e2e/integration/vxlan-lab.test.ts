// A flannel-like VXLAN cluster (issue 15, item 8): the lab's VXLAN scenario carries the objects a
// real flannel cluster has (DaemonSet, kube-flannel-cfg, flannel.alpha.coreos.com/* annotations).
// SNATScope must detect flannel from them and predict the overlay address (.0 of the entry node's
// pod CIDR on flannel.1) where the kernel uses it; each case is checked against a real request
// through upstream kube-proxy. Needs root (network namespaces).
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContextsService, type Connection } from '../../src-main/core/cluster/contexts-service';
import { readServiceInventory } from '../../src-main/core/inspect/inspect';
import { predict } from '../../src-main/core/prediction';
import type { LabNetworkInfo } from '../lab/net/netns-data-plane';
import { IN_NETNS_CLIENT, httpGet } from '../lab/net/test-support';
import { startTestLab, type TestLab } from '../lab/test-support';

const ROOT = resolve(import.meta.dirname, '..', '..');
const isRoot = process.getuid?.() === 0;
if (!isRoot) console.log('[vxlan-lab] skipped: the lab data plane needs root (network namespaces)');

function seenFromNetns(netns: string, host: string, port: number): Promise<string | null> {
  return new Promise((res) => {
    execFile('ip', ['netns', 'exec', netns, process.execPath, '-e', IN_NETNS_CLIENT, host, String(port), '1500'], { encoding: 'utf8', timeout: 7000 }, (_err, stdout) => {
      const o = JSON.parse((stdout ?? '').trim().split('\n').pop() || '{}') as { kind?: string; json?: { remoteAddress?: string } };
      res(o.kind === 'ok' ? (o.json?.remoteAddress?.replace(/^::ffff:/, '') ?? null) : null);
    });
  });
}

describe.skipIf(!isRoot)('a flannel VXLAN cluster: detection and the overlay address, against the kernel', () => {
  let lab: TestLab;
  let contexts: ContextsService;
  let connection: Connection;

  beforeAll(async () => {
    lab = await startTestLab({ scenario: join(ROOT, 'e2e/lab/scenarios/seed-vxlan.yaml'), kubeProxy: { implementation: 'upstream', mode: 'iptables' } });
    await lab.settle();
    contexts = new ContextsService({ env: { KUBECONFIG: lab.kubeconfigPath }, home: lab.runDir, addedFiles: async () => [] });
    const { contexts: list } = await contexts.snapshot();
    connection = await contexts.connect(list.find((c) => c.name === lab.context)!.id);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (await httpGet('198.18.0.11', 30081, { timeoutMs: 1000 })).kind !== 'ok') await new Promise((r) => setTimeout(r, 300));
  }, 600_000);

  afterAll(async () => {
    contexts?.close();
    await lab?.stop();
  }, 120_000);

  it('detects flannel with the vxlan backend from the cluster\'s own objects', async () => {
    const inv = await readServiceInventory(connection, { namespace: 'default', name: 'echo-cluster' });
    expect(inv.cni.kind).toBe('flannel');
    expect(inv.cni.flannel?.backend).toBe('vxlan');
  });

  it('predicts what the kernel does: via node2 the overlay address 198.19.2.0, via node1 the bridge address', async () => {
    const inv = await readServiceInventory(connection, { namespace: 'default', name: 'echo-cluster' });
    const cases = [
      { node: 'node2', address: '198.18.0.12' },
      { node: 'node1', address: '198.18.0.11' },
    ];
    for (const c of cases) {
      const p = predict(inv, { kind: 'external', clientAddress: '203.0.113.1' }, { kind: 'nodePort', port: 30081, node: c.node });
      const predicted = [...new Set(p.paths.map((x) => `${x.observed.class} ${x.observed.address}`))];
      const r = await httpGet(c.address, 30081, { timeoutMs: 1500 });
      const seen = r.kind === 'ok' ? (r.json as { remoteAddress?: string }).remoteAddress?.replace(/^::ffff:/, '') : r.kind;
      expect(predicted, `via ${c.node}`).toHaveLength(1);
      expect(predicted[0]!.split(' ')[1], `via ${c.node}: predicted ${predicted[0]}, kernel ${seen}`).toBe(seen);
    }
    const viaNode2 = predict(inv, { kind: 'external', clientAddress: '203.0.113.1' }, { kind: 'nodePort', port: 30081, node: 'node2' }).paths[0]!;
    expect(viaNode2.observed).toMatchObject({ class: 'overlay', address: '198.19.2.0' });
  }, 60_000);

  it('a process on node2 reaching the ClusterIP: predicted and kernel agree', async () => {
    const inv = await readServiceInventory(connection, { namespace: 'default', name: 'echo-cluster' });
    const clusterIP = inv.service!.clusterIPs[0]!;
    const p = predict(inv, { kind: 'node', node: 'node2' }, { kind: 'clusterIP', port: 80 });
    const net = (lab.dataPlane as unknown as { describe(): LabNetworkInfo }).describe();
    const seen = await seenFromNetns(net.nodes.find((n) => n.name === 'node2')!.netns, clusterIP, 80);
    expect(p.paths.map((x) => x.observed.address)).toEqual([seen]);
  }, 60_000);
});
