// kube-proxy's per-service health check server (pkg/proxy/healthcheck/service_health.go):
// on healthCheckNodePort, 200 when the node has ready local endpoints for the service, 503
// otherwise, with a small JSON body (fact sheet §1). The node agent serves what this returns.
import type { HealthCheckService } from './render';

export interface HealthResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function serviceHealthResponse(svc: Pick<HealthCheckService, 'namespace' | 'name' | 'localEndpoints'>, proxyHealthy = true): HealthResponse {
  const healthy = svc.localEndpoints > 0 && proxyHealthy;
  // Same text layout as upstream's dedented template (tabs for nesting).
  const body = [
    '{',
    '\t"service": {',
    `\t\t"namespace": ${JSON.stringify(svc.namespace)},`,
    `\t\t"name": ${JSON.stringify(svc.name)}`,
    '\t},',
    `\t"localEndpoints": ${svc.localEndpoints},`,
    `\t"serviceProxyHealthy": ${proxyHealthy}`,
    '}',
  ].join('\n');
  return {
    status: healthy ? 200 : 503,
    headers: {
      'Content-Type': 'application/json',
      'X-Content-Type-Options': 'nosniff',
      'X-Load-Balancing-Endpoint-Weight': String(svc.localEndpoints),
    },
    body,
  };
}

/** kube-proxy's own /healthz on port 10256 (what cloud LBs check for Cluster-policy services). */
export function proxyHealthzResponse(now: Date, lastUpdated: Date): HealthResponse {
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json', 'X-Content-Type-Options': 'nosniff' },
    body: JSON.stringify({ lastUpdated: lastUpdated.toISOString(), currentTime: now.toISOString(), nodeEligible: true }),
  };
}
