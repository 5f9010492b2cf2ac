// `snatscope check expectations.yaml`: client-IP checks as code (docs/expectations.md). Exit 0
// when every expectation holds, 1 when one fails, 2 on an error (bad file, cluster, probe).
import type { Command } from 'commander';
import { readFile, stat } from 'node:fs/promises';
import { setMaxListeners } from 'node:events';
import { renderExplanation, renderFix } from '../../core/explain/render';
import type { CaseResult } from '../../core/expectations/evaluate';
import { expectationText } from '../../core/expectations/evaluate';
import { formatProblem, MAX_EXPECTATIONS_BYTES, parseExpectations } from '../../core/expectations/parse';
import { checkPredict, checkProbe } from '../../core/expectations/run-check';
import { serverHash } from '../../core/inventory/assemble';
import { buildSession } from '../../core/probe/session';
import { checkReport } from '../../core/report-formats/builders';
import { oneLine } from '../../core/report-formats/text-safety';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../../host/package-info';
import { addCiOptions, ciFlagsProblem, emitCi, emitCiError, wantsCiStdout, type CiFlags } from '../ci-output';
import { connectFromFlags, type ClusterFlags } from '../cluster-options';
import { cliLanguage, reportError, type Lang } from '../output';
import { wideTable } from '../wide-table';
import { cliProbeDeps } from '../probe-deps';
import { probeImage } from '../air-gap';
import { rbacManifest } from '../../core/probe/rbac-manifest';
import { renderProbeMessage } from '../../core/probe/session-messages';

interface Flags extends ClusterFlags, CiFlags {
  predict?: boolean;
  probe?: boolean;
  json?: boolean;
  lang?: string;
  image?: string;
  imageRegistry?: string;
  printRbac?: boolean;
  timeout?: string;
  repeat?: string;
  quiet?: boolean;
}

const WORDS = {
  en: {
    both: 'pick one of --predict (default: creates nothing) and --probe (deploys echo pods, cleans up)',
    unreadable: (f: string, m: string) => `cannot read ${f}: ${m}`,
    invalid: (f: string, n: number) => `${f}: ${n} problem(s); nothing was checked`,
    header: ['RESULT', 'SERVICE', 'EXPECTATION', 'PATH', 'SEEN'],
    pass: 'pass',
    fail: 'FAIL',
    summary: (p: number, f: number) => `${p} passed, ${f} failed`,
    why: 'Why',
    fix: 'Fix',
    none: '(no path)',
  },
  'zh-CN': {
    both: '请在 --predict（默认，不创建任何对象）和 --probe（部署回显 Pod 并清理）之间选一个',
    unreadable: (f: string, m: string) => `无法读取 ${f}：${m}`,
    invalid: (f: string, n: number) => `${f}：${n} 个问题；未做任何检查`,
    header: ['结果', '服务', '期望', '路径', '所见'],
    pass: '通过',
    fail: '失败',
    summary: (p: number, f: number) => `${p} 项通过，${f} 项失败`,
    why: '原因',
    fix: '修复',
    none: '（无路径）',
  },
};

export function renderCheckText(results: CaseResult[], lang: Lang): string {
  const w = WORDS[lang];
  const rows = results.map((r) => [r.pass ? w.pass : w.fail, r.service, expectationText(r.expectation), r.cell ? oneLine(r.cell.label) : w.none, oneLine(r.seen)]);
  const out = [wideTable(rows, w.header), ''];
  for (const r of results.filter((x) => !x.pass)) {
    out.push(`${w.fail}: ${r.service} ${expectationText(r.expectation)}${r.cell ? ` [${oneLine(r.cell.label)}]` : ''}`, `  ${oneLine(r.seen)}`);
    const why = renderExplanation(r.explanation, lang);
    if (why.length) out.push(`  ${w.why}:`, ...why.map((l) => `    ${oneLine(l)}`));
    const fix = r.fixes[0];
    if (fix) {
      const f = renderFix(fix, lang);
      out.push(`  ${w.fix}: ${f.title}`, ...f.snippets.flatMap((s) => s.text.split('\n').map((l) => `    ${l}`)));
    }
    out.push('');
  }
  const passed = results.filter((r) => r.pass).length;
  out.push(w.summary(passed, results.length - passed));
  return out.join('\n');
}

export function registerCheck(program: Command): void {
  const cmd = program
    .command('check')
    .argument('<expectations.yaml>', 'what must hold for the client address, per service (docs/expectations.md)')
    .description('Check client-IP expectations against a prediction (--predict, creates nothing) or a probe (--probe); exit 0 all hold, 1 a failure, 2 an error')
    .option('--predict', 'check against the prediction (the default; reads the cluster, creates nothing)')
    .option('--probe', 'check against a probe per service (echo pods in a throwaway namespace, cleaned up)')
    .option('--image <image>', 'with --probe: probe image with a `node` binary')
    .option('--image-registry <registry>', 'with --probe: pull the probe image from this registry (host[:port][/path]), keeping path, tag and digest')
    .option('--print-rbac', 'print the ClusterRole and binding this mode needs (read-only, or the probe with --probe) and exit')
    .option('--timeout <seconds>', 'with --probe: readiness timeout per step (default 120)')
    .option('--repeat <n>', 'with --probe: requests per path (default 2)')
    .option('--json', 'machine-readable results')
    .option('-q, --quiet', 'no probe progress lines');
  addCiOptions(cmd).action(async (file: string, opts: Flags, command: Command) => {
    const flags = { ...command.optsWithGlobals<Flags>(), ...opts };
    const lang = cliLanguage(flags.lang);
    const w = WORDS[lang];
    const fail = (message: string) => {
      process.stderr.write(`error: ${message}\n`);
      process.exitCode = 2;
    };
    if (flags.predict && flags.probe) return fail(w.both);
    if (flags.printRbac) {
      process.stdout.write(rbacManifest(flags.probe ? 'probe' : 'read', { locale: lang }));
      return;
    }
    for (const [flag, value, min, max] of [['--timeout', flags.timeout, 5, 1800], ['--repeat', flags.repeat, 1, 20]] as const) {
      if (value !== undefined && !(/^\d+$/.test(value) && Number(value) >= min && Number(value) <= max)) return fail(`${flag} ${JSON.stringify(value)}: expected a whole number from ${min} to ${max}`);
    }
    let image: string | undefined;
    try {
      image = flags.image || flags.imageRegistry ? probeImage(flags.image, flags.imageRegistry) : undefined;
    } catch (e) {
      return fail((e as Error).message);
    }
    const ciProblem = ciFlagsProblem(flags, Boolean(flags.json));
    if (ciProblem) return fail(ciProblem);
    let text: string;
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error(lang === 'zh-CN' ? '不是普通文件' : 'not a regular file');
      if (info.size > MAX_EXPECTATIONS_BYTES) throw new Error(`> ${MAX_EXPECTATIONS_BYTES} bytes`);
      text = await readFile(file, 'utf8');
    } catch (e) {
      return fail(w.unreadable(file, (e as Error).message));
    }
    const parsed = parseExpectations(text, lang);
    if (!parsed.ok) {
      for (const p of parsed.problems) process.stderr.write(`${formatProblem(file, p)}\n`);
      await emitCiError(`snatscope check ${file}`, parsed.problems.map((p) => formatProblem(file, p)).join('\n'), flags, lang);
      return fail(w.invalid(file, parsed.problems.length));
    }
    const mode = flags.probe ? 'probe' : 'predict';
    const started = Date.now();
    let service: Awaited<ReturnType<typeof connectFromFlags>>['service'] | null = null;
    const abort = new AbortController();
    setMaxListeners(200, abort.signal);
    const onSignal = () => {
      process.stderr.write('\ncancelling…\n');
      abort.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const connected = await connectFromFlags(flags);
      service = connected.service;
      const { connection } = connected;
      let results: CaseResult[];
      if (mode === 'predict') {
        results = await checkPredict(connection, parsed.file, lang, abort.signal);
      } else {
        const deps = cliProbeDeps(connection, (p) => {
          if (!flags.quiet && !flags.json && !wantsCiStdout(flags)) process.stderr.write(`${p.step} ${p.state}${p.message ? `: ${p.message}` : ''}\n`);
        });
        const run = await checkProbe(
          deps,
          parsed.file,
          {
            locale: lang,
            ...(image ? { image } : {}),
            ...(flags.timeout ? { readyTimeoutSeconds: Number(flags.timeout) } : {}),
            ...(flags.repeat ? { repeat: Number(flags.repeat) } : {}),
            session: (outcome) => buildSession(outcome, { app: { name: PACKAGE_NAME, version: PACKAGE_VERSION }, context: connection.entry.name, serverHash: serverHash(connection.client.server), clusterVersion: null }),
          },
          abort.signal,
        );
        for (const s of run.sessions) if (s.cleanup.outcome === 'failed' || s.cleanup.outcome === 'timeout') process.stderr.write(`${lang === 'zh-CN' ? '警告：' : 'warning: '}${renderProbeMessage(s.cleanup.message ?? '', lang)}\n`);
        const broken = run.sessions.find((s) => s.status !== 'completed');
        if (broken) {
          await emitCiError(`snatscope check ${file}`, broken.error?.message ?? broken.status, flags, lang);
          process.exitCode = reportError(Object.assign(new Error(broken.error?.message ?? broken.status), { toContract: () => broken.error }), lang, Boolean(flags.json));
          return;
        }
        results = run.results;
      }
      const report = checkReport(results, { name: `snatscope check ${file}`, mode, locale: lang, durationSeconds: (Date.now() - started) / 1000, timestamp: new Date(started).toISOString() });
      await emitCi(report, flags, lang);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ version: 1, kind: 'snatscope.check', mode, passed: results.filter((r) => r.pass).length, failed: results.filter((r) => !r.pass).length, results }, null, 2)}\n`);
      } else if (!wantsCiStdout(flags)) {
        process.stdout.write(`${renderCheckText(results, lang)}\n`);
      }
      process.exitCode = results.every((r) => r.pass) ? 0 : 1;
    } catch (error) {
      await emitCiError(`snatscope check ${file}`, error instanceof Error ? error.message : String(error), flags, lang);
      process.exitCode = reportError(error, lang, Boolean(flags.json));
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      service?.close();
    }
  });
}
