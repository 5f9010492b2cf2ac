// The probe against the lab's seed scenario on the real data plane (network namespaces, upstream
// kube-proxy's rules applied by the kernel, in iptables and nftables mode): the verdicts of the original report, permissions, image pulls,
// API faults and a SIGKILLed CLI — and never an object left behind. Needs root (netns).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProbeOptions, type ProbeOptionsInput } from '../../src-main/contract/probe';
import { ContextsService } from '../../src-main/core/cluster/contexts-service';
import { echoDesktopProber } from '../../src-main/core/probe/desktop-prober';
import { prepareProbe, runProbe, type ProbeDeps } from '../../src-main/core/probe/runner';
import { buildSession } from '../../src-main/core/probe/session';
import type { Session } from '../../src-main/core/probe/session-types';
import { inspectService } from '../../src-main/core/inspect/inspect';
import { resourceByPlural } from '../lab/api/resources';
import type { Obj } from '../lab/api/store';
import { startTestLab, type TestLab } from '../lab/test-support';
import { probeDepsFor } from './support/probe-deps';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'out/main/cli.js');
const isRoot = process.getuid?.() === 0;
if (!isRoot) console.log('[probe-lab] skipped: the lab data plane needs root (network namespaces, iptables)');

let lab: TestLab;
let contexts: ContextsService;

const contextOf = async (user: string) => {
  const { contexts: list } = await contexts.snapshot();
  return list.find((c) => c.name === lab.users.find((u) => u.name === user)!.context)!;
};

async function depsFor(user: string): Promise<ProbeDeps> {
  return probeDepsFor(contexts, await contextOf(user));
}

function options(over: Partial<ProbeOptionsInput> = {}) {
  return ProbeOptions.parse({ contextId: '0000000000000000', target: { kind: 'service', namespace: 'default', name: 'frontend' }, readyTimeoutSeconds: 60, ...over });
}

async function leftovers(): Promise<string[]> {
  const list = lab.objects.list(resourceByPlural('namespaces'), undefined).items();
  return list.map((ns) => (ns as { metadata: { name: string } }).metadata.name).filter((n) => n.startsWith('snatscope-'));
}

async function probe(user: string, over: Partial<ProbeOptionsInput> = {}): Promise<Session> {
  const deps = await depsFor(user);
  const prepared = await prepareProbe(deps, options(over));
  const outcome = await runProbe(deps, prepared);
  return buildSession(outcome, { app: { name: 'SNATScope', version: 'test' }, context: deps.contextName, serverHash: 'x', clusterVersion: null });
}

// The seed's kube-proxy runs upstream; the ConfigMap's mode is iptables, then nftables.
describe.skipIf(!isRoot).each(['iptables', 'nftables'] as const)('inspect and probe on the lab seed scenario, kube-proxy %s mode', (mode) => {
  beforeAll(async () => {
    lab = await startTestLab({ scenario: join(ROOT, 'e2e/lab/scenarios/seed.yaml'), kubeProxy: { implementation: 'upstream', mode } });
    await lab.settle();
    contexts = new ContextsService({ env: { KUBECONFIG: lab.kubeconfigPath }, home: lab.runDir, addedFiles: async () => [] });
    // The scenario's pods (nginx frontend, echo) become ready through real readiness probes.
    const slices = resourceByPlural('endpointslices');
    const ready = () =>
      lab.objects
        .list(slices, 'default')
        .items()
        .filter((sl) => ((sl as { endpoints?: { conditions?: { ready?: boolean } }[] }).endpoints ?? []).some((e) => e.conditions?.ready)).length;
    const deadline = Date.now() + 60_000;
    while (ready() < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  }, 600_000);

  afterAll(async () => {
    contexts?.close();
    await lab?.stop();
  }, 120_000);

  it('inspect predicts the seed verdicts, and real requests from this host reproduce each one', async () => {
    const entry = await contextOf('admin');
    const connection = await contexts.connect(entry.id);
    const expectations: { service: string; node: string; address: string; verdict: string; seen: string | null }[] = [
      { service: 'echo-cluster', node: 'node2', address: '198.18.0.12', verdict: 'snat', seen: '198.18.0.12' },
      { service: 'echo-cluster', node: 'node1', address: '198.18.0.11', verdict: 'snat', seen: '198.19.1.1' },
      { service: 'echo-local', node: 'node1', address: '198.18.0.11', verdict: 'preserved', seen: 'client' },
      { service: 'echo-local', node: 'node2', address: '198.18.0.12', verdict: 'dropped', seen: null },
    ];
    for (const e of expectations) {
      const result = await inspectService(connection, { namespace: 'default', name: e.service }, { origins: [{ kind: 'desktop' }] });
      const answer = result.answers.find((a) => a.prediction.target.kind === 'nodePort')!;
      const group = answer.prediction.groups.find((g) => g.entryNode === e.node)!;
      expect(group.verdict, `${e.service} via ${e.node}`).toBe(e.verdict);
      if (e.verdict === 'snat') expect(group.observedAddress).toBe(e.seen);
      if (e.verdict === 'snat') expect(group.rewrittenBy?.name).toBe(e.node);
      // The same path, for real: a request from this host to the node's NodePort.
      const port = result.inventory.service!.ports[0]!.nodePort!;
      const [line] = await echoDesktopProber().run([{ host: e.address, port, proto: 'http', target: `${e.address}:${port}`, label: 'x', headers: {} }], { repeat: 1, timeoutMs: 2000, concurrency: 1 });
      if (e.verdict === 'dropped') {
        expect(line!.result).toBe('timeout');
        continue;
      }
      // The seed's echo answers {"remoteAddress": …} (plain JSON, not the probe echo, hence NOT_ECHO).
      expect(line!.status, JSON.stringify(line)).toBe(200);
      const seen = (JSON.parse(line!.body ?? '{}') as { remoteAddress?: string }).remoteAddress?.replace(/^::ffff:/, '');
      expect(seen).toBe(e.seen === 'client' ? line!.local!.ip : e.seen);
    }
  }, 60_000);

  it('reproduces the original report: SNAT via node2 to its address, via node1 to the bridge gateway, Local preserved/dropped, relays', async () => {
    const session = await probe('admin', {
      fixedNodePorts: { Local: 30091 },
      relays: [
        { name: 'probe-l4', address: '203.0.113.11', mode: 'l4', forwardsTo: { node: 'node1', port: 30091 }, listen: { address: '203.0.113.11', port: 9090 } },
        { name: 'probe-l7', address: '203.0.113.11', mode: 'l7', addsXForwardedFor: true, forwardsTo: { node: 'node1', port: 30091 }, listen: { address: '203.0.113.11', port: 9091 } },
      ],
    });
    expect(session.status, JSON.stringify(session.error)).toBe('completed');
    const cell = (origin: string, kind: string, where: string, policy: string) =>
      session.paths.find((p) => (origin === 'desktop' ? p.origin.kind === 'desktop' : p.origin.kind === 'pod' && p.origin.node === origin) && p.target.kind === kind && (p.target.node === where || p.target.address === where) && p.service.policy === policy)!;

    const viaNode2 = cell('desktop', 'nodePort', 'node2', 'Cluster');
    expect(viaNode2).toMatchObject({ result: 'ok', observedSource: '198.18.0.12', observed: { verdict: 'snat', class: 'node-ip', rewritingHop: { name: 'node2' } }, matches: true });
    expect(cell('desktop', 'nodePort', 'node1', 'Cluster')).toMatchObject({ observedSource: '198.19.1.1', observed: { verdict: 'snat', class: 'bridge-gateway' }, matches: true });
    const local1 = cell('desktop', 'nodePort', 'node1', 'Local');
    expect(local1.observed.verdict).toBe('preserved');
    // The host's own outside address, as its socket saw it.
    expect(local1.observedSource).toBe(local1.origin.address);
    expect(cell('desktop', 'nodePort', 'node2', 'Local')).toMatchObject({ result: 'timeout', observed: { verdict: 'dropped' }, matches: true });
    const l4 = cell('desktop', 'relay', '203.0.113.11', 'Local');
    const relays = session.paths.filter((p) => p.target.kind === 'relay');
    expect(relays).toHaveLength(2);
    const l4cell = relays.find((p) => p.target.port === 9090)!;
    const l7cell = relays.find((p) => p.target.port === 9091)!;
    expect(l4 === l4cell || l4 === l7cell).toBe(true);
    expect(l4cell).toMatchObject({ observedSource: '203.0.113.11', observed: { class: 'relay' }, matches: true });
    expect(l7cell).toMatchObject({ observedSource: '203.0.113.11', observed: { verdict: 'proxied' }, matches: true });
    expect(l7cell.headers?.xForwardedFor).toBe(local1.origin.address);
    // The session records the declared relays, so its picture draws the two hops on one host apart.
    expect(session.plan.relays?.map((r) => `${r.name}@${r.listen?.port}`)).toEqual(['probe-l4@9090', 'probe-l7@9091']);
    // In-cluster: every pod-origin cell matches kube-proxy's semantics as the model predicts them.
    const pods = session.paths.filter((p) => p.origin.kind === 'pod');
    expect(pods.length).toBeGreaterThanOrEqual(12);
    expect(pods.filter((p) => !p.matches).map((p) => `${p.id} ${p.observedSource} ${p.observed.verdict}/${p.observed.class} predicted ${p.predicted.verdict} ${p.predicted.address} ${p.note.map((n) => n.code).join(',')}`)).toEqual([]);
    expect(cell('node2', 'clusterIP', session.services.find((s) => s.policy === 'Cluster')!.clusterIP!, 'Cluster').observed.verdict).toBe('preserved');
    // The backend calling its own Service (hairpin), measured: masqueraded to node1's bridge
    // address, as predicted, and named after the target's pod on that node.
    const hairpins = session.paths.filter((p) => p.origin.kind === 'pod' && p.origin.backend);
    expect(hairpins.map((p) => `${p.target.kind} ${p.service.policy}`).sort()).toEqual(['clusterIP Cluster', 'clusterIP Local', 'nodePort Cluster', 'nodePort Local']);
    for (const h of hairpins) {
      expect(h, h.id).toMatchObject({ result: 'ok', observedSource: '198.19.1.1', observed: { verdict: 'snat', class: 'bridge-gateway' }, matches: true });
      expect(h.origin).toMatchObject({ node: 'node1', pod: 'frontend' });
    }
    expect(hairpins.find((p) => p.target.kind === 'clusterIP')!.explanation.map((s) => s.code)).toContain('kp.hairpin');
    expect(hairpins.find((p) => p.target.kind === 'clusterIP')!.fixIds).toEqual(['hairpin-self-call']);
    expect(session.fixes.map((f) => f.id)).toContain('hairpin-self-call');
    // A fix that selects pods selects frontend's (app: frontend), not the probe's echo labels.
    const spread = session.fixes.find((f) => f.id === 'local-endpoint-every-node')!.snippets.map((x) => x.text).join('\n');
    expect(spread).toContain('"app": "frontend"');
    expect(spread).not.toContain('snatscope.io');
    expect(session.finding.map((f) => f.code)).toContain('finding.lost');
    expect(session.cleanup.outcome).toBe('deleted');
    expect(await leftovers()).toEqual([]);
  }, 120_000);

  it('node processes (opt-in): hostNetwork client pods measure each node\'s own paths as the node, and the model agrees', async () => {
    const session = await probe('admin', { origins: { desktop: false, pods: false, nodes: true } });
    expect(session.status, JSON.stringify(session.error)).toBe('completed');
    expect(session.warnings.join(' ')).toMatch(/Pod Security "privileged"|node processes/);
    const cells = session.paths.filter((p) => p.origin.kind === 'pod' && p.origin.hostNetwork);
    expect(cells.length).toBeGreaterThan(0);
    expect(session.paths.length).toBe(cells.length);
    const nodeIPs: Record<string, string> = { node1: '198.18.0.11', node2: '198.18.0.12' };
    // A hostNetwork pod's address is its node's: the requests leave as the node's own processes' do.
    for (const c of cells) expect(c.origin.kind === 'pod' && c.origin.address).toBe(nodeIPs[(c.origin as { node: string }).node]);
    expect([...new Set(cells.map((c) => (c.origin as { node: string }).node))].sort()).toEqual(['node1', 'node2']);
    const mismatches = cells.filter((c) => !c.matches).map((c) => ({ id: c.id, predicted: c.predicted, observed: c.observed, seen: c.observedSource, result: c.result }));
    expect(mismatches).toEqual([]);
    console.log(`[probe-lab] node processes: ${cells.map((c) => `${c.id}=${c.result}:${c.observedSource ?? '-'}`).join(', ')}`);
    expect(session.cleanup.outcome).toBe('deleted');
    expect(await leftovers()).toEqual([]);
  }, 120_000);

  it('a Cluster service with endpoints on both nodes: one cell keeps both sources with their counts (split), as the kernel balances', async () => {
    const session = await probe('admin', { target: { kind: 'matrix' }, echoNodes: 'all', repeat: 10, policies: ['Cluster'], origins: { desktop: true, pods: false } });
    expect(session.status, JSON.stringify(session.error)).toBe('completed');
    const cell = session.paths.find((p) => p.origin.kind === 'desktop' && p.target.kind === 'nodePort' && p.target.node === 'node1')!;
    expect(cell.okRequests).toBe(10);
    // kube-proxy picks either endpoint (KUBE-SVC-* statistic mode random): node1's own echo sees the
    // bridge address, node2's sees node1's address. 10 requests all landing on one echo: p = 2^-9.
    expect(cell.observedSplit?.map((s) => `${s.class}@${s.node}`).sort()).toEqual(['bridge-gateway@node1', 'node-ip@node1']);
    expect(cell.observedSplit!.reduce((n, s) => n + s.count, 0)).toBe(10);
    expect(cell.note.map((n) => n.code)).toContain('probe.split');
    expect(session.paths.filter((p) => !p.matches).map((p) => p.id)).toEqual([]);
    expect(await leftovers()).toEqual([]);
  }, 120_000);

  it('a user without create permissions gets the exact missing permissions and nothing is created', async () => {
    const session = await probe('viewer');
    expect(session.status).toBe('failed');
    expect(session.error?.code).toBe('probe.permissions');
    expect(session.error?.message).toContain('create namespaces (cluster-wide)');
    expect(session.error?.message).toMatch(/create pods in snatscope-[0-9a-f]{6}/);
    expect(session.cleanup.outcome).toBe('not-created');
    expect(await leftovers()).toEqual([]);
  }, 60_000);

  it('a target without endpoints: the finding says its real clients are refused, whatever the copy measured', async () => {
    lab.objects.create(resourceByPlural('services'), 'default', { metadata: { name: 'orphan' }, spec: { type: 'NodePort', selector: { app: 'nobody' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } } as Obj);
    // The real service, for real: kube-proxy rejects it on a node's NodePort.
    const port = (lab.objects.get(resourceByPlural('services'), 'default', 'orphan') as { spec: { ports: { nodePort: number }[] } }).spec.ports[0]!.nodePort;
    await lab.settle();
    const [line] = await echoDesktopProber().run([{ host: '198.18.0.11', port, proto: 'http', target: `198.18.0.11:${port}`, label: 'x', headers: {} }], { repeat: 1, timeoutMs: 2000, concurrency: 1 });
    expect(line!.result).toBe('refused');
    const session = await probe('admin', { target: { kind: 'service', namespace: 'default', name: 'orphan' } });
    expect(session.status, JSON.stringify(session.error)).toBe('completed');
    expect(session.finding[0]).toMatchObject({ code: 'finding.targetNoEndpoints', params: { service: 'default/orphan' } });
    expect(session.plan.targetService?.pods).toEqual([]);
    expect(await leftovers()).toEqual([]);
  }, 120_000);

  it('a ClusterIP-only target: only its in-cluster ClusterIP paths are measured and judged, not its copy\'s NodePorts', async () => {
    lab.objects.create(resourceByPlural('services'), 'default', { metadata: { name: 'inside' }, spec: { type: 'ClusterIP', selector: { app: 'echo' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } } as Obj);
    await lab.settle();
    const session = await probe('admin', { target: { kind: 'service', namespace: 'default', name: 'inside' } });
    expect(session.status, JSON.stringify(session.error)).toBe('completed');
    expect(session.paths.length).toBeGreaterThan(0);
    expect(session.paths.every((p) => p.origin.kind === 'pod' && p.target.kind === 'clusterIP')).toBe(true);
    expect(session.paths.filter((p) => !p.matches).map((p) => p.id)).toEqual([]);
    expect(session.finding.map((f) => f.code)).toEqual(['finding.clusterIpOnly']);
    expect(await leftovers()).toEqual([]);
  }, 120_000);

  it('a LoadBalancer target with two ports: the finding says what the copy did not measure', async () => {
    lab.objects.create(resourceByPlural('services'), 'default', {
      metadata: { name: 'multi' },
      spec: { type: 'LoadBalancer', selector: { app: 'echo' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }] },
    } as Obj);
    await lab.settle();
    const session = await probe('admin', { target: { kind: 'service', namespace: 'default', name: 'multi' }, origins: { desktop: true, pods: false } });
    expect(session.status, JSON.stringify(session.error)).toBe('completed');
    const codes = session.finding.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['finding.copyNoLoadBalancer', 'finding.copyOnePort']));
    const ports = session.finding.find((f) => f.code === 'finding.copyOnePort')!.params.ports as string;
    expect(ports).toMatch(/^80:\d+\/TCP, 53:\d+\/UDP$/);
    expect(await leftovers()).toEqual([]);
  }, 120_000);

  it('an unpullable image is explained within 30 s and cleaned up', async () => {
    const started = Date.now();
    const session = await probe('admin', { image: 'registry.invalid/snatscope/no-such-image:1' });
    expect(session.status).toBe('failed');
    expect(session.error?.code).toBe('probe.image-pull');
    expect(session.error?.message).toContain('registry.invalid/snatscope/no-such-image:1');
    expect(session.error?.action).toMatch(/image/i);
    expect(Date.now() - started).toBeLessThan(30_000 + 15_000);
    expect(session.cleanup.outcome).toBe('deleted');
    expect(await leftovers()).toEqual([]);
  }, 90_000);

  it('with API faults (5xx, resets, cut watches) runs finish or fail cleanly, leaving nothing', async () => {
    const outcomes: string[] = [];
    for (const rule of [
      { errorRate: 0.15, errorStatus: 503 },
      { resetRate: 0.1 },
      { cutWatchAfterEvents: 1 },
    ]) {
      const id = lab.faults.add({ ...rule, match: { user: 'admin' } });
      try {
        const session = await probe('admin', { origins: { desktop: true, pods: false } }).catch((e: unknown) => {
          // Failing before anything is created (planning, permission checks) is a clean failure
          // too, as long as it is a classified error.
          expect((e as { code?: string }).code ?? '', e instanceof Error ? e.stack : String(e)).toMatch(/^(k8s|probe)\./);
          return null;
        });
        outcomes.push(session ? `${session.status}${session.error ? `:${session.error.code}` : ''}` : 'failed-before-create');
        if (session && session.status !== 'completed') expect(session.error?.message).toBeTruthy();
      } finally {
        lab.faults.remove(id);
      }
      // The namespace may still be terminating when the probe gave up waiting; it must go.
      const deadline = Date.now() + 30_000;
      while ((await leftovers()).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
      expect(await leftovers()).toEqual([]);
    }
    console.log(`[probe-lab] under faults: ${outcomes.join(', ')}`);
  }, 300_000);

  it.skipIf(!existsSync(CLI))('`snatscope inspect --relay` predicts what the frontend sees through the lab’s public nginx, and a real request agrees', async () => {
    const env = { ...process.env, KUBECONFIG: lab.kubeconfigPath };
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
      const c = spawn(process.execPath, [CLI, 'inspect', 'default/frontend', '--from', 'desktop', '--relay', 'public=203.0.113.10,mode=l7,xff,to=node1:30080', '--json'], { env });
      let stdout = '';
      let stderr = '';
      c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      c.on('exit', (status) => done({ status, stdout, stderr }));
    });
    expect(run.status, run.stderr).toBe(1); // SNAT found
    const result = JSON.parse(run.stdout) as { answers: { prediction: { origin: { kind: string }; paths: { observed: { address: string }; forwarded: { xForwardedFor: string | null }; verdict: string }[] } }[] };
    const viaRelay = result.answers.filter((a) => a.prediction.origin.kind === 'relay').flatMap((a) => a.prediction.paths);
    expect(viaRelay.length).toBeGreaterThan(0);
    // The same hop for real: this host → 203.0.113.10:80 (nginx, X-Forwarded-For) → node1:30080.
    const [line] = await echoDesktopProber().run([{ host: '203.0.113.10', port: 80, proto: 'http', target: '203.0.113.10:80', label: 'x', headers: {} }], { repeat: 1, timeoutMs: 3000, concurrency: 1 });
    const seen = /remote_addr=(\S+) x_forwarded_for=(\S*)/.exec(line!.body ?? '');
    expect(seen, JSON.stringify(line)).not.toBeNull();
    expect(viaRelay.map((p) => p.observed.address)).toContain(seen![1]);
    // X-Forwarded-For carries the client: the model names it (a placeholder, as the CLI does not
    // know this host's outside address), the real header holds this host's own address.
    expect(viaRelay[0]!.forwarded.xForwardedFor).not.toBeNull();
    expect(seen![2]).toBe(line!.local!.ip);
  }, 60_000);

  it.skipIf(!existsSync(CLI))('SIGKILL of the CLI mid-run, then `snatscope sweep`, leaves no object', async () => {
    const env = { ...process.env, KUBECONFIG: lab.kubeconfigPath };
    const child = spawn(process.execPath, [CLI, 'probe', 'default/frontend', '--from', 'pods', '-q'], { env, stdio: 'ignore' });
    const deadline = Date.now() + 30_000;
    while (!(await leftovers()).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect((await leftovers()).length).toBe(1);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // Not spawnSync: the lab API runs in this process and must keep answering.
    const sweep = await new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
      const c = spawn(process.execPath, [CLI, 'sweep'], { env });
      let stdout = '';
      let stderr = '';
      c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      c.on('exit', (status) => done({ status, stdout, stderr }));
    });
    expect(sweep.status, sweep.stderr).toBe(0);
    expect(sweep.stdout).toMatch(/snatscope-[0-9a-f]{6}: deleted \(owner-gone\)/);
    expect(await leftovers()).toEqual([]);
  }, 120_000);
});
