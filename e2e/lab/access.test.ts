// A restricted user through @kubernetes/client-node: 403 Status objects for what its rules do
// not grant, and access reviews that say exactly the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { ApiException, AuthorizationV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { raw, startTestLab, type TestLab } from './test-support';

const scenario = fileURLToPath(new URL('./scenarios/api-basic.yaml', import.meta.url));

describe('RBAC for a restricted user', () => {
  let lab: TestLab;
  let core: CoreV1Api;
  let authz: AuthorizationV1Api;

  beforeAll(async () => {
    lab = await startTestLab({ scenario });
    const kc = new KubeConfig();
    kc.loadFromFile(lab.kubeconfigPath);
    kc.setCurrentContext(lab.users.find((u) => u.name === 'alice')!.context);
    core = kc.makeApiClient(CoreV1Api);
    authz = kc.makeApiClient(AuthorizationV1Api);
  });
  afterAll(async () => lab?.stop());

  async function status(p: Promise<unknown>): Promise<Record<string, unknown>> {
    try {
      await p;
    } catch (e) {
      expect(e).toBeInstanceOf(ApiException);
      const body = (e as ApiException<unknown>).body;
      return typeof body === 'string' ? JSON.parse(body) : (body as Record<string, unknown>);
    }
    throw new Error('expected the request to fail');
  }

  it('gets 403 Status objects shaped like the real API', async () => {
    await expect(core.listNamespacedPod({ namespace: 'shop' })).resolves.toBeTruthy();
    expect(await status(core.createNamespacedPod({ namespace: 'shop', body: { metadata: { name: 'x' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } }))).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods is forbidden: User "alice" cannot create resource "pods" in API group "" in the namespace "shop"',
      reason: 'Forbidden',
      details: { group: '', kind: 'pods' },
      code: 403,
    });
    expect(await status(core.readNamespacedPod({ namespace: 'kube-system', name: 'x' }))).toMatchObject({
      code: 403,
      message: 'pods "x" is forbidden: User "alice" cannot get resource "pods" in API group "" in the namespace "kube-system"',
      details: { name: 'x', group: '', kind: 'pods' },
    });
    expect(await status(core.listConfigMapForAllNamespaces())).toMatchObject({ code: 403, message: 'configmaps is forbidden: User "alice" cannot list resource "configmaps" in API group "" at the cluster scope' });
  });

  it('answers SelfSubjectAccessReview in agreement with enforcement', async () => {
    const cases: [Record<string, string>, boolean][] = [
      [{ verb: 'list', resource: 'pods', namespace: 'shop' }, true],
      [{ verb: 'get', resource: 'pods', subresource: 'log', namespace: 'shop' }, true],
      [{ verb: 'create', resource: 'pods', namespace: 'shop' }, false],
      [{ verb: 'list', resource: 'pods', namespace: 'default' }, false],
      [{ verb: 'list', resource: 'endpointslices', group: 'discovery.k8s.io', namespace: 'shop' }, true],
      [{ verb: 'list', resource: 'nodes' }, true],
      [{ verb: 'delete', resource: 'nodes' }, false],
    ];
    for (const [attrs, allowed] of cases) {
      const r = await authz.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: attrs } } });
      expect([attrs, r.status?.allowed]).toEqual([attrs, allowed]);
      // Enforcement agrees with the review.
      const path = attrs.resource === 'nodes' ? '/api/v1/nodes' : `/${attrs.group ? `apis/${attrs.group}/v1` : 'api/v1'}/namespaces/${attrs.namespace}/${attrs.resource}`;
      if (attrs.verb === 'list' && !attrs.subresource) {
        const res = await raw(lab, 'GET', path, { token: lab.users.find((u) => u.name === 'alice')!.token });
        expect([path, res.status]).toEqual([path, allowed ? 200 : 403]);
      }
    }
  });

  it('lists its rules with SelfSubjectRulesReview', async () => {
    const shop = await authz.createSelfSubjectRulesReview({ body: { spec: { namespace: 'shop' } } });
    expect(shop.status?.incomplete).toBe(false);
    expect(shop.status?.resourceRules).toContainEqual({ verbs: ['get', 'list', 'watch'], apiGroups: ['', 'discovery.k8s.io'], resources: ['pods', 'pods/log', 'services', 'endpointslices'] });
    expect(shop.status?.resourceRules).toContainEqual({ verbs: ['get', 'list'], apiGroups: [''], resources: ['nodes'] });
    const other = await authz.createSelfSubjectRulesReview({ body: { spec: { namespace: 'default' } } });
    expect(other.status?.resourceRules.some((r) => r.resources?.includes('pods'))).toBe(false);
  });

  it('rejects unknown and missing tokens with 401', async () => {
    for (const token of ['not-a-token', null]) {
      const r = await raw(lab, 'GET', '/api/v1/namespaces', { token });
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body)).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    }
  });
});
