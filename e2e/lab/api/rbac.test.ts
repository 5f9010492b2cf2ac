import { describe, expect, it } from 'vitest';
import { authorize, forbiddenMessage, rulesFor, type LabUser } from './rbac';

const alice: LabUser = {
  name: 'alice',
  token: 't',
  groups: ['system:authenticated'],
  rules: [
    { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'pods/log'], namespaces: ['shop'] },
    { verbs: ['list'], resources: ['nodes'] },
  ],
};

describe('rbac', () => {
  it('allows exactly what the rules grant', () => {
    expect(authorize(alice, { verb: 'list', group: '', resource: 'pods', namespace: 'shop' }).allowed).toBe(true);
    expect(authorize(alice, { verb: 'get', group: '', resource: 'pods', subresource: 'log', name: 'x', namespace: 'shop' }).allowed).toBe(true);
    expect(authorize(alice, { verb: 'create', group: '', resource: 'pods', namespace: 'shop' }).allowed).toBe(false);
    expect(authorize(alice, { verb: 'list', group: '', resource: 'pods', namespace: 'other' }).allowed).toBe(false);
    // A namespaced rule never grants a list across all namespaces.
    expect(authorize(alice, { verb: 'list', group: '', resource: 'pods' }).allowed).toBe(false);
    expect(authorize(alice, { verb: 'list', group: '', resource: 'nodes' }).allowed).toBe(true);
    expect(authorize(alice, { verb: 'create', group: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews' }).allowed).toBe(true);
    expect(authorize({ ...alice, groups: ['system:masters'], rules: [] }, { verb: 'delete', group: 'apps', resource: 'deployments', namespace: 'x' }).allowed).toBe(true);
  });

  it('words 403 messages like the real API', () => {
    expect(forbiddenMessage(alice, { verb: 'create', group: '', resource: 'pods', namespace: 'default' }, 'pods')).toBe(
      'pods is forbidden: User "alice" cannot create resource "pods" in API group "" in the namespace "default"',
    );
    expect(forbiddenMessage(alice, { verb: 'list', group: 'apps', resource: 'deployments' }, 'deployments.apps')).toBe(
      'deployments.apps is forbidden: User "alice" cannot list resource "deployments" in API group "apps" at the cluster scope',
    );
    expect(forbiddenMessage(alice, { verb: 'get', group: '', resource: 'pods', subresource: 'log', name: 'p', namespace: 'x' }, 'pods')).toBe(
      'pods "p" is forbidden: User "alice" cannot get resource "pods/log" in API group "" in the namespace "x"',
    );
  });

  it('reports the rules that apply in a namespace', () => {
    const shop = rulesFor(alice, 'shop');
    expect(shop.resourceRules).toContainEqual({ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'pods/log'] });
    const other = rulesFor(alice, 'other');
    expect(other.resourceRules.some((r) => r.resources.includes('pods'))).toBe(false);
    expect(other.resourceRules).toContainEqual({ verbs: ['list'], apiGroups: ['*'], resources: ['nodes'] });
  });
});
