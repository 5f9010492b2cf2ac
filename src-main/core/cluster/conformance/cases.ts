// The kubeconfig conformance cases: starts local servers on 127.0.0.1 and ::1 (TLS variants,
// mTLS, a path prefix, servers that hang, trickle, answer HTML, redirect, 401/403/429/500, an
// HTTP CONNECT and a SOCKS5 proxy, an OIDC issuer) and generates, per case, a kubeconfig file and
// whatever it needs (exec plugins, token files). Each case states the outcome class kubectl 1.32
// gives and the one SNATScope gives; where they differ, `difference` says why (and
// docs/kubeconfig-conformance.md lists it). Used by conformance.test.ts and by
// scripts/kubeconfig-conformance.ts (writes the files for running kubectl by hand).
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { b64, closedPort, makeCa, makeServerCert, silentServer, type Pem, type TestServer } from '../test-support/tls-fixtures';
import { apiAnswer, connectProxy, fakeJwt, httpServer, oidcIssuer, socks5Proxy, tlsServer, type Listening } from '../test-support/local-servers';

/** What happened, coarsely: the same words for both tools. */
export type Outcome =
  | 'ok'
  | 'refused'
  | 'timeout'
  | 'tls-authority'
  | 'tls-hostname'
  | 'tls-client-cert'
  | 'unauthorized'
  | 'forbidden'
  | 'rate-limited'
  | 'server-error'
  | 'not-api'
  | 'redirect'
  | 'proxy'
  | 'proxy-auth'
  | 'exec-missing'
  | 'exec-failed'
  | 'exec-output'
  | 'exec-timeout'
  | 'exec-needs-terminal'
  | 'oidc'
  | 'config'
  | 'hang'
  | 'other';

export interface ConformanceCase {
  id: string;
  title: string;
  /** The kubeconfig file for SNATScope, and a copy for kubectl (OIDC refreshes write to it). */
  file: string;
  kubectlFile: string;
  context: string;
  /** Environment for both (HTTPS_PROXY...). */
  env?: Record<string, string>;
  kubectl: Outcome;
  snatscope: Outcome;
  /** Why SNATScope deliberately differs from kubectl here. */
  difference?: string;
}

export interface CaseSet {
  cases: ConformanceCase[];
  skipped: { id: string; reason: string }[];
  close(): Promise<void>;
}

interface Cluster {
  server: string;
  ca?: string | null;
  extra?: string;
}

function yaml(cluster: Cluster, user: string, opts: { context?: string; top?: string; extraUsers?: string } = {}): string {
  const ctx = opts.context ?? 'case';
  const caLine = cluster.ca ? `    certificate-authority-data: ${b64(cluster.ca)}\n` : '';
  return `apiVersion: v1
kind: Config
${opts.top ?? ''}clusters:
- name: c
  cluster:
    server: "${cluster.server}"
${caLine}${cluster.extra ?? ''}users:
- name: u
  user:
${user}${opts.extraUsers ?? ''}contexts:
- name: ${ctx}
  context: {cluster: c, user: u}
current-context: ${ctx}
`;
}

const TOKEN = '    token: good-token\n';

/** The OIDC cases' id-tokens: accepted while their exp is in the future (no signature: a fake). */
function validJwt(auth: string): boolean {
  const part = auth.startsWith('Bearer ') ? auth.slice(7).split('.')[1] : undefined;
  if (!part) return false;
  try {
    const claims = JSON.parse(Buffer.from(part, 'base64url').toString()) as { exp?: number };
    return typeof claims.exp === 'number' && claims.exp * 1000 > Date.now();
  } catch {
    return false;
  }
}

export async function generateCases(dir: string): Promise<CaseSet> {
  await mkdir(dir, { recursive: true });
  const servers: (Listening | TestServer)[] = [];
  const skipped: CaseSet['skipped'] = [];
  const ca = await makeCa('conformance-ca');
  const clientCa = await makeCa('conformance-client-ca');
  const cert: Pem = await makeServerCert(ca, { ip: ['127.0.0.1', '::1'], dns: ['localhost', 'api.internal'] });
  const otherName = await makeServerCert(ca, { dns: ['api.elsewhere.example'] });
  const internalOnly = await makeServerCert(ca, { dns: ['api.internal'] });
  const client = await makeServerCert(clientCa, {}, { clientAuth: true, cn: 'alice' });

  // The API server fake: good-token (or a client certificate) is accepted; Impersonate-* checked on /api for "imp-token".
  const api = (req: Parameters<Parameters<typeof tlsServer>[1]>[0], res: Parameters<Parameters<typeof tlsServer>[1]>[1]) => {
    const auth = req.headers.authorization ?? '';
    const hasCert = Boolean((req.socket as unknown as { getPeerCertificate?: () => { subject?: unknown } }).getPeerCertificate?.()?.subject);
    if (auth === 'Bearer imp-token') {
      if (req.headers['impersonate-user'] !== 'bob' || req.headers['impersonate-group'] !== 'devs, ops' || req.headers['impersonate-uid'] !== '42') {
        res.writeHead(403, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message: 'impersonation headers missing' }));
      }
      return apiAnswer(req, res);
    }
    if (auth !== 'Bearer good-token' && auth !== `Basic ${b64('admin:pw')}` && !hasCert && !validJwt(auth)) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 }));
    }
    apiAnswer(req, res);
  };
  const main = await tlsServer(cert, api);
  let v6: Listening | null = null;
  try {
    v6 = await tlsServer(cert, api, '::1');
  } catch (e) {
    skipped.push({ id: 'ipv6', reason: `no ::1 here (${(e as Error).message})` });
  }
  const prefixed = await tlsServer(cert, (req, res) => {
    if (!req.url?.startsWith('/k8s/clusters/c1/')) {
      res.writeHead(404);
      return res.end('404 page not found');
    }
    req.url = req.url.slice('/k8s/clusters/c1'.length);
    api(req, res);
  });
  const wrongName = await tlsServer(otherName, api);
  const internal = await tlsServer(internalOnly, api);
  const mtls = await tlsServer({ ...cert, ca: clientCa.cert, requestCert: true }, api);
  const plain = await httpServer(apiAnswer);
  const silent = await silentServer();
  const trickle = await tlsServer(cert, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{"kind":"APIVersions",');
  });
  const html = await tlsServer(cert, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><html><body>Please sign in</body></html>');
  });
  const redirect = await tlsServer(cert, (req, res) => {
    if (req.url?.startsWith('/login')) {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      return res.end('<!doctype html><title>login</title>');
    }
    res.writeHead(302, { Location: `/login?next=${encodeURIComponent(req.url ?? '/')}` });
    res.end();
  });
  const status = (code: number, reason: string, message: string) =>
    tlsServer(cert, (_req, res) => {
      res.writeHead(code, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code }));
    });
  const forbidden = await status(403, 'Forbidden', 'forbidden: User "alice" cannot get path "/api"');
  const tooMany = await status(429, 'TooManyRequests', 'too many requests, please try again later');
  const broken = await status(500, 'InternalError', 'Internal error occurred: etcdserver: request timed out');
  const proxy = await connectProxy();
  const authProxy = await connectProxy({ auth: 'proxyuser:right' });
  const socks = await socks5Proxy();
  const issuer = await oidcIssuer(cert, { refreshToken: 'refresh-1', clientId: 'kubernetes' });
  const refusingIssuer = await oidcIssuer(cert, { refreshToken: 'other', clientId: 'kubernetes' });
  const closed = await closedPort();
  servers.push(main, prefixed, wrongName, internal, mtls, plain, silent, trickle, html, redirect, forbidden, tooMany, broken, proxy, authProxy, socks, issuer, refusingIssuer);
  if (v6) servers.push(v6);

  const plugin = async (name: string, script: string) => {
    const path = join(dir, 'bin', name);
    await mkdir(join(dir, 'bin'), { recursive: true });
    await writeFile(path, `#!/bin/sh\n${script}\n`);
    await chmod(path, 0o755);
    return path;
  };
  // A heredoc: sh's echo would turn the \n escapes of PEM data into real newlines.
  const cred = (v: string, status: object) => `cat <<'JSON'\n${JSON.stringify({ apiVersion: `client.authentication.k8s.io/${v}`, kind: 'ExecCredential', status })}\nJSON`;
  const execUser = (command: string, extra = '    interactiveMode: Never\n', v = 'v1') => `    exec:\n      apiVersion: client.authentication.k8s.io/${v}\n      command: ${command}\n${extra.replace(/^ {4}/gm, '      ')}`;
  const tokenFile = join(dir, 'token');
  await writeFile(tokenFile, 'good-token\n');
  const oidcUser = (idToken: string, refresh: string | null, url: string) =>
    `    auth-provider:\n      name: oidc\n      config:\n        client-id: kubernetes\n        id-token: ${idToken}\n${refresh ? `        refresh-token: ${refresh}\n` : ''}        idp-issuer-url: ${url}\n        idp-certificate-authority-data: ${b64(ca.cert)}\n`;
  const expired = fakeJwt(Math.floor(Date.now() / 1000) - 600);
  const m = { server: main.url, ca: ca.cert };

  const defs: (Omit<ConformanceCase, 'file' | 'kubectlFile' | 'context'> & { text: string })[] = [];
  const add = (id: string, title: string, text: string, kubectl: Outcome, snatscope: Outcome = kubectl, extra: { difference?: string; env?: Record<string, string> } = {}) =>
    defs.push({ id, title, text, kubectl, snatscope, ...extra });

  add('tls-ok', 'HTTPS with certificate-authority-data and a token', yaml(m, TOKEN), 'ok');
  if (v6) add('tls-ipv6', 'HTTPS on [::1]', yaml({ server: v6.url, ca: ca.cert }, TOKEN), 'ok');
  add('path-prefix', 'server URL with a path prefix (Rancher-style)', yaml({ server: `${prefixed.url}/k8s/clusters/c1`, ca: ca.cert }, TOKEN), 'ok');
  add('http-server', 'plain http:// server (kubectl proxy)', yaml({ server: plain.url }, TOKEN), 'ok');
  add('tls-unknown-ca', 'no CA for a private certificate', yaml({ server: main.url }, TOKEN), 'tls-authority');
  add('tls-wrong-name', 'certificate for another name', yaml({ server: wrongName.url, ca: ca.cert }, TOKEN), 'tls-hostname');
  add('tls-server-name', 'tls-server-name names what the certificate covers', yaml({ server: internal.url, ca: ca.cert, extra: '    tls-server-name: api.internal\n' }, TOKEN), 'ok');
  add('tls-insecure', 'insecure-skip-tls-verify: true without a CA', yaml({ server: main.url, extra: '    insecure-skip-tls-verify: true\n' }, TOKEN), 'ok');
  add('yaml11-yes', 'insecure-skip-tls-verify: yes (YAML 1.1 boolean)', yaml({ server: main.url, extra: '    insecure-skip-tls-verify: yes\n' }, TOKEN), 'ok');
  add(
    'yaml11-merge-key',
    'merge key <<: *anchor',
    `apiVersion: v1\nkind: Config\nclusters:\n- name: base\n  cluster: &base {server: "${main.url}", certificate-authority-data: ${b64(ca.cert)}}\n- name: c\n  cluster:\n    <<: *base\nusers:\n- name: u\n  user: {token: good-token}\ncontexts:\n- name: case\n  context: {cluster: c, user: u}\ncurrent-context: case\n`,
    'ok',
  );
  add('mtls-ok', 'server requires a client certificate; the user has one', yaml({ server: mtls.url, ca: ca.cert }, `    client-certificate-data: ${b64(client.cert)}\n    client-key-data: ${b64(client.key)}\n`), 'ok');
  add('mtls-missing', 'server requires a client certificate; the user has only a token', yaml({ server: mtls.url, ca: ca.cert }, TOKEN), 'tls-client-cert');
  add('token-file', 'tokenFile relative to the kubeconfig', yaml(m, '    tokenFile: token\n'), 'ok');
  add('password-in-url', 'user:password in the server URL (never shown)', yaml({ server: main.url.replace('https://', 'https://admin:pw@'), ca: ca.cert }, TOKEN), 'ok');
  add('no-credentials', 'a user without any credentials', yaml(m, '    {}\n'), 'other', 'unauthorized', {
    difference: 'kubectl asks for a user name and password on the terminal ("Please enter Username:") and fails without one; SNATScope never prompts for basic auth: it connects anonymously and reports the 401.',
  });
  add('impersonation', 'as, as-uid, as-groups', yaml(m, '    token: imp-token\n    as: bob\n    as-uid: "42"\n    as-groups: [devs, ops]\n'), 'ok');
  add('refused', 'nothing listens on the port', yaml({ server: `https://127.0.0.1:${closed}`, ca: ca.cert }, TOKEN), 'refused');
  add('silent', 'a server that accepts and never answers', yaml({ server: silent.url, ca: ca.cert }, TOKEN), 'timeout');
  add('trickle', 'headers, then the body stalls', yaml({ server: trickle.url, ca: ca.cert }, TOKEN), 'timeout');
  add('html', 'a web page instead of the API (200 text/html)', yaml({ server: html.url, ca: ca.cert }, TOKEN), 'not-api');
  add('redirect', 'a login portal that redirects (302)', yaml({ server: redirect.url, ca: ca.cert }, TOKEN), 'not-api', 'redirect', {
    difference: 'kubectl follows the redirect and then fails on the HTML page; SNATScope does not follow it and names the Location, which says what is wrong with the server URL.',
  });
  add('401', 'credentials refused', yaml(m, '    token: expired-token\n'), 'unauthorized');
  add('403', 'forbidden', yaml({ server: forbidden.url, ca: ca.cert }, TOKEN), 'forbidden');
  add('429', 'rate limited', yaml({ server: tooMany.url, ca: ca.cert }, TOKEN), 'rate-limited');
  add('500', 'server error', yaml({ server: broken.url, ca: ca.cert }, TOKEN), 'server-error');
  add('proxy-connect', 'proxy-url http:// (CONNECT)', yaml({ ...m, extra: `    proxy-url: ${proxy.url}\n` }, TOKEN), 'ok');
  add('proxy-socks5', 'proxy-url socks5://', yaml({ ...m, extra: `    proxy-url: socks5://127.0.0.1:${socks.port}\n` }, TOKEN), 'ok');
  add('proxy-407', 'proxy wants other credentials (407)', yaml({ ...m, extra: `    proxy-url: http://proxyuser:wrong@127.0.0.1:${authProxy.port}\n` }, TOKEN), 'proxy-auth');
  const blameProxy = { difference: 'kubectl reports a proxy that refuses the connection as "The connection to the server <proxy> was refused", which reads like the API server is down; SNATScope says the proxy failed (issue 16 §11).' };
  add('proxy-refused', 'proxy not running', yaml({ ...m, extra: `    proxy-url: http://127.0.0.1:${closed}\n` }, TOKEN), 'refused', 'proxy', blameProxy);
  add('socks-refused', 'SOCKS5 proxy not running', yaml({ ...m, extra: `    proxy-url: socks5://127.0.0.1:${closed}\n` }, TOKEN), 'refused', 'proxy', blameProxy);
  add('env-proxy-loopback', 'HTTPS_PROXY set: loopback servers are not proxied (Go rule)', yaml(m, TOKEN), 'ok', 'ok', { env: { HTTPS_PROXY: `http://127.0.0.1:${closed}` } });
  add('oidc-valid', 'OIDC with a valid id-token', yaml(m, oidcUser(fakeJwt(Math.floor(Date.now() / 1000) + 3600), 'refresh-1', issuer.url)), 'ok');
  add('oidc-refresh', 'OIDC: expired id-token, refresh at the issuer', yaml(m, oidcUser(expired, 'refresh-1', issuer.url)), 'ok');
  add('oidc-refresh-refused', 'OIDC: the issuer refuses the refresh-token', yaml(m, oidcUser(expired, 'stale', refusingIssuer.url)), 'oidc');
  add('oidc-no-refresh', 'OIDC: expired id-token, no refresh-token', yaml(m, oidcUser(expired, null, issuer.url)), 'oidc');
  add('exec-v1', 'exec plugin, v1', yaml(m, execUser(await plugin('v1', cred('v1', { token: 'good-token' })))), 'ok');
  add('exec-v1beta1', 'exec plugin, v1beta1 (interactiveMode defaults to IfAvailable)', yaml(m, execUser(await plugin('v1beta1', cred('v1beta1', { token: 'good-token' })), '', 'v1beta1')), 'ok');
  add('exec-cert', 'exec plugin returning a client certificate', yaml({ server: mtls.url, ca: ca.cert }, execUser(await plugin('cert', cred('v1', { clientCertificateData: client.cert, clientKeyData: client.key })))), 'ok');
  add(
    'exec-cluster-info',
    'provideClusterInfo: the plugin needs spec.cluster.server',
    yaml(m, execUser(await plugin('clusterinfo', `echo "$KUBERNETES_EXEC_INFO" | grep -q '"server":"${main.url}"' || { echo "no cluster info" >&2; exit 1; }\n${cred('v1', { token: 'good-token' })}`), '    interactiveMode: Never\n    provideClusterInfo: true\n')),
    'ok',
  );
  add('exec-env', 'declared env reaches the plugin', yaml(m, execUser(await plugin('envcheck', `[ "$SNATSCOPE_CASE" = "yes-please" ] || exit 1\n${cred('v1', { token: 'good-token' })}`), '    interactiveMode: Never\n    env:\n    - {name: SNATSCOPE_CASE, value: yes-please}\n')), 'ok');
  add('exec-ifavailable-no-tty', 'interactiveMode: IfAvailable without a terminal runs non-interactively', yaml(m, execUser(await plugin('ifavailable', `echo "$KUBERNETES_EXEC_INFO" | grep -q '"interactive":false' || exit 1\n${cred('v1', { token: 'good-token' })}`), '    interactiveMode: IfAvailable\n')), 'ok');
  add('exec-missing', 'exec command not on PATH, with installHint', yaml(m, execUser('snatscope-no-such-plugin', '    interactiveMode: Never\n    installHint: install it from example.test\n')), 'exec-missing');
  add('exec-fails', 'exec plugin exits 1', yaml(m, execUser(await plugin('fails', 'echo "you must log in first" >&2; exit 1'))), 'exec-failed');
  add('exec-no-status', 'exec plugin answer without status', yaml(m, execUser(await plugin('nostatus', `echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential"}'`))), 'exec-output');
  add('exec-version-mismatch', 'exec plugin answers v1beta1 to a v1 request', yaml(m, execUser(await plugin('mismatch', cred('v1beta1', { token: 'good-token' })))), 'exec-output');
  add('exec-not-json', 'exec plugin prints something that is not JSON', yaml(m, execUser(await plugin('notjson', 'echo SECRET-not-json'))), 'exec-output');
  add('exec-hang', 'exec plugin that never answers', yaml(m, execUser(await plugin('hang', 'sleep 60'))), 'hang', 'exec-timeout', {
    difference: 'kubectl waits for the plugin without limit (its --request-timeout covers only the HTTP request); SNATScope gives a plugin a deadline and says so.',
  });
  add('exec-always-no-tty', 'interactiveMode: Always without a terminal', yaml(m, execUser(await plugin('always', cred('v1', { token: 'good-token' })), '    interactiveMode: Always\n')), 'exec-needs-terminal');
  add('exec-no-mode', 'v1 exec without interactiveMode', yaml(m, execUser(await plugin('nomode', cred('v1', { token: 'good-token' })), '')), 'config');
  add('http-exec-no-mode', 'http:// server, a v1 exec section without interactiveMode', yaml({ server: plain.url }, execUser('x', '')), 'config');
  add('exec-v1alpha1', 'exec apiVersion v1alpha1 (removed)', yaml(m, execUser('x', '    interactiveMode: Never\n', 'v1alpha1')), 'config');
  add('conflict-ca-file-data', 'certificate-authority and certificate-authority-data both set', yaml({ ...m, extra: '    certificate-authority: /etc/hostname\n' }, TOKEN), 'config');
  add('conflict-insecure-ca', 'insecure-skip-tls-verify with a CA', yaml({ ...m, extra: '    insecure-skip-tls-verify: true\n' }, TOKEN), 'config');
  add('conflict-cert-file-data', 'client-certificate and client-certificate-data both set', yaml(m, `    client-certificate: /etc/hostname\n    client-certificate-data: ${b64(client.cert)}\n    client-key-data: ${b64(client.key)}\n`), 'config');
  add(
    'duplicate-name',
    'a user defined twice in one file',
    yaml(m, TOKEN, { extraUsers: '- name: u\n  user: {token: other}\n' }),
    'config',
  );
  add('numeric-name', 'another entry with a numeric name', yaml(m, TOKEN, { extraUsers: '- name: 123\n  user: {token: other}\n' }), 'config', 'ok', {
    difference: 'kubectl refuses the whole file ("cannot unmarshal number into ... name of type string"); SNATScope skips that entry, shows a warning on the file and keeps the other contexts usable.',
  });

  const cases: ConformanceCase[] = [];
  for (const d of defs) {
    const file = join(dir, `${d.id}.yaml`);
    const kubectlFile = join(dir, `${d.id}.kubectl.yaml`);
    await writeFile(file, d.text, { mode: 0o600 });
    await writeFile(kubectlFile, d.text, { mode: 0o600 });
    const { text: _t, ...rest } = d;
    cases.push({ ...rest, file, kubectlFile, context: 'case' });
  }
  return {
    cases,
    skipped,
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
