// kubeconfig conformance: every generated case (cases.ts) is run through SNATScope's connection
// test and through upstream kubectl 1.32 (`version -o json`: `get --raw` ignores a server path
// prefix), and each outcome is reduced to the
// same coarse class. SNATScope must give the class the case states, within the bound that follows
// from the configured deadlines; kubectl must give the class the case states for it; and where
// the two differ the case carries the reason and docs/kubeconfig-conformance.md lists it.
// Loopback only: every server, proxy and issuer is local.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCases, type CaseSet } from './cases';
import { pool, runKubectl, runOurs, type KubectlResult, type OurResult } from './run';

const KUBECTL = process.env.SNATSCOPE_KUBECTL ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';
const haveKubectl = existsSync(KUBECTL);
if (!haveKubectl) console.log(`[conformance] kubectl comparison skipped: ${KUBECTL} not found (set SNATSCOPE_KUBECTL to a kubectl 1.32 binary)`);

// The deadlines SNATScope runs with here; each case's bound is derived from them.
const DEADLINES = { testTimeoutMs: 2_000, execTimeoutMs: 2_500, oidcTimeoutMs: 2_500 };
const CONCURRENCY = 8;
const DOC = resolve(import.meta.dirname, '../../../../docs/kubeconfig-conformance.md');

let dir: string;
let set: CaseSet;
const ours = new Map<string, OurResult>();
const theirs = new Map<string, KubectlResult>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'snatscope-conformance-'));
  set = await generateCases(join(dir, 'cases'));
  for (const s of set.skipped) console.log(`[conformance] case ${s.id} skipped: ${s.reason}`);
  await Promise.all([
    pool(set.cases, CONCURRENCY, async (c) => void ours.set(c.id, await runOurs(c, dir, DEADLINES))),
    haveKubectl ? pool(set.cases, CONCURRENCY, async (c) => void theirs.set(c.id, await runKubectl(KUBECTL, c, dir))) : Promise.resolve(),
  ]);
}, 120_000);

afterAll(async () => {
  await set?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('kubeconfig conformance with kubectl 1.32', () => {
  it('has cases of every kind', () => {
    expect(set.cases.length).toBeGreaterThanOrEqual(45);
    const kinds = new Set(set.cases.flatMap((c) => [c.kubectl, c.snatscope]));
    for (const k of ['ok', 'refused', 'timeout', 'tls-authority', 'tls-client-cert', 'unauthorized', 'forbidden', 'proxy', 'proxy-auth', 'exec-missing', 'oidc', 'config'] as const) expect(kinds.has(k), k).toBe(true);
  });

  it('SNATScope gives each case its stated outcome, within the bound from its deadlines', () => {
    const wrong = set.cases
      .map((c) => ({ c, r: ours.get(c.id)! }))
      .filter(({ c, r }) => r.outcome !== c.snatscope || r.ms > r.bound)
      .map(({ c, r }) => `${c.id}: expected ${c.snatscope}, got ${r.outcome} (${r.code ?? 'ok'}: ${r.message}) in ${r.ms} ms (bound ${r.bound} ms)`);
    expect(wrong).toEqual([]);
  });

  it.skipIf(!haveKubectl)('kubectl 1.32 gives each case the outcome the case states for it', () => {
    const wrong = set.cases
      .map((c) => ({ c, r: theirs.get(c.id)! }))
      .filter(({ c, r }) => r.outcome !== c.kubectl)
      .map(({ c, r }) => `${c.id}: kubectl expected ${c.kubectl}, got ${r.outcome} (${r.text})`);
    expect(wrong).toEqual([]);
  });

  it('every difference from kubectl has its reason, and the docs list it', async () => {
    const doc = await readFile(DOC, 'utf8');
    for (const c of set.cases) {
      if (c.kubectl === c.snatscope) continue;
      expect(c.difference, `${c.id} differs without a reason`).toBeTruthy();
      expect(doc, `${c.id} is not in docs/kubeconfig-conformance.md`).toContain(`\`${c.id}\``);
    }
  });

  it('no secret from a case reaches SNATScope messages (plugin stdout, URL and proxy passwords)', () => {
    const all = [...ours.values()].map((r) => r.message).join('\n');
    expect(all).not.toMatch(/SECRET-not-json|admin:pw|proxyuser:wrong|good-token/);
    expect(ours.get('password-in-url')!.outcome).toBe('ok');
  });
});
