// @kubernetes/client-node against the lab: paginated lists with selectors, create/get/delete
// with real Status errors, watches (bookmarks, 410 Gone) and an informer recovering from 410,
// pod logs with follow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:https';
import { ApiException, CoreV1Api, KubeConfig, makeInformer, Watch, type V1Pod } from '@kubernetes/client-node';
import { startTestLab, waitFor, type TestLab } from './test-support';
import { FakeDataPlane } from './fake-data-plane';
import type { KObject, PodStatusSink } from './data-plane';
import { resourceByPlural } from './api/resources';

class CapturingDataPlane extends FakeDataPlane {
  readonly sinks = new Map<string, PodStatusSink>();
  override async runPod(pod: KObject, status: PodStatusSink): Promise<void> {
    this.sinks.set(pod.metadata.name, status);
    return super.runPod(pod, status);
  }
}

function statusOf(e: unknown): { code: number; reason?: string; message?: string; kind?: string } {
  expect(e).toBeInstanceOf(ApiException);
  const body = (e as ApiException<unknown>).body;
  return typeof body === 'string' ? JSON.parse(body) : (body as never);
}

const pod = (name: string, labels: Record<string, string>, extra: Partial<V1Pod['spec']> = {}): V1Pod => ({ metadata: { name, labels }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], ...extra } });

describe('client-node against the lab', () => {
  let lab: TestLab;
  let kc: KubeConfig;
  let api: CoreV1Api;
  const dp = new CapturingDataPlane();

  beforeAll(async () => {
    lab = await startTestLab({
      dataPlane: dp,
      scenario: {
        api: { bookmarkIntervalSeconds: 0.2 },
        nodes: [
          { name: 'node1', internalIP: '198.18.0.11', podCIDR: '198.19.1.0/24' },
          { name: 'node2', internalIP: '198.18.0.12', podCIDR: '198.19.2.0/24' },
        ],
        objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app' } }],
      },
    });
    kc = new KubeConfig();
    kc.loadFromFile(lab.kubeconfigPath);
    api = kc.makeApiClient(CoreV1Api);
    for (let i = 0; i < 7; i++) await api.createNamespacedPod({ namespace: 'app', body: pod(`p${i}`, { app: 'demo', tier: i % 2 ? 'a' : 'b' }, i < 3 ? { nodeName: 'node1' } : {}) });
    await waitFor(async () => (await api.listNamespacedPod({ namespace: 'app', fieldSelector: 'status.phase=Running' })).items.length === 7 || undefined, 5000, 'pods running');
  });
  afterAll(async () => lab?.stop());

  it('lists with limit/continue, stable resourceVersion, and selectors', async () => {
    const first = await api.listNamespacedPod({ namespace: 'app', limit: 3 });
    expect(first.items.map((p) => p.metadata?.name)).toEqual(['p0', 'p1', 'p2']);
    expect(first.metadata?.remainingItemCount).toBe(4);
    expect(first.metadata?._continue).toBeTruthy();
    const names = [...first.items.map((p) => p.metadata!.name!)];
    let cont = first.metadata?._continue;
    while (cont) {
      const page = await api.listNamespacedPod({ namespace: 'app', limit: 3, _continue: cont });
      expect(page.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
      names.push(...page.items.map((p) => p.metadata!.name!));
      cont = page.metadata?._continue;
    }
    expect(names).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    expect((await api.listNamespacedPod({ namespace: 'app', labelSelector: 'tier in (a),app=demo' })).items.map((p) => p.metadata?.name)).toEqual(['p1', 'p3', 'p5']);
    expect((await api.listNamespacedPod({ namespace: 'app', labelSelector: '!tier' })).items).toEqual([]);
    const onNode1 = (await api.listNamespacedPod({ namespace: 'app', fieldSelector: 'spec.nodeName=node1' })).items;
    expect(onNode1.map((p) => p.metadata?.name)).toEqual(expect.arrayContaining(['p0', 'p1', 'p2']));
    expect(onNode1.every((p) => p.spec?.nodeName === 'node1')).toBe(true);
    const notNode1 = (await api.listNamespacedPod({ namespace: 'app', fieldSelector: 'spec.nodeName!=node1' })).items;
    expect(onNode1.length + notNode1.length).toBe(7);
    const all = await api.listPodForAllNamespaces({ fieldSelector: 'metadata.namespace=app', limit: 100 });
    expect(all.items).toHaveLength(7);
    expect(all.items[0]!.status?.podIP).toMatch(/^198\.19\.[12]\.\d+$/);
  });

  it('creates, conflicts, gets, and deletes with graceful termination', async () => {
    const created = await api.createNamespacedPod({ namespace: 'app', body: { metadata: { generateName: 'gen-' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } });
    const name = created.metadata!.name!;
    expect(name).toMatch(/^gen-[a-z0-9]{5}$/);
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);

    try {
      await api.createNamespacedPod({ namespace: 'app', body: pod('p0', {}) });
      expect.unreachable();
    } catch (e) {
      expect(statusOf(e)).toMatchObject({ kind: 'Status', code: 409, reason: 'AlreadyExists', message: 'pods "p0" already exists' });
    }
    try {
      await api.readNamespacedPod({ namespace: 'app', name: 'nope' });
      expect.unreachable();
    } catch (e) {
      expect(statusOf(e)).toMatchObject({ code: 404, reason: 'NotFound', message: 'pods "nope" not found' });
    }
    await waitFor(async () => (await api.readNamespacedPod({ namespace: 'app', name })).status?.phase === 'Running' || undefined, 5000, 'gen pod running');
    const deleting = await api.deleteNamespacedPod({ namespace: 'app', name });
    expect(deleting.metadata?.deletionTimestamp).toBeTruthy();
    expect(deleting.metadata?.deletionGracePeriodSeconds).toBe(30);
    await waitFor(async () => {
      try {
        await api.readNamespacedPod({ namespace: 'app', name });
        return undefined;
      } catch (e) {
        return statusOf(e).code === 404 || undefined;
      }
    }, 5000, 'pod gone');
  });

  it('watches from a resourceVersion, sends bookmarks, and reports 410 for a compacted one', async () => {
    const list = await api.listNamespacedPod({ namespace: 'app' });
    const rv = list.metadata!.resourceVersion!;
    const events: [string, KObject][] = [];
    const w = new Watch(kc);
    const ctl = await w.watch('/api/v1/namespaces/app/pods', { resourceVersion: rv, allowWatchBookmarks: true }, (type, obj) => events.push([type, obj]), () => {});
    await api.createNamespacedPod({ namespace: 'app', body: pod('watched', { app: 'other' }) });
    await waitFor(() => events.some(([t, o]) => t === 'ADDED' && o.metadata.name === 'watched') || undefined, 3000, 'ADDED');
    await waitFor(() => events.some(([t]) => t === 'BOOKMARK') || undefined, 3000, 'BOOKMARK');
    const added = events.find(([t]) => t === 'ADDED')![1];
    expect(added.kind).toBe('Pod');
    expect(Number(added.metadata.resourceVersion)).toBeGreaterThan(Number(rv));
    ctl.abort();

    lab.compactWatchHistory();
    const errs: KObject[] = [];
    let doneErr: unknown = 'not called';
    await w.watch('/api/v1/namespaces/app/pods', { resourceVersion: rv }, (type, obj) => type === 'ERROR' && errs.push(obj), (e) => (doneErr = e));
    await waitFor(() => doneErr !== 'not called' || undefined, 3000, 'watch end');
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
    expect(String((errs[0] as { message?: string }).message)).toMatch(/^too old resource version: \d+ \(\d+\)$/);
  });

  it('keeps an informer in sync across a 410 Gone', async () => {
    const seen = new Set<string>();
    const informer = makeInformer(kc, '/api/v1/namespaces/app/pods', () => api.listNamespacedPod({ namespace: 'app' }));
    informer.on('add', (p: V1Pod) => seen.add(p.metadata!.name!));
    await informer.start();
    try {
      await waitFor(() => seen.has('p0') || undefined, 3000, 'initial list');
      const mark = lab.requests.mark();
      // End the informer's watch, then change and compact the history before it resumes: its
      // resourceVersion is now too old, so the resumed watch gets 410 and it must re-list.
      lab.closeWatches();
      lab.objects.create(resourceByPlural('pods'), 'app', pod('after-410', {}) as unknown as KObject);
      lab.compactWatchHistory();
      await waitFor(() => seen.has('after-410') || undefined, 5000, 'informer saw the new pod');
      const reqs = lab.requests.entries(mark).filter((r) => r.path === '/api/v1/namespaces/app/pods' && r.method === 'GET');
      // The resumed watch (answered by a 410 ERROR event) and the fresh list; the new watch is still open.
      expect(reqs.map((r) => (r.watch ? 'watch' : 'list'))).toEqual(['watch', 'list']);
      await api.createNamespacedPod({ namespace: 'app', body: pod('after-relist', {}) });
      await waitFor(() => seen.has('after-relist') || undefined, 5000, 'informer watching again');
    } finally {
      await informer.stop();
    }
  });

  it('streams pod logs with follow and tailLines', async () => {
    const sink = dp.sinks.get('p0')!;
    sink.log('c', 'line two\nline three\n');
    expect(await api.readNamespacedPodLog({ namespace: 'app', name: 'p0', tailLines: 2 })).toBe('line two\nline three\n');
    const received: string[] = [];
    const req = request(`${lab.server}/api/v1/namespaces/app/pods/p0/log?follow=true&tailLines=1`, { ca: lab.caPem, headers: { Authorization: `Bearer ${lab.users[0]!.token}` } }, (res) => {
      res.on('data', (d: Buffer) => received.push(d.toString()));
    });
    req.end();
    try {
      await waitFor(() => received.join('') === 'line three\n' || undefined, 3000, 'tail');
      sink.log('c', 'line four\n');
      await waitFor(() => received.join('') === 'line three\nline four\n' || undefined, 3000, 'followed line');
    } finally {
      req.destroy();
    }
  });
});
