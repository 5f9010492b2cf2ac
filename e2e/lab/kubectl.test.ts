// kubectl (the real binary) against the lab: get -o wide across resources, describe, logs,
// create -f, delete ns through Terminating, auth can-i.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasKubectl, KUBECTL, kubectl, startTestLab, waitFor, type TestLab } from './test-support';
import { FakeDataPlane } from './fake-data-plane';
import { resourceByPlural } from './api/resources';

const scenario = fileURLToPath(new URL('./scenarios/api-basic.yaml', import.meta.url));
if (!hasKubectl) console.warn(`kubectl tests skipped: ${KUBECTL} not found`);

describe.skipIf(!hasKubectl)('kubectl against the lab', () => {
  let lab: TestLab;
  beforeAll(async () => {
    // Pods take a moment to stop, so a deleted namespace stays Terminating long enough to see.
    lab = await startTestLab({ scenario, dataPlane: new FakeDataPlane({ stopDelayMs: 1500 }) });
    await waitFor(() => lab.objects.store.list(resourceByPlural('endpointslices'), 'shop').some((s) => (s.endpoints as unknown[] | null)?.length === 2) || undefined, 5000, 'endpoints');
  });
  afterAll(async () => lab?.stop());

  it('gets nodes, pods, services and endpointslices across namespaces, wide', async () => {
    const r = await kubectl(lab, ['get', 'nodes,pods,svc,endpointslices', '-A', '-o', 'wide']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/node\/node1\s+Ready\s+control-plane\s+\S+\s+v1\.32\.0\s+198\.18\.0\.11/);
    expect(out).toMatch(/shop\s+pod\/web-1\s+1\/1\s+Running\s+0\s+\S+\s+198\.19\.1\.\d+\s+node1/);
    expect(out).toMatch(/shop\s+pod\/web-2\s+1\/1\s+Running\s+0\s+\S+\s+198\.19\.2\.\d+\s+node2/);
    expect(out).toMatch(/shop\s+service\/web\s+NodePort\s+198\.18\.24\d\.\d+\s+<none>\s+80:30080\/TCP\s+\S+\s+app=web/);
    expect(out).toMatch(/shop\s+service\/web-lb\s+LoadBalancer\s+\S+\s+203\.0\.113\.100\s+80:\d+\/TCP/);
    expect(out).toMatch(/shop\s+endpointslice\.discovery\.k8s\.io\/web-\w{5}\s+IPv4\s+80\s+198\.19\.\d\.\d+,198\.19\.\d\.\d+/);
  });

  it('describes a pod with its events', async () => {
    const r = await kubectl(lab, ['describe', 'pod', '-n', 'shop', 'web-2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Node:\s+node2\/198\.18\.0\.12/);
    expect(r.stdout).toMatch(/Status:\s+Running/);
    expect(r.stdout).toMatch(/Node-Selectors:\s+disk=ssd/);
    expect(r.stdout).toMatch(/Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned shop\/web-2 to node2/);
    expect(r.stdout).toMatch(/Started\s+\S+\s+kubelet\s+Started container web/);
  });

  it('reads pod logs, with --tail', async () => {
    const r = await kubectl(lab, ['logs', '-n', 'shop', 'web-1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('fake kubelet: started container web (image nginx:1.27) on node1\n');
    const t = await kubectl(lab, ['logs', '-n', 'shop', 'web-1', '--tail=0']);
    expect(t.stdout).toBe('');
  });

  it('creates objects from a file and deletes a namespace through Terminating', async () => {
    const file = join(lab.runDir, 'objs.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: v1\nkind: Namespace\nmetadata: { name: tmp }',
        'apiVersion: v1\nkind: Pod\nmetadata: { name: p1, namespace: tmp, labels: { app: x } }\nspec: { containers: [{ name: c, image: busybox }] }',
        'apiVersion: v1\nkind: Service\nmetadata: { name: s1, namespace: tmp }\nspec: { selector: { app: x }, ports: [{ port: 80 }] }',
      ].join('\n---\n'),
    );
    const c = await kubectl(lab, ['create', '-f', file]);
    expect(c.stderr).toBe('');
    expect(c.stdout).toBe('namespace/tmp created\npod/p1 created\nservice/s1 created\n');
    await waitFor(async () => (await kubectl(lab, ['get', 'pod', '-n', 'tmp', 'p1', '-o', 'jsonpath={.status.phase}'])).stdout === 'Running' || undefined, 5000, 'p1 running');

    const d = await kubectl(lab, ['delete', 'ns', 'tmp', '--wait=false']);
    expect(d.stdout).toBe('namespace "tmp" deleted\n');
    const phase = await kubectl(lab, ['get', 'ns', 'tmp', '--no-headers']);
    expect(phase.stdout).toMatch(/^tmp\s+Terminating\s/);
    const pod = await kubectl(lab, ['get', 'pod', '-n', 'tmp', 'p1', '--no-headers']);
    expect(pod.stdout).toMatch(/^p1\s+1\/1\s+Terminating\s/);
    // kubectl waits until the namespace is gone.
    const w = await kubectl(lab, ['wait', '--for=delete', 'ns/tmp', '--timeout=20s']);
    expect(w.code).toBe(0);
    const gone = await kubectl(lab, ['get', 'ns', 'tmp']);
    expect(gone.stderr).toMatch(/Error from server \(NotFound\): namespaces "tmp" not found/);
  });

  it('answers auth can-i truthfully for a restricted user and shows the 403 message', async () => {
    const alice = lab.users.find((u) => u.name === 'alice')!.context;
    expect((await kubectl(lab, ['auth', 'can-i', 'list', 'pods', '-n', 'shop'], { context: alice })).stdout).toBe('yes\n');
    expect((await kubectl(lab, ['auth', 'can-i', 'create', 'pods', '-n', 'shop'], { context: alice })).stdout).toBe('no\n');
    const f = await kubectl(lab, ['get', 'pods', '-A'], { context: alice });
    expect(f.stderr).toMatch(/Error from server \(Forbidden\): pods is forbidden: User "alice" cannot list resource "pods" in API group "" at the cluster scope/);
  });
});
