// Credentials stay in main (issue 10 §3): every message that crosses the contract during a full
// session — contexts, overview, inspection, a live follow, a probe with its progress and result
// events, and a session round trip — plus every log line, is recorded and searched for the lab's
// bearer tokens, a client key the kubeconfig carries, and the lab's CA and server keys.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Settings } from '../../src-main/contract';
import { makeCa, makeServerCert } from '../../src-main/core/cluster/test-support/tls-fixtures';
import { memoryFileStore } from '../../src-main/core/ports/file-store';
import { createDispatcher } from '../../src-main/core/rpc/dispatcher';
import { createServices, type Services } from '../../src-main/core/services';
import { createSettingsStore } from '../../src-main/core/settings/settings-store';
import { ECHO_SOURCE } from '../../src-main/host/echo-source';
import { startTestLab, type TestLab } from '../lab/test-support';
import { resourceByPlural } from '../lab/api/resources';

const ROOT = resolve(import.meta.dirname, '..', '..');
const isRoot = process.getuid?.() === 0;
if (!isRoot) console.log('[credentials] skipped: the probe part needs the lab data plane (root)');

describe.skipIf(!isRoot)('credentials never cross the contract or reach the logs', () => {
  let lab: TestLab;
  let services: Services;
  const wire: string[] = [];
  const logs: string[] = [];
  let clientKey = '';
  let kubeconfig = '';

  beforeAll(async () => {
    lab = await startTestLab({ scenario: join(ROOT, 'e2e/lab/scenarios/seed.yaml') });
    await lab.settle();
    // The admin user also carries a client certificate and key (the lab authenticates the token;
    // the key still travels through SNATScope's TLS setup on every request).
    const ca = await makeCa('credentials-test');
    const cert = await makeServerCert(ca, {}, { clientAuth: true, cn: 'admin' });
    clientKey = cert.key;
    const doc = parse(readFileSync(lab.kubeconfigPath, 'utf8')) as { users: { name: string; user: Record<string, string> }[] };
    for (const u of doc.users) {
      u.user['client-certificate-data'] = Buffer.from(cert.cert).toString('base64');
      u.user['client-key-data'] = Buffer.from(cert.key).toString('base64');
    }
    kubeconfig = join(lab.runDir, 'kubeconfig-with-keys');
    writeFileSync(kubeconfig, stringify(doc), { mode: 0o600 });
    services = createServices({
      runtime: { name: 'SNATScope', version: 'test', mode: 'browser', platform: 'linux', arch: 'x64', versions: { node: process.versions.node } },
      settings: createSettingsStore({ files: memoryFileStore(), path: '/settings.json' }),
      env: { KUBECONFIG: kubeconfig },
      home: lab.runDir,
      watch: null,
      echoSource: ECHO_SOURCE,
      owner: { user: 'test', host: 'test-host', pid: process.pid },
      log: (line) => logs.push(line),
    });
    services.bus.listen((name, payload) => wire.push(JSON.stringify({ event: name, payload })));
  }, 600_000);

  afterAll(async () => {
    await services?.dispose();
    await lab?.stop();
  }, 120_000);

  it('a full session: contexts, overview, inspect, follow, a probe with its events, sweep', async () => {
    const dispatcher = createDispatcher(services.handlers, { onInternalError: (name, e) => logs.push(`${name}: ${(e as Error).stack}`) });
    const call = async <T>(name: string, params: unknown): Promise<T> => {
      wire.push(JSON.stringify({ request: name, params }));
      const env = await dispatcher.dispatch(name, params);
      wire.push(JSON.stringify(env));
      if (!env.ok) throw new Error(`${name}: ${env.error.message}`);
      return env.result as T;
    };
    await call('app.info', {});
    await call<Settings>('settings.get', {});
    const list = await call<{ contexts: { id: string; name: string }[] }>('contexts.list', {});
    const admin = list.contexts.find((c) => c.name === lab.users.find((u) => u.name === 'admin')!.context)!;
    const viewer = list.contexts.find((c) => c.name === lab.users.find((u) => u.name === 'viewer')!.context)!;
    expect((await call<{ ok: boolean }>('contexts.test', { id: admin.id })).ok).toBe(true);
    await call('contexts.test', { id: viewer.id });
    // The suggested LoadBalancer source range: this host's address toward the lab's nodes (its
    // outside address in the lab's routing), never loopback.
    expect((await call<{ desktopAddress?: string | null }>('cluster.overview', { contextId: admin.id })).desktopAddress).toBe('203.0.113.1');
    await call('inspect.service', { contextId: admin.id, namespace: 'default', name: 'frontend' });
    await call('inspect.follow', { contextId: admin.id, namespace: 'default', name: 'frontend' });
    // The app's prediction with a relay declared in the probe panel (the lab's public nginx in front
    // of node1:30080): its path joins the answers, and following again carries it into live updates.
    const relays = [{ name: 'public', address: '203.0.113.10', mode: 'l7', addsXForwardedFor: true, forwardsTo: { node: 'node1', port: 30080 } }];
    type Answers = { answers: { id: string; prediction: { origin: { kind: string }; paths: { observed: { address: string }; forwarded: { xForwardedFor: string | null } }[] } }[] };
    const withRelay = await call<Answers>('inspect.service', { contextId: admin.id, namespace: 'default', name: 'frontend', relays });
    const viaRelay = withRelay.answers.filter((a) => a.prediction.origin.kind === 'relay');
    expect(viaRelay.map((a) => a.id)).toEqual(['relay:public>nodePort:30080/TCP@node1']);
    // nginx opens its own connection to node1's NodePort: the pod sees the relay (or node1's SNAT), XFF names the client.
    expect(viaRelay[0]!.prediction.paths[0]!.forwarded.xForwardedFor).not.toBeNull();
    const relayUpdate = new Promise<Answers>((ok) => {
      const off = services.bus.listen((name, payload) => {
        const u = payload as { name: string; result: Answers | null };
        if (name === 'inspect.updated' && u.name === 'frontend' && u.result?.answers.some((a) => a.prediction.origin.kind === 'relay')) {
          off();
          ok(u.result);
        }
      });
    });
    await call('inspect.follow', { contextId: admin.id, namespace: 'default', name: 'frontend', relays });
    // Any change to the service makes the follower publish again (touched until it does: a change
    // made before its watch starts is in its first read, which it does not publish).
    let touches = 0;
    const toucher = setInterval(() => lab.objects.patch(resourceByPlural('services'), 'default', 'frontend', 'application/merge-patch+json', { metadata: { annotations: { 'snatscope.test/touched': String(++touches) } } }), 300);
    try {
      expect((await relayUpdate).answers.filter((a) => a.prediction.origin.kind === 'relay')).toHaveLength(1);
    } finally {
      clearInterval(toucher);
    }
    // A failing call too: errors must not carry credentials either.
    await call('inspect.service', { contextId: viewer.id, namespace: 'kube-system', name: 'nothing-here' }).catch((e: Error) => wire.push(e.message));
    const plan = await call<{ runId: string }>('probe.plan', { contextId: admin.id, target: { kind: 'service', namespace: 'default', name: 'frontend' }, repeat: 1, readyTimeoutSeconds: 60 });
    const finished = new Promise<{ session: unknown }>((ok) => {
      const off = services.bus.listen((name, payload) => {
        if (name === 'probe.finished' && (payload as { runId: string }).runId === plan.runId) {
          off();
          ok(payload as { session: unknown });
        }
      });
    });
    await call('probe.run', { runId: plan.runId });
    const { session } = await finished;
    expect(session).toBeTruthy();
    await call('inspect.unfollow', { contextId: admin.id, namespace: 'default', name: 'frontend' });
    await call('probe.sweep', { contextId: admin.id });

    const everything = [...wire, ...logs].join('\n');
    expect(wire.length).toBeGreaterThan(20);
    const secrets: [string, string][] = [
      ...lab.users.map((u) => [`token of ${u.name}`, u.token] as [string, string]),
      ['client key', clientKey],
      ['client key (base64)', Buffer.from(clientKey).toString('base64')],
      ['lab CA key', lab.secrets.caKeyPem],
      ['lab server key', lab.secrets.serverKeyPem],
    ];
    for (const [what, secret] of secrets) {
      // The key material itself (PEM body lines), not just the exact PEM text.
      const needles = secret.includes('-----') ? secret.split('\n').filter((l) => l.length > 40 && !l.startsWith('-----')) : [secret];
      for (const needle of needles) expect(everything.includes(needle), `${what} leaked`).toBe(false);
    }
    // Nor the kubeconfig's contents as a whole.
    expect(everything).not.toContain('client-key-data');
  }, 180_000);
});
