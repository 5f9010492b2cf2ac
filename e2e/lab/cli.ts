// `npm run lab -- up|down|status|sweep`: the lab from the command line (see README.md).
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { Command } from 'commander';
import { startLab, type LabHandle } from './index';
import { processAlive, RunRegistry, type RunRecord } from './runs/registry';
import { stopRun, sweepDead } from './runs/sweep';

const program = new Command('lab').description('SNATScope lab: a Kubernetes API (and, with part 2, a data plane) for tests and demos');

function registry(opts: { stateDir?: string }): RunRegistry {
  return new RunRegistry(opts.stateDir);
}

program
  .command('up')
  .argument('[scenario]', 'scenario YAML file')
  .option('--api-only', 'no network data plane (the built-in fake kubelet runs pods)')
  .option('--nodes <n>', 'synthetic nodes (scale mode)', Number)
  .option('--pods <n>', 'synthetic pods (scale mode)', Number)
  .option('--services <n>', 'synthetic services (scale mode)', Number)
  .option('--port <n>', 'API port on 127.0.0.1 (default: random)', Number)
  .option('--state-dir <dir>', 'lab state dir (default $SNATSCOPE_LAB_DIR or /tmp/snatscope-lab)')
  .option('--verbose', 'print lab log lines on stderr')
  .option('--keep-on-parent-exit', 'keep running when the parent process (npm, tsx, a shell) dies')
  .option('--kube-proxy <impl>', 'who programs the nodes: upstream (real kube-proxy) or lab (its own iptables rules); default: the scenario\'s')
  .option('--kube-proxy-mode <mode>', 'iptables or nftables: sets mode in the kube-system/kube-proxy ConfigMap (implies --kube-proxy upstream for nftables)')
  .action(async (scenario: string | undefined, o: { kubeProxy?: string; kubeProxyMode?: string; apiOnly?: boolean; nodes?: number; pods?: number; services?: number; port?: number; stateDir?: string; verbose?: boolean; keepOnParentExit?: boolean }) => {
    let lab: LabHandle | undefined;
    let exiting = false;
    const exit = async (code: number, why?: string) => {
      if (exiting) return;
      exiting = true;
      if (why) process.stderr.write(`lab: ${why}\n`);
      try {
        await lab?.stop();
      } finally {
        process.exit(code);
      }
    };
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => void exit(0));
    // `npm run lab` runs us under tsx in a child process: if the tree above is SIGKILLed, we are
    // re-parented; clean up rather than linger as an orphan.
    const parent = process.ppid;
    if (!o.keepOnParentExit) setInterval(() => process.ppid !== parent && void exit(0, 'parent process exited'), 1000).unref();
    process.on('uncaughtException', (e) => void exit(1, `uncaught: ${e.stack ?? e}`));
    process.on('unhandledRejection', (e) => void exit(1, `unhandled: ${String(e)}`));
    if (o.kubeProxy !== undefined && o.kubeProxy !== 'lab' && o.kubeProxy !== 'upstream') {
      process.stderr.write(`lab up: --kube-proxy must be upstream or lab, not "${o.kubeProxy}"\n`);
      process.exit(2);
    }
    if (o.kubeProxyMode !== undefined && o.kubeProxyMode !== 'iptables' && o.kubeProxyMode !== 'nftables') {
      process.stderr.write(`lab up: --kube-proxy-mode must be iptables or nftables, not "${o.kubeProxyMode}" (ipvs needs the kernel's ip_vs, which this machine's kernel lacks)\n`);
      process.exit(2);
    }
    const started = Date.now();
    const scale = o.nodes || o.pods || o.services ? { nodes: o.nodes ?? 0, pods: o.pods ?? 0, services: o.services ?? 0 } : undefined;
    try {
      lab = await startLab({
        scenario,
        apiOnly: !!o.apiOnly || !!scale,
        kubeProxy: { implementation: o.kubeProxy as 'lab' | 'upstream' | undefined, mode: o.kubeProxyMode as 'iptables' | 'nftables' | undefined },
        ...(scale ? { scale } : {}),
        ...(o.port ? { port: o.port } : {}),
        ...(o.stateDir ? { stateDir: o.stateDir } : {}),
        log: o.verbose ? (l) => process.stderr.write(`lab: ${l}\n`) : undefined,
      });
    } catch (e) {
      process.stderr.write(`lab up failed: ${(e as Error).message}\n`);
      process.exit(1);
    }
    if (exiting) return;
    const c = lab.counts();
    process.stdout.write(
      [
        `RUN=${lab.runId}`,
        `KUBECONFIG=${lab.kubeconfigPath}`,
        `CONTEXT=${lab.context}`,
        `SERVER=${lab.server}`,
        `READY_MS=${Date.now() - started}`,
        `# ${c.nodes} nodes, ${c.pods} pods, ${c.services} services; users: ${lab.users.map((u) => `${u.name} (context ${u.context})`).join(', ')}`,
        `# stop with Ctrl-C or: npm run lab -- down ${lab.runId}`,
        '',
      ].join('\n'),
    );
  });

function fetchStatus(rec: RunRecord): Promise<Record<string, unknown> | undefined> {
  if (!rec.server || !rec.statusToken || !rec.kubeconfig) return Promise.resolve(undefined);
  let ca: string;
  try {
    ca = readFileSync(`${rec.runDir}/ca.crt`, 'utf8');
  } catch {
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const req = request(`${rec.server}/lab/v1/status`, { ca, headers: { Authorization: `Bearer ${rec.statusToken}` }, timeout: 3000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => {
        try {
          resolve(res.statusCode === 200 ? (JSON.parse(body) as Record<string, unknown>) : undefined);
        } catch {
          resolve(undefined);
        }
      });
    });
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

program
  .command('status')
  .description('list lab runs (live and dead) with counts and the lab serving time')
  .option('--json', 'machine-readable output')
  .option('--state-dir <dir>')
  .action(async (o: { json?: boolean; stateDir?: string }) => {
    const rows = [];
    for (const rec of registry(o).list()) {
      const alive = processAlive(rec.pid, rec.pidStart);
      rows.push({ runId: rec.runId, pid: rec.pid, alive, state: rec.state, startedAt: rec.startedAt, scenario: rec.scenario, kubeconfig: rec.kubeconfig, context: rec.context, server: rec.server, dataPlane: rec.dataPlane.kind, resources: rec.resources.length, live: alive ? await fetchStatus(rec) : undefined });
    }
    if (o.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    if (!rows.length) {
      process.stdout.write('no lab runs\n');
      return;
    }
    for (const r of rows) {
      process.stdout.write(`${r.runId}  pid ${r.pid} ${r.alive ? 'alive' : 'DEAD (run `lab sweep`)'}  ${r.state}  started ${r.startedAt}  scenario ${r.scenario}  data plane ${r.dataPlane}\n`);
      if (r.kubeconfig) process.stdout.write(`  KUBECONFIG=${r.kubeconfig}  CONTEXT=${r.context}  SERVER=${r.server}\n`);
      const live = r.live as { counts?: Record<string, number>; watches?: number; serving?: Record<string, number> } | undefined;
      if (live?.counts) process.stdout.write(`  objects: ${Object.entries(live.counts).filter(([, n]) => n > 0).map(([k, n]) => `${k}=${n}`).join(' ')}  watches=${live.watches}\n`);
      const kp = (r.live as { kubeProxy?: { implementation: string; nodes: { node: string; pid: number; running: boolean; config: string; healthz: string; metrics: string }[] } } | undefined)?.kubeProxy;
      if (kp?.implementation === 'lab') process.stdout.write('  kube-proxy: the lab\'s rendering of its iptables rules (dataPlane.kubeProxy: lab)\n');
      for (const n of kp?.nodes ?? []) process.stdout.write(`  kube-proxy ${n.node}: upstream, pid ${n.pid} ${n.running ? 'running' : 'NOT RUNNING'}, ${n.config}, healthz ${n.healthz}, metrics ${n.metrics}\n`);
      if (live?.serving) {
        const s = live.serving;
        process.stdout.write(`  served ${s.requests} requests, ${s.bytes} bytes; lab serving time total ${s.serveMsTotal?.toFixed?.(1)} ms, p50 ${s.serveMsP50?.toFixed?.(3)} ms, p99 ${s.serveMsP99?.toFixed?.(3)} ms, max ${s.serveMsMax?.toFixed?.(3)} ms\n`);
      }
    }
  });

program
  .command('down')
  .argument('[runId]', 'run to stop (default: the only live run)')
  .option('--all', 'stop every run')
  .option('--state-dir <dir>')
  .action(async (runId: string | undefined, o: { all?: boolean; stateDir?: string }) => {
    const reg = registry(o);
    const runs = reg.list();
    let targets: RunRecord[];
    if (o.all) targets = runs;
    else if (runId) targets = runs.filter((r) => r.runId === runId || r.prefix === runId);
    else {
      const live = runs.filter((r) => processAlive(r.pid, r.pidStart));
      if (live.length > 1) {
        process.stderr.write(`several runs are live (${live.map((r) => r.runId).join(', ')}): name one or use --all\n`);
        process.exit(2);
      }
      targets = live.length ? live : runs;
    }
    if (!targets.length) {
      process.stderr.write(runId ? `no run ${runId}\n` : 'no lab runs\n');
      process.exit(runId ? 1 : 0);
    }
    for (const rec of targets) {
      const rep = await stopRun(reg, rec);
      process.stdout.write(`stopped ${rec.runId}${rep.removed.length ? `; removed: ${rep.removed.join(', ')}` : ''}${rep.errors.length ? `; errors: ${rep.errors.join('; ')}` : ''}\n`);
    }
  });

program
  .command('sweep')
  .description('remove what crashed runs left behind (processes, data-plane resources, temp files)')
  .option('--state-dir <dir>')
  .action(async (o: { stateDir?: string }) => {
    const reports = await sweepDead(registry(o));
    if (!reports.length) process.stdout.write('nothing to sweep\n');
    for (const r of reports) process.stdout.write(`swept ${r.runId}: ${r.removed.join(', ') || 'nothing'}${r.errors.length ? `; errors: ${r.errors.join('; ')}` : ''}\n`);
    if (reports.some((r) => r.errors.length)) process.exitCode = 1;
  });

await program.parseAsync(process.argv);
