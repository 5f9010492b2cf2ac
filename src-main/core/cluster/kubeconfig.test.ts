import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClusterError } from './cluster-error';
import { buildConnectionConfig } from './connection-config';
import { parseKubeconfig } from './kubeconfig-parse';
import { kubeconfigGroups } from './kubeconfig-sources';
import { loadGroup } from './kubeconfig-store';

const cfg = (o: { clusters?: string; users?: string; contexts?: string; current?: string }) => `apiVersion: v1
kind: Config
${o.current ? `current-context: ${o.current}\n` : ''}clusters:
${o.clusters ?? ''}
users:
${o.users ?? ''}
contexts:
${o.contexts ?? ''}
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'snatscope-kc-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('kubeconfig sources', () => {
  it('uses the KUBECONFIG list when set, else ~/.kube/config, plus added files as their own groups', () => {
    expect(kubeconfigGroups({}, '/home/u', [])).toEqual([{ kind: 'default', key: 'default:/home/u/.kube/config', files: ['/home/u/.kube/config'] }]);
    const g = kubeconfigGroups({ KUBECONFIG: '/a/one::/a/two:/a/one' }, '/home/u', ['/a/two', '/b/extra'], ':');
    expect(g.map((x) => [x.kind, x.files])).toEqual([
      ['env', ['/a/one', '/a/two']],
      ['added', ['/b/extra']],
    ]);
  });
});

describe('parseKubeconfig', () => {
  it('reports YAML errors with line and column', () => {
    const err = (() => {
      try {
        parseKubeconfig('/k', 'apiVersion: v1\nclusters:\n  - name: a\n   cluster: {server: x}\n');
      } catch (e) {
        return e as ClusterError;
      }
    })();
    expect(err).toBeInstanceOf(ClusterError);
    expect(err!.code).toBe('k8s.kubeconfig.invalid');
    expect(err!.params.line).toBe(4);
    expect(Number(err!.params.column)).toBeGreaterThan(0);
    expect(err!.localized?.['zh-CN']?.message).toContain('第 4 行');
  });

  it('skips entries without names, resolves relative paths against the file', () => {
    const p = parseKubeconfig(
      '/etc/kube/config',
      cfg({
        clusters: '- name: c\n  cluster: {server: "https://h", certificate-authority: ca.crt}\n- cluster: {server: "https://nameless"}',
        users: '- name: u\n  user: {client-certificate: certs/u.crt, client-key: /abs/u.key, exec: {command: ./bin/plugin}}\n- name: v\n  user: {exec: {command: aws}}',
        contexts: '- name: x\n  context: {cluster: c, user: u}',
      }),
    );
    expect(p.clusters.get('c')!['certificate-authority']).toBe('/etc/kube/ca.crt');
    expect(p.users.get('u')!['client-certificate']).toBe('/etc/kube/certs/u.crt');
    expect(p.users.get('u')!['client-key']).toBe('/abs/u.key');
    expect((p.users.get('u')!.exec as { command: string }).command).toBe('/etc/kube/bin/plugin');
    expect((p.users.get('v')!.exec as { command: string }).command).toBe('aws');
    expect(p.warnings).toEqual(['clusters[1] has no name; ignored']);
  });

  it('refuses huge files and alias bombs without hanging', () => {
    expect(() => parseKubeconfig('/k', 'a: ' + 'x'.repeat(9 * 1024 * 1024))).toThrow(/larger than/);
    const bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n';
    expect(() => parseKubeconfig('/k', bomb)).toThrow(ClusterError);
  });
});

describe('merging a KUBECONFIG list like kubectl', () => {
  it('keeps the first definition of duplicate names and the first current-context', async () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    await writeFile(a, cfg({ current: 'dev', clusters: '- name: shared\n  cluster: {server: "https://first:6443"}', users: '- name: me\n  user: {token: t1}', contexts: '- name: dev\n  context: {cluster: shared, user: me, namespace: web}' }));
    await writeFile(
      b,
      cfg({
        current: 'prod',
        clusters: '- name: shared\n  cluster: {server: "https://second:6443"}\n- name: p\n  cluster: {server: "https://prod:6443"}',
        users: '- name: me\n  user: {token: t2}',
        contexts: '- name: dev\n  context: {cluster: p, user: me}\n- name: prod\n  context: {cluster: shared, user: me}\n- name: broken\n  context: {cluster: nowhere, user: me}',
      }),
    );
    const [group] = kubeconfigGroups({ KUBECONFIG: `${a}:${b}:${join(dir, 'missing')}` }, '/home/u', [], ':');
    const loaded = await loadGroup(group!);
    expect(loaded.problems).toEqual([]);
    const byName = Object.fromEntries(loaded.contexts.map((c) => [c.name, c]));
    expect(Object.keys(byName).sort()).toEqual(['broken', 'dev', 'prod']);
    expect(byName.dev!.file).toBe(a);
    expect(byName.dev!.server).toBe('https://first:6443');
    expect(byName.dev!.namespace).toBe('web');
    expect(byName.dev!.isCurrent).toBe(true);
    // prod (from b) uses the cluster "shared" as defined first, in a.
    expect(byName.prod!.server).toBe('https://first:6443');
    expect(byName.broken!.problem?.code).toBe('k8s.context.cluster-missing');
    expect(byName.dev!.problem).toBeNull();
    // Ids are stable and distinct.
    const again = await loadGroup(group!);
    expect(again.contexts.map((c) => c.id)).toEqual(loaded.contexts.map((c) => c.id));
    expect(new Set(loaded.contexts.map((c) => c.id)).size).toBe(3);
    const conn = buildConnectionConfig(byName.prod!, loaded.merged);
    expect(conn.credentials.token).toBe('t1');
  });

  it('reports an added file that is missing or unparseable, per file', async () => {
    const bad = join(dir, 'bad');
    await writeFile(bad, 'clusters: [\n');
    const groups = kubeconfigGroups({}, dir, [join(dir, 'nope'), bad]);
    const loaded = await Promise.all(groups.map((g) => loadGroup(g)));
    expect(loaded[0]!.problems).toEqual([]); // default ~/.kube/config missing: simply no contexts
    expect(loaded[1]!.problems[0]!.error.code).toBe('k8s.kubeconfig.missing');
    expect(loaded[2]!.problems[0]!.error.code).toBe('k8s.kubeconfig.invalid');
  });
});

describe('per-context client configuration', () => {
  it('builds an exec plan per context with the login env before the declared env', async () => {
    const f = join(dir, 'c');
    await writeFile(
      f,
      cfg({
        clusters: '- name: c\n  cluster: {server: "https://h:6443/", insecure-skip-tls-verify: true, proxy-url: "http://proxy:3128"}',
        users: '- name: admin\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      interactiveMode: Never\n      command: my-plugin\n      args: [get-token]\n      env: [{name: REGION, value: eu}]',
        contexts: '- name: one\n  context: {cluster: c, user: admin}\n- name: two\n  context: {cluster: c, user: admin}',
      }),
    );
    const loaded = await loadGroup({ kind: 'added', key: `added:${f}`, files: [f] });
    const [one, two] = loaded.contexts;
    expect(one!.auth).toMatchObject({ kind: 'exec', execCommand: 'my-plugin', insecureSkipTlsVerify: true, proxyUrl: true });
    const c1 = buildConnectionConfig(one!, loaded.merged, { execEnv: { PATH: '/login/bin:/usr/bin' } });
    const c2 = buildConnectionConfig(two!, loaded.merged);
    // Each connection gets its own credential source (and so its own exec cache), built from its own plan.
    expect(c1.credentials).not.toBe(c2.credentials);
    expect(c1.server).toBe('https://h:6443');
    expect(c1.insecure).toBe(true);
    expect(c1.proxyUrl).toBe('http://proxy:3128');
    const env = c1.credentials.exec!.env;
    expect(env.find((e) => e.name === 'PATH')!.value).toBe('/login/bin:/usr/bin');
    expect(env.find((e) => e.name === 'REGION')!.value).toBe('eu');
    expect(env.findIndex((e) => e.name === 'PATH')).toBeLessThan(env.findIndex((e) => e.name === 'REGION'));
    expect(c1.credentials.exec).toMatchObject({ apiVersion: 'client.authentication.k8s.io/v1', interactiveMode: 'Never', command: 'my-plugin', args: ['get-token'] });
  });
});
