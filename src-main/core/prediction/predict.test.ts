// Model behaviour beyond the fact table: paths per endpoint, grouping, assumptions, hop data,
// fixes, ingress-nginx realip semantics, limits and robustness.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderExplanation, renderStep } from '../explain/render';
import { defaultIngressNginxConfig } from '../inventory/detect-ingress';
import type { IngressNginxConfig } from '../inventory/types';
import { shellQuote } from './fixes';
import { ingressNginxRealIp, realipFromList } from './ingress-hop';
import { MAX_PATHS, predict } from './predict';
import { makeCni, makeEndpoint, makeIngress, makeIngressController, makeInventory, makeNode, makeProxy, makeService } from './test-inventory';
import type { Origin, Target } from './types';

const external: Origin = { kind: 'external', clientAddress: '203.0.113.1' };

describe('paths and groups', () => {
  const inv = makeInventory({
    endpoints: [makeEndpoint('198.19.1.5', 'node1'), makeEndpoint('198.19.1.6', 'node1'), makeEndpoint('198.19.2.5', 'node2')],
  });

  it('has one path per endpoint on an entry node, each with kube-proxy’s random share', () => {
    const p = predict(inv, external, { kind: 'nodePort', port: 30080, node: 'node2' });
    expect(p.paths.map((x) => x.endpoint?.address).sort()).toEqual(['198.19.1.5', '198.19.1.6', '198.19.2.5']);
    for (const path of p.paths) expect(path.probability).toBeCloseTo(1 / 3);
    expect(new Set(p.paths.map((x) => x.id)).size).toBe(3);
  });

  it('groups the paths that look the same: "via node2 → …: SNAT to 198.18.0.12"', () => {
    const p = predict(inv, external, { kind: 'nodePort', port: 30080, node: 'node2' });
    const remote = p.groups.find((g) => g.observedAddress === '198.18.0.12');
    const local = p.groups.find((g) => g.observedAddress === '198.19.2.1');
    expect(remote?.pathIds).toHaveLength(2);
    expect(remote?.probability).toBeCloseTo(2 / 3);
    expect(remote?.rewrittenBy).toEqual({ kind: 'node', name: 'node2' });
    expect(local?.observedClass).toBe('bridge-gateway');
    expect(renderStep(remote!.summary, 'en')).toBe('via node2 → 198.19.1.5, 198.19.1.6: source rewritten to 198.18.0.12 (a node address) at node2');
  });

  it('says "any endpoint" when one group covers every choice on that entry', () => {
    const p = predict(makeInventory(), external, { kind: 'nodePort', port: 30080, node: 'node2' });
    expect(p.groups).toHaveLength(1);
    expect(renderStep(p.groups[0]!.summary, 'en')).toContain('via node2 → any endpoint');
  });

  it('covers every node when the target names none', () => {
    const p = predict(inv, external, { kind: 'nodePort', port: 30080 });
    expect(new Set(p.paths.map((x) => x.entry?.node))).toEqual(new Set(['node1', 'node2']));
  });
});

describe('hops', () => {
  it('records source before and after on the rewriting hop, with its rule and fact', () => {
    const p = predict(makeInventory(), external, { kind: 'nodePort', port: 30080, node: 'node2' });
    const path = p.paths[0]!;
    expect(path.hops.map((h) => h.action)).toEqual(['send', 'dnat', 'snat', 'forward', 'deliver']);
    const snat = path.hops[2]!;
    expect(snat).toMatchObject({ at: { kind: 'node', name: 'node2', address: '198.18.0.12' }, sourceBefore: '203.0.113.1', sourceAfter: '198.18.0.12', destination: '198.19.1.5:8080' });
    expect(snat.rule).toContain('KUBE-EXT-<default/echo:http> → KUBE-MARK-MASQ');
    expect(path.hops.every((h) => h.factRef.length > 0)).toBe(true);
    expect(path.hops[0]!.destination).toBe('198.18.0.12:30080');
  });

  it('does not masquerade an endpoint that is the entry node itself (local delivery skips POSTROUTING)', () => {
    const inv = makeInventory({ endpoints: [makeEndpoint('198.18.0.11', 'node1')] });
    const p = predict(inv, external, { kind: 'nodePort', port: 30080, node: 'node1' });
    expect(p.paths[0]!.verdict).toBe('preserved');
    expect(p.paths[0]!.explanation.map((s) => s.code)).toContain('kp.masqSkippedLocal');
  });

  it('drops clients outside loadBalancerSourceRanges at the LB address', () => {
    const svc = makeService({
      type: 'LoadBalancer',
      loadBalancer: { ingress: [{ ip: '198.18.100.1', hostname: null, ipMode: null }], loadBalancerClass: 'metallb', sourceRanges: ['192.0.2.0/24'], proxyProtocol: null },
    });
    const p = predict(makeInventory({ service: svc }), external, { kind: 'loadBalancer', port: 80 });
    expect(p.paths.every((x) => x.outcome === 'dropped' && /KUBE-PROXY-FIREWALL/.test(x.outcomeRule ?? ''))).toBe(true);
  });
});

describe('assumptions', () => {
  it('assumes iptables and the ClusterCIDR detector when the kube-proxy ConfigMap is absent', () => {
    const inv = makeInventory({ proxy: makeProxy({ source: 'absent', mode: 'unknown', clusterCIDR: null, detectLocalMode: 'unknown' }) });
    const p = predict(inv, external, { kind: 'nodePort', port: 30080, node: 'node2' });
    const codes = p.assumptions.map((a) => a.code);
    expect(codes).toContain('assume.proxyModeUnknown');
    expect(codes).toContain('assume.detectorUnknown');
    expect(p.dataplane).toMatchObject({ kind: 'kube-proxy', proxyMode: 'iptables' });
    expect(p.paths[0]!.verdict).toBe('snat');
  });

  it('states the bridge-gateway assumption (.1 of the pod CIDR) and the unknown CNI', () => {
    const p = predict(makeInventory(), external, { kind: 'nodePort', port: 30080 });
    const text = p.assumptions.map((a) => renderStep(a, 'en'));
    expect(text).toContain('The bridge gateway of node1 is assumed to be 198.19.1.1 (.1 of its pod CIDR 198.19.1.0/24).');
    expect(p.assumptions.map((a) => a.code)).toContain('assume.cniUnknown');
  });

  it('keeps the client placeholder when the client address is unknown', () => {
    const p = predict(makeInventory({ service: makeService({ externalTrafficPolicy: 'Local' }) }), { kind: 'external' }, { kind: 'nodePort', port: 30080, node: 'node1' });
    expect(p.paths[0]!.observed).toMatchObject({ address: '<client>', class: 'client', exact: false });
    expect(renderStep(p.paths[0]!.explanation.at(-1)!, 'zh-CN')).toContain('客户端');
  });
});

describe('fixes', () => {
  it('offers externalTrafficPolicy: Local with its costs for a Cluster NodePort', () => {
    const p = predict(makeInventory(), external, { kind: 'nodePort', port: 30080 });
    const fix = p.fixes.find((f) => f.id === 'etp-local');
    expect(fix?.tradeoffs.map((t) => t.code)).toEqual(['fix.tradeoff.imbalance', 'fix.tradeoff.dropsWithoutEndpoints', 'fix.tradeoff.nodePortClientsChooseNodes']);
    expect(fix?.snippets[0]?.text).toBe(`kubectl -n 'default' patch service 'echo' --type merge -p '{"spec":{"externalTrafficPolicy":"Local"}}'`);
  });

  it('offers PROXY protocol on both ends behind an L4 relay, and XFF behind an L7 relay', () => {
    const relay = { name: 'edge', address: '203.0.113.20', mode: 'l4' as const, proxyProtocol: null, addsXForwardedFor: false, forwardsTo: { node: 'node1', port: 30080 } };
    const inv = makeInventory({ service: makeService({ externalTrafficPolicy: 'Local' }) });
    const l4 = predict(inv, { kind: 'relay', relay, clientAddress: '203.0.113.1' }, { kind: 'nodePort', port: 30080 });
    const pp = l4.fixes.find((f) => f.id === 'proxy-protocol');
    expect(pp?.snippets.map((s) => s.text).join('\n')).toMatch(/proxy_protocol on;[\s\S]*listen 8080 proxy_protocol;[\s\S]*set_real_ip_from 203\.0\.113\.20;/);
    const l7 = predict(inv, { kind: 'relay', relay: { ...relay, mode: 'l7' }, clientAddress: '203.0.113.1' }, { kind: 'nodePort', port: 30080 });
    expect(l7.fixes.map((f) => f.id)).toContain('relay-xff');
    const withXff = predict(inv, { kind: 'relay', relay: { ...relay, mode: 'l7', addsXForwardedFor: true }, clientAddress: '203.0.113.1' }, { kind: 'nodePort', port: 30080 });
    const realip = withXff.fixes.find((f) => f.id === 'realip-nginx');
    expect(realip?.snippets[0]?.text).toBe('set_real_ip_from 203.0.113.20;\nreal_ip_header X-Forwarded-For;\nreal_ip_recursive on;');
  });

  it('offers DSR on Cilium and a health check for a Local LB without one', () => {
    const cilium = predict(makeInventory({ cni: makeCni({ kind: 'cilium', cilium: { kubeProxyReplacement: true, lbMode: 'snat', tunnel: 'vxlan' } }) }), external, { kind: 'nodePort', port: 30080, node: 'node2' });
    expect(cilium.fixes.map((f) => f.id)).toEqual(expect.arrayContaining(['etp-local', 'cilium-dsr']));
    const lb = makeService({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      loadBalancer: { ingress: [{ ip: '198.18.100.1', hostname: null, ipMode: null }], loadBalancerClass: null, sourceRanges: [], proxyProtocol: null },
    });
    const p = predict(makeInventory({ service: lb }), external, { kind: 'loadBalancer', port: 80 });
    expect(p.fixes.map((f) => f.id)).toContain('lb-health-check');
    expect(p.warnings.map((w) => w.code)).toContain('warn.localNoHealthCheck');
    expect(p.paths.some((x) => x.outcome === 'dropped')).toBe(true);
  });

  it('offers restricting proxy-real-ip-cidr when the ingress trusts everyone', () => {
    const ctrl = makeIngressController();
    ctrl.config = { ...ctrl.config, useForwardedHeaders: true };
    ctrl.serviceInfo!.externalTrafficPolicy = 'Local';
    const inv = makeInventory({ service: makeService({ type: 'ClusterIP' }), ingressControllers: [ctrl], ingresses: [makeIngress()] });
    const p = predict(inv, external, { kind: 'ingress', host: 'echo.example.test', path: '/', entry: { kind: 'nodePort', node: 'node2' } });
    expect(p.fixes.map((f) => f.id)).toContain('restrict-real-ip-cidr');
    expect(p.warnings.map((w) => w.code)).toContain('warn.spoofable');
  });

  it('quotes hostile object names in shell snippets', () => {
    expect(shellQuote(`a'; rm -rf / #`)).toBe(`'a'\\''; rm -rf / #'`);
  });

  it('shows control and bidi characters in copied commands as \\uXXXX (issue 17 item 8)', () => {
    // U+202E would display "evil" reversed; ESC could drive the terminal the command is pasted into.
    expect(shellQuote('web\u202eoiz')).toBe(`$'web\\u202eoiz'`);
    expect(shellQuote("a'\u001b]0;x\u0007")).toBe(`$'a\\'\\u001b]0;x\\u0007'`);
    expect(shellQuote('web')).toBe(`'web'`);
    const svc = makeService({ name: 'front\u202eend', namespace: 'de\u2066fault' });
    const p = predict(makeInventory({ service: svc }), external, { kind: 'nodePort', port: 30080 });
    const text = p.fixes.flatMap((f) => f.snippets.map((x) => x.text)).join('\n');
    expect(text.length).toBeGreaterThan(0);
    // eslint-disable-next-line no-control-regex -- none may survive
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('\\u202e');
  });
});

describe('ingress-nginx realip semantics', () => {
  const cfg = (over: Partial<IngressNginxConfig> = {}): IngressNginxConfig => ({ ...defaultIngressNginxConfig(), ...over });
  const none = { xff: [] as string[], xRealIp: null, proxySource: null };
  it.each([
    ['realip off: peer is the client, XFF replaced by it', cfg(), '198.18.0.11', { ...none, xff: ['1.2.3.4'] }, '198.18.0.11', ['198.18.0.11'], false],
    ['use-forwarded-headers + 0.0.0.0/0: any sender picks its address', cfg({ useForwardedHeaders: true }), '203.0.113.1', { ...none, xff: ['1.2.3.4'] }, '1.2.3.4', ['1.2.3.4'], true],
    ['trusted CIDR excludes the peer: header ignored', cfg({ useForwardedHeaders: true, proxyRealIpCidr: ['203.0.113.20/32'] }), '203.0.113.1', { ...none, xff: ['1.2.3.4'] }, '203.0.113.1', ['203.0.113.1'], false],
    ['recursive: the rightmost untrusted address wins', cfg({ useForwardedHeaders: true, proxyRealIpCidr: ['10.0.0.0/8'] }), '10.0.0.9', { ...none, xff: ['198.51.100.7', '203.0.113.1', '10.0.0.5'] }, '203.0.113.1', ['203.0.113.1'], false],
    ['compute-full-forwarded-for appends the peer', cfg({ useForwardedHeaders: true, computeFullForwardedFor: true, proxyRealIpCidr: ['10.0.0.0/8'] }), '10.0.0.9', { ...none, xff: ['203.0.113.1'] }, '203.0.113.1', ['203.0.113.1', '10.0.0.9'], false],
    ['compute-full-forwarded-for alone does nothing (needs use-forwarded-headers)', cfg({ computeFullForwardedFor: true }), '10.0.0.9', { ...none, xff: ['203.0.113.1'] }, '10.0.0.9', ['10.0.0.9'], false],
    ['enable-real-ip reads the header too', cfg({ enableRealIp: true, proxyRealIpCidr: ['10.0.0.0/8'] }), '10.0.0.9', { ...none, xff: ['203.0.113.1'] }, '203.0.113.1', ['203.0.113.1'], false],
    ['use-proxy-protocol takes the PROXY source', cfg({ useProxyProtocol: true, proxyRealIpCidr: ['10.0.0.0/8'] }), '10.0.0.9', { ...none, proxySource: '203.0.113.1' }, '203.0.113.1', ['203.0.113.1'], false],
    ['forwarded-for-header X-Real-IP', cfg({ useForwardedHeaders: true, forwardedForHeader: 'X-Real-IP', proxyRealIpCidr: ['10.0.0.0/8'] }), '10.0.0.9', { ...none, xRealIp: '203.0.113.1' }, '203.0.113.1', ['203.0.113.1'], false],
  ] as const)('%s', (_name, config, peer, incoming, remote, xff, spoofable) => {
    const r = ingressNginxRealIp(config, peer, { xff: [...incoming.xff], xRealIp: incoming.xRealIp, proxySource: incoming.proxySource });
    expect(r.remoteAddr).toBe(remote);
    expect(r.upstreamXff).toEqual(xff);
    expect(r.spoofable).toBe(spoofable);
  });

  it('takes the leftmost address when every hop is trusted', () => {
    expect(realipFromList(['1.1.1.1', '10.0.0.1'], ['0.0.0.0/0'])).toBe('1.1.1.1');
    expect(realipFromList([], ['0.0.0.0/0'])).toBeNull();
  });
});

describe('robustness', () => {
  it('reports an unknown node instead of throwing', () => {
    const p = predict(makeInventory(), { kind: 'pod', node: 'nope' }, { kind: 'nodePort', port: 30080 });
    expect(p.paths).toEqual([]);
    expect(p.warnings.map((w) => w.code)).toContain('warn.unknownNode');
  });

  it('warns without a service, and for a ClusterIP from outside', () => {
    expect(predict(makeInventory({ service: null }), external, { kind: 'nodePort', port: 30080 }).warnings.map((w) => w.code)).toContain('warn.noService');
    expect(predict(makeInventory(), external, { kind: 'clusterIP', port: 80 }).warnings.map((w) => w.code)).toContain('warn.clusterIpFromOutside');
  });

  it('refuses a port that is not a NodePort of the service', () => {
    const p = predict(makeInventory(), external, { kind: 'nodePort', port: 31999, node: 'node1' });
    expect(p.paths[0]).toMatchObject({ outcome: 'rejected', verdict: 'rejected' });
    expect(p.warnings.map((w) => w.code)).toContain('warn.noSuchNodePort');
  });

  it('is plain JSON', () => {
    const p = predict(makeInventory(), external, { kind: 'nodePort', port: 30080 });
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });

  it('caps the number of paths on huge clusters', () => {
    const nodes = Array.from({ length: 200 }, (_, i) => makeNode(`n${i}`, `198.18.${Math.floor(i / 200)}.${(i % 200) + 10}`, `198.19.${i}.0/24`));
    const endpoints = Array.from({ length: 30 }, (_, i) => makeEndpoint(`198.19.${i}.5`, `n${i}`));
    const p = predict(makeInventory({ nodes, endpoints }), external, { kind: 'nodePort', port: 30080 });
    expect(p.paths).toHaveLength(MAX_PATHS);
    expect(p.warnings.map((w) => w.code)).toContain('warn.pathsTruncated');
  });
});

describe('invariants over generated scenarios', () => {
  const scenario = fc.record({
    eTP: fc.constantFrom('Cluster' as const, 'Local' as const),
    iTP: fc.constantFrom('Cluster' as const, 'Local' as const),
    mode: fc.constantFrom('iptables' as const, 'ipvs' as const, 'nftables' as const, 'unknown' as const),
    detect: fc.constantFrom('ClusterCIDR' as const, 'NodeCIDR' as const, 'BridgeInterface' as const, 'unknown' as const),
    masqueradeAll: fc.boolean(),
    cni: fc.constantFrom('unknown', 'flannel-vxlan', 'flannel-hostgw', 'calico', 'calico-bpf', 'calico-vpp', 'cilium-snat', 'cilium-dsr', 'cilium-hybrid', 'kindnet'),
    endpoints: fc.subarray(
      [
        makeEndpoint('198.19.1.5', 'node1'),
        makeEndpoint('198.19.2.5', 'node2'),
        makeEndpoint('198.19.2.6', 'node2', { ready: false, serving: true, terminating: true }),
        makeEndpoint('198.18.0.11', 'node1'),
      ],
      { minLength: 0 },
    ),
    origin: fc.constantFrom<Origin>(
      { kind: 'external', clientAddress: '203.0.113.1' },
      { kind: 'external' },
      { kind: 'pod', node: 'node1', podIP: '198.19.1.5' },
      { kind: 'pod', node: 'node2' },
      { kind: 'node', node: 'node2' },
      { kind: 'relay', relay: { name: 'edge', address: '203.0.113.20', mode: 'l7', proxyProtocol: 'v2', addsXForwardedFor: true, forwardsTo: { node: 'node2', port: 30080 } }, clientAddress: '203.0.113.1' },
    ),
    target: fc.constantFrom<Target>(
      { kind: 'nodePort', port: 30080 },
      { kind: 'nodePort', port: 30080, node: 'node1' },
      { kind: 'clusterIP', port: 80 },
      { kind: 'loadBalancer', port: 80 },
    ),
  });
  const cniOf = (c: string) => {
    switch (c) {
      case 'flannel-vxlan':
        return makeCni({ kind: 'flannel', flannel: { backend: 'vxlan', ipMasq: true } });
      case 'flannel-hostgw':
        return makeCni({ kind: 'flannel', flannel: { backend: 'host-gw', ipMasq: false } });
      case 'calico':
      case 'calico-bpf':
      case 'calico-vpp':
        return makeCni({ kind: 'calico', calico: { dataplane: c === 'calico' ? 'iptables' : c === 'calico-bpf' ? 'bpf' : 'vpp', natOutgoing: true, encapsulation: 'none' } });
      case 'cilium-snat':
      case 'cilium-dsr':
      case 'cilium-hybrid':
        return makeCni({ kind: 'cilium', cilium: { kubeProxyReplacement: true, lbMode: c === 'cilium-snat' ? 'snat' : c === 'cilium-dsr' ? 'dsr' : 'hybrid', tunnel: 'vxlan' } });
      case 'kindnet':
        return makeCni({ kind: 'kindnet' });
      default:
        return makeCni();
    }
  };

  it('never throws, and every path is self-consistent and fully explained', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const svc = makeService({
          type: 'LoadBalancer',
          externalTrafficPolicy: s.eTP,
          internalTrafficPolicy: s.iTP,
          healthCheckNodePort: s.eTP === 'Local' ? 32000 : null,
          loadBalancer: { ingress: [{ ip: '198.18.100.1', hostname: null, ipMode: null }], loadBalancerClass: null, sourceRanges: [], proxyProtocol: null },
        });
        const inv = makeInventory({
          service: svc,
          endpoints: s.endpoints,
          cni: cniOf(s.cni),
          proxy: makeProxy({ mode: s.mode, detectLocalMode: s.detect, masqueradeAll: s.masqueradeAll }),
        });
        const p = predict(inv, s.origin, s.target);
        expect(p.warnings.map((w) => w.code)).not.toContain('warn.internal');
        for (const path of p.paths) {
          const last = path.hops.at(-1)!;
          if (path.outcome === 'delivered') {
            expect(last.action).toBe('deliver');
            expect(path.observed.address).toBe(last.sourceAfter);
            expect(['preserved', 'snat', 'proxied']).toContain(path.verdict);
            expect(path.verdict === 'preserved').toBe(path.observed.address === path.clientAddress);
            if (path.rewrittenBy) expect(path.hops[path.rewrittenBy.hop]!.sourceAfter).toBe(path.observed.address);
          } else {
            expect(path.observed.address).toBeNull();
            expect(['drop', 'reject']).toContain(last.action);
          }
          for (let i = 1; i < path.hops.length; i++) expect(path.hops[i]!.sourceBefore).toBe(path.hops[i - 1]!.sourceAfter);
          for (const st of [...path.explanation, ...path.assumptions, ...path.warnings]) {
            expect(renderStep(st, 'en')).not.toMatch(/\{[A-Za-z]+\}/);
            expect(renderStep(st, 'zh-CN')).not.toMatch(/\{[A-Za-z]+\}/);
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('explanation text for an unknown client (issue 15, item 9)', () => {
  it('says "the client" once: never "the client address the client"', () => {
    const inv = makeInventory({ service: makeService({ externalTrafficPolicy: 'Local' }) });
    const p = predict(inv, { kind: 'external' }, { kind: 'nodePort', port: 30080, node: 'node1' });
    const text = renderExplanation(p.paths[0]!.explanation, 'en').join('\n');
    expect(text).toContain("The backend sees the client's own address: preserved.");
    expect(text).not.toMatch(/client address the client/);
    expect(renderExplanation(p.paths[0]!.explanation, 'zh-CN').join('\n')).toContain('后端看到的是客户端自己的地址');
  });
});
