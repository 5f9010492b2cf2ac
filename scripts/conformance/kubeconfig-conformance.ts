// Generates the kubeconfig conformance cases (local servers, kubeconfig files, exec plugins),
// runs each through SNATScope and kubectl 1.32, and prints the comparison as a Markdown table
// (the one in docs/kubeconfig-conformance.md). `--keep DIR` writes the cases to DIR and leaves
// the servers running until Ctrl-C, to try kubectl by hand. Loopback only.
//   npx tsx scripts/conformance/kubeconfig-conformance.ts [--kubectl PATH] [--keep DIR]
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCases } from '../../src-main/core/cluster/conformance/cases';
import { pool, runKubectl, runOurs } from '../../src-main/core/cluster/conformance/run';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const kubectl = opt('--kubectl') ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';
const keep = opt('--keep');

const dir = keep ?? (await mkdtemp(join(tmpdir(), 'snatscope-conformance-')));
const set = await generateCases(join(dir, 'cases'));
if (keep) {
  console.log(`Cases in ${join(dir, 'cases')}; e.g.\n  ${kubectl} --kubeconfig ${set.cases[0]!.kubectlFile} version\nCtrl-C stops the servers.`);
  process.on('SIGINT', () => void set.close().then(() => process.exit(0)));
} else {
  const rows: string[] = [];
  const have = existsSync(kubectl);
  const results = new Map<string, string[]>();
  await pool(set.cases, 8, async (c) => {
    const [ours, theirs] = await Promise.all([runOurs(c, dir, { testTimeoutMs: 2_000, execTimeoutMs: 2_500, oidcTimeoutMs: 2_500 }), have ? runKubectl(kubectl, c, dir) : null]);
    results.set(c.id, [`\`${c.id}\``, c.title, theirs ? theirs.outcome : '(no kubectl)', ours.outcome, `${ours.ms} ms ≤ ${ours.bound} ms`, theirs && theirs.outcome !== ours.outcome ? 'differs, see below' : '']);
  });
  for (const c of set.cases) rows.push(`| ${results.get(c.id)!.join(' | ')} |`);
  console.log('| case | situation | kubectl 1.32 | SNATScope | SNATScope time (bound) | |\n|---|---|---|---|---|---|');
  console.log(rows.join('\n'));
  for (const s of set.skipped) console.log(`\nskipped ${s.id}: ${s.reason}`);
  await set.close();
  await rm(dir, { recursive: true, force: true });
}
