// The whole cluster read (inspect, the scan's parallel lists) through the proxies a kubeconfig
// names, against the lab API: SOCKS5 and HTTP CONNECT proxy-url (issue 16 §3: with
// socks-proxy-agent the 17th parallel request was never sent and scans failed after 30 s).
// The proxies are local test proxies that only connect to loopback.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContextsService } from '../../src-main/core/cluster/contexts-service';
import { connectProxy, socks5Proxy, type Listening, type ProxyStats } from '../../src-main/core/cluster/test-support/local-servers';
import { inspectService, readClusterInventory } from '../../src-main/core/inspect/inspect';
import { scanHazards } from '../../src-main/core/scan/scan';
import { startTestLab, type TestLab } from '../lab/test-support';

let lab: TestLab;
const proxies: (Listening & { stats: ProxyStats })[] = [];

beforeAll(async () => {
  lab = await startTestLab({ scenario: 'e2e/lab/scenarios/api-basic.yaml' });
  proxies.push(await socks5Proxy(), await connectProxy());
}, 60_000);

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  await lab?.stop();
});

function withProxy(proxyUrl: string, name: string): string {
  const doc = parse(readFileSync(lab.kubeconfigPath, 'utf8')) as { clusters: { cluster: Record<string, unknown> }[] };
  for (const c of doc.clusters) c.cluster['proxy-url'] = proxyUrl;
  const file = join(lab.runDir, `kubeconfig-${name}`);
  writeFileSync(file, stringify(doc), { mode: 0o600 });
  return file;
}

describe('cluster reads through a proxy', () => {
  for (const kind of ['socks5', 'connect'] as const) {
    it(`${kind}: scan and inspect complete, over at most 16 tunnels`, { timeout: 30_000 }, async () => {
      const proxy = proxies[kind === 'socks5' ? 0 : 1]!;
      const url = kind === 'socks5' ? `socks5://127.0.0.1:${proxy.port}` : proxy.url;
      const contexts = new ContextsService({ env: {}, home: lab.runDir, addedFiles: async () => [], onlyFile: withProxy(url, kind), proxyEnv: {} });
      try {
        const { contexts: list } = await contexts.snapshot();
        const admin = list.find((c) => c.name === lab.users.find((u) => u.name === 'admin')!.context)!;
        const connection = await contexts.connect(admin.id);
        const started = Date.now();
        // Many reads at once, more than the 16-connection pool.
        const [inventory, ...inspected] = await Promise.all([readClusterInventory(connection), ...Array.from({ length: 20 }, () => inspectService(connection, { namespace: 'shop', name: 'web' }))]);
        expect(scanHazards(inventory).some((h) => h.rule === 'cluster-policy' && h.service?.name === 'web')).toBe(true);
        expect(inspected.every((r) => r.inventory.service?.name === 'web')).toBe(true);
        expect(Date.now() - started).toBeLessThan(20_000);
        expect(proxy.stats.tunnels).toBeGreaterThan(0);
        expect(proxy.stats.tunnels).toBeLessThanOrEqual(16);
      } finally {
        contexts.close();
      }
    });
  }
});
