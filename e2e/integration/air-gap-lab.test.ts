// Locked-down and air-gapped clusters on the seed lab's real data plane: the ClusterRole that
// `--print-rbac` prints is exactly enough for a full probe (a user holding only those rules
// probes, cleans up and leaves nothing), and no verb in it is spare (a user missing any one of
// them is told by the preflight which one, and nothing is created); `--image-registry` makes
// every probe pod pull from the mirror (path and tag kept), and a mirror that cannot serve the
// image ends in the image-pull error, cleaned up. Needs root (netns) and the built CLI.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rulesFor } from '../../src-main/core/probe/rbac-manifest';
import { DEFAULT_IMAGE } from '../../src-main/core/probe/plan';
import type { Session } from '../../src-main/core/probe/session-types';
import { resourceByPlural } from '../lab/api/resources';
import type { ScenarioInput } from '../lab/scenario/schema';
import { startTestLab, type TestLab } from '../lab/test-support';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'out/main/cli.js');
const isRoot = process.getuid?.() === 0;
if (!isRoot) console.log('[air-gap-lab] skipped: the lab data plane needs root (network namespaces, iptables)');
if (!existsSync(CLI)) console.log('[air-gap-lab] skipped: build the CLI first (npm run build)');

const rules = rulesFor('probe');
// Every (rule, verb) of the printed ClusterRole, each removed once.
const removals = rules.flatMap((r, i) => r.verbs.map((verb) => ({ rule: i, verb, text: `${verb} ${r.resources[0]}` })));

let lab: TestLab;

function cli(args: string[], user: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const context = lab.users.find((u) => u.name === user)!.context;
  return new Promise((done) => {
    const c = spawn(process.execPath, [CLI, '--context', context, ...args], { env: { ...process.env, KUBECONFIG: lab.kubeconfigPath, SNATSCOPE_LANG: 'en' } });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    c.on('exit', (status) => done({ status, stdout, stderr }));
  });
}

function leftovers(): string[] {
  return lab.objects
    .list(resourceByPlural('namespaces'), undefined)
    .items()
    .map((ns) => (ns as { metadata: { name: string } }).metadata.name)
    .filter((n) => n.startsWith('snatscope-'));
}

describe.skipIf(!isRoot || !existsSync(CLI))('--print-rbac and --image-registry on the seed lab', () => {
  beforeAll(async () => {
    const scenario = parse(readFileSync(join(ROOT, 'e2e/lab/scenarios/seed.yaml'), 'utf8')) as ScenarioInput & { users: NonNullable<ScenarioInput['users']> };
    // The printed ClusterRole, bound cluster-wide, is what these lab users hold (the lab's users
    // carry RBAC rules directly: verbs × apiGroups × resources, no namespaces = cluster-wide).
    scenario.users.push({ name: 'prober', rules });
    removals.forEach((r, i) =>
      scenario.users.push({ name: `minus${i}`, rules: rules.map((rule, j) => (j === r.rule ? { ...rule, verbs: rule.verbs.filter((v) => v !== r.verb) } : rule)).filter((rule) => rule.verbs.length) }),
    );
    lab = await startTestLab({ scenario });
    await lab.settle();
  }, 300_000);

  afterAll(async () => {
    await lab?.stop();
  }, 120_000);

  it('the printed ClusterRole is the preflight list: its YAML holds exactly these rules', async () => {
    const printed = await cli(['probe', '--print-rbac'], 'admin');
    expect(printed.status).toBe(0);
    const [role, binding] = printed.stdout.split('\n---\n').map((d) => parse(d) as { kind: string; rules?: unknown; roleRef?: { name: string } });
    expect(role).toMatchObject({ kind: 'ClusterRole', rules });
    expect(binding).toMatchObject({ kind: 'ClusterRoleBinding', roleRef: { name: 'snatscope-probe' } });
  });

  it('with any one verb removed, the preflight names exactly that permission and nothing is created', async () => {
    for (const [i, r] of removals.entries()) {
      const dry = await cli(['probe', 'default/frontend', '--dry-run'], `minus${i}`);
      expect(dry.status, `${r.text}: ${dry.stderr}`).toBe(2);
      // The preflight's list, or (for the node list the plan itself is built from) the API's
      // refusal of that very request: either way the one missing permission is named.
      const refused = /may not (\S+) ([^\s.]+)\S* (?:in namespace \S+ )?\(403 Forbidden\)/.exec(dry.stderr);
      const missing = /# permissions: MISSING (.*)/.exec(dry.stderr)?.[1] ?? (refused ? `${refused[1]} ${refused[2]}` : undefined);
      expect(missing, `${r.text}: ${dry.stderr}`).toBe(r.text);
    }
    const all = await cli(['probe', 'default/frontend', '--dry-run'], 'prober');
    expect(all.status, all.stderr).toBe(0);
    expect(all.stderr).toContain('# permissions: all granted');
    expect(leftovers()).toEqual([]);
  }, 120_000);

  it('a user holding only those rules runs the full probe through a mirror registry; the plan pods use the mirrored image; nothing is left', async () => {
    const run = await cli(['probe', 'default/frontend', '--image-registry', 'mirror.lab.example:5000/hub', '--timeout', '60', '--json'], 'prober');
    const session = JSON.parse(run.stdout) as Session;
    expect(session.status, run.stderr).toBe('completed');
    expect(run.status).toBe(1); // SNAT under the seed's Cluster policy
    // The mirror keeps the image's path and its digest pin (docs/security.md), so a mirror
    // cannot hand back a different image under the same tag.
    const mirrored = `mirror.lab.example:5000/hub/library/node:22-alpine@${DEFAULT_IMAGE.split('@')[1]}`;
    expect(session.plan.image).toBe(mirrored);
    // The plan's echo pods; client pods are built later from the same plan image.
    const images = [...session.plan.yaml.matchAll(/image: (\S+)/g)].map((m) => m[1]);
    expect(images.length).toBeGreaterThanOrEqual(1);
    expect(session.paths.filter((p) => p.origin.kind === 'pod' && p.result === 'ok').length).toBeGreaterThan(0);
    expect(new Set(images)).toEqual(new Set([mirrored]));
    expect(session.paths.some((p) => p.observed.verdict === 'snat')).toBe(true);
    expect(session.cleanup.outcome).toBe('deleted');
    expect(leftovers()).toEqual([]);
  }, 180_000);

  it('a mirror that cannot serve the image: the image-pull error names the rewritten image, and the namespace is removed', async () => {
    const run = await cli(['probe', 'default/frontend', '--from', 'desktop', '--image-registry', 'registry.invalid', '--timeout', '20', '-q'], 'admin');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('registry.invalid/library/node:22-alpine');
    expect(leftovers()).toEqual([]);
  }, 120_000);
});
