import type { Command } from 'commander';
import { inspectService } from '../../core/inspect/inspect';
import { parseOriginSpec, type OriginSpec } from '../../core/inspect/questions';
import { renderStep } from '../../core/explain/render';
import { connectFromFlags, type ClusterFlags } from '../cluster-options';
import { cliLanguage, reportError } from '../output';
import { renderAnswer, renderFixes, renderHazard, renderInventoryHeader } from '../render-prediction';

interface Flags extends ClusterFlags {
  from?: string[];
  json?: boolean;
  lang?: string;
  brief?: boolean;
}

export const JSON_VERSION = 1;

export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .argument('<namespace/service>', 'the Service to inspect, e.g. default/frontend')
    .description('Predict, path by path, where the client source IP of a Service is rewritten (reads the cluster, creates nothing)')
    .option('--from <origin...>', 'desktop | pod:<node> | node:<node> (repeatable; default: desktop and pods on representative nodes)')
    .option('--brief', 'one line per path, no numbered explanations')
    .option('--json', 'machine-readable output (docs/cli-json.md)')
    .action(async (ref: string, opts: Flags, cmd: Command) => {
      const flags = { ...cmd.optsWithGlobals<Flags>(), ...opts };
      const lang = cliLanguage(flags.lang);
      const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-a-z0-9]*[a-z0-9])?)$/.exec(ref);
      if (!m) {
        process.stderr.write(`error: expected <namespace>/<service>, got ${JSON.stringify(ref)}\n`);
        process.exitCode = 2;
        return;
      }
      const origins: OriginSpec[] = [];
      for (const f of flags.from ?? []) {
        const o = parseOriginSpec(f);
        if (!o) {
          process.stderr.write(`error: --from ${JSON.stringify(f)}: expected desktop, pod:<node> or node:<node>\n`);
          process.exitCode = 2;
          return;
        }
        origins.push(o);
      }
      let service: Awaited<ReturnType<typeof connectFromFlags>>['service'] | null = null;
      try {
        const connected = await connectFromFlags(flags);
        service = connected.service;
        const result = await inspectService(connected.connection, { namespace: m[1]!, name: m[3]! }, origins.length ? { origins } : {}).catch((e: unknown) => {
          throw connected.connection.classify(e);
        });
        const unknownNodes = origins.filter((o) => o.kind !== 'desktop' && !result.inventory.nodes.some((n) => n.name === o.node));
        if (unknownNodes.length) {
          process.stderr.write(`error: no such node: ${unknownNodes.map((o) => (o.kind === 'desktop' ? '' : o.node)).join(', ')}\n`);
          process.exitCode = 2;
          return;
        }
        const lossy = result.answers.some((a) => a.prediction.paths.some((p) => p.verdict !== 'preserved'));
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ version: JSON_VERSION, kind: 'snatscope.inspect', ...result }, null, 2)}\n`);
        } else {
          const out: string[] = [...renderInventoryHeader(result.inventory, lang), ''];
          for (const a of result.answers) out.push(...renderAnswer(a, lang, !flags.brief), '');
          const assumptions = new Map<string, string>();
          for (const a of result.answers) for (const s of a.prediction.assumptions) assumptions.set(JSON.stringify(s), renderStep(s, lang));
          if (assumptions.size) out.push(lang === 'zh-CN' ? '假设：' : 'Assumptions:', ...[...assumptions.values()].map((s) => `  - ${s}`), '');
          const fixes = new Map<string, (typeof result.answers)[number]['prediction']['fixes'][number]>();
          for (const a of result.answers) for (const f of a.prediction.fixes) if (!fixes.has(f.id)) fixes.set(f.id, f);
          if (fixes.size) out.push(lang === 'zh-CN' ? '修复建议：' : 'Fixes:', ...renderFixes([...fixes.values()], lang), '');
          if (result.hazards.length) out.push(lang === 'zh-CN' ? '隐患：' : 'Hazards:', ...result.hazards.flatMap((h) => renderHazard(h, lang).map((l) => `  ${l}`)));
          process.stdout.write(`${out.join('\n').trimEnd()}\n`);
        }
        process.exitCode = lossy ? 1 : 0;
      } catch (error) {
        process.exitCode = reportError(error, lang, Boolean(flags.json));
      } finally {
        service?.close();
      }
    });
}
