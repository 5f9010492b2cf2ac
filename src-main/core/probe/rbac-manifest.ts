// What an admin applies so a user can run SNATScope: a ClusterRole per mode and a binding, as
// YAML. The probe's rules are the preflight's own list (probePermissions), so what is printed and
// what the preflight checks cannot drift apart. Namespaced verbs are granted through a
// ClusterRole because the probe namespace is created per run with a random name; RBAC cannot
// scope a grant to namespaces that do not exist yet (kubernetes.io/docs/reference/access-authn-authz/rbac/).
import { stringify } from 'yaml';
import type { Locale } from '../explain/types';
import { probePermissions, type PermissionNeed } from './preflight';

export type RbacMode = 'read' | 'probe';

export interface RbacRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/** What inspect, scan and check --predict read (core/inventory/fetch-objects.ts), plus watches for the app's live view. */
const READ_NEEDS: { group: string; resource: string; verbs: string[] }[] = [
  { group: '', resource: 'nodes', verbs: ['get', 'list', 'watch'] },
  { group: '', resource: 'services', verbs: ['get', 'list', 'watch'] },
  { group: '', resource: 'pods', verbs: ['get', 'list', 'watch'] },
  { group: '', resource: 'configmaps', verbs: ['get'] },
  { group: 'discovery.k8s.io', resource: 'endpointslices', verbs: ['get', 'list', 'watch'] },
  { group: 'networking.k8s.io', resource: 'ingresses', verbs: ['get', 'list', 'watch'] },
  { group: 'networking.k8s.io', resource: 'ingressclasses', verbs: ['get', 'list'] },
  { group: 'apps', resource: 'daemonsets', verbs: ['list'] },
  { group: 'apps', resource: 'deployments', verbs: ['list'] },
];

/** The probe's needs as preflight checks them, plus mirror mode's reads of the target service. */
export function probeNeeds(opts: { ingress?: boolean }): PermissionNeed[] {
  return [
    ...probePermissions('<probe-namespace>', { loadBalancer: true, ...(opts.ingress ? { ingress: true } : {}) }),
    { verb: 'get', resource: 'services', group: '', namespace: '<target-namespace>' },
    { verb: 'list', resource: 'endpointslices', group: 'discovery.k8s.io', namespace: '<target-namespace>' },
  ];
}

export function rulesFor(mode: RbacMode, opts: { ingress?: boolean } = {}): RbacRule[] {
  const byResource = new Map<string, { group: string; resource: string; verbs: Set<string> }>();
  const add = (group: string, resource: string, verb: string) => {
    const k = `${group}\n${resource}`;
    const e = byResource.get(k) ?? { group, resource, verbs: new Set<string>() };
    e.verbs.add(verb);
    byResource.set(k, e);
  };
  if (mode === 'read') for (const n of READ_NEEDS) for (const v of n.verbs) add(n.group, n.resource, v);
  else for (const n of probeNeeds(opts)) add(n.group, n.subresource ? `${n.resource}/${n.subresource}` : n.resource, n.verb);
  return [...byResource.values()]
    .sort((a, b) => (`${a.group}/${a.resource}` < `${b.group}/${b.resource}` ? -1 : 1))
    .map((e) => ({ apiGroups: [e.group], resources: [e.resource], verbs: [...e.verbs].sort() }));
}

const WORDS = {
  en: {
    read: 'SNATScope read-only: inspect, scan, check --predict (reads the cluster, creates nothing).',
    probe: 'SNATScope probe: creates a throwaway namespace snatscope-<id> per run with echo pods and services, and deletes it (probe, check --probe, sweep).',
    why: 'A ClusterRole: the probe namespace gets a random name per run, and RBAC cannot grant in namespaces that do not exist yet.',
    bind: 'Replace the subject with the user or group that runs SNATScope.',
  },
  'zh-CN': {
    read: 'SNATScope 只读权限：snatscope inspect、snatscope scan、snatscope check --predict（只读取集群，不创建任何对象）。',
    probe: 'SNATScope 探测：每次运行创建临时命名空间 snatscope-<id>（回显 Pod 和 Service），结束后删除（snatscope probe、snatscope check --probe、snatscope sweep）。',
    why: '使用 ClusterRole：探测命名空间每次随机命名，RBAC 无法对尚不存在的命名空间授权。',
    bind: '请把 subjects 中的对象换成运行 SNATScope 的用户或组。',
  },
};

export function rbacManifest(mode: RbacMode, opts: { ingress?: boolean; locale: Locale; subject?: { kind: 'User' | 'Group'; name: string } }): string {
  const w = WORDS[opts.locale];
  const name = mode === 'read' ? 'snatscope-read' : opts.ingress ? 'snatscope-probe-ingress' : 'snatscope-probe';
  const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name, labels: { 'app.kubernetes.io/name': 'snatscope' } }, rules: rulesFor(mode, opts) };
  const binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name, labels: { 'app.kubernetes.io/name': 'snatscope' } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: opts.subject?.kind ?? 'User', name: opts.subject?.name ?? 'REPLACE-ME' }],
  };
  const comment = (s: string) => `# ${s}\n`;
  return `${comment(w[mode])}${mode === 'probe' ? comment(w.why) : ''}${stringify(role)}---\n${opts.subject ? '' : comment(w.bind)}${stringify(binding)}`;
}
