// Connection paths against real local servers (loopback only): http:// servers, OIDC refresh with
// a local issuer, SOCKS5 and HTTP CONNECT proxies (proxy-url and HTTPS_PROXY/NO_PROXY), proxy
// failures blamed on the proxy, a stalled body cut off by the deadline, exec plugins that hang,
// ask, or answer oddly, impersonation headers, and userinfo never shown.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContextsService } from './contexts-service';
import { contextsList } from './context-summary';
import { b64, closedPort, makeCa, makeServerCert, type Pem } from './test-support/tls-fixtures';
import { apiAnswer, connectProxy, fakeJwt, httpServer, oidcIssuer, socks5Proxy, tlsServer, type Listening } from './test-support/local-servers';

let dir: string;
let ca: Awaited<ReturnType<typeof makeCa>>;
let cert: Pem;
const closers: Listening[] = [];
/** Authorization and impersonation headers the TLS API server saw, per request. */
const seen: Record<string, string | string[] | undefined>[] = [];
let api: Listening;
let slowApi: Listening;
let plainApi: Listening;
let inflight = 0;
let maxInflight = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'snatscope-paths-'));
  ca = await makeCa('paths-ca');
  cert = await makeServerCert(ca, { ip: ['127.0.0.1', '::1'], dns: ['localhost', 'api.proxied.test'] });
  api = await tlsServer(cert, (req, res) => {
    seen.push({ authorization: req.headers.authorization, user: req.headers['impersonate-user'], uid: req.headers['impersonate-uid'], group: req.headers['impersonate-group'], extra: req.headers['impersonate-extra-scopes'] });
    const auth = req.headers.authorization ?? '';
    if (auth === '' || auth.startsWith('Bearer expired')) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ kind: 'Status', code: 401, message: 'Unauthorized' }));
    }
    if (req.url?.startsWith('/slow')) {
      inflight++;
      maxInflight = Math.max(maxInflight, inflight);
      setTimeout(() => {
        inflight--;
        apiAnswer(req, res);
      }, 150);
      return;
    }
    apiAnswer(req, res);
  });
  // Headers at once, then the body never ends.
  slowApi = await tlsServer(cert, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{"major":"1",');
  });
  plainApi = await httpServer((req, res) => {
    seen.push({ authorization: req.headers.authorization, plain: 'yes' });
    apiAnswer(req, res);
  });
  closers.push(api, slowApi, plainApi);
});

afterAll(async () => {
  await Promise.all(closers.map((c) => c.close()));
  await rm(dir, { recursive: true, force: true });
});

interface Ctx {
  name: string;
  server: string;
  cluster?: string;
  user?: string;
}

async function kubeconfig(contexts: Ctx[], users: string): Promise<string> {
  const file = join(dir, `kc-${Math.random().toString(16).slice(2)}.yaml`);
  await writeFile(
    file,
    `apiVersion: v1
kind: Config
clusters:
${contexts.map((c) => `- name: ${c.name}\n  cluster:\n    server: "${c.server}"\n    certificate-authority-data: ${b64(ca.cert)}\n${c.cluster ?? ''}`).join('')}
users:
${users}
contexts:
${contexts.map((c) => `- name: ${c.name}\n  context: {cluster: ${c.name}, user: ${c.user ?? 'token'}}\n`).join('')}`,
    { mode: 0o600 },
  );
  return file;
}

const TOKEN_USER = '- name: token\n  user: {token: good}\n';

async function service(file: string, extra: Partial<ConstructorParameters<typeof ContextsService>[0]> = {}) {
  const svc = new ContextsService({ env: {}, home: dir, addedFiles: async () => [file], testTimeoutMs: 2_000, execTimeoutMs: 3_000, proxyEnv: {}, ...extra });
  const snap = await svc.snapshot();
  const id = (name: string) => snap.contexts.find((c) => c.name === name)!.id;
  return { svc, snap, id };
}

async function plugin(name: string, script: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${script}\n`);
  await chmod(path, 0o755);
  return path;
}

describe('servers and proxies', () => {
  it('http:// server: connects, with its own agent, and sends no credentials (as kubectl)', async () => {
    const file = await kubeconfig([{ name: 'plain', server: plainApi.url }], TOKEN_USER);
    const { svc, id } = await service(file);
    seen.length = 0;
    expect(await svc.test(id('plain'))).toMatchObject({ ok: true, version: 'v1.31.0' });
    expect(seen.every((s) => s.plain === 'yes' && s.authorization === undefined)).toBe(true);
    svc.close();
  });

  it('SOCKS5 proxy-url: 40 parallel requests all complete over a pool of at most 16 connections', async () => {
    const socks = await socks5Proxy({ user: 'sock', pass: 's3cret' });
    closers.push(socks);
    const file = await kubeconfig([{ name: 's', server: api.url, cluster: `    proxy-url: "socks5://sock:s3cret@127.0.0.1:${socks.port}"\n` }], TOKEN_USER);
    const { svc, id } = await service(file);
    const conn = await svc.connect(id('s'));
    maxInflight = 0;
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => conn.client.request<{ gitVersion: string }>({ path: `/slow/version?i=${i}`, timeoutMs: 10_000 })));
    expect(results.every((r) => r.gitVersion === 'v1.31.0')).toBe(true);
    expect(maxInflight).toBeLessThanOrEqual(16);
    expect(socks.stats.tunnels).toBeLessThanOrEqual(16);
    // Three waves of 150 ms at most, far from any timeout.
    expect(Date.now() - started).toBeLessThan(5_000);
    svc.close();
  });

  it('HTTPS_PROXY is honoured through CONNECT; NO_PROXY and loopback rules like Go', async () => {
    const proxy = await connectProxy();
    closers.push(proxy);
    const file = await kubeconfig([{ name: 'p', server: api.url }], TOKEN_USER);
    // Loopback is never proxied (Go's httpproxy), so the request goes direct even with HTTPS_PROXY set.
    const direct = await service(file, { proxyEnv: { HTTPS_PROXY: proxy.url } });
    expect(await direct.svc.test(direct.id('p'))).toMatchObject({ ok: true });
    expect(proxy.stats.tunnels).toBe(0);
    direct.svc.close();
    // proxy-url in the kubeconfig is used even for loopback (kubectl does), and wins over the environment.
    const viaUrl = await kubeconfig([{ name: 'p', server: api.url, cluster: `    proxy-url: "${proxy.url}"\n` }], TOKEN_USER);
    const via = await service(viaUrl, { proxyEnv: { HTTPS_PROXY: 'http://127.0.0.1:1' } });
    expect(await via.svc.test(via.id('p'))).toMatchObject({ ok: true });
    expect(proxy.stats.tunnels).toBeGreaterThan(0);
    via.svc.close();
    // A name that is not loopback goes through HTTPS_PROXY: the proxy resolves it (to the local server), the client never does.
    const named = await connectProxy({ hosts: { 'api.proxied.test': '127.0.0.1' } });
    closers.push(named);
    const envFile = await kubeconfig([{ name: 'env', server: `https://api.proxied.test:${api.port}` }], TOKEN_USER);
    const env = await service(envFile, { proxyEnv: { HTTPS_PROXY: `127.0.0.1:${named.port}`, NO_PROXY: 'other.test,10.0.0.0/8' } });
    expect(await env.svc.test(env.id('env'))).toMatchObject({ ok: true, version: 'v1.31.0' });
    expect(named.stats.targets).toContain(`api.proxied.test:${api.port}`);
    env.svc.close();
  });

  it('proxy failures are blamed on the proxy: refused, 407, and a password never shown', async () => {
    const port = await closedPort();
    const authProxy = await connectProxy({ auth: 'u:right' });
    closers.push(authProxy);
    const file = await kubeconfig(
      [
        { name: 'refused', server: api.url, cluster: `    proxy-url: "http://user:hunter2@127.0.0.1:${port}"\n` },
        { name: 'auth', server: api.url, cluster: `    proxy-url: "http://u:wrong-pw@127.0.0.1:${authProxy.port}"\n` },
        { name: 'socks-refused', server: api.url, cluster: `    proxy-url: "socks5://127.0.0.1:${port}"\n` },
      ],
      TOKEN_USER,
    );
    const { svc, id } = await service(file);
    const refused = (await svc.test(id('refused'))).error!;
    expect(refused.code).toBe('k8s.net.proxy');
    expect(refused.message).toMatch(/proxy http:\/\/127\.0\.0\.1:\d+ failed: connection to the proxy was refused/);
    const auth = (await svc.test(id('auth'))).error!;
    expect(auth.code).toBe('k8s.net.proxy-auth');
    expect(auth.message).toMatch(/407/);
    expect((await svc.test(id('socks-refused'))).error!.code).toBe('k8s.net.proxy');
    const all = JSON.stringify([refused.toContract(), auth.toContract()]);
    expect(all).not.toContain('hunter2');
    expect(all).not.toContain('wrong-pw');
    svc.close();
  });

  it('a server that sends headers and then stalls the body is cut off by the deadline', async () => {
    const file = await kubeconfig([{ name: 'stall', server: slowApi.url }], TOKEN_USER);
    const { svc, id } = await service(file, { testTimeoutMs: 1_000 });
    const started = Date.now();
    const r = await svc.test(id('stall'));
    expect(r.error?.code).toBe('k8s.net.timeout');
    expect(Date.now() - started).toBeLessThan(2_000);
    svc.close();
  });

  it('a watch whose connection goes silent past its timeoutSeconds is ended with a timeout', async () => {
    const file = await kubeconfig([{ name: 'stall', server: slowApi.url }], TOKEN_USER);
    const { loadGroup } = await import('./kubeconfig-store');
    const { buildConnectionConfig } = await import('./connection-config');
    const { credentialSource } = await import('./credentials');
    const { createKubeClient } = await import('./kube-client');
    const group = await loadGroup({ kind: 'added', key: 'k', files: [file] });
    const config = buildConnectionConfig(group.contexts[0]!, group.merged, { proxyEnv: {} });
    const creds = credentialSource(config.credentials, { baseEnv: {}, cluster: config.execCluster, interaction: () => ({ kind: 'none', reason: 'test' }), execTimeoutMs: 1000, interactiveTimeoutMs: 1000, oidcTimeoutMs: 1000 });
    const client = createKubeClient(config, creds, { watchSlackMs: 200 });
    const started = Date.now();
    await expect(client.watch('/api/v1/pods', { timeoutSeconds: 1 }, () => undefined)).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    expect(Date.now() - started).toBeLessThan(3_000);
    client.close();
  });

  it('userinfo in the server URL is never listed; it is sent as basic auth like Go does', async () => {
    const file = await kubeconfig([{ name: 'ui', server: api.url.replace('https://', 'https://admin:pa55word@'), user: 'none' }], '- name: none\n  user: {}\n');
    const { svc, snap, id } = await service(file);
    expect(JSON.stringify(contextsList(snap))).not.toContain('pa55word');
    seen.length = 0;
    await svc.test(id('ui'));
    expect(seen[0]!.authorization).toBe(`Basic ${Buffer.from('admin:pa55word').toString('base64')}`);
    svc.close();
  });

  it('impersonation: as, as-uid, as-groups and as-user-extra become the Impersonate-* headers', async () => {
    const users = '- name: imp\n  user:\n    token: good\n    as: bob\n    as-uid: "1234"\n    as-groups: [devs, ops]\n    as-user-extra:\n      scopes: [read, write]\n';
    const file = await kubeconfig([{ name: 'imp', server: api.url, user: 'imp' }], users);
    const { svc, id } = await service(file);
    seen.length = 0;
    expect((await svc.test(id('imp'))).ok).toBe(true);
    expect(seen[0]).toMatchObject({ user: 'bob', uid: '1234', group: 'devs, ops', extra: 'read, write' });
    svc.close();
  });
});

describe('OIDC auth-provider', () => {
  it('an expired id-token is refreshed at the issuer and both tokens are written back to the defining file', async () => {
    const issuer = await oidcIssuer(cert, { refreshToken: 'rt-1', clientId: 'kube', clientSecret: 'shh', rotate: true });
    closers.push(issuer);
    const expired = fakeJwt(Math.floor(Date.now() / 1000) - 60);
    const users = `- name: oidc\n  user:\n    auth-provider:\n      name: oidc\n      config:\n        client-id: kube\n        client-secret: shh\n        id-token: ${expired}\n        refresh-token: rt-1\n        idp-issuer-url: ${issuer.url}\n        idp-certificate-authority-data: ${b64(ca.cert)}\n`;
    const file = await kubeconfig([{ name: 'o', server: api.url, user: 'oidc' }], `${users}# a comment kept\n`);
    const { svc, id } = await service(file);
    seen.length = 0;
    expect(await svc.test(id('o'))).toMatchObject({ ok: true });
    expect(issuer.calls).toBe(1);
    expect(seen[0]!.authorization).toBe(`Bearer ${issuer.issued[0]}`);
    const text = await readFile(file, 'utf8');
    expect(text).toContain(`id-token: ${issuer.issued[0]}`);
    expect(text).toContain('refresh-token: rt-1-next');
    expect(text).toContain('# a comment kept');
    svc.close();
  });

  it('a refresh the issuer refuses says to log in again', async () => {
    const issuer = await oidcIssuer(cert, { refreshToken: 'other', clientId: 'kube' });
    closers.push(issuer);
    const users = `- name: oidc\n  user:\n    auth-provider:\n      name: oidc\n      config: {client-id: kube, id-token: ${fakeJwt(1)}, refresh-token: stale, idp-issuer-url: "${issuer.url}", idp-certificate-authority-data: ${b64(ca.cert)}}\n`;
    const file = await kubeconfig([{ name: 'o', server: api.url, user: 'oidc' }], users);
    const { svc, id } = await service(file);
    const err = (await svc.test(id('o'))).error!;
    expect(err.code).toBe('k8s.auth.oidc');
    expect(err.message).toMatch(/invalid_grant.*log in again/);
    svc.close();
  });
});

describe('exec plugins', () => {
  const execUser = (name: string, command: string, extra = '', apiVersion = 'client.authentication.k8s.io/v1') =>
    `- name: ${name}\n  user:\n    exec:\n      apiVersion: ${apiVersion}\n      command: ${command}\n${extra.includes('interactiveMode') ? '' : '      interactiveMode: Never\n'}${extra}`;

  it('a hanging plugin times out, and never holds up the check of other contexts', async () => {
    const hang = await plugin('hang', 'sleep 30');
    const file = await kubeconfig(
      [
        { name: 'hang', server: api.url, user: 'hang' },
        { name: 'good', server: api.url },
      ],
      `${TOKEN_USER}${execUser('hang', hang)}`,
    );
    const { svc, id } = await service(file, { execTimeoutMs: 1_500 });
    const order: string[] = [];
    const started = Date.now();
    const results = await svc.testAll([id('hang'), id('good')], (cid) => order.push(cid === id('good') ? 'good' : 'hang'));
    expect(order).toEqual(['good', 'hang']);
    expect(results.get(id('hang'))!.error?.code).toBe('k8s.auth.exec-timeout');
    expect(results.get(id('good'))!.ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(svc.testBoundMs());
    svc.close();
  });

  it('interactiveMode Always without a terminal fails fast with the reason; IfAvailable runs non-interactively', async () => {
    const info = join(dir, 'exec-info.json');
    const ok = await plugin('ok-plugin', `echo "$KUBERNETES_EXEC_INFO" > ${info}\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"good"}}'`);
    const file = await kubeconfig(
      [
        { name: 'always', server: api.url, user: 'always' },
        { name: 'ifavail', server: api.url, user: 'ifavail' },
      ],
      `${execUser('always', ok, '      interactiveMode: Always\n')}${execUser('ifavail', ok, '      interactiveMode: IfAvailable\n      provideClusterInfo: true\n')}`,
    );
    const { svc, id } = await service(file, { interaction: () => ({ kind: 'none', reason: 'standard input is not a terminal' }) });
    const started = Date.now();
    const always = (await svc.test(id('always'))).error!;
    expect(always.code).toBe('k8s.auth.exec-needs-terminal');
    expect(always.message).toMatch(/standard input is not a terminal/);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect((await svc.test(id('ifavail'))).ok).toBe(true);
    const sent = JSON.parse(await readFile(info, 'utf8')) as { spec: { interactive: boolean; cluster?: { server: string; 'certificate-authority-data'?: string } } };
    expect(sent.spec.interactive).toBe(false);
    // provideClusterInfo: the cluster as the plugin needs it.
    expect(sent.spec.cluster?.server).toBe(api.url);
    expect(sent.spec.cluster?.['certificate-authority-data']).toBe(b64(ca.cert));
    svc.close();
  });

  it('in the app, an interactive plugin gets a prompt with its stderr live, and cancel ends it', async () => {
    const asking = await plugin('asking', 'echo "Open https://login.example/device and enter code ABCD-1234" >&2\nsleep 30');
    const file = await kubeconfig([{ name: 'ask', server: api.url, user: 'ask' }], execUser('ask', asking, '      interactiveMode: IfAvailable\n'));
    const events: string[] = [];
    const cancel = new AbortController();
    const { svc, id } = await service(file, {
      interaction: () => ({
        kind: 'prompt',
        onStart: ({ command }) => {
          events.push(`start ${command.split('/').pop()}`);
          return {
            signal: cancel.signal,
            onStderr: (text) => {
              events.push(`stderr ${text.trim()}`);
              cancel.abort();
            },
            done: () => events.push('done'),
          };
        },
      }),
    });
    const started = Date.now();
    const err = (await svc.test(id('ask'))).error!;
    expect(err.code).toBe('k8s.auth.exec-cancelled');
    expect(events).toEqual(['start asking', 'stderr Open https://login.example/device and enter code ABCD-1234', 'done']);
    expect(Date.now() - started).toBeLessThan(3_000);
    svc.close();
  });

  it('credentials without expirationTimestamp are cached for the session; concurrent requests share one run', async () => {
    const count = join(dir, 'count');
    await writeFile(count, '');
    const counting = await plugin('counting', `echo x >> ${count}\nsleep 0.2\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"good"}}'`);
    const file = await kubeconfig([{ name: 'c', server: api.url, user: 'c' }], execUser('c', counting));
    const { svc, id } = await service(file);
    // Callers that connect at the same time share one connection (and so one credential cache).
    const [conn, again] = await Promise.all([svc.connect(id('c')), svc.connect(id('c'))]);
    expect(again).toBe(conn);
    await Promise.all(Array.from({ length: 26 }, () => conn.client.request({ path: '/version' })));
    await conn.client.request({ path: '/api' });
    expect((await readFile(count, 'utf8')).trim().split('\n')).toHaveLength(1);
    svc.close();
  });

  it('a credential the server refuses (401) is fetched again once, however many requests were refused', async () => {
    const count = join(dir, 'count-401');
    await writeFile(count, '');
    // First run: a token the server refuses; later runs: a good one.
    const rotating = await plugin(
      'rotating',
      `n=$(wc -l < ${count}); echo x >> ${count}\nif [ "$n" -eq 0 ]; then t=expired-1; else t=good; fi\necho "{\\"apiVersion\\":\\"client.authentication.k8s.io/v1\\",\\"kind\\":\\"ExecCredential\\",\\"status\\":{\\"token\\":\\"$t\\"}}"`,
    );
    const file = await kubeconfig([{ name: 'r', server: api.url, user: 'r' }], execUser('r', rotating));
    const { svc, id } = await service(file);
    const conn = await svc.connect(id('r'));
    const results = await Promise.all(Array.from({ length: 26 }, () => conn.client.request<{ gitVersion: string }>({ path: '/version' })));
    expect(results.every((r) => r.gitVersion === 'v1.31.0')).toBe(true);
    // kubectl runs a plugin twice in this situation: once, and once more after the 401.
    expect((await readFile(count, 'utf8')).trim().split('\n')).toHaveLength(2);
    svc.close();
  });

  it('answers kubectl refuses, and messages that say what to do (installHint, no stdout echoed)', async () => {
    const noStatus = await plugin('no-status', `echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential"}'`);
    const wrongVersion = await plugin('wrong-version', `echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"good"}}'`);
    const secretJunk = await plugin('secret-junk', 'echo "SUPERSECRETTOKEN-not-json"');
    const file = await kubeconfig(
      [
        { name: 'no-status', server: api.url, user: 'no-status' },
        { name: 'wrong-version', server: api.url, user: 'wrong-version' },
        { name: 'junk', server: api.url, user: 'junk' },
        { name: 'missing', server: api.url, user: 'missing' },
        { name: 'no-mode', server: api.url, user: 'no-mode' },
      ],
      `${execUser('no-status', noStatus)}${execUser('wrong-version', wrongVersion)}${execUser('junk', secretJunk)}${execUser('missing', 'snatscope-no-such-plugin', '      installHint: "brew install snatscope-auth"\n')}- name: no-mode\n  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1, command: x}\n`,
    );
    const { svc, id } = await service(file);
    expect((await svc.test(id('no-status'))).error?.message).toMatch(/didn't return a status field/);
    expect((await svc.test(id('wrong-version'))).error?.message).toMatch(/configured to use API version client.authentication.k8s.io\/v1, plugin returned version client.authentication.k8s.io\/v1beta1/);
    const junk = (await svc.test(id('junk'))).error!;
    expect(junk.code).toBe('k8s.auth.exec-output');
    expect(JSON.stringify(junk.toContract())).not.toContain('SUPERSECRET');
    const missing = (await svc.test(id('missing'))).error!;
    expect(missing.code).toBe('k8s.auth.exec-missing');
    expect(missing.action).toBe('brew install snatscope-auth');
    expect((await svc.test(id('no-mode'))).error?.message).toMatch(/interactiveMode must be specified for no-mode/);
    svc.close();
  });
});

describe('kubectl conflicts and YAML 1.1', () => {
  it('refuses CA file + data and insecure + CA with kubectl words; reads yes as true and merge keys', async () => {
    const file = join(dir, 'conflicts.yaml');
    await writeFile(
      file,
      `apiVersion: v1
clusters:
- name: both
  cluster: {server: "${api.url}", certificate-authority: /etc/hostname, certificate-authority-data: ${b64(ca.cert)}}
- name: insecure-ca
  cluster: {server: "${api.url}", insecure-skip-tls-verify: true, certificate-authority-data: ${b64(ca.cert)}}
- name: yesbool
  cluster: &base {server: "${api.url}", insecure-skip-tls-verify: yes}
- name: merged
  cluster:
    <<: *base
users:
- name: token
  user: {token: good}
contexts:
- {name: both, context: {cluster: both, user: token}}
- {name: insecure-ca, context: {cluster: insecure-ca, user: token}}
- {name: yesbool, context: {cluster: yesbool, user: token}}
- {name: yes, context: {cluster: yesbool, user: token}}
- {name: merged, context: {cluster: merged, user: token}}
`,
    );
    const { svc, snap, id } = await service(file);
    // \`name: yes\` is the boolean true in YAML 1.1, not a name: skipped, with a warning on the file.
    expect(snap.contexts.map((c) => c.name).sort()).toEqual(['both', 'insecure-ca', 'merged', 'yesbool'].sort());
    expect(snap.problems.map((p) => p.error.code)).toEqual(['k8s.kubeconfig.warning']);
    expect((await svc.test(id('both'))).error?.message).toMatch(/certificate-authority-data and certificate-authority are both specified for both\. certificate-authority-data will override\./);
    expect((await svc.test(id('insecure-ca'))).error?.message).toMatch(/specifying a root certificates file with the insecure flag is not allowed/);
    expect(await svc.test(id('yesbool'))).toMatchObject({ ok: true });
    expect(await svc.test(id('merged'))).toMatchObject({ ok: true });
    expect(snap.contexts.find((c) => c.name === 'merged')!.auth.insecureSkipTlsVerify).toBe(true);
    svc.close();
  });
});
