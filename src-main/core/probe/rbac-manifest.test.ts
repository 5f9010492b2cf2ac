import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { probePermissions } from './preflight';
import { rbacManifest, rulesFor } from './rbac-manifest';

describe('RBAC manifests', () => {
  it('the probe ClusterRole grants exactly what the preflight checks, and no more', () => {
    const granted = new Set(rulesFor('probe').flatMap((r) => r.verbs.map((v) => `${r.apiGroups[0]}|${r.resources[0]}|${v}`)));
    const checked = new Set(probePermissions('ns', { loadBalancer: true }).map((n) => `${n.group}|${n.subresource ? `${n.resource}/${n.subresource}` : n.resource}|${n.verb}`));
    expect(granted).toEqual(checked);
    const withIngress = rulesFor('probe', { ingress: true });
    expect(withIngress.find((r) => r.resources[0] === 'ingresses')).toEqual({ apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['create'] });
  });

  it('the read-only role has no write verb', () => {
    const verbs = new Set(rulesFor('read').flatMap((r) => r.verbs));
    expect([...verbs].sort()).toEqual(['get', 'list', 'watch']);
  });

  it('prints a ClusterRole and a ClusterRoleBinding an admin can apply, commented in the chosen language', () => {
    const text = rbacManifest('probe', { locale: 'zh-CN', subject: { kind: 'Group', name: 'sre' } });
    expect(text.startsWith('# SNATScope 探测')).toBe(true);
    const docs = parseAllDocuments(text).map((d) => d.toJS() as { kind: string; metadata: { name: string }; subjects?: unknown; roleRef?: unknown });
    expect(docs.map((d) => [d.kind, d.metadata.name])).toEqual([
      ['ClusterRole', 'snatscope-probe'],
      ['ClusterRoleBinding', 'snatscope-probe'],
    ]);
    expect(docs[1]).toMatchObject({ roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'snatscope-probe' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'sre' }] });
    expect(rbacManifest('read', { locale: 'en' })).toContain('name: REPLACE-ME');
  });
});
