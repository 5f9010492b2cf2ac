// VXLAN overlay mode (flannel-like): cross-node pod traffic and masqueraded traffic leave
// through flannel.1, which holds the .0 address of the node's pod CIDR (needs root).
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpointSlice, node, service } from '../kube-proxy/test-objects';
import { NetnsDataPlane } from './netns-data-plane';
import { findLeftovers } from './sweep';
import { IN_NETNS_CLIENT, RecordingSink, TestContext, echoContainer, httpGet, pod } from './test-support';

const isRoot = process.getuid?.() === 0;
if (!isRoot) console.log('[netns.vxlan] skipped: needs root for network namespaces and iptables');

const sh = (argv: string[]) => execFileSync(argv[0] as string, argv.slice(1), { encoding: 'utf8' });
const txPackets = (netns: string) => Number(JSON.parse(sh(['ip', '-n', netns, '-j', '-s', 'link', 'show', 'flannel.1']))[0].stats64.tx.packets);

describe.skipIf(!isRoot)('netns data plane, VXLAN overlay', { timeout: 30_000 }, () => {
  const ctx = new TestContext(`vx${process.pid.toString(16).slice(-4)}`, [node('node1', '198.18.0.11', '198.19.1.0/24'), node('node2', '198.18.0.12', '198.19.2.0/24')], { mode: 'vxlan' });
  const dp = new NetnsDataPlane();
  const echo = new RecordingSink();
  const client = new RecordingSink();

  beforeAll(async () => {
    await dp.start(ctx);
    await dp.runPod(pod('echo', 'node1', [echoContainer()]), echo);
    await dp.runPod(pod('client', 'node2', [{ name: 'sleep', image: 'node:20', command: ['node', '-e', 'setInterval(() => {}, 1e9)'] }]), client);
    await echo.until('echo ready', (s) => s.ready);
    const ip = echo.status.podIP as string;
    await dp.syncServices(
      [
        service({ name: 'echo-cluster', type: 'NodePort', clusterIP: '198.18.240.10', ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }] }),
        service({ name: 'echo-local', type: 'NodePort', externalTrafficPolicy: 'Local', clusterIP: '198.18.240.11', ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30081 }] }),
      ],
      ['echo-cluster', 'echo-local'].map((name) => endpointSlice({ name }, [{ name: 'http', port: 8080 }], [{ ip, nodeName: 'node1' }])),
    );
  }, 600_000);

  afterAll(() => dp.stop(), 60_000);

  it('Cluster via node2: the echo sees node2\'s overlay address .0, and the packets crossed flannel.1', async () => {
    const node2 = dp.describe().nodes[1]!;
    expect(node2.vtep).toBe('198.19.2.0');
    const before = txPackets(node2.netns);
    const r = await httpGet('198.18.0.12', 30080);
    expect(r.kind === 'ok' && r.json.remoteAddress).toBe('198.19.2.0');
    expect(txPackets(node2.netns)).toBeGreaterThan(before);
  });

  it('Cluster via node1 still shows the bridge gateway; Local via node1 the host; Local via node2 times out', async () => {
    const viaNode1 = await httpGet('198.18.0.11', 30080);
    expect(viaNode1.kind === 'ok' && viaNode1.json.remoteAddress).toBe('198.19.1.1');
    const local = await httpGet('198.18.0.11', 30081);
    expect(local.kind === 'ok' && local.json.remoteAddress).toBe('203.0.113.1');
    expect((await httpGet('198.18.0.12', 30081, { timeoutMs: 1500 })).kind).toBe('timeout');
  });

  it('pod to pod across nodes goes over the overlay without SNAT', () => {
    const netns = dp.describe().pods.find((p) => p.name === 'client')?.netns as string;
    const out = JSON.parse(sh(['ip', 'netns', 'exec', netns, process.execPath, '-e', IN_NETNS_CLIENT, echo.status.podIP as string, '8080', '3000']));
    expect(out).toMatchObject({ kind: 'ok', json: { remoteAddress: client.status.podIP } });
  });

  it('pod addresses are not routed outside the nodes in overlay mode', async () => {
    expect((await httpGet(echo.status.podIP as string, 8080, { timeoutMs: 1500 })).kind).not.toBe('ok');
  });

  it('stop() cleans up', async () => {
    await dp.stop();
    expect(findLeftovers({ prefix: ctx.prefix })).toEqual({ netns: [], links: [], dirs: [], pids: [] });
  });
});
