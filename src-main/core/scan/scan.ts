// Hazard scan: without deploying anything, every service whose backends will not see client
// addresses, or can be fooled about them (issue 5 §4). One pass over the services: linear.
import { step, type ExplainStep, type Fix } from '../explain/types';
import { isTrustAll } from '../inventory/detect-address';
import { serviceKey, type ClusterInventory, type IngressControllerInfo, type ObjectRef, type ServiceInfo } from '../inventory/types';
import { resolveDataplane } from '../prediction/context';
import { ciliumDsrFix, endpointEveryNodeFix, etpLocalFix, keepClusterCarryClientFix, lbHealthCheckFix, lbIpModeProxyFix, restrictRealIpCidrFix, sendToEndpointNodesFix } from '../prediction/fixes';
import { FACT } from '../prediction/rules';

export type HazardRule =
  | 'cluster-policy'
  | 'ingress-controller-cluster-policy'
  | 'cilium-snat'
  | 'vpp-always-snat'
  | 'realip-trusts-all'
  | 'proxy-protocol-short-circuit'
  | 'local-without-health-check'
  | 'local-partial-coverage';

export type Severity = 'high' | 'medium' | 'low';

export interface Hazard {
  /** Stable: `<rule>:<namespace>/<name>` (or `<rule>:class/<ingressClass>`). */
  id: string;
  rule: HazardRule;
  severity: Severity;
  service: ObjectRef | null;
  ingressClass: string | null;
  why: ExplainStep[];
  fixes: Fix[];
  factRef: string;
}

const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

function isExternallyReachable(s: ServiceInfo): boolean {
  return s.type === 'NodePort' || s.type === 'LoadBalancer' || s.externalIPs.length > 0;
}

function ref(s: ServiceInfo): ObjectRef {
  return { namespace: s.namespace, name: s.name };
}

/**
 * A Local service reachable from outside whose ready endpoints run on fewer nodes than receive
 * its traffic: every other node drops the request (fact sheet §2; kube-proxy's
 * "has no local endpoints" -j DROP). Every Ready node opens the NodePort, so all of them receive.
 * Null when the endpoints were not counted (no permission to list EndpointSlices).
 */
function localCoverage(inv: ClusterInventory, s: ServiceInfo): { receiving: number; dropping: string[]; endpointNodes: string[] } | null {
  if (s.externalTrafficPolicy !== 'Local' || !(s.type === 'NodePort' || s.type === 'LoadBalancer')) return null;
  const summary = inv.endpointSummaries?.[serviceKey(s)];
  if (!inv.endpointSummaries) return null;
  const receiving = inv.nodes.filter((n) => n.ready).map((n) => n.name);
  const withEndpoint = new Set(summary?.nodes ?? []);
  const dropping = receiving.filter((n) => !withEndpoint.has(n));
  if (!dropping.length) return null;
  return { receiving: receiving.length, dropping, endpointNodes: receiving.filter((n) => withEndpoint.has(n)) };
}

export function scanHazards(inv: ClusterInventory): Hazard[] {
  const { summary } = resolveDataplane(inv);
  const hazards: Hazard[] = [];
  const controllersByService = new Map<string, IngressControllerInfo>();
  for (const c of inv.ingressControllers) {
    if (c.service) controllersByService.set(serviceKey(c.service), c);
  }
  // Controller Services not listed among the services (e.g. another namespace filter) still count.
  const services = [...inv.services];
  const seen = new Set(services.map((s) => serviceKey(s)));
  for (const c of inv.ingressControllers) {
    if (c.serviceInfo && !seen.has(serviceKey(c.serviceInfo))) {
      services.push(c.serviceInfo);
      seen.add(serviceKey(c.serviceInfo));
    }
  }

  for (const s of services) {
    if (s.type === 'ExternalName') continue;
    const key = serviceKey(s);
    const ctrl = controllersByService.get(key) ?? null;
    const name = `${s.namespace}/${s.name}`;

    if (isExternallyReachable(s)) {
      const cluster = s.externalTrafficPolicy === 'Cluster';
      if (summary.kind === 'calico-vpp') {
        hazards.push({
          id: `vpp-always-snat:${key}`,
          rule: 'vpp-always-snat',
          severity: s.type === 'LoadBalancer' || ctrl ? 'high' : 'medium',
          service: ref(s),
          ingressClass: ctrl?.className ?? null,
          why: [step('scan.vppAlwaysSnat', { service: name })],
          fixes: [],
          factRef: FACT.calico,
        });
      } else if (cluster && summary.kind === 'cilium') {
        const mode = summary.ciliumLbMode ?? 'snat';
        const forwarding = mode === 'annotation' ? (s.annotations['service.cilium.io/forwarding-mode'] ?? 'snat') : mode;
        const affected = forwarding === 'snat' || (forwarding === 'hybrid' && s.ports.some((p) => p.protocol !== 'TCP'));
        if (affected) {
          hazards.push({
            id: `cilium-snat:${key}`,
            rule: 'cilium-snat',
            severity: ctrl ? 'high' : 'medium',
            service: ref(s),
            ingressClass: ctrl?.className ?? null,
            why: [step('scan.ciliumSnat', { service: name, mode: forwarding })],
            fixes: [etpLocalFix(s, ctrl !== null), ciliumDsrFix()],
            factRef: FACT.cilium,
          });
        }
      } else if (cluster && summary.kind === 'kube-proxy') {
        const rule: HazardRule = ctrl ? 'ingress-controller-cluster-policy' : 'cluster-policy';
        hazards.push({
          id: `${rule}:${key}`,
          rule,
          severity: ctrl || s.type === 'LoadBalancer' ? 'high' : 'medium',
          service: ref(s),
          ingressClass: ctrl?.className ?? null,
          why: ctrl
            ? [step('scan.controllerClusterPolicy', { service: name, className: ctrl.className }), step('scan.clusterPolicyMechanism')]
            : [step('scan.clusterPolicy', { service: name, type: s.type }), step('scan.clusterPolicyMechanism')],
          fixes: [etpLocalFix(s, ctrl !== null)],
          factRef: ctrl ? FACT.layers : FACT.kubeProxy,
        });
      }
    }

    if (s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local' && s.healthCheckNodePort === null) {
      hazards.push({
        id: `local-without-health-check:${key}`,
        rule: 'local-without-health-check',
        severity: 'high',
        service: ref(s),
        ingressClass: ctrl?.className ?? null,
        why: [step('scan.localNoHealthCheck', { service: name })],
        fixes: [lbHealthCheckFix(s)],
        factRef: FACT.kubeProxy,
      });
    }

    const partial = localCoverage(inv, s);
    if (partial) {
      hazards.push({
        id: `local-partial-coverage:${key}`,
        rule: 'local-partial-coverage',
        // An LB that health-checks healthCheckNodePort steers around the dropping nodes; only
        // clients and relays that use the NodePort directly still hit them.
        severity: s.type === 'LoadBalancer' && s.healthCheckNodePort !== null ? 'low' : 'high',
        service: ref(s),
        ingressClass: ctrl?.className ?? null,
        why: [
          step('scan.localPartialCoverage', { service: name, dropping: partial.dropping.length, receiving: partial.receiving }),
          ...(s.type === 'LoadBalancer' && s.healthCheckNodePort !== null ? [step('scan.localPartialLb', { port: s.healthCheckNodePort })] : []),
        ],
        fixes: [
          endpointEveryNodeFix(s, partial.dropping.slice(0, 20)),
          sendToEndpointNodesFix(
            s,
            partial.endpointNodes.slice(0, 50).map((n) => ({ name: n, address: inv.nodes.find((x) => x.name === n)?.addresses.internalIPs[0] ?? null })),
            s.ports.find((p) => p.nodePort !== null)?.nodePort ?? null,
          ),
          keepClusterCarryClientFix(s, null),
        ],
        factRef: FACT.kubeProxy,
      });
    }

    const pp = s.loadBalancer.proxyProtocol;
    if (pp && s.type === 'LoadBalancer' && !s.loadBalancer.ingress.some((i) => i.ipMode === 'Proxy')) {
      hazards.push({
        id: `proxy-protocol-short-circuit:${key}`,
        rule: 'proxy-protocol-short-circuit',
        severity: 'medium',
        service: ref(s),
        ingressClass: ctrl?.className ?? null,
        why: [step('scan.ppShortCircuit', { service: name, annotation: pp.annotation })],
        fixes: [lbIpModeProxyFix(s)],
        factRef: FACT.lb,
      });
    }
  }

  for (const c of inv.ingressControllers) {
    if (c.kind !== 'ingress-nginx') continue;
    const cfg = c.config;
    const trustAll = cfg.proxyRealIpCidr.some(isTrustAll);
    const headerRealip = (cfg.useForwardedHeaders || cfg.enableRealIp) && !cfg.useProxyProtocol;
    if (!trustAll || !(headerRealip || cfg.useProxyProtocol)) continue;
    hazards.push({
      id: `realip-trusts-all:class/${c.className}`,
      rule: 'realip-trusts-all',
      severity: headerRealip ? 'high' : 'medium',
      service: c.service,
      ingressClass: c.className,
      why: [step(headerRealip ? 'scan.realipTrustsAll' : 'scan.realipProxyTrustsAll', { className: c.className, header: cfg.forwardedForHeader, cidrs: cfg.proxyRealIpCidr.join(', ') })],
      fixes: [restrictRealIpCidrFix(c.configMap, [])],
      factRef: FACT.ingressNginx,
    });
  }

  return hazards.sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.id.localeCompare(b.id),
  );
}
