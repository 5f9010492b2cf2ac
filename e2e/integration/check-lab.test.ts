// `snatscope check` on the lab's seed scenario (real data plane: network namespaces, kube-proxy
// rules in the kernel): the expectations file for the seed fails while default/frontend has
// externalTrafficPolicy: Cluster and passes once the service is patched to Local — from the
// prediction and from a probe — and the JUnit files validate against junit-10.xsd and read back
// with a CI parser. Needs root (netns) and the built CLI.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseJunit } from 'junit2json';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasXmllint, xmllintJunit } from '../../src-main/core/report-formats/junit-validate';
import { resourceByPlural } from '../lab/api/resources';
import { raw, startTestLab, type TestLab } from '../lab/test-support';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'out/main/cli.js');
const SEED_EXPECTATIONS = join(ROOT, 'docs/examples/expectations-seed.yaml');
const isRoot = process.getuid?.() === 0;
if (!isRoot) console.log('[check-lab] skipped: the lab data plane needs root (network namespaces, iptables)');
if (!existsSync(CLI)) console.log('[check-lab] skipped: build the CLI first (npm run build)');
if (!hasXmllint) console.log('[check-lab] xmllint missing (apt-get install libxml2-utils): JUnit schema checks skipped');

let lab: TestLab;
const dir = mkdtempSync(join(tmpdir(), 'snatscope-check-'));

// Not spawnSync: the lab API runs in this process and must keep answering.
function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const c = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, KUBECONFIG: lab.kubeconfigPath, SNATSCOPE_LANG: 'en' } });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    c.on('exit', (status) => done({ status, stdout, stderr }));
  });
}

async function patchPolicy(policy: 'Cluster' | 'Local') {
  const r = await raw(lab, 'PATCH', '/api/v1/namespaces/default/services/frontend', { body: { spec: { externalTrafficPolicy: policy } }, contentType: 'application/merge-patch+json' });
  expect(r.status, r.body).toBe(200);
}

type Junit = { tests?: number; failures?: number; errors?: number; testsuite?: { name?: string; testcase?: { name?: string; failure?: { message?: string; inner?: string }[] }[] }[] };

async function readJunit(file: string): Promise<Junit> {
  if (hasXmllint) {
    const v = xmllintJunit(file);
    expect(v.ok, v.output).toBe(true);
  }
  return (await parseJunit(readFileSync(file, 'utf8'))) as Junit;
}

async function leftovers(): Promise<string[]> {
  return lab.objects
    .list(resourceByPlural('namespaces'), undefined)
    .items()
    .map((ns) => (ns as { metadata: { name: string } }).metadata.name)
    .filter((n) => n.startsWith('snatscope-'));
}

describe.skipIf(!isRoot || !existsSync(CLI))('snatscope check on the seed lab', () => {
  beforeAll(async () => {
    lab = await startTestLab({ scenario: join(ROOT, 'e2e/lab/scenarios/seed.yaml') });
    await lab.settle();
    const slices = resourceByPlural('endpointslices');
    const ready = () =>
      lab.objects
        .list(slices, 'default')
        .items()
        .filter((sl) => ((sl as { endpoints?: { conditions?: { ready?: boolean } }[] }).endpoints ?? []).some((e) => e.conditions?.ready)).length;
    const deadline = Date.now() + 60_000;
    while (ready() < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    // Generous: the data plane may wait up to 180 s for the host lock another lab test holds.
  }, 300_000);

  afterAll(async () => {
    await lab?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('--predict: fails under Cluster policy (SNAT at node1, with the fix), passes after patching the service to Local', async () => {
    await patchPolicy('Cluster');
    const junit = join(dir, 'predict-before.xml');
    const before = await cli(['check', SEED_EXPECTATIONS, '--junit', junit]);
    expect(before.status, before.stderr).toBe(1);
    expect(before.stdout).toMatch(/^FAIL +default\/frontend +from desktop via endpoint-nodes: preserved +desktop → node1 198\.18\.0\.11:30080 +SNAT to 198\.19\.1\.1 at node1/m);
    expect(before.stdout).toMatch(/^pass +default\/frontend +from relay\/public: x-forwarded-for/m);
    expect(before.stdout).toContain("kubectl -n 'default' patch service 'frontend'");
    expect(before.stdout).toContain('3 passed, 1 failed');
    const report = await readJunit(junit);
    expect(report).toMatchObject({ tests: 4, failures: 1, errors: 0 });
    const failed = report.testsuite![0]!.testcase!.filter((c) => c.failure);
    expect(failed.map((c) => c.failure![0]!.message)).toEqual(['expected preserved; seen: SNAT to 198.19.1.1 at node1; client address carried nowhere']);
    expect(failed[0]!.failure![0]!.inner).toContain('externalTrafficPolicy: Local');

    await patchPolicy('Local');
    const after = await cli(['check', SEED_EXPECTATIONS, '--junit', join(dir, 'predict-after.xml')]);
    expect(after.status, after.stdout + after.stderr).toBe(0);
    expect(after.stdout).toContain('4 passed, 0 failed');
    expect(await readJunit(join(dir, 'predict-after.xml'))).toMatchObject({ tests: 4, failures: 0 });
    const typo = join(dir, 'typo.yaml');
    writeFileSync(typo, 'apiVersion: snatscope.io/v1alpha1\nkind: ClientIPExpectations\nservices:\n  - service: default/frontend\n    expect: [{ from: pod/node9, clientIP: preserved }]\n');
    const noNode = await cli(['check', typo]);
    expect(noNode.status).toBe(2);
    expect(noNode.stderr).toContain('default/frontend: no such node: node9 (nodes: node1, node2)');
    expect(await leftovers()).toEqual([]);
  }, 60_000);

  it('--probe: the measured paths fail under Cluster policy and pass under Local, and every probe namespace is gone', async () => {
    const file = join(dir, 'probe.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: snatscope.io/v1alpha1',
        'kind: ClientIPExpectations',
        // The seed's test relays in front of the probe's Local service on node1 (seed.yaml).
        'relays:',
        '  - { name: probe-l4, address: 203.0.113.11, mode: l4, forwardsTo: { node: node1, port: 30091 }, listen: { address: 203.0.113.11, port: 9090 } }',
        '  - { name: probe-l7, address: 203.0.113.11, mode: l7, xForwardedFor: true, forwardsTo: { node: node1, port: 30091 }, listen: { address: 203.0.113.11, port: 9091 } }',
        'probe: { fixedNodePorts: { Local: 30091 } }',
        'services:',
        '  - service: default/frontend',
        '    expect:',
        '      - { from: desktop, via: endpoint-nodes, clientIP: preserved }',
        '      - { from: pods, via: cluster-ip, clientIP: preserved }',
        '      - { from: relay/probe-l7, clientIP: x-forwarded-for }',
        '      - { from: relay/probe-l4, clientIP: snat, description: a TCP relay without PROXY protocol hides the client }',
        '',
      ].join('\n'),
    );
    await patchPolicy('Cluster');
    const before = await cli(['check', file, '--probe', '-q', '--timeout', '60', '--junit', join(dir, 'probe-before.xml')]);
    expect(before.status, before.stdout + before.stderr).toBe(1);
    expect(before.stdout).toMatch(/^FAIL +default\/frontend +from desktop via endpoint-nodes: preserved +desktop → node1 198\.18\.0\.11:\d+ \(echo-cluster, Cluster\) +SNAT to 198\.19\.1\.1 at node1/m);
    expect(before.stdout).toMatch(/^pass +default\/frontend +from pods via cluster-ip: preserved/m);
    // The relays are measured through the same probe (their cells pass in both policies).
    expect(before.stdout).toMatch(/^pass +default\/frontend +from relay\/probe-l7: x-forwarded-for +relay probe-l7 → node1 203\.0\.113\.11:9091 \(echo-local, Local\) +proxied to 203\.0\.113\.11 at probe-l7; client carried in x-forwarded-for/m);
    expect(before.stdout).toMatch(/^pass +default\/frontend +from relay\/probe-l4: snat +relay probe-l4 → node1 203\.0\.113\.11:9090 \(echo-local, Local\) +SNAT to 203\.0\.113\.11 at probe-l4; client address carried nowhere/m);
    const junitBefore = await readJunit(join(dir, 'probe-before.xml'));
    expect(junitBefore.failures).toBe(1);
    expect(await leftovers()).toEqual([]);

    await patchPolicy('Local');
    const after = await cli(['check', file, '--probe', '-q', '--timeout', '60', '--tap']);
    expect(after.status, after.stdout + after.stderr).toBe(0);
    expect(after.stdout).toMatch(/^TAP version 14\n1\.\.\d+\n/);
    expect(after.stdout).toMatch(/^ok \d+ - default\/frontend: from desktop via endpoint-nodes: preserved \[desktop → node1 198\.18\.0\.11:\d+ \(echo-local, Local\)\]$/m);
    expect(after.stdout).not.toMatch(/^not ok/m);
    expect(await leftovers()).toEqual([]);
  }, 240_000);

  it('probe --junit and scan --junit write reports that validate and read back (one case per cell / hazard)', async () => {
    await patchPolicy('Cluster');
    const probe = await cli(['probe', 'default/frontend', '--from', 'desktop', '-q', '--timeout', '60', '--junit', join(dir, 'probe.xml')]);
    expect(probe.status, probe.stderr).toBe(1);
    const p = await readJunit(join(dir, 'probe.xml'));
    const cases = p.testsuite![0]!.testcase!;
    expect(cases.length).toBe(p.tests);
    const snat = cases.find((c) => /desktop → nodePort node2 198\.18\.0\.12:\d+ \(echo-cluster, Cluster\)/.test(c.name ?? ''));
    expect(snat?.failure?.[0]?.message).toMatch(/^verdict: snat \(198\.18\.0\.12\) @ node2; predicted: snat$/);
    expect(snat?.failure?.[0]?.inner).toContain('externalTrafficPolicy: Local');
    expect(await leftovers()).toEqual([]);

    const scan = await cli(['scan', '--junit', join(dir, 'scan.xml')]);
    expect(scan.status, scan.stderr).toBe(1);
    const s = await readJunit(join(dir, 'scan.xml'));
    expect(s.testsuite![0]!.testcase!.map((c) => c.name)).toContain('cluster-policy: default/frontend');
    expect(s.failures).toBe(s.tests);
  }, 180_000);
});
