// The model meets the kernel: SNATScope reads the lab cluster as it reads any cluster (its own
// inventory reader, the kube-proxy ConfigMap included), predicts each path, and the same request
// is made for real — from this host, from pods and from node processes — through upstream
// kube-proxy's rules, in iptables and nftables mode. Each case asserts that what the echo saw
// (or the timeout / refusal) equals the prediction. Needs root (the lab's network namespaces).
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContextsService, type Connection } from '../../src-main/core/cluster/contexts-service';
import { readServiceInventory } from '../../src-main/core/inspect/inspect';
import { defaultQuestions } from '../../src-main/core/inspect/questions';
import { predict, type Origin, type Target } from '../../src-main/core/prediction';
import { resourceByPlural } from '../lab/api/resources';
import type { Obj } from '../lab/api/store';
import type { LabNetworkInfo } from '../lab/net/netns-data-plane';
import { IN_NETNS_CLIENT, httpGet } from '../lab/net/test-support';
import { startTestLab, type TestLab } from '../lab/test-support';

const ROOT = resolve(import.meta.dirname, '..', '..');
const isRoot = process.getuid?.() === 0;
if (!isRoot) console.log('[kernel-facts] skipped: the lab data plane needs root (network namespaces)');

const HOST = '203.0.113.1';
const NODE = { node1: '198.18.0.11', node2: '198.18.0.12' } as const;
const TIMEOUT_MS = 1500;

/** What a request came back with, in the model's terms. */
interface Seen {
  outcome: 'delivered' | 'dropped' | 'rejected' | 'error';
  address: string | null;
}

type Where = { kind: 'host' } | { kind: 'netns'; netns: string };

function fromNetns(netns: string, host: string, port: number): Promise<Seen> {
  return new Promise((res) => {
    execFile('ip', ['netns', 'exec', netns, process.execPath, '-e', IN_NETNS_CLIENT, host, String(port), String(TIMEOUT_MS)], { encoding: 'utf8', timeout: TIMEOUT_MS + 5000 }, (err, stdout) => {
      if (err && !stdout) return res({ outcome: 'error', address: `client failed: ${err.message}` });
      const o = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { kind: string; json?: { remoteAddress?: string } };
      res(seenOf(o.kind, o.json?.remoteAddress));
    });
  });
}

function seenOf(kind: string, remote: string | undefined): Seen {
  if (kind === 'ok') return { outcome: 'delivered', address: remote?.replace(/^::ffff:/, '') ?? null };
  if (kind === 'timeout') return { outcome: 'dropped', address: null };
  if (kind === 'refused') return { outcome: 'rejected', address: null };
  return { outcome: 'error', address: kind };
}

async function request(where: Where, host: string, port: number): Promise<Seen> {
  if (where.kind === 'netns') return fromNetns(where.netns, host, port);
  const o = await httpGet(host, port, { timeoutMs: TIMEOUT_MS });
  return seenOf(o.kind, o.kind === 'ok' ? (o.json as { remoteAddress?: string } | undefined)?.remoteAddress : undefined);
}

interface Case {
  name: string;
  service: string;
  origin: Origin;
  target: Target;
  from: Where;
  /** Where the request goes (the target's address and port as the kernel sees them). */
  to: { host: string; port: number };
}

describe.skipIf(!isRoot).each(['iptables', 'nftables'] as const)('the model meets the kernel, kube-proxy %s mode', (mode) => {
  let lab: TestLab;
  let contexts: ContextsService;
  let connection: Connection;
  let net: LabNetworkInfo;
  const ip: Record<string, string> = {};
  const clusterIP: Record<string, string> = {};
  const svcRes = resourceByPlural('services');
  const podRes = resourceByPlural('pods');

  beforeAll(async () => {
    lab = await startTestLab({ scenario: join(ROOT, 'e2e/lab/scenarios/seed.yaml'), kubeProxy: { implementation: 'upstream', mode } });
    const sleeper = (name: string, node: string) =>
      lab.objects.create(podRes, 'default', { metadata: { name, labels: { app: 'client' } }, spec: { nodeName: node, containers: [{ name: 'c', image: 'node:20', command: ['node', '-e', 'setInterval(() => {}, 1e9)'] }] } } as Obj);
    sleeper('client1', 'node1');
    sleeper('client2', 'node2');
    const svc = (name: string, spec: Record<string, unknown>) => lab.objects.create(svcRes, 'default', { metadata: { name }, spec: { selector: { app: 'echo' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }], ...spec } } as Obj);
    svc('echo-none', { type: 'NodePort', selector: { app: 'nobody' }, ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30083 }] });
    svc('echo-itp', { internalTrafficPolicy: 'Local' });
    svc('echo-lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local' });
    // Both policies Local on a NodePort: the lab's own rules once jumped to a chain they never made.
    svc('echo-both', { type: 'NodePort', externalTrafficPolicy: 'Local', internalTrafficPolicy: 'Local' });
    // An echo that keeps serving for 20 s after SIGTERM (then exits, so the lab can stop without
    // waiting out the grace period), for terminating endpoints.
    lab.objects.create(podRes, 'default', {
      metadata: { name: 'term', labels: { app: 'term' } },
      spec: {
        nodeName: 'node1',
        terminationGracePeriodSeconds: 120,
        containers: [{
          name: 'echo',
          image: 'node:20',
          command: ['node', '-e', "process.on('SIGTERM', () => setTimeout(() => process.exit(0), 20000)); require('http').createServer((q, r) => r.end(JSON.stringify({ remoteAddress: q.socket.remoteAddress }))).listen(8080)"],
          ports: [{ name: 'http', containerPort: 8080 }],
          readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 1 },
        }],
      },
    } as Obj);
    svc('term-local', { type: 'NodePort', externalTrafficPolicy: 'Local', selector: { app: 'term' } });
    svc('term-cluster', { type: 'NodePort', selector: { app: 'term' } });
    const deadline = Date.now() + 60_000;
    const podIP = (n: string) => (lab.objects.get(podRes, 'default', n) as { status?: { podIP?: string; conditions?: { type: string; status: string }[] } }).status;
    const ready = (n: string) => podIP(n)?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    while (!['client1', 'client2', 'echo', 'frontend', 'term'].every(ready) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    await lab.settle();
    for (const n of ['client1', 'client2', 'echo']) ip[n] = podIP(n)?.podIP as string;
    for (const n of ['echo-cluster', 'echo-local', 'echo-none', 'echo-itp', 'echo-lb', 'echo-both', 'term-local', 'term-cluster']) clusterIP[n] = (lab.objects.get(svcRes, 'default', n) as { spec: { clusterIP: string } }).spec.clusterIP;
    net = (lab.dataPlane as unknown as { describe(): LabNetworkInfo }).describe();
    contexts = new ContextsService({ env: { KUBECONFIG: lab.kubeconfigPath }, home: lab.runDir, addedFiles: async () => [] });
    const { contexts: list } = await contexts.snapshot();
    connection = await contexts.connect(list.find((c) => c.name === lab.context)!.id);
  }, 600_000);

  afterAll(async () => {
    contexts?.close();
    await lab?.stop();
  }, 60_000);

  const podNs = (name: string): Where => ({ kind: 'netns', netns: net.pods.find((p) => p.name === name)!.netns });
  const nodeNs = (name: string): Where => ({ kind: 'netns', netns: net.nodes.find((n) => n.name === name)!.netns });
  const external: Origin = { kind: 'external', clientAddress: HOST };
  const pod = (name: 'client1' | 'client2' | 'echo', node: string): Origin => ({ kind: 'pod', node, podIP: ip[name] });
  const nodePort = (node: 'node1' | 'node2', port: number, address?: string): Target => ({ kind: 'nodePort', port, node, ...(address ? { address } : {}) });
  const nodePortOf = (svc: string): number => (lab.objects.get(svcRes, 'default', svc) as { spec: { ports: { nodePort: number }[] } }).spec.ports[0]!.nodePort;
  const cip = (svc: string): Target => ({ kind: 'clusterIP', port: 80, address: clusterIP[svc] });

  function cases(): Case[] {
    return [
      { name: 'external → Cluster NodePort via node1 (local endpoint)', service: 'echo-cluster', origin: external, target: nodePort('node1', 30081), from: { kind: 'host' }, to: { host: NODE.node1, port: 30081 } },
      { name: 'external → Cluster NodePort via node2 (remote endpoint)', service: 'echo-cluster', origin: external, target: nodePort('node2', 30081), from: { kind: 'host' }, to: { host: NODE.node2, port: 30081 } },
      { name: 'external → Local NodePort via node1 (endpoint there)', service: 'echo-local', origin: external, target: nodePort('node1', 30082), from: { kind: 'host' }, to: { host: NODE.node1, port: 30082 } },
      { name: 'external → Local NodePort via node2 (no local endpoint)', service: 'echo-local', origin: external, target: nodePort('node2', 30082), from: { kind: 'host' }, to: { host: NODE.node2, port: 30082 } },
      { name: 'external → NodePort of a service without endpoints', service: 'echo-none', origin: external, target: nodePort('node2', 30083), from: { kind: 'host' }, to: { host: NODE.node2, port: 30083 } },
      { name: 'external → NodePort on a non-primary node address (cni0 of node1)', service: 'echo-cluster', origin: external, target: nodePort('node1', 30081, '198.19.1.1'), from: { kind: 'host' }, to: { host: '198.19.1.1', port: 30081 } },
      { name: 'pod on node2 → ClusterIP', service: 'echo-cluster', origin: pod('client2', 'node2'), target: cip('echo-cluster'), from: podNs('client2'), to: { host: clusterIP['echo-cluster']!, port: 80 } },
      { name: 'pod on node2 → its own node\'s Local NodePort (short-circuit)', service: 'echo-local', origin: pod('client2', 'node2'), target: nodePort('node2', 30082), from: podNs('client2'), to: { host: NODE.node2, port: 30082 } },
      { name: 'pod on node1 → node2\'s Local NodePort (asymmetric return)', service: 'echo-local', origin: pod('client1', 'node1'), target: nodePort('node2', 30082), from: podNs('client1'), to: { host: NODE.node2, port: 30082 } },
      { name: 'pod on node2 → Cluster NodePort of node2', service: 'echo-cluster', origin: pod('client2', 'node2'), target: nodePort('node2', 30081), from: podNs('client2'), to: { host: NODE.node2, port: 30081 } },
      { name: 'pod on node2 → ClusterIP with internalTrafficPolicy Local (no local endpoint)', service: 'echo-itp', origin: pod('client2', 'node2'), target: cip('echo-itp'), from: podNs('client2'), to: { host: clusterIP['echo-itp']!, port: 80 } },
      { name: 'pod on node1 → ClusterIP with internalTrafficPolicy Local (local endpoint)', service: 'echo-itp', origin: pod('client1', 'node1'), target: cip('echo-itp'), from: podNs('client1'), to: { host: clusterIP['echo-itp']!, port: 80 } },
      { name: 'pod → ClusterIP of a service without endpoints', service: 'echo-none', origin: pod('client2', 'node2'), target: cip('echo-none'), from: podNs('client2'), to: { host: clusterIP['echo-none']!, port: 80 } },
      { name: 'hairpin: the echo pod through its own ClusterIP', service: 'echo-cluster', origin: pod('echo', 'node1'), target: cip('echo-cluster'), from: podNs('echo'), to: { host: clusterIP['echo-cluster']!, port: 80 } },
      { name: 'external → NodePort with both policies Local via node1', service: 'echo-both', origin: external, target: nodePort('node1', nodePortOf('echo-both')), from: { kind: 'host' }, to: { host: NODE.node1, port: nodePortOf('echo-both') } },
      { name: 'external → NodePort with both policies Local via node2', service: 'echo-both', origin: external, target: nodePort('node2', nodePortOf('echo-both')), from: { kind: 'host' }, to: { host: NODE.node2, port: nodePortOf('echo-both') } },
      { name: 'pod on node2 → ClusterIP with both policies Local', service: 'echo-both', origin: pod('client2', 'node2'), target: cip('echo-both'), from: podNs('client2'), to: { host: clusterIP['echo-both']!, port: 80 } },
      { name: 'node2 process → ClusterIP', service: 'echo-cluster', origin: { kind: 'node', node: 'node2' }, target: cip('echo-cluster'), from: nodeNs('node2'), to: { host: clusterIP['echo-cluster']!, port: 80 } },
      { name: 'node2 process → its own Local NodePort (no local endpoint)', service: 'echo-local', origin: { kind: 'node', node: 'node2' }, target: nodePort('node2', 30082), from: nodeNs('node2'), to: { host: NODE.node2, port: 30082 } },
      { name: 'node1 process → localhost NodePort (127.0.0.1)', service: 'echo-cluster', origin: { kind: 'node', node: 'node1' }, target: nodePort('node1', 30081, '127.0.0.1'), from: nodeNs('node1'), to: { host: '127.0.0.1', port: 30081 } },
    ];
  }

  /**
   * Runs each case: prediction (every path of it must agree) against the kernel. The requests
   * are independent connections (own source ports, own conntrack entries), so they run at once:
   * a drop costs one timeout, not one per case.
   */
  async function mismatches(list: Case[]): Promise<string[]> {
    const results = await Promise.all(
      list.map(async (c) => {
        const inv = await readServiceInventory(connection, { namespace: 'default', name: c.service });
        const p = predict(inv, c.origin, c.target);
        const predicted = [...new Set(p.paths.map((x) => `${x.outcome} ${x.outcome === 'delivered' ? x.observed.address : '-'}`))];
        const seen = await request(c.from, c.to.host, c.to.port);
        const measured = `${seen.outcome} ${seen.outcome === 'delivered' ? seen.address : '-'}`;
        return predicted.length !== 1 || predicted[0] !== measured ? `${c.name}: predicted ${predicted.join(' | ') || '(no path)'}, kernel ${measured}` : null;
      }),
    );
    return results.filter((r): r is string => r !== null);
  }

  it('every path: the address (or drop / refusal) the kernel produced is the one predicted', async () => {
    expect(await mismatches(cases())).toEqual([]);
  }, 120_000);

  it('the backend origin inspect asks about (--from backend) is the kernel\'s hairpin, through its ClusterIP and its NodePort', async () => {
    const inv = await readServiceInventory(connection, { namespace: 'default', name: 'echo-cluster' });
    const origin = defaultQuestions(inv, [{ kind: 'backend' }])[0]!.origin;
    expect(origin).toEqual({ kind: 'pod', node: 'node1', podIP: ip.echo, backend: 'echo' });
    const p = predict(inv, origin, cip('echo-cluster'));
    expect(p.paths.map((x) => x.verdict)).toEqual(['snat']);
    expect(p.warnings.map((w) => w.code)).toContain('warn.hairpin');
    expect(p.fixes.map((f) => f.id)).toEqual(['hairpin-self-call']);
    expect(
      await mismatches([
        { name: 'backend → its own ClusterIP', service: 'echo-cluster', origin, target: cip('echo-cluster'), from: podNs('echo'), to: { host: clusterIP['echo-cluster']!, port: 80 } },
        { name: 'backend → its own NodePort on its node', service: 'echo-cluster', origin, target: nodePort('node1', 30081), from: podNs('echo'), to: { host: NODE.node1, port: 30081 } },
      ]),
    ).toEqual([]);
  }, 60_000);

  it('healthCheckNodePort: kube-proxy answers 200 exactly on the nodes the model sends LoadBalancer traffic to', async () => {
    const inv = await readServiceInventory(connection, { namespace: 'default', name: 'echo-lb' });
    const hc = inv.service!.healthCheckNodePort!;
    expect(hc).toBeGreaterThanOrEqual(30000);
    const p = predict(inv, external, { kind: 'loadBalancer', port: 80 });
    const predicted = [...new Set(p.paths.filter((x) => x.outcome === 'delivered').map((x) => x.entry?.node))].sort();
    const healthy: string[] = [];
    for (const [node, addr] of Object.entries(NODE)) {
      const r = await httpGet(addr, hc, { timeoutMs: TIMEOUT_MS });
      expect(r.kind, `${node} health check`).toBe('ok');
      if (r.kind === 'ok' && r.status === 200) healthy.push(node);
    }
    expect(healthy).toEqual(predicted);
  }, 60_000);

  it('terminating endpoints: a terminating but serving endpoint is used (Local and Cluster), as predicted', async () => {
    const slices = resourceByPlural('endpointslices');
    lab.objects.delete(podRes, 'default', 'term', { gracePeriodSeconds: 120 });
    const terminating = () =>
      lab.objects
        .list(slices, 'default')
        .items()
        .some((sl) => (sl as { metadata: { labels?: Record<string, string> }; endpoints?: { conditions?: { terminating?: boolean; serving?: boolean } }[] }).metadata.labels?.['kubernetes.io/service-name'] === 'term-local' && (sl as { endpoints?: { conditions?: { terminating?: boolean; serving?: boolean } }[] }).endpoints?.some((e) => e.conditions?.terminating && e.conditions.serving));
    const deadline = Date.now() + 20_000;
    while (!terminating() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(terminating()).toBe(true);
    await lab.settle();
    const lp = nodePortOf('term-local');
    const cp = nodePortOf('term-cluster');
    expect(
      await mismatches([
        { name: 'external → Local NodePort via node1, endpoint terminating', service: 'term-local', origin: external, target: nodePort('node1', lp), from: { kind: 'host' }, to: { host: NODE.node1, port: lp } },
        { name: 'external → Local NodePort via node2, endpoint terminating', service: 'term-local', origin: external, target: nodePort('node2', lp), from: { kind: 'host' }, to: { host: NODE.node2, port: lp } },
        { name: 'external → Cluster NodePort via node2, endpoint terminating', service: 'term-cluster', origin: external, target: nodePort('node2', cp), from: { kind: 'host' }, to: { host: NODE.node2, port: cp } },
        { name: 'pod on node2 → ClusterIP, endpoint terminating', service: 'term-cluster', origin: pod('client2', 'node2'), target: cip('term-cluster'), from: podNs('client2'), to: { host: clusterIP['term-cluster']!, port: 80 } },
      ]),
    ).toEqual([]);
  }, 120_000);

  describe.each([
    ['masqueradeAll', 'iptables:\n  masqueradeAll: true\nnftables:\n  masqueradeAll: true\n'],
    ['detectLocalMode NodeCIDR', 'detectLocalMode: NodeCIDR\n'],
    ['detectLocalMode BridgeInterface (cni0)', 'detectLocalMode: BridgeInterface\ndetectLocal:\n  bridgeInterface: cni0\n'],
    // On a bridge CNI, routed pod packets come in on the bridge (cni0), not on the pod's veth, so
    // the prefix that detects pods is the bridge's ("veth" matches nothing here: see
    // docs/model-corrections.md).
    ['detectLocalMode InterfaceNamePrefix (cni)', 'detectLocalMode: InterfaceNamePrefix\ndetectLocal:\n  interfaceNamePrefix: cni\n'],
    ['no local-traffic detector (no clusterCIDR)', 'clusterCIDR: ""\n'],
    ['nodePortAddresses: [primary]', 'nodePortAddresses: [primary]\n'],
  ])('with the ConfigMap saying %s', (_what, extra) => {
    it('every path still matches the kernel', async () => {
      const cms = resourceByPlural('configmaps');
      const cm = lab.objects.get(cms, 'kube-system', 'kube-proxy') as Obj & { data: Record<string, string> };
      const original = cm.data['config.conf']!;
      // kube-proxy decodes strictly (a key given twice is an error): the keys set here replace the ConfigMap's
      const keys = new Set([...extra.matchAll(/^([A-Za-z]+):/gm)].map((m) => m[1]));
      const kept = original.split('\n').filter((l) => !keys.has(/^([A-Za-z]+):/.exec(l)?.[1] ?? ''));
      lab.objects.update(cms, 'kube-system', 'kube-proxy', { ...cm, data: { 'config.conf': `${kept.join('\n')}\n${extra}` } } as Obj);
      try {
        await lab.settle();
        expect(await mismatches(cases())).toEqual([]);
      } finally {
        const now = lab.objects.get(cms, 'kube-system', 'kube-proxy') as Obj;
        lab.objects.update(cms, 'kube-system', 'kube-proxy', { ...now, data: { 'config.conf': original } } as Obj);
        await lab.settle();
      }
    }, 120_000);
  });
});
