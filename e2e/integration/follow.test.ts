// Keeping an open view current (issue 5 §2): watches on the service, its EndpointSlices and its
// pods drive fresh predictions; cut watches and a compacted history (410 Gone) do not stop it.
// Also: kubeconfig files are watched, and proxy-url is honoured through a real CONNECT proxy.
import { createServer as createHttpServer, type Server } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContextsService } from '../../src-main/core/cluster/contexts-service';
import { watchFiles } from '../../src-main/core/cluster/file-watcher';
import { followService } from '../../src-main/core/inspect/follow';
import type { InspectResult } from '../../src-main/core/inspect/types';
import { systemClock } from '../../src-main/core/ports/clock';
import { startTestLab, type TestLab } from '../lab/test-support';

const ROOT = resolve(import.meta.dirname, '..', '..');
let lab: TestLab;
let contexts: ContextsService;

beforeAll(async () => {
  lab = await startTestLab({ scenario: join(ROOT, 'e2e/lab/scenarios/seed-api.yaml') });
  await lab.settle();
  contexts = new ContextsService({ env: { KUBECONFIG: lab.kubeconfigPath }, home: lab.runDir, addedFiles: async () => [], watch: watchFiles });
}, 60_000);

afterAll(async () => {
  contexts?.close();
  await lab?.stop();
});

const until = async <T>(get: () => T | undefined, ms: number, what: string): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('live view of one service', () => {
  it('new endpoints show up in fresh predictions, also after cut watches and 410 Gone', async () => {
    const { contexts: list } = await contexts.snapshot();
    const connection = await contexts.connect(list.find((c) => c.isCurrent)!.id);
    const results: InspectResult[] = [];
    const errors: unknown[] = [];
    const stop = followService(connection, { namespace: 'default', name: 'frontend' }, { clock: systemClock, onResult: (r) => results.push(r), onError: (e) => errors.push(e), debounceMs: 50 });
    try {
      const first = await until(() => results[0], 10_000, 'the first result');
      expect(first.inventory.endpoints.map((e) => e.nodeName)).toEqual(['node1']);
      // Created through the API, as a user or a controller would.
      const addPod = (name: string, node: string) =>
        connection.client.request({ method: 'POST', path: '/api/v1/namespaces/default/pods', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'frontend' } }, spec: { nodeName: node, containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 80 }] }] } } });
      await addPod('frontend-2', 'node2');
      const second = await until(() => results.find((r) => r.inventory.endpoints.some((e) => e.nodeName === 'node2')), 10_000, 'the node2 endpoint');
      // With an endpoint on node2, Local-policy traffic via node2 would now be delivered: the model follows.
      expect(second.answers.length).toBeGreaterThan(0);

      // Cut every watch, compact the history (the next watch from an old resourceVersion gets 410).
      lab.closeWatches();
      lab.compactWatchHistory();
      const before = results.length;
      await addPod('frontend-3', 'node2');
      await until(() => results.slice(before).find((r) => r.inventory.endpoints.length === 3), 15_000, 'the third endpoint after the watches were cut');
      expect(errors).toEqual([]);
    } finally {
      stop();
    }
  }, 60_000);
});

describe('kubeconfig files are watched', () => {
  it('a context added to the file appears without restarting', async () => {
    const file = join(lab.runDir, 'kubeconfig-watched');
    writeFileSync(file, readFileSync(lab.kubeconfigPath, 'utf8'));
    const svc = new ContextsService({ env: { KUBECONFIG: file }, home: lab.runDir, addedFiles: async () => [], watch: watchFiles, onChange: () => changes++ });
    let changes = 0;
    expect((await svc.snapshot()).contexts.map((c) => c.name)).not.toContain('added-later');
    // Written the way editors and `kubectl config` do: a new file renamed over the old one.
    writeFileSync(`${file}.tmp`, readFileSync(file, 'utf8').replace(/^contexts:\n/m, 'contexts:\n  - name: added-later\n    context: {cluster: nowhere, user: nobody}\n'));
    (await import('node:fs')).renameSync(`${file}.tmp`, file);
    await until(() => (changes > 0 ? true : undefined), 5_000, 'the file change');
    expect((await svc.snapshot()).contexts.map((c) => c.name)).toContain('added-later');
    svc.close();
  }, 20_000);
});

describe('proxy-url', () => {
  let proxy: Server;
  let tunnels = 0;
  beforeAll(async () => {
    // A minimal HTTP CONNECT proxy on 127.0.0.1 that only tunnels to the lab's API server.
    const target = new URL(lab.server);
    proxy = createHttpServer();
    proxy.on('connect', (req, client, head) => {
      if (req.url !== `${target.hostname}:${target.port}`) {
        client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      tunnels++;
      const upstream = netConnect(Number(target.port), target.hostname, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => proxy.close(() => r())));

  it('requests go through the cluster’s proxy-url', async () => {
    const port = (proxy.address() as AddressInfo).port;
    const file = join(lab.runDir, 'kubeconfig-proxy');
    writeFileSync(file, readFileSync(lab.kubeconfigPath, 'utf8').replace(/^( *)(server: \S+)/gm, `$1$2\n$1proxy-url: http://127.0.0.1:${port}`));
    const svc = new ContextsService({ env: { KUBECONFIG: file }, home: lab.runDir, addedFiles: async () => [] });
    const { contexts: list } = await svc.snapshot();
    const ctx = list.find((c) => c.isCurrent)!;
    expect(ctx.auth.proxyUrl).toBe(true);
    const result = await svc.test(ctx.id);
    svc.close();
    expect(result).toMatchObject({ ok: true });
    expect(tunnels).toBeGreaterThan(0);
  });
});
