// The identity upstream kube-proxy runs as in the lab: kube-up's `system:kube-proxy` user, bound
// to the bootstrap ClusterRole `system:node-proxier` (rules as in kubernetes v1.34
// plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go: services/endpoints list+watch,
// nodes get+list+watch, events write, endpointslices list+watch, and — with
// MultiCIDRServiceAllocator, GA since 1.33 — servicecidrs list+watch).
import type { LabUser, Rule } from './rbac';

export const NODE_PROXIER_USER = 'system:kube-proxy';

export const NODE_PROXIER_RULES: Rule[] = [
  { verbs: ['list', 'watch'], apiGroups: [''], resources: ['services', 'endpoints'] },
  { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['nodes'] },
  // bootstrappolicy's eventsRule(): both event APIs
  { verbs: ['create', 'update', 'patch'], apiGroups: ['', 'events.k8s.io'], resources: ['events'] },
  { verbs: ['list', 'watch'], apiGroups: ['networking.k8s.io'], resources: ['servicecidrs'] },
  { verbs: ['list', 'watch'], apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'] },
];

export function nodeProxierUser(token: string): LabUser {
  return { name: NODE_PROXIER_USER, token, groups: ['system:authenticated'], rules: NODE_PROXIER_RULES };
}
