// The controllers working together in a lab: EndpointSlices follow services and pod readiness,
// the data plane is told about service changes, unschedulable pods explain why, Pod Security
// rejects, LoadBalancers get pool addresses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLab, waitFor, type TestLab } from '../test-support';
import { FakeDataPlane, FAKE_READY_ANNOTATION } from '../fake-data-plane';
import { resourceByPlural } from '../api/resources';
import type { Obj } from '../api/store';
import type { ApiError } from '../api/status';

const pods = resourceByPlural('pods');
const services = resourceByPlural('services');
const slices = resourceByPlural('endpointslices');
const events = resourceByPlural('events');

describe('controllers', () => {
  let lab: TestLab;
  const dp = new FakeDataPlane();
  const slicesOf = (svc: string) => lab.objects.store.list(slices, 'default').filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc);

  beforeAll(async () => {
    lab = await startTestLab({
      dataPlane: dp,
      scenario: {
        nodes: [
          { name: 'node1', internalIP: '198.18.0.11', podCIDR: '198.19.1.0/24', zone: 'zone-a' },
          { name: 'node2', internalIP: '198.18.0.12', podCIDR: '198.19.2.0/24', taints: [{ key: 'gpu', effect: 'NoSchedule' }] },
        ],
        loadBalancer: { pools: [{ name: 'p', addresses: ['203.0.113.50-203.0.113.51'] }] },
        objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'locked', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } }],
      },
    });
  });
  afterAll(async () => lab?.stop());

  it('keeps EndpointSlices in step with pods and services, and tells the data plane', async () => {
    const mk = (name: string, ready: boolean) =>
      lab.objects.create(pods, 'default', { metadata: { name, labels: { app: 'api' }, annotations: ready ? {} : { [FAKE_READY_ANNOTATION]: 'false' } }, spec: { containers: [{ name: 'c', image: 'x', ports: [{ name: 'web', containerPort: 8080 }] }] } } as Obj);
    mk('api-1', true);
    mk('api-2', false);
    lab.objects.create(services, 'default', { metadata: { name: 'api', labels: { team: 't' } }, spec: { selector: { app: 'api' }, ports: [{ name: 'http', port: 80, targetPort: 'web' }] } } as Obj);
    const slice = await waitFor(() => {
      const s = slicesOf('api')[0];
      return (s?.endpoints as unknown[] | null)?.length === 2 ? s : undefined;
    }, 5000, 'slice with two endpoints');
    expect(slice.metadata.labels).toMatchObject({ team: 't', 'kubernetes.io/service-name': 'api', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    expect(slice.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Service', name: 'api', controller: true })]);
    expect(slice.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const conds = Object.fromEntries((slice.endpoints as { targetRef: { name: string }; conditions: unknown }[]).map((e) => [e.targetRef.name, e.conditions]));
    expect(conds).toEqual({ 'api-1': { ready: true, serving: true, terminating: false }, 'api-2': { ready: false, serving: false, terminating: false } });

    await lab.settle();
    const last = dp.syncs[dp.syncs.length - 1]!;
    expect(last.services.map((s) => s.metadata.name)).toContain('api');
    expect(last.endpointSlices.map((s) => s.metadata.name)).toContain(slice.metadata.name);

    lab.objects.delete(services, 'default', 'api');
    await waitFor(() => slicesOf('api').length === 0 || undefined, 3000, 'slices removed');
  });

  it('leaves unschedulable pods Pending with the scheduler message and event', async () => {
    lab.objects.create(pods, 'default', { metadata: { name: 'picky' }, spec: { nodeSelector: { disk: 'nvme' }, containers: [{ name: 'c', image: 'x' }] } } as Obj);
    const p = await waitFor(() => {
      const o = lab.objects.store.get(pods, 'default', 'picky');
      return (o?.status?.conditions ?? []).find((c: { type: string }) => c.type === 'PodScheduled') ? o : undefined;
    }, 3000, 'PodScheduled condition');
    expect(p.status.phase).toBe('Pending');
    expect(p.status.conditions).toContainEqual(
      expect.objectContaining({
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message: "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {gpu: }. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
      }),
    );
    expect(lab.objects.store.list(events, 'default').some((e) => e.reason === 'FailedScheduling' && (e.involvedObject as { name: string }).name === 'picky')).toBe(true);
  });

  it('rejects pods that violate the namespace Pod Security level', () => {
    try {
      lab.objects.create(pods, 'locked', { metadata: { name: 'root' }, spec: { containers: [{ name: 'c', image: 'x' }] } } as Obj);
      expect.unreachable();
    } catch (e) {
      const st = (e as ApiError).status;
      expect(st.code).toBe(403);
      expect(st.message).toMatch(/^pods "root" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false \(container "c" must set/);
    }
  });

  it('gives LoadBalancer services addresses from the pool', async () => {
    for (const n of ['lb1', 'lb2', 'lb3']) lab.objects.create(services, 'default', { metadata: { name: n }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } } as Obj);
    const ip = (n: string) => lab.objects.store.get(services, 'default', n)?.status?.loadBalancer?.ingress?.[0]?.ip;
    await waitFor(() => (ip('lb1') && ip('lb2')) || undefined, 3000, 'LB addresses');
    expect([ip('lb1'), ip('lb2')].sort()).toEqual(['203.0.113.50', '203.0.113.51']);
    expect(ip('lb3')).toBeUndefined();
  });
});
