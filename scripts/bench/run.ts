// `npm run bench`: the scale benchmarks of issue 9. Builds the app, runs each scenario side by
// side with its reference (several runs, median), prints a table and appends it with the machine
// and the command to docs/benchmarks.md. Benchmarks print numbers; no test asserts a time.
//
//   npm run bench [-- --runs 5] [--only 1,2,5] [--no-build] [--no-append] [--probe-nodes 30]
//                   [--probe-runs N] [--topology-sizes 50,500,5000] [--topology-runs N] [--app DIR] [--verbose]
// --app DIR measures another build (DIR holds out/main and out/renderer), e.g. a copy of out/ made
// before a change, for before/after figures.
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp, ROOT } from './lib/app-build';
import { Cleanup } from './lib/cleanup';
import { describeMachine } from './lib/machine';
import { consoleTable, markdownSection } from './lib/report';
import { stopScaleLab } from './lib/scale-lab';
import type { BenchContext, ScenarioReport } from './lib/types';
import { SCENARIOS } from './scenarios/index';

const DOC = join(ROOT, 'docs/benchmarks.md');
const DOC_HEADER = `# Benchmarks

Figures from \`npm run bench\` (scripts/bench/, issue 9): each scenario runs side by side with the
tool an SRE would otherwise use, several times; tables show the median (min–max). The newest run
is at the end. Machines differ: compare ratios, and read the machine line of each run. Tests never
assert a time; these are measurements.
`;

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    only: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    app: { type: 'string' },
    'no-append': { type: 'boolean', default: false },
    'probe-nodes': { type: 'string' },
    'probe-runs': { type: 'string' },
    'topology-sizes': { type: 'string' },
    'topology-runs': { type: 'string' },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout.write('npm run bench [-- --runs 5] [--only 1,2,4,5] [--no-build] [--no-append] [--probe-nodes 30] [--probe-runs N] [--topology-sizes 50,500,5000] [--topology-runs N] [--app DIR] [--verbose]\n');
  process.exit(0);
}

const started = performance.now();
const log = (line: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
const cleanup = new Cleanup();
cleanup.handleSignals(log);
const tmp = mkdtempSync(join(tmpdir(), 'snatscope-bench-'));
cleanup.add('temp dir', () => rmSync(tmp, { recursive: true, force: true }));
log(`scratch dir ${tmp} (if the bench is SIGKILLed: SNATSCOPE_LAB_DIR=${join(tmp, 'lab-state')} npm run lab -- sweep)`);

const only = values.only ? new Set(values.only.split(',').map((s) => s.trim())) : null;
const selected = SCENARIOS.filter((s) => !only || only.has(s.id));
const runs = Math.max(1, Number(values.runs));
const kubectl = [process.env.KUBECTL, '/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((k): k is string => !!k && existsSync(k)) ?? null;
const reports: ScenarioReport[] = [];
let exitCode = 0;

try {
  const machine = describeMachine(kubectl);
  for (const m of machine) log(m);
  const app = buildApp({ build: !values['no-build'] && !values.app, tmp, log, ...(values.app ? { from: values.app } : {}) });
  if (values.app) log(`measuring the build in ${values.app}`);
  const ctx: BenchContext = {
    runs,
    app,
    cleanup,
    kubectl,
    tmp,
    log,
    shared: new Map(),
    options: {
      'probe-nodes': values['probe-nodes'],
      'probe-runs': values['probe-runs'],
      'topology-sizes': values['topology-sizes'],
      'topology-runs': values['topology-runs'],
      verbose: values.verbose,
    },
  };
  for (const [i, scenario] of selected.entries()) {
    log(`scenario ${scenario.id}: ${scenario.title}`);
    try {
      reports.push(await scenario.run(ctx));
    } catch (e) {
      exitCode = 1;
      log(`scenario ${scenario.id} failed: ${(e as Error).stack ?? String(e)}`);
      reports.push({ id: scenario.id, title: scenario.title, setup: [], commands: [], rows: [], notes: [], skipped: `failed: ${(e as Error).message.split('\n')[0]}` });
    }
    // The 5,000-node lab serves scenarios 1, 2 and 3 only: free it before the rest.
    if (!selected.slice(i + 1).some((s) => ['1', '2', '3'].includes(s.id))) await stopScaleLab(ctx);
  }
  reports.sort((a, b) => a.id.localeCompare(b.id));
  const wallSeconds = (performance.now() - started) / 1000;
  process.stdout.write(`\n${consoleTable(reports)}\n\n`);
  const args = process.argv.slice(2);
  const section = markdownSection({ date: new Date(), machine, command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`, runs, wallSeconds, reports });
  if (!values['no-append']) {
    if (!existsSync(DOC)) writeFileSync(DOC, DOC_HEADER);
    appendFileSync(DOC, `\n${section}`);
    log(`appended to ${DOC}`);
  } else {
    process.stdout.write(section);
  }
  log(`done in ${Math.round(wallSeconds)} s`);
} catch (e) {
  exitCode = 1;
  log(`bench failed: ${(e as Error).stack ?? String(e)}`);
} finally {
  await cleanup.run(log);
}
process.exit(exitCode);
