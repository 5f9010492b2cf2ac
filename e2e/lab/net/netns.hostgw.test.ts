// The "Done when" packet outcomes, with real namespaces and kernel NAT (needs root).
// One topology for the whole file: 2 nodes, host-gw routes, relays, a passthrough LB.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KObject } from '../data-plane';
import { endpointSlice, node, service } from '../kube-proxy/test-objects';
import { NetnsDataPlane } from './netns-data-plane';
import { findLeftovers } from './sweep';
import { ECHO_SERVER, IN_NETNS_CLIENT, RecordingSink, TestContext, echoContainer, httpGet, pod, type HttpOutcome } from './test-support';

const isRoot = process.getuid?.() === 0;
if (!isRoot) console.log('[netns.hostgw] skipped: needs root for network namespaces and iptables');

const HOST = '203.0.113.1';
const NODE1 = '198.18.0.11';
const NODE2 = '198.18.0.12';
const LB_IP = '203.0.113.100';

const nodes = [node('node1', NODE1, '198.19.1.0/24'), node('node2', NODE2, '198.19.2.0/24')];
const settings = {
  mode: 'host-gw',
  backoffBaseMs: 500,
  errImagePullMs: 300,
  relays: [
    { name: 'relay', address: '203.0.113.10', port: 8080, mode: 'l4', target: { node: 'node1', service: 'default/echo-local' } },
    { name: 'relay-pp', address: '203.0.113.10', port: 8081, mode: 'l4', proxyProtocol: true, target: { node: 'node1', service: 'default/echo-local' } },
    { name: 'web', address: '203.0.113.11', port: 8082, mode: 'l7', xForwardedFor: true, target: { node: 'node1', nodePort: 30081 } },
  ],
  loadBalancer: { address: '203.0.113.2', healthCheckIntervalMs: 300 },
};

const sh = (argv: string[]) => execFileSync(argv[0] as string, argv.slice(1), { encoding: 'utf8' });
const json = (o: HttpOutcome) => (o.kind === 'ok' ? o.json : undefined);
async function eventually<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!isRoot)('netns data plane, host-gw', { timeout: 30_000 }, () => {
  const ctx = new TestContext(`hg${process.pid.toString(16).slice(-4)}`, nodes, settings);
  const dp = new NetnsDataPlane();
  const echoSink = new RecordingSink();
  const clientSink = new RecordingSink();
  let echoIP = '';
  let services: KObject[] = [];
  let slices: KObject[] = [];

  beforeAll(async () => {
    await dp.start(ctx);
    await dp.runPod(pod('echo', 'node1', [echoContainer()]), echoSink);
    await dp.runPod(pod('client', 'node2', [{ name: 'sleep', image: 'node:20', command: ['node', '-e', 'setInterval(() => {}, 1e9)'] }]), clientSink);
    await echoSink.until('echo ready', (s) => s.ready);
    echoIP = echoSink.status.podIP as string;
    const http = [{ name: 'http', port: 80, targetPort: 8080 }];
    services = [
      service({ name: 'echo-cluster', type: 'NodePort', clusterIP: '198.18.240.10', ports: [{ ...http[0]!, nodePort: 30080 }] }),
      service({ name: 'echo-local', type: 'NodePort', externalTrafficPolicy: 'Local', clusterIP: '198.18.240.11', ports: [{ ...http[0]!, nodePort: 30081 }] }),
      service({ name: 'echo-lb', type: 'LoadBalancer', externalTrafficPolicy: 'Local', clusterIP: '198.18.240.12', ports: [{ ...http[0]!, nodePort: 30084 }], loadBalancerIPs: [LB_IP], healthCheckNodePort: 32000 }),
      service({ name: 'nobody', type: 'NodePort', clusterIP: '198.18.240.13', ports: [{ port: 80, nodePort: 30085 }] }),
    ];
    const ep = [{ ip: echoIP, nodeName: 'node1' }];
    slices = ['echo-cluster', 'echo-local', 'echo-lb'].map((name) => endpointSlice({ name }, [{ name: 'http', port: 8080 }], ep)).concat(endpointSlice({ name: 'nobody' }, [{ port: 80 }], []));
    await dp.syncServices(services, slices);
  }, 600_000);

  afterAll(async () => {
    await dp.stop();
  }, 60_000);

  it('runs the echo pod Ready with an IP from node1\'s pod CIDR, the downward API in its env and its logs', () => {
    expect(echoIP).toMatch(/^198\.19\.1\.\d+$/);
    expect(echoSink.status.phase).toBe('Running');
    expect(echoSink.status.hostIP).toBe(NODE1);
    expect(echoSink.containerStatuses[0]).toMatchObject({ name: 'echo', ready: true, restartCount: 0, started: true });
    expect(echoSink.logs.get('echo')).toContain('echo listening on 8080');
    expect(echoSink.events.map((e) => e.reason)).toEqual(expect.arrayContaining(['Pulled', 'Created', 'Started']));
  });

  it('Cluster via node2: the echo sees node2\'s node-network address', async () => {
    const r = json(await httpGet(NODE2, 30080));
    expect(r).toMatchObject({ remoteAddress: NODE2, pod: 'echo', podIP: echoIP, node: 'node1' });
  });

  it('Cluster via node1: the echo sees node1\'s bridge gateway .1', async () => {
    expect(json(await httpGet(NODE1, 30080))?.remoteAddress).toBe('198.19.1.1');
  });

  it('Local via node1: the echo sees the host\'s own outside address', async () => {
    expect(json(await httpGet(NODE1, 30081))?.remoteAddress).toBe(HOST);
  });

  it('Local via node2: the connection times out (dropped, no RST); no endpoints at all: refused', async () => {
    expect((await httpGet(NODE2, 30081, { timeoutMs: 1500 })).kind).toBe('timeout');
    expect((await httpGet(NODE2, 30085, { timeoutMs: 1500 })).kind).toBe('refused');
  });

  it('through the L4 relay: the echo sees the relay; with PROXY protocol the header carries the host', async () => {
    const plain = json(await httpGet('203.0.113.10', 8080));
    expect(plain).toMatchObject({ remoteAddress: '203.0.113.10', proxyProtocol: null });
    const pp = json(await httpGet('203.0.113.10', 8081));
    expect(pp.remoteAddress).toBe('203.0.113.10');
    expect(pp.proxyProtocol).toMatch(new RegExp(`^PROXY TCP4 ${HOST.replace(/\./g, '\\.')} 203\\.0\\.113\\.10 \\d+ 8081$`));
  });

  it('through the L7 relay with X-Forwarded-For: socket = relay, header = host', async () => {
    const r = json(await httpGet('203.0.113.11', 8082));
    expect(r.remoteAddress).toBe('203.0.113.11');
    expect(r.headers['x-forwarded-for']).toBe(HOST);
  });

  it('from a pod on node2 to node2\'s NodePort under Local: the pod\'s own IP (short-circuit)', () => {
    const netns = dp.describe().pods.find((p) => p.name === 'client')?.netns as string;
    const clientIP = clientSink.status.podIP as string;
    expect(clientIP).toMatch(/^198\.19\.2\./);
    const out = JSON.parse(sh(['ip', 'netns', 'exec', netns, process.execPath, '-e', IN_NETNS_CLIENT, NODE2, '30081', '3000']));
    expect(out).toMatchObject({ kind: 'ok', json: { remoteAddress: clientIP } });
  });

  it('follows the kube-proxy ConfigMap: without a local detector no short-circuit; masqueradeAll SNATs pod → ClusterIP only', async () => {
    const netns = dp.describe().pods.find((p) => p.name === 'client')?.netns as string;
    const clientIP = clientSink.status.podIP as string;
    const from = (host: string, port: number) => JSON.parse(sh(['ip', 'netns', 'exec', netns, process.execPath, '-e', IN_NETNS_CLIENT, host, String(port), '1500']));
    expect(from('198.18.240.10', 80)).toMatchObject({ kind: 'ok', json: { remoteAddress: clientIP } });
    const kubeProxy = (conf: string) => ctx.put('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-proxy', namespace: 'kube-system' }, data: { 'config.conf': `apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: iptables\n${conf}` } });
    try {
      kubeProxy('clusterCIDR: 198.19.0.0/16\ndetectLocalMode: BridgeInterface\n'); // not modelled: no detector
      await dp.syncServices(services, slices);
      expect(from(NODE2, 30081)).toEqual({ kind: 'timeout' });
      kubeProxy('clusterCIDR: 198.19.0.0/16\niptables:\n  masqueradeAll: true\n');
      await dp.syncServices(services, slices);
      expect(from('198.18.240.10', 80)).toMatchObject({ kind: 'ok', json: { remoteAddress: NODE2 } });
      // masqueradeAll only marks cluster-IP traffic: the short-circuited NodePort stays unmasqueraded
      expect(from(NODE2, 30081)).toMatchObject({ kind: 'ok', json: { remoteAddress: clientIP } });
    } finally {
      ctx.objects.delete('configmaps/kube-system/kube-proxy');
      await dp.syncServices(services, slices);
    }
    expect(from(NODE2, 30081)).toMatchObject({ kind: 'ok', json: { remoteAddress: clientIP } });
  });

  it('serves kube-proxy\'s health check: 200 with local endpoints, 503 without', async () => {
    const ok = await httpGet(NODE1, 32000);
    const no = await httpGet(NODE2, 32000);
    expect(ok).toMatchObject({ kind: 'ok', status: 200, json: { service: { namespace: 'default', name: 'echo-lb' }, localEndpoints: 1 } });
    expect(no).toMatchObject({ kind: 'ok', status: 503, json: { localEndpoints: 0 } });
  });

  it('passthrough LB with Local: only nodes with endpoints get traffic and the echo sees the host', async () => {
    const lb = await eventually('LB backends', async () => dp.describe().loadBalancer?.listeners ?? [], (l) => l.length === 1 && l[0]?.backends.length === 1);
    expect(lb[0]?.backends).toEqual([{ node: 'node1', ip: NODE1 }]);
    for (let i = 0; i < 6; i++) expect(json(await httpGet(LB_IP, 80))?.remoteAddress).toBe(HOST);
    const counters = (netns: string) => sh(['ip', 'netns', 'exec', netns, 'iptables-save', '-c']).split('\n').filter((l) => l.includes('--dport 30084'));
    const packets = (lines: string[]) => lines.reduce((n, l) => n + Number(/^\[(\d+):/.exec(l)?.[1] ?? 0), 0);
    expect(packets(counters(dp.describe().nodes[0]!.netns))).toBeGreaterThanOrEqual(6);
    expect(packets(counters(dp.describe().nodes[1]!.netns))).toBe(0);
  });

  it('a node that stops forwarding black-holes traffic through it, and recovers', async () => {
    await dp.setForwarding('node2', false);
    expect((await httpGet(NODE2, 30080, { timeoutMs: 1500 })).kind).toBe('timeout');
    await dp.setForwarding('node2', true);
    expect(json(await httpGet(NODE2, 30080))?.remoteAddress).toBe(NODE2);
  });

  it('an image it cannot run: ErrImagePull, then ImagePullBackOff, with kubelet\'s events', async () => {
    const sink = new RecordingSink();
    const p = pod('broken', 'node2', [{ name: 'app', image: 'registry.example/team/app:1.2' }]);
    await dp.runPod(p, sink);
    await sink.until('ErrImagePull', (s) => s.containerStatuses[0]?.state?.waiting?.reason === 'ErrImagePull');
    await sink.until('ImagePullBackOff', (s) => s.containerStatuses[0]?.state?.waiting?.reason === 'ImagePullBackOff');
    expect(sink.status.phase).toBe('Pending');
    expect(sink.status.podIP).toMatch(/^198\.19\.2\./);
    expect(sink.events).toEqual(expect.arrayContaining([
      { reason: 'Pulling', message: 'Pulling image "registry.example/team/app:1.2"', type: 'Normal' },
      expect.objectContaining({ reason: 'Failed', type: 'Warning', message: expect.stringMatching(/^Failed to pull image "registry\.example\/team\/app:1\.2": /) }),
      { reason: 'BackOff', message: 'Back-off pulling image "registry.example/team/app:1.2"', type: 'Normal' },
    ]));
    await dp.stopPod(p, 0);
  });

  it('a crashing container restarts with back-off (CrashLoopBackOff, last state kept)', async () => {
    const sink = new RecordingSink();
    const p = pod('crasher', 'node1', [{ name: 'app', image: 'node:20', command: ['node', '-e', 'console.log("bye"); process.exit(3)'] }]);
    await dp.runPod(p, sink);
    await sink.until('CrashLoopBackOff', (s) => s.containerStatuses[0]?.state?.waiting?.reason === 'CrashLoopBackOff' && s.containerStatuses[0]?.restartCount >= 1);
    const cs = sink.containerStatuses[0];
    expect(cs?.lastState?.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(sink.status.phase).toBe('Running');
    expect(sink.logs.get('app')).toContain('bye');
    expect(sink.events.some((e) => e.reason === 'BackOff' && e.message.startsWith('Back-off restarting failed container app'))).toBe(true);
    await dp.stopPod(p, 0);
  });

  it('runs an nginx image with its ConfigMap mounted at /etc/nginx/conf.d, as a non-root user if asked', async () => {
    ctx.put('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-conf', namespace: 'default' }, data: { 'default.conf': 'server { listen 8080; location / { return 200 "hello from $hostname\\n"; } }\n' } });
    const sink = new RecordingSink();
    const p = pod('web', 'node2', [{ name: 'nginx', image: 'nginxinc/nginx-unprivileged:1.27', ports: [{ containerPort: 8080 }], volumeMounts: [{ name: 'conf', mountPath: '/etc/nginx/conf.d' }], readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 } }], {
      spec: { volumes: [{ name: 'conf', configMap: { name: 'web-conf' } }], securityContext: { runAsUser: 101, runAsGroup: 101 } },
    });
    await dp.runPod(p, sink);
    await sink.until('nginx ready', (s) => s.ready);
    const r = await httpGet(sink.status.podIP as string, 8080);
    expect(r).toMatchObject({ kind: 'ok', status: 200, body: 'hello from web\n' });
    const pid = Number(sh(['ip', 'netns', 'pids', dp.podNetns(p) as string]).trim().split(/\s+/)[0]);
    expect(sh(['ps', '-o', 'uid=', '-p', String(pid)]).trim()).toBe('101');
    await dp.stopPod(p, 1);
  });

  it('runs a Pod Security "restricted" pod: script from a ConfigMap, non-root, no privilege escalation, read-only root', async () => {
    const script = `try { require('fs').writeFileSync('/tmp/x', 'x'); console.log('wrote'); } catch (e) { console.log('write failed: ' + e.code); }\nconsole.log('uid=' + process.getuid());\n${ECHO_SERVER}`;
    ctx.put('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'probe-echo', namespace: 'default' }, data: { 'echo.js': script } });
    const sink = new RecordingSink();
    const restricted = {
      runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    };
    const p = pod('probe-echo', 'node2', [{
      name: 'echo', image: 'node:20-alpine', command: ['node', '/app/echo.js'], securityContext: restricted,
      resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
      volumeMounts: [{ name: 'app', mountPath: '/app', readOnly: true }],
      readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 },
    }], { spec: { volumes: [{ name: 'app', configMap: { name: 'probe-echo' } }] } });
    await dp.runPod(p, sink);
    await sink.until('restricted echo ready', (s) => s.ready);
    expect(sink.logs.get('echo')).toContain('write failed: EROFS');
    expect(sink.logs.get('echo')).toContain('uid=65534');
    expect(sink.status.qosClass).toBe('Burstable');
    expect(json(await httpGet(NODE1, 30080))?.remoteAddress).toBe('198.19.1.1');
    await dp.stopPod(p, 1);
  });

  it('the ingress-nginx stand-in: socket = the controller pod, X-Forwarded-For = the client; ConfigMap keys apply', async () => {
    ctx.put('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ingress-nginx-controller', namespace: 'ingress-nginx' }, data: {} });
    const ingress: KObject = {
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'echo', namespace: 'default' },
      spec: { ingressClassName: 'nginx', rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'echo-cluster', port: { number: 80 } } } }] } }] },
    };
    await dp.syncIngresses([ingress]);
    const sink = new RecordingSink();
    const ctl = pod('ingress-nginx-controller-abc', 'node1', [{
      name: 'controller', image: 'registry.k8s.io/ingress-nginx/controller:v1.11.2',
      args: ['/nginx-ingress-controller', '--configmap=$(POD_NAMESPACE)/ingress-nginx-controller', '--ingress-class=nginx'],
      env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
      ports: [{ name: 'http', containerPort: 80 }],
    }], { namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } });
    await dp.runPod(ctl, sink);
    await sink.until('controller running', (s) => s.ready);
    const ctlIP = sink.status.podIP as string;
    const svc = service({ namespace: 'ingress-nginx', name: 'ingress-nginx-controller', type: 'NodePort', externalTrafficPolicy: 'Local', clusterIP: '198.18.240.20', ports: [{ name: 'http', port: 80, nodePort: 30090 }] });
    await dp.syncServices([...services, svc], [...slices, endpointSlice({ namespace: 'ingress-nginx', name: 'ingress-nginx-controller' }, [{ name: 'http', port: 80 }], [{ ip: ctlIP, nodeName: 'node1' }])]);
    const r = await eventually('ingress answers', () => httpGet(NODE1, 30090), (o) => o.kind === 'ok' && o.status === 200);
    expect(json(r)).toMatchObject({ remoteAddress: ctlIP, headers: { 'x-forwarded-for': HOST, 'x-real-ip': HOST } });
    // use-forwarded-headers + compute-full-forwarded-for trust (default 0.0.0.0/0) and extend the header
    ctx.put('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ingress-nginx-controller', namespace: 'ingress-nginx' }, data: { 'use-forwarded-headers': 'true', 'compute-full-forwarded-for': 'true' } });
    await dp.syncIngresses([ingress]);
    const spoofed = await eventually('reloaded', () => httpGet(NODE1, 30090, { headers: { 'X-Forwarded-For': '203.0.113.77' } }), (o) => o.kind === 'ok' && json(o)?.headers['x-forwarded-for'] !== '203.0.113.77' && json(o)?.headers['x-real-ip'] === '203.0.113.77');
    expect(json(spoofed).headers['x-forwarded-for']).toBe(`203.0.113.77, ${HOST}`);
    await dp.stopPod(ctl, 1);
    await dp.syncServices(services, slices);
  });

  it('deleting a pod: SIGTERM first, SIGKILL after the grace period, then its namespace is gone', async () => {
    const polite = new RecordingSink();
    const stubborn = new RecordingSink();
    const a = pod('polite', 'node2', [{ name: 'app', image: 'node:20', command: ['node', '-e', ECHO_SERVER] }]);
    const b = pod('stubborn', 'node2', [{ name: 'app', image: 'node:20', command: ['node', '-e', 'process.on("SIGTERM", () => console.log("ignoring SIGTERM")); console.log("up"); setInterval(() => {}, 1000)'] }]);
    await dp.runPod(a, polite);
    await dp.runPod(b, stubborn);
    await polite.until('polite up', (s) => (s.logs.get('app') ?? '').includes('listening'));
    await stubborn.until('stubborn up', (s) => (s.logs.get('app') ?? '').includes('up'));
    const nsB = dp.podNetns(b) as string;
    const t0 = Date.now();
    await dp.stopPod(a, 10);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(polite.logs.get('app')).toContain('echo got SIGTERM');
    const t1 = Date.now();
    await dp.stopPod(b, 1);
    expect(Date.now() - t1).toBeGreaterThanOrEqual(900);
    expect(stubborn.logs.get('app')).toContain('ignoring SIGTERM');
    expect(stubborn.containerStatuses[0]?.state?.terminated?.exitCode).toBe(137);
    expect(sh(['ip', 'netns', 'list'])).not.toContain(nsB);
  });

  it('stop() leaves no netns, links, routes, iptables rules, processes or files behind', async () => {
    const info = dp.describe();
    await dp.stop();
    const left = findLeftovers({ prefix: ctx.prefix });
    expect(left).toEqual({ netns: [], links: [], dirs: [], pids: [] });
    expect(sh(['ip', '-br', 'link'])).not.toContain(info.host.link);
    expect(sh(['ip', 'route'])).not.toContain('198.18.0.0/15');
    expect(sh(['iptables-save'])).not.toContain('KUBE-');
    expect(sh(['ps', '-eo', 'args'])).not.toContain(info.runDir);
    expect(() => sh(['ls', info.runDir])).toThrow();
    expect([...ctx.tracked.keys()]).toEqual([]);
  });
});
