import type { Command } from 'commander';
import { reportModel, reportWords } from '../../core/export/report-model';
import { targetHasNoEndpoints } from '../../core/probe/target-state';
import { setMaxListeners } from 'node:events';
import { hostname, userInfo } from 'node:os';
import { ProbeOptions, type ProbeProgress } from '../../contract/probe';
import { renderStep } from '../../core/explain/render';
import type { Locale } from '../../core/explain/types';
import { relaySnippets, type RelaySnippet } from '../../core/probe/relay-snippets';
import { renderProbeMessage } from '../../core/probe/session-messages';
import { parseRelay } from '../relay-spec';
import { markdownReport } from '../../core/export/markdown';
import { serverHash } from '../../core/inventory/assemble';
import { systemClock } from '../../core/ports/clock';
import { echoDesktopProber } from '../../core/probe/desktop-prober';
import { nodeAddress, prepareProbe, runProbe, type ProbeDeps } from '../../core/probe/runner';
import { buildSession } from '../../core/probe/session';
import type { Session } from '../../core/probe/session-types';
import { sweepProbes } from '../../core/probe/sweep';
import { ECHO_SOURCE } from '../../host/echo-source';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../../host/package-info';
import { connectFromFlags, type ClusterFlags } from '../cluster-options';
import { cliLanguage, reportError, table, type Lang } from '../output';
import { renderFixes } from '../render-prediction';
import { parseTheme, writeExports } from '../export-files';
import { addCiOptions, ciFlagsProblem, emitCi, emitCiError, wantsCiStdout, type CiFlags } from '../ci-output';
import { probeReport } from '../../core/report-formats/builders';
import { addAirGapOptions, printAirGap, probeImage, type AirGapFlags } from '../air-gap';

interface Flags extends ClusterFlags, CiFlags, AirGapFlags {
  nodeportMatrix?: boolean;
  from?: string;
  relay?: string[];
  ingress?: string;
  dryRun?: boolean;
  json?: boolean;
  markdown?: boolean;
  keep?: boolean;
  image?: string;
  echoNodes?: string;
  clientCap?: string;
  timeout?: string;
  lang?: string;
  repeat?: string;
  addressType?: string;
  quiet?: boolean;
  fixedNodePort?: string[];
  out?: string;
  redact?: boolean;
  theme?: string;
  loadBalancer?: boolean;
  lbSourceRange?: string[];
  tolerateControlPlane?: boolean;
}

export function registerProbe(program: Command): void {
  program
    .command('probe')
    .argument('[namespace/service]', 'mirror this Service (its policies, affinity, endpoint nodes) instead of the plain NodePort matrix')
    .description('Deploy echo pods in a throwaway namespace, measure from this machine and from a pod on every node, and clean up (exit 0: client IP preserved everywhere, 1: SNAT or drops found, 2: error)')
    .option('--nodeport-matrix', 'probe plain NodePort services (the default without a service)')
    .option('--from <origins>', 'desktop,pods[,nodes] (default desktop,pods); nodes: node processes, measured by hostNetwork pods (opt-in: the probe namespace enforces Pod Security "privileged")', 'desktop,pods')
    .option('--relay <spec...>', 'declare an outside hop: name=address,mode=l4|l7,to=node:port[,proxy=v1|v2][,xff][,listen=address:port]')
    .option('--fixed-node-port <policy=port...>', 'request these nodePorts for the probe services (Cluster=30090, Local=30091), e.g. for a relay pointing at them')
    .option('--ingress <spec>', 'through-ingress mode (opt-in): class=<ingressClass>,host=<host>[,path=/p] — creates an Ingress to the echo on that host/path while the probe runs')
    .option('--dry-run', 'print the plan as YAML and the permission check; create nothing')
    .option('--keep', 'do not delete the probe namespace (it still expires)')
    .option('--image <image>', 'probe image with a `node` binary (default docker.io/library/node:22-alpine, pinned by digest; a mirror: docs/security.md)')
    .option('--load-balancer', 'also create LoadBalancer probe services (opt-in: on a cloud they are public); needs --lb-source-range')
    .option('--lb-source-range <cidr...>', 'who may reach the LoadBalancer probe services: your egress address, e.g. 203.0.113.7/32')
    .option('--tolerate-control-plane', 'also run on control-plane nodes (tolerate their NoSchedule taints)')
    .option('--echo-nodes <nodes>', '"one" (default), "all", or a comma-separated node list')
    .option('--client-cap <n>', 'at most this many client pods (default 20)')
    .option('--repeat <n>', 'requests per path (default 2)')
    .option('--address-type <type>', 'InternalIP (default) or ExternalIP node addresses')
    .option('--timeout <seconds>', 'readiness timeout per step (default 120)')
    .option('--json', 'print the session document (docs/session-format.md)')
    .option('--markdown', 'print a Markdown report')
    .option('--out <dir>', 'also write report.md + diagram.png, diagram.svg and session.json into this directory')
    .option('--redact', 'with --out: replace IPs, node, namespace, service and pod names with stable aliases')
    .option('--theme <theme>', 'with --out: diagram background, light (default) or dark')
    .option('-q, --quiet', 'no progress lines')
    .action(async (ref: string | undefined, opts: Flags, cmd: Command) => {
      const flags = { ...cmd.optsWithGlobals<Flags>(), ...opts };
      const lang = cliLanguage(flags.lang);
      let options: ProbeOptions;
      try {
        const target = ref ? parseRef(ref) : { kind: 'matrix' as const };
        const from = new Set((flags.from ?? 'desktop,pods').split(',').map((s) => s.trim()));
        const unknownOrigin = [...from].find((o) => !['desktop', 'pods', 'nodes'].includes(o));
        if (unknownOrigin !== undefined) throw new Error(`--from ${JSON.stringify(unknownOrigin)}: expected desktop, pods or nodes (comma-separated)`);
        const echoNodes = !flags.echoNodes ? 'one' : flags.echoNodes === 'one' || flags.echoNodes === 'all' ? flags.echoNodes : flags.echoNodes.split(',');
        const parsed = ProbeOptions.safeParse({
          contextId: '0000000000000000',
          target,
          echoNodes,
          origins: { desktop: from.has('desktop'), pods: from.has('pods'), nodes: from.has('nodes') },
          relays: (flags.relay ?? []).map(parseRelay),
          ...(flags.ingress ? { ingress: parseIngress(flags.ingress, lang) } : {}),
          fixedNodePorts: Object.fromEntries(
            (flags.fixedNodePort ?? []).map((f) => {
              const m = /^(Cluster|Local)=(\d+)$/.exec(f);
              if (!m) throw new Error(`--fixed-node-port ${JSON.stringify(f)}: expected Cluster=<port> or Local=<port>`);
              return [m[1], Number(m[2])];
            }),
          ),
          keep: Boolean(flags.keep),
          loadBalancer: flags.loadBalancer ? 'yes' : 'no',
          loadBalancerSourceRanges: flags.lbSourceRange ?? [],
          tolerateControlPlane: Boolean(flags.tolerateControlPlane),
          ...(flags.image || flags.imageRegistry ? { image: probeImage(flags.image, flags.imageRegistry) } : {}),
          ...(flags.imagePullSecret?.length ? { imagePullSecrets: flags.imagePullSecret } : {}),
          ...(flags.clientCap ? { clientNodeCap: Number(flags.clientCap) } : {}),
          ...(flags.repeat ? { repeat: Number(flags.repeat) } : {}),
          ...(flags.timeout ? { readyTimeoutSeconds: Number(flags.timeout) } : {}),
          ...(flags.addressType ? { addressType: flags.addressType } : {}),
        });
        if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        const ciProblem = ciFlagsProblem(flags, Boolean(flags.json || flags.markdown));
        if (ciProblem) throw new Error(ciProblem);
        options = parsed.data;
        parseTheme(flags.theme);
        if (printAirGap(flags, options, lang)) return;
      } catch (e) {
        process.stderr.write(`error: ${(e as Error).message}\n`);
        process.exitCode = 2;
        return;
      }

      let service: Awaited<ReturnType<typeof connectFromFlags>>['service'] | null = null;
      const abort = new AbortController();
      // One signal is shared by many concurrent requests (permission checks, lists): not a leak.
      setMaxListeners(200, abort.signal);
      const onSignal = () => {
        process.stderr.write('\ncancelling: removing the probe namespace…\n');
        abort.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        const { service: svc, connection } = await connectFromFlags(flags);
        service = svc;
        const deps: ProbeDeps = {
          client: connection.client,
          contextName: connection.entry.name,
          classify: (e) => connection.classify(e),
          clock: systemClock,
          owner: { user: safeUser(), host: hostname(), pid: process.pid },
          echoSource: ECHO_SOURCE,
          desktop: echoDesktopProber(),
          emit: (p) => {
            if (!flags.quiet && !flags.json && !flags.markdown && !wantsCiStdout(flags)) progressLine(p, lang);
          },
          log: (line) => process.stderr.write(`${line}\n`),
        };
        const prepared = await prepareProbe(deps, options, abort.signal);
        if (flags.dryRun) {
          process.stdout.write(prepared.yaml);
          const firstNode = prepared.nodes.find((n) => n.metadata?.name === prepared.plan.echoNodes[0]) ?? prepared.nodes[0];
          process.stderr.write(dryRunText(prepared, relaySnippets({ nodeAddress: (firstNode && nodeAddress(firstNode, options.addressType)) ?? '<node address>', ports: options.fixedNodePorts, relays: options.relays }), lang));
          process.exitCode = prepared.permissions.some((p) => !p.allowed) ? 2 : 0;
          return;
        }
        const outcome = await runProbe(deps, prepared, abort.signal);
        const session = buildSession(outcome, { app: { name: PACKAGE_NAME, version: PACKAGE_VERSION }, context: connection.entry.name, serverHash: serverHash(connection.client.server), clusterVersion: null });
        await emitCi(probeReport(session, lang), flags, lang);
        if (wantsCiStdout(flags)) {
          // --tap / --summary printed the cells instead of the table.
        } else if (flags.json) process.stdout.write(`${JSON.stringify(session, null, 2)}\n`);
        else if (flags.markdown) process.stdout.write(markdownReport(session, { locale: lang }));
        else process.stdout.write(`${renderSessionText(session, lang)}\n`);
        if (flags.out) {
          const written = await writeExports(session, flags.out, { locale: lang, theme: parseTheme(flags.theme), redact: Boolean(flags.redact), warn: (text) => process.stderr.write(`warning: ${text}\n`) });
          if (!flags.quiet) for (const path of written) process.stderr.write(`wrote ${path}\n`);
        }
        if (session.cleanup.outcome === 'failed' || session.cleanup.outcome === 'timeout') process.stderr.write(`${lang === 'zh-CN' ? '警告：' : 'warning: '}${renderProbeMessage(session.cleanup.message ?? '', lang)}\n`);
        if (session.status !== 'completed') {
          process.exitCode = reportError(Object.assign(new Error(session.error?.message ?? session.status), { toContract: () => session.error }), lang, false);
          return;
        }
        // A target without endpoints fails its clients whatever its copy measured.
        // A ClusterIP-only target has in-cluster paths only: those decide (a hairpin, masqueradeAll).
        const inClusterOnly = session.plan.targetService?.type === 'ClusterIP';
        const lossy = session.paths.some((p) => (inClusterOnly || p.origin.kind !== 'pod') && p.observed.verdict !== 'preserved') || targetHasNoEndpoints(session.plan.targetService);
        process.exitCode = lossy ? 1 : 0;
      } catch (error) {
        await emitCiError(`snatscope probe ${ref ?? 'matrix'}`, error instanceof Error ? error.message : String(error), flags, lang);
        process.exitCode = reportError(error, lang, Boolean(flags.json));
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        service?.close();
      }
    });

  addCiOptions(program.commands.find((c) => c.name() === 'probe')!);
  addAirGapOptions(program.commands.find((c) => c.name() === 'probe')!);

  program
    .command('sweep')
    .description('Delete probe namespaces left behind by crashed runs (owner process gone) or past their expiry; only objects labelled app.kubernetes.io/managed-by=snatscope')
    .option('--all', 'also delete probes of live SNATScope processes on this machine')
    .option('--json', 'machine-readable output')
    .action(async (opts: { all?: boolean; json?: boolean; lang?: string }, cmd: Command) => {
      const flags = { ...cmd.optsWithGlobals<Flags & { all?: boolean }>(), ...opts };
      const lang = cliLanguage(flags.lang);
      let service: Awaited<ReturnType<typeof connectFromFlags>>['service'] | null = null;
      try {
        const { service: svc, connection } = await connectFromFlags(flags);
        service = svc;
        const results = await sweepProbes(connection.client, { clock: systemClock, ...(flags.all ? { all: true } : {}) }).catch((e: unknown) => {
          throw connection.classify(e);
        });
        if (flags.json) process.stdout.write(`${JSON.stringify({ version: 1, kind: 'snatscope.sweep', results }, null, 2)}\n`);
        else if (!results.length) process.stdout.write('nothing to sweep\n');
        else for (const r of results) process.stdout.write(`${r.candidate.namespace}: ${r.outcome} (${r.candidate.reason}${r.error ? `: ${r.error}` : ''})\n`);
        process.exitCode = results.some((r) => r.outcome === 'failed' || r.outcome === 'timeout') ? 2 : 0;
      } catch (error) {
        process.exitCode = reportError(error, lang, Boolean(flags.json));
      } finally {
        service?.close();
      }
    });
}

/** "class=nginx,host=shop.example[,path=/snatscope]"; passing the flag is the explicit opt-in. */
export function parseIngress(text: string, lang: Lang = 'en'): { className: string; host: string; path?: string; acknowledgeRisk: true } {
  const f = new Map(text.split(',').map((p) => [p.slice(0, p.indexOf('=')).trim(), p.slice(p.indexOf('=') + 1).trim()] as [string, string]));
  const className = f.get('class');
  const host = f.get('host');
  if (!className || !host) throw new Error(`--ingress ${JSON.stringify(text)}: expected class=<ingressClass>,host=<host>[,path=/path]`);
  process.stderr.write(
    lang === 'zh-CN'
      ? `警告：经 Ingress 探测会在探测期间为 ${host}${f.get('path') ?? '（一个 /snatscope-<id> 路径）'} 创建一个 Ingress（类 ${className}）；发往该主机和路径的请求都会转到回显 Pod。\n`
      : `warning: through-ingress mode creates an Ingress (class ${className}) for ${host}${f.get('path') ?? ' (a /snatscope-<id> path)'} while the probe runs; requests for that host and path go to the echo.\n`,
  );
  return { className, host, ...(f.get('path') ? { path: f.get('path')! } : {}), acknowledgeRisk: true };
}

function parseRef(ref: string): { kind: 'service'; namespace: string; name: string } {
  const m = /^([a-z0-9][-a-z0-9]*)\/([a-z0-9][-a-z0-9.]*)$/.exec(ref);
  if (!m) throw new Error(`expected <namespace>/<service>, got ${JSON.stringify(ref)}`);
  return { kind: 'service', namespace: m[1]!, name: m[2]! };
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

const PROGRESS_ZH = {
  step: { preflight: '检查权限', namespace: '创建命名空间', configmap: '创建配置', pods: '创建 Pod', services: '创建服务', ready: '等待就绪', desktop: '从本机发送请求', 'in-cluster': '从 Pod 发送请求', verdicts: '判定', cleanup: '清理' } as Record<string, string>,
  state: { pending: '等待', running: '进行中', done: '完成', failed: '失败', skipped: '跳过' } as Record<string, string>,
  stage: { pending: '等待中', scheduled: '已调度', pulling: '拉取镜像', running: '运行中', ready: '就绪', succeeded: '已完成', failed: '失败' } as Record<string, string>,
};

/** One progress line on stderr ("pods running 0/8 [snatscope-echo-…:pulling]"), in the chosen language. */
export function progressText(p: ProbeProgress, lang: Locale): string {
  const zh = lang === 'zh-CN';
  const word = (table: Record<string, string>, key: string) => (zh ? (table[key] ?? key) : key);
  const pods = p.pods.length ? ` [${p.pods.map((x) => `${x.name}:${word(PROGRESS_ZH.stage, x.stage)}${x.reason ? `(${x.reason})` : ''}`).join(' ')}]` : '';
  const req = p.requests ? ` ${p.requests.done}/${p.requests.total}` : '';
  // A slow step says what it waits for (issue 15: no silent waits).
  const waiting = p.waiting ? ` — ${renderStep(p.waiting, lang)}` : '';
  return `${word(PROGRESS_ZH.step, p.step)} ${word(PROGRESS_ZH.state, p.state)}${p.message ? `${zh ? '：' : ': '}${renderProbeMessage(p.message, lang)}` : ''}${req}${pods}${waiting}`;
}

/** What --dry-run writes to stderr after the plan: the permission check, the warnings and the relay snippets. */
export function dryRunText(prepared: { permissions: readonly { verb: string; resource: string; subresource?: string | null; allowed: boolean }[]; warnings: readonly string[] }, snippets: readonly RelaySnippet[], lang: Lang): string {
  const zh = lang === 'zh-CN';
  const missing = prepared.permissions.filter((p) => !p.allowed).map((p) => `${p.verb} ${p.resource}${p.subresource ? `/${p.subresource}` : ''}`);
  const out = [zh ? `\n# 权限：${missing.length ? `缺少 ${missing.join(', ')}` : '全部已授予'}` : `\n# permissions: ${missing.length ? `MISSING ${missing.join(', ')}` : 'all granted'}`];
  for (const w of prepared.warnings) out.push(`# ${zh ? '警告：' : 'warning: '}${renderProbeMessage(w, lang)}`);
  for (const snippet of snippets) out.push(`\n# ${zh ? '中继配置片段：' : 'relay snippet: '}${snippet.title}\n${snippet.text.replace(/^/gm, '# ')}`);
  return `${out.join('\n')}\n`;
}

let lastLine = '';
function progressLine(p: ProbeProgress, lang: Locale) {
  const line = progressText(p, lang);
  if (line === lastLine) return;
  lastLine = line;
  process.stderr.write(`${line}\n`);
}

export function renderSessionText(recorded: Session, lang: Lang): string {
  // The report's own model: the same words, columns and translations as report.md (issue 15, item 9).
  const view = reportModel(recorded, lang);
  const w = reportWords(lang);
  const out: string[] = [];
  // kubectl-style upper-case headers; Chinese has no case (and "Service" is the kind's name).
  out.push(table(view.rows.map((r) => r.cells), view.columns.map((c) => (lang === 'zh-CN' ? c : c.toUpperCase()))));
  out.push('', view.finding);
  if (view.fixes.length) out.push('', lang === 'zh-CN' ? '修复建议：' : 'Fixes:', ...renderFixes(recorded.fixes, lang));
  for (const warning of recorded.warnings) out.push(`${lang === 'zh-CN' ? '警告：' : 'warning: '}${renderProbeMessage(warning, lang)}`);
  const cleanup = `${w.cleanupOutcome[recorded.cleanup.outcome] ?? recorded.cleanup.outcome}${recorded.cleanup.message ? (lang === 'zh-CN' ? `（${renderProbeMessage(recorded.cleanup.message, lang)}）` : ` (${recorded.cleanup.message})`) : ''}`;
  out.push('', lang === 'zh-CN' ? `${w.cleanup}：${cleanup}` : `${w.cleanup}: ${cleanup}`);
  return out.join('\n');
}
