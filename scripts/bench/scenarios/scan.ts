// Scenario 2: the cluster-wide hazard scan on the 5,000-node lab. SNATScope: a fresh
// `snatscope scan --json`. Reference: `kubectl get svc,ingress -A -o json` and the kube-proxy
// ConfigMap, one after another.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { display, runSet, type Command, type SetResult } from '../lib/commands';
import { formatValue } from '../lib/report';
import { SCALE_SCENARIO, scaleLab } from '../lib/scale-lab';
import { stat } from '../lib/stats';
import type { BenchContext, Scenario, ScenarioReport } from '../lib/types';

interface Run {
  ours: SetResult;
  seq: SetResult | null;
}

export const scanScenario: Scenario = {
  id: '2',
  title: 'Cluster-wide hazard scan (same cluster)',
  async run(ctx: BenchContext): Promise<ScenarioReport> {
    const { lab, env } = await scaleLab(ctx);
    const ours: Command = { cmd: process.execPath, args: [ctx.app.cli, 'scan', '--json'], okCodes: [0, 1] };
    const k = ctx.kubectl;
    const kubectl: Command[] = k
      ? [
          { cmd: k, args: ['get', 'svc,ingress', '-A', '-o', 'json'] },
          { cmd: k, args: ['-n', 'kube-system', 'get', 'configmap', 'kube-proxy', '-o', 'json'] },
        ]
      : [];
    const oursOut = join(ctx.tmp, 'scan.json');
    const runs: Run[] = [];
    let hazards = 0;
    for (let i = 0; i <= ctx.runs; i++) {
      const doOurs = async () => {
        const r = await runSet(ctx, lab, env, [ours], 'sequential', [oursOut]);
        const out = JSON.parse(readFileSync(oursOut, 'utf8')) as { kind?: string; services?: number; hazards?: unknown[] };
        if (out.kind !== 'snatscope.scan' || out.services !== lab.counts().services) throw new Error(`snatscope scan did not scan every service (${out.services})`);
        hazards = out.hazards?.length ?? 0;
        return r;
      };
      const doSeq = () => (kubectl.length ? runSet(ctx, lab, env, kubectl, 'sequential') : Promise.resolve(null));
      // Alternate the order so slow drift of a shared machine does not favour one side.
      let run: Run;
      if (i % 2) {
        const o = await doOurs();
        run = { ours: o, seq: await doSeq() };
      } else {
        const s = await doSeq();
        run = { ours: await doOurs(), seq: s };
      }
      if (i > 0) runs.push(run);
      ctx.log(`  scan run ${i}${i ? '' : ' (warm-up)'}: snatscope ${formatValue(run.ours.wallMs, 'ms')} / ${Math.round(run.ours.peakRssMb ?? 0)} MB; kubectl ${run.seq ? formatValue(run.seq.wallMs, 'ms') : '—'}`);
    }
    const col = (f: (r: Run) => number | null | undefined) => stat(runs.map(f).filter((x): x is number => typeof x === 'number'));
    const hasRef = kubectl.length > 0;
    const first = runs[0]!;
    const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
    return {
      id: this.id,
      title: this.title,
      setup: [
        `Lab: \`${SCALE_SCENARIO}\` (the one of scenario 1); ${lab.counts().services} services, ${hazards} hazards found by the scan.`,
        `Requests per run: SNATScope ${first.ours.requests} (${mb(first.ours.bytes)}), kubectl ${first.seq?.requests ?? '—'} (${first.seq ? mb(first.seq.bytes) : '—'}).`,
      ],
      commands: [`KUBECONFIG=<lab kubeconfig> ${display({ ...ours, cmd: 'node', args: ours.args.map((a) => (a === ctx.app.cli ? 'out/main/cli.js' : a)) })}`, ...kubectl.map((c) => display(c))],
      rows: [
        { metric: 'wall, connect → hazards (vs kubectl one after another)', unit: 'ms', ours: col((r) => r.ours.wallMs), reference: hasRef ? col((r) => r.seq?.wallMs) : null, target: { of: 'ratio', max: 1.5 } },
        { metric: 'peak RSS (kubectl: largest process)', unit: 'MB', ours: col((r) => r.ours.peakRssMb), reference: hasRef ? col((r) => r.seq?.peakRssMb) : null },
        { metric: "lab's serving time for these requests", unit: 'ms', ours: col((r) => r.ours.serveMs), reference: hasRef ? col((r) => r.seq?.serveMs) : null },
      ],
      notes: hasRef ? [] : ['kubectl not found: no reference figures.'],
    };
  },
};
