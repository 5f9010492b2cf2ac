// Hazard scan rules (issue 5 §4), their explanations and fixes, and linear cost on 10,000 services.
import { describe, expect, it } from 'vitest';
import { renderFix, renderStep } from '../explain/render';
import type { ClusterInventory, ServiceInfo } from '../inventory/types';
import { makeCni, makeIngressController, makeInventory, makeNode, makeProxy, makeService } from '../prediction/test-inventory';
import { scanHazards, type HazardRule } from './scan';

function cluster(services: ServiceInfo[], extra: Partial<ClusterInventory> = {}): ClusterInventory {
  const base = makeInventory();
  return {
    cluster: base.cluster,
    nodes: base.nodes,
    services,
    endpointSummaries: null,
    proxy: makeProxy(),
    cni: makeCni(),
    ingressControllers: [],
    ingresses: [],
    warnings: [],
    ...extra,
  };
}

const lb = (name: string, extra: Partial<ServiceInfo> = {}) =>
  makeService({
    name,
    type: 'LoadBalancer',
    loadBalancer: { ingress: [{ ip: '198.18.100.1', hostname: null, ipMode: null }], loadBalancerClass: null, sourceRanges: [], proxyProtocol: null },
    ...extra,
  });

const rules = (inv: ClusterInventory): [HazardRule, string][] =>
  scanHazards(inv).map((h) => [h.rule, h.service ? `${h.service.namespace}/${h.service.name}` : `class/${h.ingressClass}`]);

describe('scanHazards', () => {
  it('flags NodePort and LoadBalancer services with Cluster policy, not ClusterIP, ExternalName or Local ones', () => {
    const inv = cluster([
      makeService({ name: 'np' }),
      lb('lb'),
      makeService({ name: 'cip', type: 'ClusterIP' }),
      makeService({ name: 'ext', type: 'ExternalName' }),
      makeService({ name: 'np-local', externalTrafficPolicy: 'Local' }),
      makeService({ name: 'cip-external-ip', type: 'ClusterIP', externalIPs: ['198.18.200.1'] }),
    ]);
    const hazards = scanHazards(inv);
    expect(rules(inv)).toEqual([
      ['cluster-policy', 'default/lb'],
      ['cluster-policy', 'default/cip-external-ip'],
      ['cluster-policy', 'default/np'],
    ]);
    expect(hazards.find((h) => h.service?.name === 'lb')?.severity).toBe('high');
    expect(hazards.find((h) => h.service?.name === 'np')?.severity).toBe('medium');
  });

  it('flags an ingress controller’s own Service with Cluster policy as such (once)', () => {
    const ctrl = makeIngressController();
    const inv = cluster([ctrl.serviceInfo!], { ingressControllers: [ctrl] });
    const hazards = scanHazards(inv);
    expect(hazards.map((h) => h.rule)).toEqual(['ingress-controller-cluster-policy']);
    expect(hazards[0]!.fixes.map((f) => f.id)).toEqual(['controller-etp-local']);
    expect(hazards[0]!.ingressClass).toBe('nginx');
  });

  it('flags realip that trusts 0.0.0.0/0, by how it reads the client', () => {
    const headers = makeIngressController({ className: 'headers' });
    headers.config = { ...headers.config, useForwardedHeaders: true };
    const proxy = makeIngressController({ className: 'pp' });
    proxy.config = { ...proxy.config, useProxyProtocol: true };
    const restricted = makeIngressController({ className: 'restricted' });
    restricted.config = { ...restricted.config, useForwardedHeaders: true, proxyRealIpCidr: ['198.18.100.0/24'] };
    const defaults = makeIngressController({ className: 'defaults' });
    for (const c of [headers, proxy, restricted, defaults]) c.serviceInfo!.externalTrafficPolicy = 'Local';
    const inv = cluster([], { ingressControllers: [headers, proxy, restricted, defaults] });
    const found = scanHazards(inv).filter((h) => h.rule === 'realip-trusts-all');
    expect(found.map((h) => [h.ingressClass, h.severity])).toEqual([
      ['headers', 'high'],
      ['pp', 'medium'],
    ]);
    expect(found[0]!.fixes[0]!.snippets[0]!.text).toContain('proxy-real-ip-cidr');
  });

  it('flags PROXY protocol on an LB that in-cluster clients short-circuit (ipMode VIP), not with ipMode Proxy', () => {
    const pp = { annotation: 'service.beta.kubernetes.io/do-loadbalancer-enable-proxy-protocol', value: 'true', version: 'v1' as const };
    const vip = lb('vip', { externalTrafficPolicy: 'Local', healthCheckNodePort: 32000, loadBalancer: { ingress: [{ ip: '198.18.100.1', hostname: null, ipMode: 'VIP' }], loadBalancerClass: null, sourceRanges: [], proxyProtocol: pp } });
    const proxied = lb('proxied', { externalTrafficPolicy: 'Local', healthCheckNodePort: 32001, loadBalancer: { ingress: [{ ip: '198.18.100.2', hostname: null, ipMode: 'Proxy' }], loadBalancerClass: null, sourceRanges: [], proxyProtocol: pp } });
    expect(rules(cluster([vip, proxied]))).toEqual([['proxy-protocol-short-circuit', 'default/vip']]);
  });

  it('flags Local policy on an LB without health checks', () => {
    const inv = cluster([lb('nohc', { externalTrafficPolicy: 'Local', healthCheckNodePort: null }), lb('hc', { externalTrafficPolicy: 'Local', healthCheckNodePort: 32000 })]);
    expect(rules(inv)).toEqual([['local-without-health-check', 'default/nohc']]);
    expect(scanHazards(inv)[0]!.fixes.map((f) => f.id)).toEqual(['lb-health-check']);
  });

  it('follows the dataplane: Cilium DSR and Calico eBPF keep clients, Cilium SNAT and Calico VPP do not', () => {
    const svcs = [makeService({ name: 'tcp' }), makeService({ name: 'udp', ports: [{ name: 'dns', protocol: 'UDP', port: 53, targetPort: 53, nodePort: 30053 }] }), makeService({ name: 'local', externalTrafficPolicy: 'Local' })];
    const cilium = (lbMode: 'snat' | 'dsr' | 'hybrid') => makeCni({ kind: 'cilium', cilium: { kubeProxyReplacement: true, lbMode, tunnel: 'vxlan' } });
    expect(rules(cluster(svcs, { cni: cilium('dsr') }))).toEqual([]);
    expect(rules(cluster(svcs, { cni: cilium('hybrid') }))).toEqual([['cilium-snat', 'default/udp']]);
    expect(rules(cluster(svcs, { cni: cilium('snat') })).map(([r]) => r)).toEqual(['cilium-snat', 'cilium-snat']);
    expect(rules(cluster(svcs, { cni: makeCni({ kind: 'calico', calico: { dataplane: 'bpf', natOutgoing: true, encapsulation: 'vxlan' } }) }))).toEqual([]);
    expect(rules(cluster(svcs, { cni: makeCni({ kind: 'calico', calico: { dataplane: 'vpp', natOutgoing: true, encapsulation: 'vxlan' } }) })).map(([, s]) => s).sort()).toEqual([
      'default/local',
      'default/tcp',
      'default/udp',
    ]);
  });

  it('explains every hazard and its fixes in both languages', () => {
    const ctrl = makeIngressController();
    ctrl.config = { ...ctrl.config, useForwardedHeaders: true };
    const inv = cluster([makeService(), lb('nohc', { externalTrafficPolicy: 'Local' })], { ingressControllers: [ctrl] });
    const hazards = scanHazards(inv);
    expect(hazards.length).toBeGreaterThanOrEqual(4);
    for (const h of hazards) {
      expect(h.why.length).toBeGreaterThan(0);
      expect(h.fixes.length).toBeGreaterThan(0);
      for (const locale of ['en', 'zh-CN'] as const) {
        for (const s of h.why) expect(renderStep(s, locale)).not.toMatch(/\{[A-Za-z]+\}/);
        for (const f of h.fixes) {
          const r = renderFix(f, locale);
          expect(r.tradeoffs.length).toBeGreaterThan(0);
          expect([r.title, ...r.description, ...r.tradeoffs].join(' ')).not.toMatch(/\{[A-Za-z]+\}/);
        }
      }
    }
  });

  // How fast: `npm run bench` (scan), not a timed assertion here.
  it('scans 10,000 services, one hazard per Cluster-policy NodePort', () => {
    const services = Array.from({ length: 10_000 }, (_, i) => makeService({ name: `svc-${i}`, externalTrafficPolicy: i % 2 ? 'Local' : 'Cluster' }));
    const hazards = scanHazards(cluster(services));
    expect(hazards).toHaveLength(5_000);
  });
});

describe('Local services whose endpoints cover only some nodes', () => {
  const nodes = Array.from({ length: 200 }, (_, i) => makeNode(`n${i + 1}`, `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}`, `198.19.${i}.0/24`));
  const withEndpoints = nodes.slice(0, 40).map((n) => n.name);
  const local = makeService({ name: 'shop', externalTrafficPolicy: 'Local' });
  const inv = cluster([local, makeService({ name: 'full', externalTrafficPolicy: 'Local' })], {
    nodes,
    endpointSummaries: { 'default/shop': { ready: 80, nodes: withEndpoints }, 'default/full': { ready: 200, nodes: nodes.map((n) => n.name) } },
  });

  it('says how many receiving nodes drop, and offers the three fixes with trade-offs', () => {
    const h = scanHazards(inv).find((x) => x.rule === 'local-partial-coverage')!;
    expect(h.id).toBe('local-partial-coverage:default/shop');
    expect(h.severity).toBe('high');
    expect(renderStep(h.why[0]!, 'en')).toContain('160 of 200 nodes drop: no local endpoint');
    expect(renderStep(h.why[0]!, 'zh-CN')).toContain('200 个节点中有 160 个');
    expect(h.fixes.map((f) => f.id)).toEqual(['local-endpoint-every-node', 'send-to-endpoint-nodes', 'keep-cluster-carry-client']);
    for (const f of h.fixes) expect(renderFix(f, 'en').tradeoffs.length).toBeGreaterThan(0);
    // The upstream list names only nodes that run an endpoint.
    const upstream = h.fixes[1]!.snippets.find((s) => s.language === 'nginx')!.text;
    expect(upstream).toContain('# n40');
    expect(upstream).not.toContain('# n41');
  });

  it('is not reported when every node has an endpoint, or when endpoints were not counted', () => {
    expect(scanHazards(inv).filter((x) => x.rule === 'local-partial-coverage').map((x) => x.service?.name)).toEqual(['shop']);
    expect(scanHazards({ ...inv, endpointSummaries: null }).some((x) => x.rule === 'local-partial-coverage')).toBe(false);
  });

  it('is low severity behind a load balancer that health-checks healthCheckNodePort', () => {
    const lbLocal = lb('shop', { externalTrafficPolicy: 'Local', healthCheckNodePort: 32000 });
    const h = scanHazards({ ...inv, services: [lbLocal] }).find((x) => x.rule === 'local-partial-coverage')!;
    expect(h.severity).toBe('low');
    expect(renderStep(h.why[1]!, 'en')).toContain('healthCheckNodePort 32000');
  });
});
