// Authorization: each scenario user has RBAC-style rules (verbs × apiGroups × resources ×
// namespaces). The same rules answer SelfSubjectAccessReview and SelfSubjectRulesReview, so
// what the API enforces and what it reports always agree.

export interface Rule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  /** Namespaces this rule applies in; absent = cluster-wide (all namespaces and cluster scope). */
  namespaces?: string[];
  nonResourceURLs?: string[];
}

export interface LabUser {
  name: string;
  token: string;
  groups: string[];
  rules: Rule[];
}

export interface ResourceAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  name?: string;
  /** '' or undefined: cluster scope (cluster-scoped resource, or a list across all namespaces). */
  namespace?: string;
}

export interface Decision {
  allowed: boolean;
  reason?: string;
}

/** What every authenticated user may do (system:basic-user, system:discovery, public-info-viewer). */
export const BUILTIN_RULES: Rule[] = [
  { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
  { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'] },
];

const has = (list: string[] | undefined, v: string): boolean => list === undefined || list.includes('*') || list.includes(v);

function resourceMatches(list: string[] | undefined, resource: string, subresource: string | undefined): boolean {
  if (list === undefined || list.includes('*')) return true;
  const full = subresource ? `${resource}/${subresource}` : resource;
  return list.includes(full) || (subresource !== undefined && list.includes(`*/${subresource}`));
}

export function ruleAllows(rule: Rule, a: ResourceAttributes): boolean {
  if (rule.nonResourceURLs) return false;
  if (!rule.verbs.includes('*') && !rule.verbs.includes(a.verb)) return false;
  if (!has(rule.apiGroups, a.group)) return false;
  if (!resourceMatches(rule.resources, a.resource, a.subresource)) return false;
  if (rule.resourceNames && rule.resourceNames.length > 0 && (!a.name || !rule.resourceNames.includes(a.name))) return false;
  if (rule.namespaces && (!a.namespace || !rule.namespaces.includes(a.namespace))) return false;
  return true;
}

function nonResourceAllows(rule: Rule, verb: string, path: string): boolean {
  if (!rule.nonResourceURLs) return false;
  if (!rule.verbs.includes('*') && !rule.verbs.includes(verb)) return false;
  return rule.nonResourceURLs.some((u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))));
}

const isAdmin = (u: LabUser) => u.groups.includes('system:masters');

export function authorize(user: LabUser, a: ResourceAttributes): Decision {
  if (isAdmin(user)) return { allowed: true, reason: 'RBAC: allowed by group "system:masters"' };
  const all = [...user.rules, ...BUILTIN_RULES];
  const i = all.findIndex((r) => ruleAllows(r, a));
  if (i < 0) return { allowed: false };
  return { allowed: true, reason: i < user.rules.length ? `RBAC: allowed by lab rule #${i} of User "${user.name}"` : 'RBAC: allowed by ClusterRole "system:basic-user"' };
}

export function authorizeNonResource(user: LabUser, verb: string, path: string): Decision {
  if (isAdmin(user)) return { allowed: true, reason: 'RBAC: allowed by group "system:masters"' };
  const ok = [...user.rules, ...BUILTIN_RULES].some((r) => nonResourceAllows(r, verb, path));
  return ok ? { allowed: true } : { allowed: false };
}

/** The real 403 message (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters). */
export function forbiddenMessage(user: LabUser, a: ResourceAttributes, pluralQualified: string): string {
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const subject = a.name ? `${pluralQualified} "${a.name}"` : pluralQualified;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `${subject} is forbidden: User "${user.name}" cannot ${a.verb} resource "${res}" in API group "${a.group}" ${scope}`;
}

export interface RulesReviewStatus {
  resourceRules: { verbs: string[]; apiGroups: string[]; resources: string[]; resourceNames?: string[] }[];
  nonResourceRules: { verbs: string[]; nonResourceURLs: string[] }[];
  incomplete: boolean;
}

/** SelfSubjectRulesReview: the rules that apply in `namespace`. */
export function rulesFor(user: LabUser, namespace: string): RulesReviewStatus {
  const rules = isAdmin(user) ? [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['*'], nonResourceURLs: ['*'] }] : [...user.rules, ...BUILTIN_RULES];
  const out: RulesReviewStatus = { resourceRules: [], nonResourceRules: [], incomplete: false };
  for (const r of rules as Rule[]) {
    if (r.nonResourceURLs) {
      out.nonResourceRules.push({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs });
      continue;
    }
    if (r.namespaces && !r.namespaces.includes(namespace)) continue;
    const rr: RulesReviewStatus['resourceRules'][number] = { verbs: r.verbs, apiGroups: r.apiGroups ?? ['*'], resources: r.resources ?? ['*'] };
    if (r.resourceNames && r.resourceNames.length > 0) rr.resourceNames = r.resourceNames;
    out.resourceRules.push(rr);
  }
  return out;
}
