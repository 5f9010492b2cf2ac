// Test data: a probe session recorded against the lab's seed scenario (observations dropped),
// a cluster overview shaped like the lab's, and a probe plan preview.
import type { ClusterOverview, ContextSummary, InspectResult, ProbePlanView, Session } from '../../../src-main/contract';
import { SEED_SESSION_JSON } from './seed-session';

export function seedSession(): Session {
  return JSON.parse(SEED_SESSION_JSON) as Session;
}

export function seedInspect(): InspectResult {
  const s = seedSession();
  return { inventory: s.inventory, answers: [], hazards: [] };
}

export function overview(): ClusterOverview {
  return {
    services: [
      { namespace: 'default', name: 'frontend', type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 30080, protocol: 'TCP' }], externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', hazard: 'medium', hazardRules: ['cluster-policy'], ingress: false },
      { namespace: 'default', name: 'kubernetes', type: 'ClusterIP', ports: [{ name: 'https', port: 443, nodePort: null, protocol: 'TCP' }], externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', hazard: null, hazardRules: [], ingress: false },
      { namespace: 'shop', name: 'checkout', type: 'LoadBalancer', ports: [{ name: 'http', port: 8080, nodePort: 31000, protocol: 'TCP' }], externalTrafficPolicy: 'Local', internalTrafficPolicy: 'Cluster', hazard: null, hazardRules: [], ingress: false },
    ],
    hazards: [
      {
        id: 'cluster-policy:default/frontend',
        rule: 'cluster-policy',
        severity: 'medium',
        service: { namespace: 'default', name: 'frontend' },
        ingressClass: null,
        why: [{ code: 'scan.clusterPolicy', params: { service: 'default/frontend', type: 'NodePort' } }],
        fixes: [],
        factRef: 'source-ip-facts §1',
      },
    ],
    proxyMode: 'iptables',
    cni: 'unknown',
    nodes: 2,
    scannedAt: '2026-01-01T00:00:00.000Z',
  };
}

export function context(over: Partial<ContextSummary> = {}): ContextSummary {
  return {
    id: '0123456789abcdef',
    name: 'lab',
    file: '/k/config',
    group: 'env',
    isCurrent: true,
    namespace: null,
    cluster: 'lab-cluster',
    server: 'https://127.0.0.1:6443',
    user: 'admin',
    auth: { kind: 'token', execCommand: null, authProvider: null, insecureSkipTlsVerify: false, proxyUrl: false },
    problem: null,
    ...over,
  };
}

/** A probe plan preview as main returns it (one echo node, two client nodes, one warning). */
export function planView(over: Partial<ProbePlanView> = {}): ProbePlanView {
  return {
    runId: 'c3d97e',
    contextId: '0123456789abcdef',
    namespace: 'snatscope-c3d97e',
    image: 'docker.io/library/node:22-alpine',
    echoNodes: ['node1'],
    clientNodes: ['node1', 'node2'],
    services: [{ name: 'echo-cluster', type: 'NodePort', policy: 'Cluster', requestedNodePort: null }],
    objects: [
      { kind: 'Namespace', name: 'snatscope-c3d97e' },
      { kind: 'Pod', name: 'echo-0-node1' },
    ],
    yaml: 'apiVersion: v1\nkind: Namespace\n',
    permissions: [
      { verb: 'create', resource: 'namespaces', namespace: null, allowed: true },
      { verb: 'create', resource: 'pods', namespace: 'snatscope-c3d97e', allowed: true },
    ],
    missingPermissions: [],
    warnings: ['node2 is tainted'],
    expiresAt: '2026-01-01T01:00:00.000Z',
    relaySnippets: [],
    ...over,
  };
}
