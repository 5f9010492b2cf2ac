// The hostile kubeconfig corpus (issue 10 §2): every *.yaml file beside this test goes through
// parseKubeconfig, loadGroup, ContextsService (snapshot, contract-validated summaries, test())
// and buildConnectionConfig. Each must give a ClusterError with a code and a message, or a
// correct result; nothing else may be thrown, nothing may hang, no shell may run. Files use two
// placeholders, filled in a temp copy: __SERVER__ (https://127.0.0.1:<closed port>) and
// __MARKER__ (a directory that must stay empty: any file there means a shell ran).
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../test-support/tls-fixtures';
import { runCase, type CaseOutcome } from './harness';

const HERE = import.meta.dirname;

interface Ctx {
  /** Problem listContexts reports (null: usable as far as the file goes). */
  problem?: string | null;
  /** buildConnectionConfig: 'ok' or the ClusterError code. */
  build?: string;
  /** ContextsService.test(): the error code; 'skip' where test() must not run (could reach something). */
  test?: string;
}

interface Expectation {
  /** parseKubeconfig: 'ok' or the ClusterError code. */
  parse: string;
  /** Problem codes loadGroup reports for the file (as a file the user added). */
  fileProblems?: string[];
  /** The exact set of context names listed, with what each gives. */
  contexts?: Record<string, Ctx>;
  warnings?: number;
  check?: (o: CaseOutcome) => void;
}

const INVALID = 'k8s.kubeconfig.invalid';
const EMPTY = 'k8s.kubeconfig.empty';
const WARNING = 'k8s.kubeconfig.warning';
const REFUSED: Ctx = { problem: null, build: 'ok', test: 'k8s.net.refused' };
const EXEC_MISSING: Ctx = { problem: null, build: 'ok', test: 'k8s.auth.exec-missing' };
const EXEC_CONFIG: Ctx = { problem: null, build: 'k8s.auth.exec-config', test: 'k8s.auth.exec-config' };
const problem = (code: string): Ctx => ({ problem: code, build: code, test: code });
const problemAtBuild = (code: string): Ctx => ({ problem: null, build: code, test: code });

const cases: Record<string, Expectation> = {
  '01-tab-indent.yaml': { parse: INVALID, fileProblems: [INVALID], check: (o) => expect(failure(o).params).toMatchObject({ line: 4, column: 1 }) },
  '02-unclosed-flow.yaml': { parse: INVALID, fileProblems: [INVALID] },
  '03-unclosed-quote.yaml': { parse: INVALID, fileProblems: [INVALID], check: (o) => expect(failure(o).message).toMatch(/quote/) },
  '04-undefined-alias.yaml': { parse: INVALID, fileProblems: [INVALID], check: (o) => expect(failure(o).message).toMatch(/alias/i) },
  '05-top-level-list.yaml': { parse: INVALID, fileProblems: [INVALID], check: (o) => expect(failure(o).message).toMatch(/not a mapping/) },
  '06-top-level-scalar.yaml': { parse: INVALID, fileProblems: [INVALID] },
  '07-empty.yaml': { parse: 'ok', fileProblems: [EMPTY], contexts: {}, warnings: 0 },
  '08-only-comments.yaml': { parse: 'ok', fileProblems: [EMPTY], contexts: {}, warnings: 0 },
  // Entries kubectl would refuse the file for are skipped, and the file shows a warning problem (never silently).
  '09-missing-names.yaml': { parse: 'ok', fileProblems: [WARNING, EMPTY], contexts: {}, warnings: 5 },
  '10-wrong-types-top.yaml': { parse: 'ok', fileProblems: [WARNING, EMPTY], contexts: {}, warnings: 3, check: (o) => expect(parsed(o).currentContext).toBeNull() },
  '11-wrong-types-entries.yaml': { parse: 'ok', fileProblems: [WARNING], warnings: 5, contexts: { ctx: problem('k8s.context.cluster-missing'), ok: problem('k8s.context.no-server') } },
  '12-numbers-for-strings.yaml': {
    parse: 'ok',
    fileProblems: [WARNING],
    warnings: 2,
    contexts: { numbers: problem('k8s.context.no-server'), 'numeric-refs': problem('k8s.context.cluster-missing') },
    check: (o) => {
      const numbers = ctx(o, 'numbers').entry;
      expect(numbers.namespace).toBeNull();
      // A numeric token is not a token.
      expect(numbers.auth.kind).toBe('none');
    },
  },
  '13-bool-and-null-fields.yaml': {
    parse: 'ok',
    contexts: { flags: REFUSED },
    check: (o) => expect(ctx(o, 'flags').entry.auth).toMatchObject({ kind: 'none', insecureSkipTlsVerify: false, proxyUrl: false }),
  },
  '14-current-context-nowhere.yaml': {
    parse: 'ok',
    contexts: { real: REFUSED },
    check: (o) => {
      expect(parsed(o).currentContext).toBe('ghost');
      expect(o.list.contexts.some((c) => c.isCurrent)).toBe(false);
    },
  },
  '15-dangling-references.yaml': {
    parse: 'ok',
    contexts: {
      'no-cluster': problem('k8s.context.cluster-missing'),
      'no-user': problem('k8s.context.user-missing'),
      'no-server': problem('k8s.context.no-server'),
      'empty-context': problem('k8s.context.cluster-missing'),
    },
  },
  '16-alias-bomb.yaml': { parse: INVALID, fileProblems: [INVALID], check: (o) => expect(failure(o).message).toMatch(/alias/i) },
  '17-merge-key-bomb.yaml': { parse: INVALID, fileProblems: [INVALID] },
  '18-multi-document.yaml': { parse: INVALID, fileProblems: [INVALID], check: (o) => expect(failure(o).params.line).toBe(3) },
  '19-yaml-tags.yaml': { parse: 'ok', fileProblems: [WARNING], warnings: 2, contexts: { tagged: problem('k8s.context.user-missing') }, check: (o) => expect(parsed(o).currentContext).toBeNull() },
  '20-unknown-tags.yaml': { parse: 'ok', contexts: { tags: REFUSED } },
  '21-exec-subshell.yaml': { parse: 'ok', contexts: { subshell: EXEC_MISSING, 'subshell-bare': EXEC_MISSING } },
  '22-exec-backticks.yaml': { parse: 'ok', contexts: { backticks: EXEC_MISSING } },
  '23-exec-semicolon.yaml': { parse: 'ok', contexts: { semicolon: EXEC_MISSING, 'and-and': EXEC_MISSING } },
  '24-exec-pipe.yaml': { parse: 'ok', contexts: { pipe: EXEC_MISSING, redirect: EXEC_MISSING } },
  '25-exec-args-metachar.yaml': {
    parse: 'ok',
    contexts: { args: { problem: null, build: 'ok', test: 'k8s.auth.exec-output' } },
    // `true` ran with the arguments verbatim and printed nothing: not an ExecCredential.
    check: (o) => expect(ctx(o, 'args').test?.message).toMatch(/"true" gave an unusable answer: .*ExecCredential JSON/),
  },
  // kubectl refuses these exec sections (no apiVersion, no command): refused before anything runs.
  '26-exec-wrong-types.yaml': { parse: 'ok', contexts: { 'numeric-command': EXEC_CONFIG, 'no-command': EXEC_CONFIG, 'list-command': EXEC_CONFIG } },
  '27-auth-provider-shell.yaml': {
    parse: 'ok',
    // gcp/azure (removed from kubectl in 1.26; client-node runs them through a shell) are flagged
    // and never run; what matters is that no marker file appeared.
    contexts: { gcp: problem('k8s.auth.provider-removed'), 'gcp-path': problem('k8s.auth.provider-removed'), azure: problem('k8s.auth.provider-removed'), 'exec-provider': REFUSED },
    check: (o) => expect(ctx(o, 'gcp').entry.auth).toMatchObject({ kind: 'auth-provider', authProvider: 'gcp' }),
  },
  '28-ca-file-url-missing.yaml': {
    parse: 'ok',
    contexts: { 'file-url': { problem: null, build: 'ok' }, 'absolute-missing': { problem: null, build: 'ok' } },
    check: (o) => {
      // Fails before any connection, naming the file that cannot be read.
      expect(ctx(o, 'file-url').test?.message).toMatch(/file:\/nonexistent\/snatscope-ca\.crt.*ENOENT/);
      expect(ctx(o, 'absolute-missing').test?.message).toMatch(/\/nonexistent\/snatscope-ca\.crt.*ENOENT/);
      for (const name of ['file-url', 'absolute-missing']) expect(ctx(o, name).test?.code).toBe('k8s.context.file-unreadable');
    },
  },
  '29-ca-is-directory.yaml': {
    parse: 'ok',
    contexts: { 'ca-dir': { problem: null, build: 'ok' } },
    check: (o) => {
      expect(ctx(o, 'ca-dir').test?.code).toBe('k8s.context.file-unreadable');
      expect(ctx(o, 'ca-dir').test?.message).toContain('EISDIR');
    },
  },
  '30-garbage-tls-material.yaml': {
    parse: 'ok',
    // The TLS material is checked before any connection, so each is named for what it is.
    contexts: { 'garbage-ca': { problem: null, build: 'ok', test: 'k8s.tls.other' }, 'garbage-cert': { problem: null, build: 'ok', test: 'k8s.tls.client-cert' } },
    check: (o) => {
      expect(ctx(o, 'garbage-ca').test?.message).toContain('certificate-authority data cannot be used');
      expect(ctx(o, 'garbage-cert').test?.message).toMatch(/client certificate or key for user "garbage-cert" cannot be used/);
    },
  },
  '31-missing-credential-files.yaml': {
    parse: 'ok',
    contexts: {
      'token-file': { problem: null, build: 'k8s.context.file-unreadable', test: 'k8s.context.file-unreadable' },
      'cert-files': { problem: null, build: 'ok', test: 'k8s.context.file-unreadable' },
      'null-byte-path': { problem: null, build: 'k8s.context.file-unreadable', test: 'k8s.context.file-unreadable' },
    },
    check: (o) => {
      expect(ctx(o, 'token-file').test?.message).toMatch(/no-such-token.*ENOENT/);
      expect(ctx(o, 'cert-files').test?.message).toMatch(/no-such\.crt.*ENOENT/);
    },
  },
  '32-unicode-rtl-names.yaml': {
    parse: 'ok',
    contexts: { 'prod-\u202Egnp.exe': REFUSED, '🚀\uFEFF上下文': REFUSED },
    check: (o) => {
      const c = o.list.contexts.find((x) => x.name === 'prod-\u202Egnp.exe')!;
      expect(c).toMatchObject({ isCurrent: true, cluster: '集群-\u200D-\u05E9\u05DC\u05D5\u05DD', user: 'u\u0301\u0301\u0301', namespace: 'ns-\u202Etset' });
      expect(new Set(o.list.contexts.map((x) => x.id)).size).toBe(2);
    },
  },
  '33-html-names.yaml': {
    parse: 'ok',
    contexts: { '<svg/onload=alert(document.domain)>': REFUSED, "{{ constructor.constructor('alert(1)')() }}": REFUSED },
    check: (o) => {
      const c = o.list.contexts.find((x) => x.name === '<svg/onload=alert(document.domain)>')!;
      expect(c).toMatchObject({ cluster: '<img src=x onerror=alert(1)>', user: "<script>alert('u')</script>", namespace: '"><iframe src=javascript:alert(1)>' });
    },
  },
  '34-duplicate-names.yaml': {
    parse: 'k8s.kubeconfig.duplicate-name',
    fileProblems: ['k8s.kubeconfig.duplicate-name'],
    contexts: {},
    check: (o) => expect(o.loaded.problems[0]!.error.message).toMatch(/defines cluster "c" more than once/),
  },
  '35-duplicate-keys.yaml': {
    parse: 'ok',
    // Later keys win (as in kubectl's JSON decoding): the server is https://second.invalid, so test() must not run.
    contexts: { two: { problem: null, build: 'ok', test: 'skip' } },
    check: (o) => {
      expect(parsed(o).currentContext).toBe('two');
      expect(ctx(o, 'two').entry.server).toBe('https://second.invalid');
    },
  },
  '36-null-bytes.yaml': {
    parse: 'ok',
    contexts: { 'ctx\0one': { problem: null, build: 'ok' }, 'ctx\0two': { problem: null, build: 'ok' } },
    check: (o) => {
      expect(ctx(o, 'ctx\0one').entry).toMatchObject({ clusterName: 'nul\0byte', userName: 'u\0', namespace: 'ns\0' });
      expect(ctx(o, 'ctx\0one').entry.id).not.toBe(ctx(o, 'ctx\0two').entry.id);
      // A NUL in the token cannot go into an HTTP header: a clear error before anything is sent.
      expect(ctx(o, 'ctx\0one').test?.message).toMatch(/header/i);
    },
  },
  '37-proto-pollution.yaml': {
    parse: 'ok',
    // A computed key: a literal `__proto__:` would set the prototype instead.
    contexts: { ['__proto__']: REFUSED, constructor: problem('k8s.context.no-server'), valueOf: REFUSED },
    check: (o) => {
      const proto = ctx(o, '__proto__').entry;
      expect(proto).toMatchObject({ isCurrent: true, clusterName: '__proto__', userName: '__proto__' });
      // Keys named __proto__ inside an entry are data, never a prototype to inherit from.
      expect(proto.auth).toMatchObject({ kind: 'none', insecureSkipTlsVerify: false });
      expect(ctx(o, 'valueOf').entry.namespace).toBeNull();
    },
  },
  '38-bom-crlf.yaml': { parse: 'ok', contexts: { crlf: REFUSED } },
  '39-invalid-utf8.yaml': { parse: 'ok', contexts: { 'bad-\uFFFD(-utf8': REFUSED } },
  '40-hostile-urls.yaml': {
    parse: 'ok',
    contexts: {
      // Listed with the problem, and refused before any connection.
      'not-a-url': problem('k8s.context.bad-server'),
      'empty-host': problem('k8s.context.bad-server'),
      'bad-ipv6': problem('k8s.context.bad-server'),
      'bad-proxy': problemAtBuild('k8s.net.proxy'),
      // These two would reach localhost:80 if anything let them through; flagged, test() stops at once.
      javascript: problem('k8s.context.bad-server'),
      file: problem('k8s.context.bad-server'),
    },
    check: (o) => expect(ctx(o, 'bad-proxy').test?.message).toMatch(/is not a valid URL/),
  },
  '41-secret-values.yaml': {
    parse: 'ok',
    contexts: { secrets: { problem: null, build: 'ok' } },
    check: (o) => {
      const exposed = JSON.stringify(o.list) + JSON.stringify([...o.contexts.values()].map((c) => c.test));
      for (const secret of ['SECRET-CA-DATA-1f3a', 'SECRET-TOKEN-9c2e', 'SECRET-KEY-DATA-77ab', 'SECRET-PASSWORD-0d0d']) expect(exposed).not.toContain(secret);
    },
  },
  // Read as YAML 1.1, like kubectl: `no` is false (not a name) and 0o17 is the string "0o17".
  '42-weird-scalars.yaml': { parse: 'ok', fileProblems: [WARNING], warnings: 3, contexts: { '0o17': REFUSED }, check: (o) => expect(ctx(o, '0o17').entry.auth.kind).toBe('none') },
};

let tmp: string;
let markers: string;
let server: string;
const protoKeysBefore = Object.getOwnPropertyNames(Object.prototype).sort();

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'snatscope-hostile-'));
  markers = join(tmp, 'markers');
  await mkdir(markers);
  await mkdir(join(tmp, 'home'));
  await mkdir(join(tmp, 'corpus'));
  server = `https://127.0.0.1:${await closedPort()}`;
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

afterEach(async () => {
  // Nothing ran a shell, nothing polluted a prototype. Markers are cleared first so one
  // failure does not fail every later case too.
  const found = await readdir(markers);
  await rm(markers, { recursive: true, force: true });
  await mkdir(markers);
  expect(found).toEqual([]);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeysBefore);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

/** Copies a corpus file into the temp dir with the placeholders filled, byte for byte otherwise. */
async function materialize(name: string): Promise<string> {
  const raw = (await readFile(join(HERE, name))).toString('latin1');
  const file = join(tmp, 'corpus', name);
  await writeFile(file, Buffer.from(raw.replaceAll('__SERVER__', server).replaceAll('__MARKER__', markers), 'latin1'));
  return file;
}

function parsed(o: CaseOutcome) {
  if (!o.parse.ok) throw new Error(`expected the file to parse, got ${o.parse.code}`);
  return o.parse.value;
}

function failure(o: CaseOutcome) {
  if (o.parse.ok) throw new Error('expected a parse error');
  return o.parse.error;
}

function ctx(o: CaseOutcome, name: string) {
  const c = o.contexts.get(name);
  if (!c) throw new Error(`no context ${JSON.stringify(name)}; have ${JSON.stringify([...o.contexts.keys()])}`);
  return c;
}

describe('hostile kubeconfig corpus', () => {
  it('has at least 30 files, each with an expectation', async () => {
    const files = (await readdir(HERE)).filter((f) => f.endsWith('.yaml')).sort();
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(files).toEqual(Object.keys(cases).sort());
  });

  for (const [name, want] of Object.entries(cases)) {
    it(name, { timeout: 15_000 }, async () => {
      const o = await runCase(await materialize(name), { closedServer: server, home: join(tmp, 'home') });

      expect(o.parse.ok ? 'ok' : o.parse.code).toBe(want.parse);
      for (const p of o.loaded.problems) {
        expect(p.error.code).toMatch(/^k8s\./);
        expect(p.error.message.length).toBeGreaterThan(10);
        expect(p.error.action).toBeTruthy();
      }
      if (want.fileProblems) expect(o.loaded.problems.map((p) => p.error.code)).toEqual(want.fileProblems);
      // The renderer-facing list agrees with the store, problems included.
      expect(o.list.problems.map((p) => p.error.code)).toEqual(o.loaded.problems.map((p) => p.error.code));
      if (want.warnings !== undefined) expect(parsed(o).warnings).toHaveLength(want.warnings);

      if (want.contexts) {
        expect([...o.contexts.keys()].sort()).toEqual(Object.keys(want.contexts).sort());
        for (const [cname, c] of Object.entries(want.contexts)) {
          const got = ctx(o, cname);
          if (c.problem !== undefined) expect(got.entry.problem?.code ?? null, `${cname} problem`).toBe(c.problem);
          if (c.build !== undefined) expect(got.build.ok ? 'ok' : got.build.code, `${cname} build`).toBe(c.build);
          if (c.test === 'skip') expect(got.test, `${cname} must not be tested`).toBeNull();
          else if (c.test !== undefined) expect(got.test?.code, `${cname} test`).toBe(c.test);
        }
      }
      for (const c of o.contexts.values()) {
        if (c.test && !c.test.ok) expect(c.test.message?.length ?? 0, `${c.entry.name}: a message`).toBeGreaterThan(10);
        if (!c.build.ok) expect(c.build.error.action).toBeTruthy();
      }
      want.check?.(o);
    });
  }
});
