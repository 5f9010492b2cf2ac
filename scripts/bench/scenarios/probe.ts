// Scenario 4: the probe matrix on a netns lab of 30 nodes (real network namespaces, kube-proxy's
// rules applied by the kernel). A fresh `snatscope probe --client-cap N --echo-nodes one` process;
// its progress lines (stderr) give the moments: echo Ready, every client pod started, matrix
// complete, cleanup done. Needs root; one lab data plane per host (it waits for another to end).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLab, type LabHandle } from '../../../e2e/lab/index';
import { resourceByPlural } from '../../../e2e/lab/api/resources';
import { runMeasured, type ProcessResult } from '../lib/measure';
import { ProbeProgressTracker, type ProbeMoments } from '../lib/probe-progress';
import { probeLabScenario } from '../lib/probe-lab-scenario';
import { labStateDir } from '../lib/scale-lab';
import { formatValue } from '../lib/report';
import { stat } from '../lib/stats';
import type { BenchContext, Scenario, ScenarioReport } from '../lib/types';

export const DEFAULT_PROBE_NODES = 30;

interface Run {
  result: ProcessResult;
  serveMs: number;
  requests: number;
  moments: ProbeMoments;
  cells: number;
  answered: number;
}

function netnsOf(prefix: string): string[] {
  try {
    return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.split(' ')[0]!)
      .filter((n) => n.startsWith(prefix));
  } catch {
    return [];
  }
}

async function waitForScenarioPods(lab: LabHandle, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const ready = () =>
    lab.objects
      .list(resourceByPlural('pods'), 'default')
      .items()
      .every((p) => ((p as { status?: { conditions?: { type: string; status: string }[] } }).status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'));
  while (!ready()) {
    if (Date.now() > deadline) throw new Error('the scenario echo pod did not become Ready');
    await new Promise((r) => setTimeout(r, 250));
  }
}

function leftoverProbeNamespaces(lab: LabHandle): string[] {
  return lab.objects
    .list(resourceByPlural('namespaces'), undefined)
    .items()
    .map((ns) => (ns as { metadata: { name: string } }).metadata.name)
    .filter((n) => n.startsWith('snatscope-'));
}

export const probeScenario: Scenario = {
  id: '4',
  title: 'Probe matrix on a 30-node netns lab',
  async run(ctx: BenchContext): Promise<ScenarioReport> {
    const nodes = Number(ctx.options['probe-nodes'] ?? DEFAULT_PROBE_NODES);
    const base: Omit<ScenarioReport, 'rows' | 'notes' | 'setup'> = {
      id: this.id,
      title: nodes === DEFAULT_PROBE_NODES ? this.title : `Probe matrix on a ${nodes}-node netns lab`,
      commands: [`KUBECONFIG=<lab kubeconfig> node out/main/cli.js probe --client-cap ${nodes} --echo-nodes one`],
    };
    if (process.getuid?.() !== 0) return { ...base, setup: [], rows: [], notes: [], skipped: 'needs root (network namespaces, iptables)' };
    ctx.log(`starting a ${nodes}-node netns lab (waits if another lab data plane is running on this host)…`);
    const t0 = performance.now();
    const lab = await startLab({ scenario: probeLabScenario(nodes), stateDir: labStateDir(ctx), log: (l) => (ctx.options.verbose ? ctx.log(`  [lab] ${l}`) : undefined) });
    const stopLab = ctx.cleanup.add('netns lab', () => lab.stop());
    const runs: Run[] = [];
    let labMs: number;
    try {
      await lab.settle();
      await waitForScenarioPods(lab, 120_000);
      labMs = performance.now() - t0;
      ctx.log(`  lab up in ${formatValue(labMs, 'ms')} (${netnsOf(lab.prefix).length} network namespaces)`);
      const env = { ...process.env, KUBECONFIG: lab.kubeconfigPath };
      const out = join(ctx.tmp, 'probe.txt');
      // A probe run takes about half a minute here; three keep `npm run bench` well under 15 minutes.
      const probeRuns = Number(ctx.options['probe-runs'] ?? Math.min(ctx.runs, 3));
      for (let i = 0; i <= probeRuns; i++) {
        const tracker = new ProbeProgressTracker(nodes);
        const mark = lab.requests.mark();
        const result = await runMeasured(process.execPath, [ctx.app.cli, 'probe', '--client-cap', String(nodes), '--echo-nodes', 'one'], {
          env,
          tmp: ctx.tmp,
          cleanup: ctx.cleanup,
          stdoutFile: out,
          timeoutMs: 600_000,
          onStderrLine: (l, at) => tracker.line(l, at),
        });
        const text = readFileSync(out, 'utf8');
        const rows = text.split('\n').filter((l) => /^(desktop|pod@\S+)\s/.test(l));
        const answered = rows.filter((l) => !/\s(timeout|refused|reset|unreachable|other)\s/.test(l)).length;
        const m = tracker.moments;
        if (m.failed || result.code !== 1 || m.matrix === null || !/^cleanup: deleted/m.test(text)) {
          throw new Error(`probe run ${i} did not complete (exit ${result.code}${m.failed ? `, ${m.failed}` : ''}):\n${result.stderr.slice(-1500)}`);
        }
        const left = leftoverProbeNamespaces(lab);
        if (left.length) throw new Error(`probe run ${i} left namespaces behind: ${left.join(', ')}`);
        const served = lab.requests.summary(mark);
        if (i > 0) runs.push({ result, serveMs: served.serveMsTotal, requests: served.requests, moments: m, cells: rows.length, answered });
        const d = (a: number | null, b: number | null) => (a !== null && b !== null ? formatValue(b - a, 'ms') : '?');
        ctx.log(`  probe run ${i}${i ? '' : ' (warm-up)'}: ${rows.length} cells; pods running → matrix ${d(m.clientsStarted, m.matrix)}; whole ${formatValue(result.wallMs, 'ms')}`);
      }
    } finally {
      await stopLab();
    }
    const leftNetns = netnsOf(lab.prefix);
    const col = (f: (r: Run) => number | null) => stat(runs.map(f).filter((x): x is number => typeof x === 'number'));
    const span = (a: keyof ProbeMoments, b: keyof ProbeMoments) => col((r) => (typeof r.moments[a] === 'number' && typeof r.moments[b] === 'number' ? (r.moments[b] as number) - (r.moments[a] as number) : null));
    const first = runs[0]!;
    return {
      ...base,
      setup: [
        `Lab: generated by scripts/bench/lib/probe-lab-scenario.ts — ${nodes} nodes (198.18.0.11…, pod CIDRs 198.19.N.0/24), host-gw, kube-proxy iptables rules in every node netns; up in ${formatValue(labMs, 'ms')}.`,
        `Matrix: ${first.cells} cells (desktop × ${nodes} nodes × 2 policies, and ${nodes} client pods × (${nodes} NodePorts × 2 policies + 2 ClusterIPs)), 2 requests each; ${first.answered} cells answered, the rest are Local-policy drops (timeouts, as predicted).`,
        '"All probe pods running" = echo pod Ready and every client pod started (client pods run their requests and exit, so they are never all Ready at one moment for long).',
        `API requests per probe: ${first.requests} (the lab's serving time is in the table; the rest of the lab's work — starting pod sandboxes, iptables — is not).`,
        `Network namespaces left after the lab stopped: ${leftNetns.length}.`,
      ],
      rows: [
        { metric: 'all probe pods running → matrix complete', unit: 'ms', ours: span('clientsStarted', 'matrix'), target: { of: 'value', max: 5000 } },
        { metric: 'echo pod Ready → matrix complete', unit: 'ms', ours: span('echoReady', 'matrix') },
        { metric: `desktop step (${nodes}×2 paths, 2 requests each)`, unit: 'ms', ours: span('desktopStart', 'desktopDone') },
        { metric: 'client pods: create → all started', unit: 'ms', ours: span('inClusterStart', 'clientsStarted') },
        { metric: 'client pods: all finished → logs read (matrix)', unit: 'ms', ours: span('clientsFinished', 'matrix') },
        { metric: 'cleanup (namespace deleted)', unit: 'ms', ours: span('matrix', 'cleanupDone') },
        { metric: 'cleanup done → process exit (verdicts, output)', unit: 'ms', ours: col((r) => (r.moments.cleanupDone === null ? null : r.result.wallMs - r.moments.cleanupDone)) },
        { metric: 'whole probe, process start → exit', unit: 'ms', ours: col((r) => r.result.wallMs) },
        { metric: 'peak RSS of the CLI', unit: 'MB', ours: col((r) => r.result.peakRssMb) },
        { metric: "lab's serving time for the probe's API requests", unit: 'ms', ours: col((r) => r.serveMs) },
      ],
      notes: leftNetns.length ? [`LEFTOVER network namespaces: ${leftNetns.join(', ')}`] : [],
    };
  },
};
