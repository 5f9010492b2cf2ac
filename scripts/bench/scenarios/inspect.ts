// Scenario 1: inspect one service on the 5,000-node lab. SNATScope: a fresh `snatscope inspect
// --json` process, connect → prediction printed. Reference: the kubectl commands that fetch the
// same facts (nodes, the service, its EndpointSlices by label, its pods by the service's
// selector), run one after another as an SRE would, and all at once. Two services: a ClusterIP
// one, and a LoadBalancer with externalTrafficPolicy: Local, whose NodePort answers have one path
// per node (the worst case for the prediction's size).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabHandle } from '../../../e2e/lab/index';
import { resourceByPlural } from '../../../e2e/lab/api/resources';
import { display, runSet, type Command, type SetResult } from '../lib/commands';
import { formatValue } from '../lib/report';
import { SCALE_SCENARIO, scaleLab } from '../lib/scale-lab';
import { stat } from '../lib/stats';
import type { BenchContext, Row, Scenario, ScenarioReport } from '../lib/types';

export const INSPECT_NAMESPACE = 'team-000';
/** svc-00000 is a ClusterIP service; every 100th synthetic service (…50, even hundreds) is a LoadBalancer with Local policy. */
export const INSPECT_SERVICES = ['svc-00000', 'svc-00050'];

interface Run {
  ours: SetResult;
  seq: SetResult | null;
  par: SetResult | null;
  outputBytes: number;
}

interface ServiceSpec {
  type?: string;
  externalTrafficPolicy?: string;
  selector?: Record<string, string>;
}

const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;

async function measureService(ctx: BenchContext, lab: LabHandle, env: NodeJS.ProcessEnv, name: string) {
  const spec = (lab.objects.get(resourceByPlural('services'), INSPECT_NAMESPACE, name) as { spec?: ServiceSpec }).spec ?? {};
  const selector = Object.entries(spec.selector ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const ref = `${INSPECT_NAMESPACE}/${name}`;
  const ours: Command = { cmd: process.execPath, args: [ctx.app.cli, 'inspect', ref, '--json'], okCodes: [0, 1] };
  const k = ctx.kubectl;
  const kubectl: Command[] = k
    ? [
        { cmd: k, args: ['get', 'nodes', '-o', 'json'] },
        { cmd: k, args: ['-n', INSPECT_NAMESPACE, 'get', 'service', name, '-o', 'json'] },
        { cmd: k, args: ['-n', INSPECT_NAMESPACE, 'get', 'endpointslices', '-l', `kubernetes.io/service-name=${name}`, '-o', 'json'] },
        { cmd: k, args: ['-n', INSPECT_NAMESPACE, 'get', 'pods', '-l', selector, '-o', 'json'] },
      ]
    : [];
  const oursOut = join(ctx.tmp, 'inspect.json');
  const runs: Run[] = [];
  // Run 0 warms the page cache and kubectl's discovery cache; it is not counted.
  for (let i = 0; i <= ctx.runs; i++) {
    const got: { ours?: SetResult; seq?: SetResult | null; par?: SetResult | null; outputBytes?: number } = {};
    const steps = {
      ours: async () => {
        got.ours = await runSet(ctx, lab, env, [ours], 'sequential', [oursOut]);
        const text = readFileSync(oursOut, 'utf8');
        got.outputBytes = Buffer.byteLength(text);
        const out = JSON.parse(text) as { kind?: string; answers?: unknown[]; inventory?: { nodes?: unknown[] } };
        if (out.kind !== 'snatscope.inspect' || !out.answers?.length || out.inventory?.nodes?.length !== lab.counts().nodes) throw new Error(`snatscope inspect ${ref} printed no prediction for the whole cluster`);
      },
      seq: async () => void (got.seq = kubectl.length ? await runSet(ctx, lab, env, kubectl, 'sequential') : null),
      par: async () => void (got.par = kubectl.length ? await runSet(ctx, lab, env, kubectl, 'parallel') : null),
    };
    // Alternate the order so slow drift of a shared machine does not favour one side.
    for (const step of i % 2 ? [steps.ours, steps.seq, steps.par] : [steps.par, steps.seq, steps.ours]) await step();
    const run: Run = { ours: got.ours!, seq: got.seq ?? null, par: got.par ?? null, outputBytes: got.outputBytes ?? 0 };
    if (i > 0) runs.push(run);
    ctx.log(
      `  inspect ${ref} run ${i}${i ? '' : ' (warm-up)'}: snatscope ${formatValue(run.ours.wallMs, 'ms')} / ${Math.round(run.ours.peakRssMb ?? 0)} MB; kubectl one by one ${run.seq ? formatValue(run.seq.wallMs, 'ms') : '—'}, parallel ${run.par ? formatValue(run.par.wallMs, 'ms') : '—'}`,
    );
  }
  const col = (f: (r: Run) => number | null | undefined) => stat(runs.map(f).filter((x): x is number => typeof x === 'number'));
  const hasRef = kubectl.length > 0;
  const short = `${spec.type}${spec.externalTrafficPolicy ? `/${spec.externalTrafficPolicy}` : ''}`;
  const rows: Row[] = [
    { metric: `${name} (${short}): wall, connect → prediction, vs kubectl one after another`, unit: 'ms', ours: col((r) => r.ours.wallMs), reference: hasRef ? col((r) => r.seq?.wallMs) : null, target: { of: 'ratio', max: 1.0 } },
    { metric: `${name}: wall vs the 4 kubectl commands in parallel`, unit: 'ms', ours: col((r) => r.ours.wallMs), reference: hasRef ? col((r) => r.par?.wallMs) : null, target: { of: 'ratio', max: 1.0 } },
    { metric: `${name}: peak RSS (kubectl: largest process)`, unit: 'MB', ours: col((r) => r.ours.peakRssMb), reference: hasRef ? col((r) => r.seq?.peakRssMb) : null, target: { of: 'value', max: 250 } },
    { metric: `${name}: peak RSS (kubectl parallel: sum)`, unit: 'MB', ours: col((r) => r.ours.peakRssMb), reference: hasRef ? col((r) => r.par?.peakRssMb) : null },
    { metric: `${name}: lab's serving time for these requests`, unit: 'ms', ours: col((r) => r.ours.serveMs), reference: hasRef ? col((r) => r.seq?.serveMs) : null },
  ];
  const first = runs[0]!;
  const setup = `${ref}: ${short}, selector ${selector}. Requests per run: SNATScope ${first.ours.requests} (${mb(first.ours.bytes)} read), kubectl ${first.seq?.requests ?? '—'} (${first.seq ? mb(first.seq.bytes) : '—'}); SNATScope printed ${mb(first.outputBytes)} of JSON.`;
  return { rows, setup, commands: [`KUBECONFIG=<lab kubeconfig> ${display({ ...ours, cmd: 'node', args: ours.args.map((a) => (a === ctx.app.cli ? 'out/main/cli.js' : a)) })}`, ...kubectl.map((c) => display(c))], rss: first.ours.rssSource };
}

export const inspectScenario: Scenario = {
  id: '1',
  title: 'Inspect one service (5,000 nodes, 150,000 pods, 10,000 services)',
  async run(ctx: BenchContext): Promise<ScenarioReport> {
    const { lab, env, startMs } = await scaleLab(ctx);
    const measured = [];
    for (const name of INSPECT_SERVICES) measured.push(await measureService(ctx, lab, env, name));
    // The fixed cost of a fresh CLI process, for reading the figures above.
    const version: Command = { cmd: process.execPath, args: [ctx.app.cli, '--version'] };
    const startup: number[] = [];
    for (let i = 0; i <= ctx.runs; i++) {
      const r = await runSet(ctx, lab, env, [version], 'sequential');
      if (i > 0) startup.push(r.wallMs);
    }
    const counts = lab.counts();
    return {
      id: this.id,
      title: this.title,
      setup: [
        `Lab: \`${SCALE_SCENARIO}\` (api-only, synthetic: ${counts.nodes} nodes, ${counts.pods} pods, ${counts.services} services), started in ${Math.round(startMs)} ms, in the bench process; the lab's serving time is its own work per request (X-Lab-Serve-Ms).`,
        `Both sides write stdout to a file; wall time is spawn → exit of each fresh process; peak RSS is ${measured[0]?.rss === 'rusage' ? "the kernel's ru_maxrss (GNU time)" : 'polled VmHWM'}.`,
        ...measured.map((m) => m.setup),
      ],
      commands: measured.flatMap((m) => m.commands),
      rows: [...measured.flatMap((m) => m.rows), { metric: 'process start-up alone (snatscope --version)', unit: 'ms', ours: stat(startup), note: 'fixed cost of every fresh process' }],
      notes: ctx.kubectl ? [] : ['kubectl not found: no reference figures.'],
    };
  },
};
