// detect-* on realistic objects (kubeadm kube-proxy, cilium-config, kube-flannel-cfg, calico-node,
// ingress-nginx chart) and on hostile input (fast-check: arbitrary JSON never throws).
import type { V1ConfigMap, V1DaemonSet, V1Deployment, V1EndpointSlice, V1Ingress, V1IngressClass, V1Node, V1Pod, V1Service } from '@kubernetes/client-node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrContains, normalizeIP, nthAddress } from './detect-address';
import { detectCni } from './detect-cni';
import { endpointsFromSlices } from './detect-endpoints';
import * as F from './detect-fixtures';
import { detectIngressControllers, ingressInfo, ingressNginxConfig } from './detect-ingress';
import { nodeInfo } from './detect-node';
import { podInfo } from './detect-pod';
import { detectProxy } from './detect-proxy';
import { proxyProtocolFromAnnotations, serviceInfo } from './detect-service';

describe('addresses', () => {
  it('normalises IPv4-mapped IPv6 and strips ports', () => {
    expect(normalizeIP('::ffff:198.18.0.11')).toBe('198.18.0.11');
    expect(normalizeIP('198.18.0.11:30080')).toBe('198.18.0.11');
    expect(normalizeIP('[fd00::1]:80')).toBe('fd00::1');
    expect(normalizeIP('not an ip')).toBeNull();
  });
  it('computes .0 / .1 of a pod CIDR and CIDR membership', () => {
    expect(nthAddress('198.19.2.0/24', 0)).toBe('198.19.2.0');
    expect(nthAddress('198.19.2.77/24', 1)).toBe('198.19.2.1');
    expect(nthAddress('10.244.0.0/16', 1)).toBe('10.244.0.1');
    expect(nthAddress('fd00:10:244:3::/64', 1)).toBe('fd00:10:244:3::1');
    expect(cidrContains('198.19.0.0/16', '::ffff:198.19.4.4')).toBe(true);
    expect(cidrContains('198.19.0.0/16', '198.18.0.1')).toBe(false);
  });
});

describe('detectProxy', () => {
  const cm = F.kubeadmKubeProxyConfigMap as V1ConfigMap;
  const ds = [F.kubeadmKubeProxyDaemonSet as V1DaemonSet];
  it('reads kubeadm’s config.conf: empty mode means iptables', () => {
    expect(detectProxy(cm, ds)).toMatchObject({
      source: 'configmap',
      mode: 'iptables',
      clusterCIDR: '198.19.0.0/16',
      masqueradeAll: false,
      detectLocalMode: 'ClusterCIDR',
      nodePortAddresses: [],
      daemonSetPresent: true,
      replacedBy: null,
    });
  });
  it('reads ipvs, nftables, masqueradeAll, detectLocalMode and nodePortAddresses', () => {
    const ipvs = F.kubeProxyConfigMapWith({ 'mode: ""': 'mode: ipvs', 'masqueradeAll: false': 'masqueradeAll: true' });
    expect(detectProxy(ipvs, ds)).toMatchObject({ mode: 'ipvs', masqueradeAll: true });
    const nft = F.kubeProxyConfigMapWith({
      'mode: ""': 'mode: nftables',
      'nodePortAddresses: null': 'nodePortAddresses:\n- primary',
      'detectLocalMode: ""': 'detectLocalMode: BridgeInterface',
      'bridgeInterface: ""': 'bridgeInterface: cni0',
    });
    expect(detectProxy(nft, ds)).toMatchObject({ mode: 'nftables', nodePortAddresses: ['primary'], detectLocalMode: 'BridgeInterface', detectLocalValue: 'cni0' });
  });
  it('falls back to the DaemonSet flags when there is no ConfigMap', () => {
    expect(detectProxy(null, [F.flagsOnlyKubeProxyDaemonSet as V1DaemonSet])).toMatchObject({
      source: 'daemonset-args',
      mode: 'ipvs',
      clusterCIDR: '10.244.0.0/16',
      masqueradeAll: true,
      detectLocalMode: 'ClusterCIDR',
    });
  });
  it('is "unknown" when nothing is found, "unparseable" on broken YAML', () => {
    expect(detectProxy(null, [])).toMatchObject({ source: 'absent', mode: 'unknown', detectLocalMode: 'unknown', daemonSetPresent: null });
    expect(detectProxy(null, [F.ciliumDaemonSet as V1DaemonSet])).toMatchObject({ source: 'absent', daemonSetPresent: false });
    const broken = { metadata: { name: 'kube-proxy' }, data: { 'config.conf': 'kind: KubeProxyConfiguration\nmode: [unclosed' } } as V1ConfigMap;
    const r = detectProxy(broken, ds);
    expect(r.source).toBe('unparseable');
    expect(r.warnings.length).toBeGreaterThan(0);
  });
  it('reads a config file larger than ordinary strings (long comment header)', () => {
    const text = `# ${'x'.repeat(10_000)}\n${F.kubeadmKubeProxyConfigMap.data['config.conf'].replace('mode: ""', 'mode: ipvs')}`;
    const big = { ...F.kubeadmKubeProxyConfigMap, data: { 'config.conf': text } } as V1ConfigMap;
    expect(detectProxy(big, ds)).toMatchObject({ source: 'configmap', mode: 'ipvs', clusterCIDR: '198.19.0.0/16' });
  });
  it('notes a kube-proxy replacement from the CNI', () => {
    const cni = detectCni([F.ciliumDaemonSet], [], [F.ciliumConfig]);
    expect(detectProxy(null, [F.ciliumDaemonSet as V1DaemonSet], cni).replacedBy).toBe('cilium');
  });
});

describe('detectCni', () => {
  it('Cilium: kube-proxy replacement, bpf-lb-mode, routing mode', () => {
    const r = detectCni([F.ciliumDaemonSet], [], [F.ciliumConfig]);
    expect(r.kind).toBe('cilium');
    expect(r.cilium).toEqual({ kubeProxyReplacement: true, lbMode: 'dsr', tunnel: 'disabled' });
    expect(r.evidence).toContain('DaemonSet kube-system/cilium');
  });
  it('Cilium defaults to snat when kube-proxy-replacement is on and no mode is set', () => {
    const cfg = { ...F.ciliumConfig, data: { 'kube-proxy-replacement': 'true' } };
    expect(detectCni([F.ciliumDaemonSet], [], [cfg]).cilium).toEqual({ kubeProxyReplacement: true, lbMode: 'snat', tunnel: 'vxlan' });
  });
  it('flannel: backend type from net-conf.json and --ip-masq from the DaemonSet', () => {
    const r = detectCni([F.flannelDaemonSet], [], [F.flannelConfig]);
    expect(r).toMatchObject({ kind: 'flannel', flannel: { backend: 'vxlan', ipMasq: true } });
  });
  it('Calico iptables with IPIP, eBPF from FELIX_BPFENABLED, eBPF from the operator’s Installation', () => {
    const ipip = detectCni([F.calicoNodeDaemonSet({ CALICO_IPV4POOL_IPIP: 'Always', CALICO_IPV4POOL_VXLAN: 'Never', CALICO_IPV4POOL_NAT_OUTGOING: 'true' })], [F.calicoKubeControllers], []);
    expect(ipip).toMatchObject({ kind: 'calico', calico: { dataplane: 'iptables', natOutgoing: true, encapsulation: 'ipip' } });
    const bpf = detectCni([F.calicoNodeDaemonSet({ FELIX_BPFENABLED: 'true' })], [], []);
    expect(bpf.calico?.dataplane).toBe('bpf');
    const op = detectCni([], [F.tigeraOperator], [], { installation: F.calicoInstallationBpf });
    expect(op).toMatchObject({ kind: 'calico', calico: { dataplane: 'bpf', natOutgoing: true, encapsulation: 'vxlan' } });
    const felix = detectCni([F.calicoNodeDaemonSet({})], [], [], { felixConfiguration: { spec: { bpfEnabled: true } }, ipPools: [{ spec: { natOutgoing: false, ipipMode: 'Never', vxlanMode: 'Always' } }] });
    expect(felix.calico).toEqual({ dataplane: 'bpf', natOutgoing: false, encapsulation: 'vxlan' });
  });
  it('kindnet, aws-vpc-cni, flannel known only from Node annotations (k3s), unknown', () => {
    expect(detectCni([F.kindnetDaemonSet]).kind).toBe('kindnet');
    expect(detectCni([F.awsNodeDaemonSet]).kind).toBe('aws-vpc-cni');
    const k3s = detectCni([], [], [], { nodes: [nodeInfo(F.kubeadmNode as V1Node)] });
    expect(k3s).toMatchObject({ kind: 'flannel', flannel: { backend: 'vxlan', ipMasq: null } });
    const none = detectCni([F.kubeadmKubeProxyDaemonSet]);
    expect(none.kind).toBe('unknown');
    expect(none.evidence).toEqual(['no known CNI DaemonSet found']);
  });
});

describe('nodeInfo', () => {
  it('reads addresses, pod CIDRs, zone, readiness, taints and the flannel overlay address (.0)', () => {
    expect(nodeInfo(F.kubeadmNode as V1Node)).toMatchObject({
      name: 'node1',
      addresses: { internalIPs: ['198.18.0.11'], externalIPs: [], hostnames: ['node1'] },
      podCIDRs: ['198.19.1.0/24'],
      zone: 'lab-a',
      ready: true,
      unschedulable: false,
      taints: [{ key: 'node-role.kubernetes.io/control-plane', value: null, effect: 'NoSchedule' }],
      tunnel: { kind: 'vxlan', address: '198.19.1.0' },
      flannelBackend: 'vxlan',
      warnings: [],
    });
  });
  it('reads Calico’s VXLAN tunnel address and Cilium’s router address', () => {
    expect(nodeInfo(F.calicoNode as V1Node)).toMatchObject({ ready: false, addresses: { externalIPs: ['203.0.113.112'] }, tunnel: { kind: 'vxlan', address: '198.19.2.192', source: 'projectcalico.org/IPv4VXLANTunnelAddr' } });
    expect(nodeInfo(F.ciliumNode as V1Node)).toMatchObject({ routerAddress: '198.19.3.17', unschedulable: true, podCIDRs: ['198.19.3.0/24', 'fd00:10:244:3::/64'], addresses: { internalIPs: ['198.18.0.13', 'fd00::13'] } });
  });
});

describe('serviceInfo', () => {
  it('reads LB status with ipMode, PROXY-protocol annotations and only the relevant annotations', () => {
    const s = serviceInfo(F.lbServiceProxyMode as V1Service);
    expect(s).toMatchObject({
      type: 'LoadBalancer',
      clusterIPs: ['10.96.7.7'],
      ports: [{ name: null, protocol: 'TCP', port: 443, targetPort: 8443, nodePort: 30443 }],
      externalTrafficPolicy: 'Local',
      internalTrafficPolicy: 'Cluster',
      healthCheckNodePort: 32111,
      sessionAffinity: 'ClientIP',
      loadBalancer: {
        ingress: [{ ip: null, hostname: 'a1b2c3.elb.us-east-1.amazonaws.com', ipMode: 'Proxy' }],
        sourceRanges: ['203.0.113.0/24'],
        proxyProtocol: { annotation: 'service.beta.kubernetes.io/aws-load-balancer-proxy-protocol', version: 'v2' },
      },
    });
    expect(Object.keys(s.annotations)).not.toContain('kubectl.kubernetes.io/last-applied-configuration');
    expect(s.warnings.some((w) => w.includes('not-a-cidr'))).toBe(true);
  });
  it('treats a headless service as having no ClusterIP', () => {
    expect(serviceInfo(F.headlessService as V1Service)).toMatchObject({ type: 'ClusterIP', clusterIPs: [], internalTrafficPolicy: 'Local', ports: [{ name: 'pg', targetPort: 5432 }] });
  });
  it.each([
    [{ 'service.beta.kubernetes.io/aws-load-balancer-proxy-protocol': '*' }, 'v1'],
    [{ 'service.beta.kubernetes.io/do-loadbalancer-enable-proxy-protocol': 'true' }, 'v1'],
    [{ 'service.beta.kubernetes.io/linode-loadbalancer-proxy-protocol': 'v2' }, 'v2'],
    [{ 'service.beta.kubernetes.io/scw-loadbalancer-proxy-protocol-v2': 'true' }, 'v2'],
    [{ 'loadbalancer.openstack.org/proxy-protocol': 'true' }, 'v1'],
    [{ 'load-balancer.hetzner.cloud/uses-proxyprotocol': 'true' }, null],
    [{ 'service.beta.kubernetes.io/do-loadbalancer-enable-proxy-protocol': 'false' }, undefined],
  ] as const)('PROXY protocol from %j', (annotations, version) => {
    const pp = proxyProtocolFromAnnotations({ ...annotations });
    if (version === undefined) expect(pp).toBeNull();
    else expect(pp?.version).toBe(version);
  });
});

describe('endpointsFromSlices and podInfo', () => {
  it('keeps conditions (nil ready = ready), merges duplicates across slices and skips FQDN slices', () => {
    const eps = endpointsFromSlices(F.echoSlices as V1EndpointSlice[]);
    expect(eps.map((e) => [e.address, e.nodeName, e.ready, e.serving, e.terminating])).toEqual([
      ['198.19.1.5', 'node1', true, true, false],
      ['198.19.2.5', 'node2', false, true, true],
      ['198.19.2.6', 'node2', true, true, false],
    ]);
    expect(eps[0]).toMatchObject({ zone: 'lab-a', targetRef: { kind: 'Pod', namespace: 'default', name: 'echo-7f9c-a' }, ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] });
  });
  it('reads a pod', () => {
    expect(podInfo(F.ingressNginxPod as V1Pod)).toMatchObject({ namespace: 'ingress-nginx', ip: '198.19.2.20', nodeName: 'node2', hostNetwork: false, ready: true, phase: 'Running' });
  });
});

describe('ingress', () => {
  const controllers = detectIngressControllers({
    ingressClasses: [F.ingressNginxClass as V1IngressClass, F.traefikClass as V1IngressClass],
    deployments: [F.ingressNginxDeployment as V1Deployment],
    configMaps: [F.ingressNginxConfigMap as V1ConfigMap],
    services: [F.ingressNginxAdmissionService as V1Service, F.ingressNginxService as V1Service],
    pods: [F.ingressNginxPod as V1Pod],
  });

  it('finds the ingress-nginx controller, its Service (not the admission one), pods and ConfigMap', () => {
    const nginx = controllers.find((c) => c.className === 'nginx')!;
    expect(nginx).toMatchObject({
      kind: 'ingress-nginx',
      controller: 'k8s.io/ingress-nginx',
      isDefaultClass: true,
      namespace: 'ingress-nginx',
      workload: { kind: 'Deployment', name: 'ingress-nginx-controller' },
      service: { namespace: 'ingress-nginx', name: 'ingress-nginx-controller' },
      configMap: { namespace: 'ingress-nginx', name: 'ingress-nginx-controller' },
      config: { useForwardedHeaders: true, computeFullForwardedFor: false, useProxyProtocol: false, enableRealIp: false, forwardedForHeader: 'X-Forwarded-For', proxyRealIpCidr: ['203.0.113.0/24', '198.18.0.0/16'] },
    });
    expect(nginx.serviceInfo?.externalTrafficPolicy).toBe('Local');
    expect(nginx.pods.map((p) => p.name)).toEqual(['ingress-nginx-controller-5d88495688-x2xk9']);
  });

  it('lists other controllers with defaults, and parses ingress-nginx ConfigMap defaults', () => {
    expect(controllers.find((c) => c.className === 'traefik')).toMatchObject({ kind: 'other', workload: null, service: null });
    expect(ingressNginxConfig({})).toEqual({
      useForwardedHeaders: false,
      computeFullForwardedFor: false,
      useProxyProtocol: false,
      enableRealIp: false,
      forwardedForHeader: 'X-Forwarded-For',
      proxyRealIpCidr: ['0.0.0.0/0'],
    });
  });

  it('reads an Ingress', () => {
    expect(ingressInfo(F.echoIngress as V1Ingress)).toEqual({
      namespace: 'default',
      name: 'echo',
      className: 'nginx',
      rules: [
        {
          host: 'echo.example.test',
          paths: [
            { path: '/', pathType: 'Prefix', backend: { service: 'echo', port: 80 } },
            { path: '/api', pathType: 'Exact', backend: { service: 'api', port: 'http' } },
          ],
        },
      ],
      defaultBackend: null,
      tls: true,
      warnings: [],
    });
  });
});

describe('hostile input never throws', () => {
  const nasty = fc.constantFrom('__proto__', 'constructor', 'toString', 'metadata', 'spec', 'status', 'data', 'name', 'labels', 'annotations', '名字', '\u0000', 'config.conf', 'net-conf.json');
  const json = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.jsonValue(),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.oneof(nasty, fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 6 }),
    ),
  })).value;
  const k8sShaped = fc.record(
    { metadata: json, spec: json, status: json, data: fc.dictionary(fc.oneof(nasty, fc.string()), fc.oneof(fc.string(), json)), addressType: json, endpoints: json, ports: json },
    { requiredKeys: [] },
  );
  const anyObject = fc.oneof(json, k8sShaped);

  it('every detect function on arbitrary JSON returns JSON-serialisable data', () => {
    fc.assert(
      fc.property(anyObject, anyObject, anyObject, (a, b, c) => {
        const results: unknown[] = [
          nodeInfo(a as V1Node),
          serviceInfo(a as V1Service),
          podInfo(a as V1Pod),
          ingressInfo(a as V1Ingress),
          endpointsFromSlices([a, b] as V1EndpointSlice[]),
          detectProxy(a as V1ConfigMap, [b, c] as V1DaemonSet[]),
          detectCni([a] as V1DaemonSet[], [b] as V1Deployment[], [c] as V1ConfigMap[], { felixConfiguration: a, installation: b, ipPools: [c] }),
          detectIngressControllers({ ingressClasses: [a] as V1IngressClass[], deployments: [b] as V1Deployment[], configMaps: [c] as V1ConfigMap[], services: [a] as V1Service[], pods: [b] as V1Pod[] }),
        ];
        for (const r of results) expect(JSON.parse(JSON.stringify(r))).toEqual(r);
      }),
      { numRuns: 300 },
    );
  });

  it('non-array list arguments and null are tolerated', () => {
    expect(() => endpointsFromSlices(null as unknown as V1EndpointSlice[])).not.toThrow();
    expect(() => detectCni(undefined as unknown as V1DaemonSet[], null as unknown as V1Deployment[])).not.toThrow();
    expect(() => detectIngressControllers({ ingressClasses: 'x' as unknown as V1IngressClass[] })).not.toThrow();
    expect(detectProxy(7 as unknown as V1ConfigMap, {} as unknown as V1DaemonSet[]).mode).toBe('unknown');
  });

  it('keeps a `__proto__` label as plain data and caps huge maps', () => {
    const labels = JSON.parse('{"__proto__": "x", "app": "echo"}') as Record<string, string>;
    const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, 'v']));
    const n = nodeInfo({ metadata: { name: 'é节点', labels: { ...labels, ...many } } } as unknown as V1Node);
    expect(Object.prototype.hasOwnProperty.call(n.labels, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(n.labels)).toBe(Object.prototype);
    expect(Object.keys(n.labels).length).toBeLessThanOrEqual(512);
    expect(n.name).toBe('é节点');
  });
});
