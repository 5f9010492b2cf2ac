// Property tests for the kubeconfig loader: arbitrary text, YAML-ish token soup, arbitrary JSON
// and kubeconfig-shaped objects with hostile values all go through parse, merge, list,
// connection building and the contract-validated summaries. Allowed outcomes: a result or a
// ClusterError with a code and a message. No network and no processes: test() is not called.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ContextsList } from '../../../contract/contexts';
import { ClusterError } from '../cluster-error';
import { buildConnectionConfig } from '../connection-config';
import { contextsList } from '../context-summary';
import { ContextsService } from '../contexts-service';
import { listContexts, mergeGroup } from '../kubeconfig-merge';
import { parseKubeconfig } from '../kubeconfig-parse';

const FILE = '/virtual/kube/config';
const GROUP = { kind: 'added' as const, key: `added:${FILE}`, files: [FILE] };
const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();

function expectClusterError(e: unknown): asserts e is ClusterError {
  expect(e).toBeInstanceOf(ClusterError);
  const err = e as ClusterError;
  expect(err.code).toMatch(/^k8s\.[a-z-]+\.[a-z-]+$/);
  expect(err.message.length).toBeGreaterThan(10);
}

/** The synchronous pipeline; returns how many contexts it listed. */
function throughLoader(text: string): number {
  let parsed;
  try {
    parsed = parseKubeconfig(FILE, text);
  } catch (e) {
    expectClusterError(e);
    return 0;
  }
  const merged = mergeGroup(GROUP, [parsed]);
  const contexts = listContexts(merged);
  for (const entry of contexts) {
    try {
      const config = buildConnectionConfig(entry, merged);
      expect(config.server).toMatch(/^https?:\/\//i);
    } catch (e) {
      expectClusterError(e);
    }
  }
  ContextsList.parse(contextsList({ contexts, problems: [], files: [FILE], currentContext: null }));
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys);
  return contexts.length;
}

async function throughService(text: string): Promise<void> {
  const service = new ContextsService({ env: {}, home: '/virtual/home-without-kubeconfig', addedFiles: async () => [FILE], read: async () => text });
  try {
    const snapshot = await service.snapshot();
    ContextsList.parse(contextsList(snapshot));
    for (const p of snapshot.problems) expectClusterError(p.error);
  } finally {
    service.close();
  }
}

// Pieces YAML parsers trip over: indicators, anchors/aliases, tags, directives, block scalars,
// flow brackets, quotes, escapes, tabs, odd line ends, and kubeconfig keys so structure appears.
const yamlToken = fc.constantFrom(
  ...['\n', '\n  ', '\n- ', ' ', '\t', '\r\n', ': ', '- ', '? ', ',', '[', ']', '{', '}', '"', "'", '\\', '\\0', '\\u202e', '#', '&a ', '*a', '&b ', '*b', '<<: ', '!!binary ', '!!set ', '!!omap ', '!!str ', '!foo ', '!<tag:x> ', '%YAML 1.1\n---\n', '%TAG ! tag:x:\n', '---\n', '...\n', '|\n', '>-\n', '~', 'null', 'true', '0x1F', '.inf', '1e999', '"\\x00"'],
  ...['apiVersion', 'clusters', 'users', 'contexts', 'current-context', 'name', 'cluster', 'user', 'context', 'server', 'exec', 'command', 'args', 'env', 'token', 'auth-provider', 'certificate-authority', '__proto__', 'constructor', 'prototype', 'https://127.0.0.1:1', 'file:///etc/passwd', '$(id)', '`id`', '<img src=x>', '\u202e', '\uFEFF'],
);
const yamlSoup = fc.array(fc.oneof(yamlToken, fc.string({ maxLength: 8 })), { maxLength: 120 }).map((parts) => parts.join(''));

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('', '__proto__', 'constructor', 'prototype', 'toString', '\0', '$(touch /tmp/x)', '`id`', '; id', '| id', '<script>alert(1)</script>', '\u202Eexe.txt', 'file:///nonexistent', 'https://127.0.0.1:1', 'javascript:alert(1)', 'localhost:6443', 'x'.repeat(5000)),
);
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom('__proto__', 'server', 'token', 'exec', 'command')), tie('value'), { maxKeys: 5 }),
  ),
})).value;
const named = (body: string) =>
  fc.record({ name: fc.oneof(hostileString, fc.constantFrom('a', 'b', '__proto__')), [body]: fc.oneof(hostileValue, fc.dictionary(fc.constantFrom('server', 'certificate-authority', 'proxy-url', 'token', 'token-file', 'exec', 'auth-provider', 'cluster', 'user', 'namespace', '__proto__', 'insecure-skip-tls-verify'), hostileValue)) }, { requiredKeys: [] });
const kubeconfigShaped = fc
  .tuple(
    fc.record(
      {
        apiVersion: hostileValue,
        'current-context': fc.oneof(hostileString, hostileValue),
        clusters: fc.oneof(fc.array(named('cluster'), { maxLength: 4 }), hostileValue),
        users: fc.oneof(fc.array(named('user'), { maxLength: 4 }), hostileValue),
        contexts: fc.oneof(fc.array(named('context'), { maxLength: 4 }), hostileValue),
      },
      { requiredKeys: [] },
    ),
    fc.option(hostileValue),
  )
  // An own "__proto__" key (a plain assignment would set the prototype instead).
  .map(([doc, proto]) => (proto === null ? doc : Object.defineProperty({ ...doc }, '__proto__', { value: proto, enumerable: true, writable: true, configurable: true })));

const RUNS = { numRuns: 300, interruptAfterTimeLimit: 20_000 };

describe('kubeconfig loader properties', () => {
  it('arbitrary text: a result or a ClusterError', { timeout: 40_000 }, () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => void throughLoader(text)), RUNS);
  });

  it('YAML-ish token soup: a result or a ClusterError', { timeout: 40_000 }, () => {
    fc.assert(fc.property(yamlSoup, (text) => void throughLoader(text)), RUNS);
  });

  it('arbitrary JSON documents (JSON is YAML): a result or a ClusterError', { timeout: 40_000 }, () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => void throughLoader(JSON.stringify(value))), RUNS);
  });

  it('kubeconfig-shaped objects with hostile values, as JSON and as YAML', { timeout: 40_000 }, () => {
    let listed = 0;
    fc.assert(
      fc.property(kubeconfigShaped, (doc) => {
        listed += throughLoader(JSON.stringify(doc));
        listed += throughLoader(stringify(doc, { aliasDuplicateObjects: false }));
      }),
      RUNS,
    );
    // The generator reaches the interesting part (contexts listed), not only the error paths.
    expect(listed).toBeGreaterThan(0);
  });

  it('the service snapshot holds up too (async path, injected reader)', { timeout: 40_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(yamlSoup, kubeconfigShaped.map((d) => stringify(d, { aliasDuplicateObjects: false }))), (text) => throughService(text)),
      { numRuns: 150, interruptAfterTimeLimit: 20_000 },
    );
  });
});
