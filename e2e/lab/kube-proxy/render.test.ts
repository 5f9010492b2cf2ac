import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { base32, endpointChain, serviceChain } from './chain-names';
import { serviceHealthResponse } from './healthcheck';
import { probability, renderJumpRules, renderProxyRules, type ProxyNodeConfig } from './render';
import { endpointSlice, service } from './test-objects';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

/** Group rules by chain the way upstream's test helper does before comparing dumps. */
function sortLikeUpstreamTests(text: string): string {
  const out: string[] = [];
  let table: { header: string; chains: string[]; rules: Map<string, string[]>; extra: string[] } | undefined;
  const order = (a: string, b: string) => {
    const rank = (c: string) => (c === 'KUBE-NODEPORTS' ? 0 : c === 'KUBE-SERVICES' ? 1 : 2);
    return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) table = { header: line, chains: [], rules: new Map(), extra: [] };
    else if (line.startsWith(':') && table) table.chains.push(line.slice(1).split(' ')[0] ?? '');
    else if (line.startsWith('-A ') && table) {
      const chain = line.split(' ')[1] ?? '';
      table.rules.set(chain, [...(table.rules.get(chain) ?? []), line]);
    } else if (line === 'COMMIT' && table) {
      const chains = [...table.chains].sort(order);
      out.push(table.header, ...chains.map((c) => `:${c} - [0:0]`), ...chains.flatMap((c) => table?.rules.get(c) ?? []), ...table.extra, 'COMMIT');
      table = undefined;
    } else if (line && table) table.extra.push(line);
  }
  return out.join('\n') + '\n';
}

describe('chain names', () => {
  it('encodes base32 like Go StdEncoding', () => {
    expect(base32(new TextEncoder().encode('foobar'))).toBe('MZXW6YTBOI======');
    expect(base32(new TextEncoder().encode('f'))).toBe('MY======');
  });

  it('hashes service ports and endpoints exactly as kube-proxy (names from upstream golden dumps)', () => {
    expect(serviceChain('svc', 'ns1/svc1:p80', 'tcp')).toBe('KUBE-SVC-XPGD46QRK7WJZT7O');
    expect(serviceChain('ext', 'ns2/svc2:p80', 'tcp')).toBe('KUBE-EXT-GNZBNJ2PO5MGZ6GT');
    expect(serviceChain('fw', 'ns5/svc5:p80', 'TCP')).toBe('KUBE-FW-NUKIZ6OKUXPJNT4C');
    expect(endpointChain('ns1/svc1:p80', 'tcp', '10.180.0.1:80')).toBe('KUBE-SEP-SXIVWICOYRO3J4NJ');
    expect(endpointChain('ns4/svc4:p80', 'tcp', '10.180.0.5:80')).toBe('KUBE-SEP-C6EBXVWJJZMIWKLZ');
  });
});

describe('probability', () => {
  it('prints 1/n with ten decimals, rounding like Go', () => {
    expect(probability(2)).toBe('0.5000000000');
    expect(probability(3)).toBe('0.3333333333');
    expect(probability(6)).toBe('0.1666666667');
    // exact tie at the 11th digit: Go rounds half to even
    expect(probability(2048)).toBe('0.0004882812');
    expect(probability(1)).toBe('1.0000000000');
  });
});

describe('renderProxyRules: upstream TestOverallIPTablesRules inputs', () => {
  it('reproduces the upstream layout (v1.28–1.30 rules; nfacct counters of later versions omitted)', () => {
    const services = [
      service({ namespace: 'ns1', name: 'svc1', clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80 }] }),
      service({
        namespace: 'ns2', name: 'svc2', type: 'LoadBalancer', externalTrafficPolicy: 'Local', clusterIP: '172.30.0.42',
        ports: [{ name: 'p80', port: 80, nodePort: 3001 }], loadBalancerIPs: ['1.2.3.4'], externalIPs: ['192.168.99.22'], healthCheckNodePort: 30000,
      }),
      service({ namespace: 'ns3', name: 'svc3', type: 'NodePort', clusterIP: '172.30.0.43', ports: [{ name: 'p80', port: 80, nodePort: 3003 }] }),
      service({ namespace: 'ns4', name: 'svc4', type: 'NodePort', clusterIP: '172.30.0.44', externalIPs: ['192.168.99.33'], ports: [{ name: 'p80', port: 80 }] }),
      service({
        namespace: 'ns5', name: 'svc5', type: 'LoadBalancer', externalTrafficPolicy: 'Cluster', clusterIP: '172.30.0.45',
        ports: [{ name: 'p80', port: 80, nodePort: 3002 }], loadBalancerIPs: ['5.6.7.8'], healthCheckNodePort: 30000,
        loadBalancerSourceRanges: [' 203.0.113.0/25'], sessionAffinityTimeout: 10800,
      }),
      service({ namespace: 'ns6', name: 'svc6', clusterIP: '172.30.0.46', ports: [{ name: 'p80', port: 80 }] }),
    ];
    const p80 = [{ name: 'p80', port: 80 }];
    const slices = [
      endpointSlice({ namespace: 'ns1', name: 'svc1' }, p80, [{ ip: '10.180.0.1' }]),
      endpointSlice({ namespace: 'ns2', name: 'svc2' }, p80, [{ ip: '10.180.0.2' }]),
      endpointSlice({ namespace: 'ns3', name: 'svc3' }, p80, [{ ip: '10.180.0.3' }]),
      endpointSlice({ namespace: 'ns4', name: 'svc4' }, p80, [{ ip: '10.180.0.4' }, { ip: '10.180.0.5', nodeName: 'test-node' }]),
      endpointSlice({ namespace: 'ns5', name: 'svc5' }, p80, [{ ip: '10.180.0.3' }]),
    ];
    const node: ProxyNodeConfig = { nodeName: 'test-node', nodeIPs: ['192.168.0.2'], localDetector: { mode: 'ClusterCIDR', clusterCIDR: '10.0.0.0/8' }, randomFully: false };
    const rendered = renderProxyRules({ node, services, endpointSlices: slices });
    expect(sortLikeUpstreamTests(rendered.text)).toBe(readFileSync(fixture('upstream-overall.rules'), 'utf8'));
    expect(rendered.healthChecks).toEqual([{ namespace: 'ns2', name: 'svc2', port: 30000, localEndpoints: 0 }]);
  });
});

// The lab's own representative services, seen from node1 (has the echo endpoints) and node2.
const labServices = [
  service({ name: 'echo-cluster', type: 'NodePort', clusterIP: '10.96.0.10', ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }] }),
  service({ name: 'echo-local', type: 'NodePort', externalTrafficPolicy: 'Local', clusterIP: '10.96.0.11', ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30081 }] }),
  service({ name: 'empty', type: 'NodePort', clusterIP: '10.96.0.12', ports: [{ port: 80, nodePort: 30082 }] }),
  service({ name: 'itp-local', clusterIP: '10.96.0.13', internalTrafficPolicy: 'Local', ports: [{ port: 80 }] }),
  service({
    name: 'lb-local', type: 'LoadBalancer', externalTrafficPolicy: 'Local', clusterIP: '10.96.0.14',
    ports: [{ name: 'http', port: 80, nodePort: 30084 }], loadBalancerIPs: ['203.0.113.100'], healthCheckNodePort: 32000,
  }),
  service({ name: 'draining', type: 'NodePort', externalTrafficPolicy: 'Local', clusterIP: '10.96.0.15', ports: [{ port: 80, nodePort: 30085 }] }),
];
const http8080 = [{ name: 'http', port: 8080 }];
const labSlices = [
  endpointSlice({ name: 'echo-cluster' }, http8080, [{ ip: '198.19.1.10', nodeName: 'node1' }]),
  endpointSlice({ name: 'echo-local' }, http8080, [{ ip: '198.19.1.10', nodeName: 'node1' }]),
  endpointSlice({ name: 'empty' }, [{ port: 80 }], []),
  endpointSlice({ name: 'itp-local' }, [{ port: 80 }], [{ ip: '198.19.1.20', nodeName: 'node1' }, { ip: '198.19.2.20', nodeName: 'node2' }]),
  endpointSlice({ name: 'lb-local' }, http8080, [{ ip: '198.19.1.10', nodeName: 'node1' }]),
  endpointSlice({ name: 'draining' }, [{ port: 80 }], [
    { ip: '198.19.1.30', nodeName: 'node1', ready: false, serving: true, terminating: true },
    { ip: '198.19.2.30', nodeName: 'node2' },
  ]),
];
const labNode = (name: string, ip: string, extra: Partial<ProxyNodeConfig> = {}): ProxyNodeConfig => ({
  nodeName: name, nodeIPs: [ip], localDetector: { mode: 'ClusterCIDR', clusterCIDR: '198.19.0.0/16' }, ...extra,
});

describe('renderProxyRules: lab golden files', () => {
  const node1 = renderProxyRules({ node: labNode('node1', '198.18.0.11'), services: labServices, endpointSlices: labSlices });
  const node2 = renderProxyRules({ node: labNode('node2', '198.18.0.12'), services: labServices, endpointSlices: labSlices });

  it('pins the rules of node1 and node2', async () => {
    await expect(node1.text).toMatchFileSnapshot(fixture('lab-node1.rules'));
    await expect(node2.text).toMatchFileSnapshot(fixture('lab-node2.rules'));
  });

  it('pins masqueradeAll and the detector turned off', async () => {
    const masqAll = renderProxyRules({ node: labNode('node1', '198.18.0.11', { masqueradeAll: true }), services: labServices.slice(0, 2), endpointSlices: labSlices });
    const noDetector = renderProxyRules({ node: labNode('node1', '198.18.0.11', { localDetector: { mode: 'none' } }), services: labServices.slice(0, 2), endpointSlices: labSlices });
    await expect(masqAll.text).toMatchFileSnapshot(fixture('lab-node1-masquerade-all.rules'));
    await expect(noDetector.text).toMatchFileSnapshot(fixture('lab-node1-no-detector.rules'));
    const ext = serviceChain('ext', 'default/echo-local:http', 'tcp');
    expect(masqAll.text).toContain(`-A ${serviceChain('svc', 'default/echo-cluster:http', 'tcp')} -m comment --comment "default/echo-cluster:http cluster IP" -m tcp -p tcp -d 10.96.0.10 --dport 80 -j KUBE-MARK-MASQ`);
    expect(noDetector.text).not.toContain(`-A ${ext} -m comment --comment "pod traffic`);
    expect(noDetector.text).not.toContain('! -s 198.19.0.0/16');
  });

  it('Local without local endpoints: DROP in KUBE-EXTERNAL-SERVICES, no fall-through in KUBE-EXT (a timeout)', () => {
    const ext = serviceChain('ext', 'default/echo-local:http', 'tcp');
    expect(node2.text).toContain('-A KUBE-EXTERNAL-SERVICES -m comment --comment "default/echo-local:http has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30081 -j DROP');
    expect(node2.text).toContain(`-A ${ext} -m comment --comment "pod traffic for default/echo-local:http external destinations" -s 198.19.0.0/16 -j ${serviceChain('svc', 'default/echo-local:http', 'tcp')}`);
    expect(node2.text).not.toContain(`-A ${ext} -j `);
    expect(node1.text).toContain(`-A ${ext} -j ${serviceChain('svl', 'default/echo-local:http', 'tcp')}`);
    expect(node1.text).not.toContain('default/echo-local:http has no local endpoints');
  });

  it('no endpoints at all: REJECT for the cluster IP and the NodePort (connection refused)', () => {
    for (const text of [node1.text, node2.text]) {
      expect(text).toContain('-A KUBE-SERVICES -m comment --comment "default/empty has no endpoints" -m tcp -p tcp -d 10.96.0.12 --dport 80 -j REJECT');
      expect(text).toContain('-A KUBE-EXTERNAL-SERVICES -m comment --comment "default/empty has no endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30082 -j REJECT');
    }
  });

  it('internalTrafficPolicy Local: cluster IP goes to KUBE-SVL with node-local endpoints only', () => {
    const svl = serviceChain('svl', 'default/itp-local', 'tcp');
    expect(node1.text).toContain(`-A KUBE-SERVICES -m comment --comment "default/itp-local cluster IP" -m tcp -p tcp -d 10.96.0.13 --dport 80 -j ${svl}`);
    expect(node1.text).toContain(`-j ${endpointChain('default/itp-local', 'tcp', '198.19.1.20:80')}`);
    expect(node1.text).not.toContain(endpointChain('default/itp-local', 'tcp', '198.19.2.20:80'));
    expect(node1.text).not.toContain(serviceChain('svc', 'default/itp-local', 'tcp'));
  });

  it('terminating-but-serving local endpoints keep Local traffic flowing', () => {
    const svl = serviceChain('svl', 'default/draining', 'tcp');
    const terminating = endpointChain('default/draining', 'tcp', '198.19.1.30:80');
    expect(node1.text).toContain(`-A ${svl} -m comment --comment "default/draining -> 198.19.1.30:80" -j ${terminating}`);
    // Cluster traffic only uses the ready endpoint on node2.
    expect(node1.text).toContain(`-A ${serviceChain('svc', 'default/draining', 'tcp')} -m comment --comment "default/draining -> 198.19.2.30:80" -j ${endpointChain('default/draining', 'tcp', '198.19.2.30:80')}`);
  });

  it('reports health check node ports with the ready local endpoint count', () => {
    expect(node1.healthChecks).toEqual([{ namespace: 'default', name: 'lb-local', port: 32000, localEndpoints: 1 }]);
    expect(node2.healthChecks).toEqual([{ namespace: 'default', name: 'lb-local', port: 32000, localEndpoints: 0 }]);
    const ok = serviceHealthResponse(node1.healthChecks[0] as never);
    const no = serviceHealthResponse(node2.healthChecks[0] as never);
    expect(ok.status).toBe(200);
    expect(no.status).toBe(503);
    expect(JSON.parse(no.body)).toEqual({ service: { namespace: 'default', name: 'lb-local' }, localEndpoints: 0, serviceProxyHealthy: true });
  });

  it('flushes and deletes chains of services that went away', () => {
    const old = endpointChain('default/gone', 'tcp', '198.19.1.99:80');
    const again = renderProxyRules({ node: labNode('node1', '198.18.0.11'), services: labServices, endpointSlices: labSlices, previousNatChains: [...node1.natChains, old, 'SOMEONE-ELSES'] });
    expect(again.text).toContain(`:${old} - [0:0]`);
    expect(again.text).toContain(`-X ${old}`);
    expect(again.text).not.toContain('SOMEONE-ELSES');
    expect(again.text.trimEnd().split('\n').filter((l) => l.startsWith('-X'))).toEqual([`-X ${old}`]);
  });

  it('drops per-endpoint comments above 1000 endpoints, like kube-proxy', () => {
    const eps = Array.from({ length: 1001 }, (_, i) => ({ ip: `198.19.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`, nodeName: 'node2' }));
    const big = renderProxyRules({ node: labNode('node1', '198.18.0.11'), services: [labServices[0]!], endpointSlices: [endpointSlice({ name: 'echo-cluster' }, http8080, eps)] });
    const sep = endpointChain('default/echo-cluster:http', 'tcp', '198.19.1.1:8080');
    expect(big.text).toContain(`-A ${sep} -s 198.19.1.1 -j KUBE-MARK-MASQ`);
    expect(big.text).toContain('--probability 0.0009990010');
  });
});

const isRoot = process.getuid?.() === 0;
if (!isRoot) console.log('[kube-proxy render] skipping the kernel acceptance test: needs root for a network namespace');

describe.skipIf(!isRoot)('the kernel accepts the rendered rules', () => {
  it('iptables-restore --noflush loads the jump rules and the lab rules in a scratch netns', () => {
    const ns = `kprender-${process.pid}`;
    execFileSync('ip', ['netns', 'add', ns]);
    try {
      execFileSync('ip', ['netns', 'exec', ns, 'iptables-restore', '--noflush'], { input: renderJumpRules() });
      const r = renderProxyRules({ node: labNode('node1', '198.18.0.11'), services: labServices, endpointSlices: labSlices });
      execFileSync('ip', ['netns', 'exec', ns, 'iptables-restore', '--noflush'], { input: r.text });
      const again = renderProxyRules({ node: labNode('node1', '198.18.0.11'), services: labServices.slice(0, 1), endpointSlices: labSlices, previousNatChains: r.natChains });
      execFileSync('ip', ['netns', 'exec', ns, 'iptables-restore', '--noflush'], { input: again.text });
      const saved = execFileSync('ip', ['netns', 'exec', ns, 'iptables-save'], { encoding: 'utf8' });
      expect(saved).toContain('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
      expect(saved).toContain('-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES');
      expect(saved).toContain(serviceChain('ext', 'default/echo-cluster:http', 'tcp'));
      expect(saved).not.toContain(serviceChain('ext', 'default/echo-local:http', 'tcp'));
    } finally {
      execFileSync('ip', ['netns', 'del', ns]);
    }
  });
});
