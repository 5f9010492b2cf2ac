// Upstream kube-proxy in the lab's nodes, in iptables and nftables mode (needs root): the seed
// scenario's packets, the rules the kernel holds are upstream's, health checks come from
// kube-proxy, a ConfigMap change restarts it, and nothing of it survives the lab.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceByPlural } from '../api/resources';
import type { Obj } from '../api/store';
import type { LabNetworkInfo } from '../net/netns-data-plane';
import { findLeftovers } from '../net/sweep';
import { httpGet, type HttpOutcome } from '../net/test-support';
import { startTestLab, type TestLab } from '../test-support';

const isRoot = process.getuid?.() === 0;
if (!isRoot) console.log('[upstream kube-proxy] skipped: needs root for network namespaces');

const SEED = fileURLToPath(new URL('../scenarios/seed.yaml', import.meta.url));
const NODE1 = '198.18.0.11';
const NODE2 = '198.18.0.12';
const sh = (argv: string[]) => execFileSync(argv[0] as string, argv.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

async function until(what: string, fn: () => Promise<HttpOutcome>, ok: (o: HttpOutcome) => boolean, timeoutMs = 30_000): Promise<HttpOutcome> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await fn();
    if (ok(r)) return r;
    if (Date.now() > deadline) throw new Error(`${what}: ${JSON.stringify(r)}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}
const is200 = (o: HttpOutcome) => o.kind === 'ok' && o.status === 200;

describe.skipIf(!isRoot).each(['iptables', 'nftables'] as const)('upstream kube-proxy, %s mode', (mode) => {
  let lab: TestLab;
  let net: LabNetworkInfo;
  const describeNet = () => (lab.dataPlane as unknown as { describe(): LabNetworkInfo }).describe();

  beforeAll(async () => {
    lab = await startTestLab({ scenario: SEED, kubeProxy: { implementation: 'upstream', mode } });
    net = describeNet();
  }, 600_000);
  afterAll(async () => {
    const prefix = lab?.prefix;
    const runDir = lab?.runDir;
    await lab?.stop();
    if (prefix) expect(findLeftovers({ prefix, stateDirs: [runDir] })).toEqual({ netns: [], links: [], dirs: [], pids: [] });
  }, 60_000);

  it('runs kube-proxy in every node, configured from the ConfigMap', () => {
    expect(net.kubeProxy.implementation).toBe('upstream');
    expect(net.kubeProxy.nodes.map((n) => [n.node, n.running, n.mode])).toEqual([
      ['node1', true, mode],
      ['node2', true, mode],
    ]);
    for (const n of net.kubeProxy.nodes) {
      // the process lives in the node's network namespace
      const pids = sh(['ip', 'netns', 'pids', net.nodes.find((x) => x.name === n.node)!.netns]).split(/\s+/);
      expect(pids).toContain(String(n.pid));
      expect(sh(['cat', `/proc/${n.pid}/cmdline`]).split('\0')).toContain(`--hostname-override=${n.node}`);
    }
  });

  it('the kernel holds upstream\'s rules for the mode', () => {
    const node1 = net.nodes[0]!.netns;
    const ipt = sh(['ip', 'netns', 'exec', node1, 'iptables-save']);
    const nft = sh(['ip', 'netns', 'exec', node1, 'nft', 'list', 'ruleset']);
    if (mode === 'iptables') {
      expect(ipt).toMatch(/-A KUBE-SERVICES -d 198\.18\.240\.\d+\/32 -p tcp -m comment --comment "default\/frontend:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-/);
      expect(ipt).toContain('-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully');
      expect(nft).not.toContain('table ip kube-proxy');
    } else {
      expect(nft).toContain('table ip kube-proxy');
      expect(nft).toMatch(/chain service-[A-Z0-9]+-default\/frontend\/tcp\/http \{/);
      expect(nft).toMatch(/set nodeport-ips \{[^}]*elements = \{ 198\.18\.0\.11 \}/s);
      expect(ipt).not.toContain('KUBE-SERVICES');
    }
  });

  it('the seed\'s source addresses: SNAT to node2, to node1\'s bridge gateway, Local preserved and dropped', async () => {
    expect(((await until('frontend via node1', () => httpGet(NODE1, 30080), is200)) as { body: string }).body).toBe('remote_addr=198.19.1.1 x_forwarded_for=\n');
    expect(((await until('frontend via node2', () => httpGet(NODE2, 30080), is200)) as { body: string }).body).toBe('remote_addr=198.18.0.12 x_forwarded_for=\n');
    expect((await until('echo Local via node1', () => httpGet(NODE1, 30082), is200)) as object).toMatchObject({ json: { pod: 'echo', remoteAddress: '203.0.113.1' } });
    expect((await httpGet(NODE2, 30082, { timeoutMs: 1500 })).kind).toBe('timeout');
    expect(((await until('public relay', () => httpGet('203.0.113.10', 80), is200)) as { body: string }).body).toBe('remote_addr=198.19.1.1 x_forwarded_for=203.0.113.1\n');
  });

  it('healthCheckNodePort answers come from kube-proxy: 200 where the endpoint runs, 503 elsewhere', async () => {
    const svc = lab.objects.create(resourceByPlural('services'), 'default', {
      metadata: { name: 'echo-lb' },
      spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', selector: { app: 'echo' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    } as Obj);
    try {
      await lab.settle();
      const port = (svc as { spec: { healthCheckNodePort: number } }).spec.healthCheckNodePort;
      expect(port).toBeGreaterThanOrEqual(30000);
      const ok = await until('health check node1', () => httpGet(NODE1, port), is200);
      expect(ok).toMatchObject({ status: 200, json: { service: { namespace: 'default', name: 'echo-lb' }, localEndpoints: 1, serviceProxyHealthy: true } });
      expect(await httpGet(NODE2, port)).toMatchObject({ kind: 'ok', status: 503, json: { localEndpoints: 0 } });
      // kube-proxy's own /healthz
      expect(await httpGet(NODE2, 10256, { path: '/healthz' })).toMatchObject({ kind: 'ok', status: 200, json: { healthy: true } });
    } finally {
      lab.objects.delete(resourceByPlural('services'), 'default', 'echo-lb');
      await lab.settle();
    }
  });

  it('a changed ConfigMap restarts kube-proxy with it (nodePortAddresses: [primary] closes NodePorts on other addresses)', async () => {
    const cms = resourceByPlural('configmaps');
    const before = describeNet().kubeProxy.nodes.map((n) => n.pid);
    const cm = lab.objects.get(cms, 'kube-system', 'kube-proxy') as Obj & { data: Record<string, string> };
    const original = cm.data['config.conf']!;
    lab.objects.update(cms, 'kube-system', 'kube-proxy', { ...cm, data: { 'config.conf': `${original}nodePortAddresses: [primary]\n` } } as Obj);
    try {
      await lab.settle();
      const after = describeNet().kubeProxy.nodes;
      expect(after.every((n) => n.running && !before.includes(n.pid))).toBe(true);
      expect(after[0]!.config).toContain('nodePortAddresses=primary');
      // NodePorts now only on the node's primary address: the pod gateway address stops answering
      const gw = await httpGet('198.19.1.1', 30080, { timeoutMs: 1500 });
      expect(gw.kind === 'refused' || gw.kind === 'timeout' || (gw.kind === 'ok' && gw.status !== 200)).toBe(true);
      expect(is200(await httpGet(NODE1, 30080))).toBe(true);
    } finally {
      const now = lab.objects.get(cms, 'kube-system', 'kube-proxy') as Obj;
      lab.objects.update(cms, 'kube-system', 'kube-proxy', { ...now, data: { 'config.conf': original } } as Obj);
      await lab.settle();
    }
  });
});
