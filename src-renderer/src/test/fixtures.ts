// Test data: a probe session recorded against the lab's seed scenario (observations dropped),
// and a cluster overview shaped like the lab's.
import type { ClusterOverview, ContextSummary, InspectResult, Session } from '../../../src-main/contract';
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
      { namespace: 'default', name: 'frontend', type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 30080, protocol: 'TCP' }], externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', hazard: 'medium', hazardRules: ['cluster-policy'] },
      { namespace: 'default', name: 'kubernetes', type: 'ClusterIP', ports: [{ name: 'https', port: 443, nodePort: null, protocol: 'TCP' }], externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', hazard: null, hazardRules: [] },
      { namespace: 'shop', name: 'checkout', type: 'LoadBalancer', ports: [{ name: 'http', port: 8080, nodePort: 31000, protocol: 'TCP' }], externalTrafficPolicy: 'Local', internalTrafficPolicy: 'Cluster', hazard: null, hazardRules: [] },
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
