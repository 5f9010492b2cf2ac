import type { Command } from 'commander';
import { inspectService } from '../../core/inspect/inspect';
import { backendPods, parseOriginSpec, type OriginSpec } from '../../core/inspect/questions';
import type { RelayDecl } from '../../core/prediction/types';
import { parseRelay } from '../relay-spec';
import { connectFromFlags, type ClusterFlags } from '../cluster-options';
import { cliLanguage, reportError } from '../output';
import { renderInspectText } from '../render-prediction';
import { parseWhatIfFlags, printWhatIf } from '../what-if';

interface Flags extends ClusterFlags {
  from?: string[];
  relay?: string[];
  json?: boolean;
  lang?: string;
  brief?: boolean;
  whatIf?: string[];
}

export const JSON_VERSION = 1;

export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .argument('<namespace/service>', 'the Service to inspect, e.g. default/frontend')
    .description('Predict, path by path, where the client source IP of a Service is rewritten (reads the cluster, creates nothing)')
    .option('--from <origin...>', 'desktop | pod:<node> | node:<node> | backend[:<pod>] (the service\'s own backend calling it: hairpin) (repeatable; default: desktop, pods on representative nodes and one backend)')
    .option('--relay <spec...>', 'an outside hop in front of the cluster: name=address,mode=l4|l7,to=node:nodePort[,proxy=v1|v2][,xff] (as for probe)')
    .option('--brief', 'one line per path, no numbered explanations')
    .option('--json', 'machine-readable output (docs/cli-json.md)')
    .option('--what-if <change...>', 'preview a change without touching the cluster, e.g. etp=Local (repeatable; keys in docs/what-if.md)')
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
          process.stderr.write(`error: --from ${JSON.stringify(f)}: expected desktop, pod:<node>, node:<node>, backend or backend:<pod>\n`);
          process.exitCode = 2;
          return;
        }
        origins.push(o);
      }
      let relays: RelayDecl[];
      try {
        relays = (flags.relay ?? []).map(parseRelay).map(({ listen: _listen, ...decl }) => decl);
      } catch (e) {
        process.stderr.write(`error: ${(e as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      const whatIf = flags.whatIf ? parseWhatIfFlags(flags.whatIf, lang, Boolean(flags.json)) : null;
      if (typeof whatIf === 'number') {
        process.exitCode = whatIf;
        return;
      }
      let service: Awaited<ReturnType<typeof connectFromFlags>>['service'] | null = null;
      try {
        const connected = await connectFromFlags(flags);
        service = connected.service;
        const result = await inspectService(connected.connection, { namespace: m[1]!, name: m[3]! }, { ...(origins.length ? { origins } : {}), relays }).catch((e: unknown) => {
          throw connected.connection.classify(e);
        });
        const known = (node: string) => result.inventory.nodes.some((n) => n.name === node);
        const unknownNodes = [...origins.flatMap((o) => ((o.kind === 'pod' || o.kind === 'node') && !known(o.node) ? [o.node] : [])), ...relays.flatMap((r) => (known(r.forwardsTo.node) ? [] : [r.forwardsTo.node]))];
        if (unknownNodes.length) {
          process.stderr.write(`error: no such node: ${[...new Set(unknownNodes)].join(', ')}\n`);
          process.exitCode = 2;
          return;
        }
        const backends = backendPods(result.inventory);
        for (const o of origins) {
          if (o.kind !== 'backend' || (o.pod ? backends.some((b) => b.pod === o.pod) : backends.length > 0)) continue;
          const names = backends.map((b) => b.pod).join(', ');
          process.stderr.write(
            o.pod
              ? `error: --from backend:${o.pod}: no ready endpoint pod of that name behind ${m[1]}/${m[3]}${names ? `; its ready endpoint pods: ${names}` : ' (it has no ready endpoint pods)'}\n`
              : `error: --from backend: ${m[1]}/${m[3]} has no ready endpoint pod to call it from\n`,
          );
          process.exitCode = 2;
          return;
        }
        const nodePorts = (result.inventory.service?.ports ?? []).flatMap((p) => (p.nodePort ? [p.nodePort] : []));
        for (const r of relays.filter((x) => !nodePorts.includes(x.forwardsTo.port))) {
          process.stderr.write(`warning: relay ${r.name} forwards to port ${r.forwardsTo.port}, which is not a nodePort of ${m[1]}/${m[3]} (${nodePorts.join(', ') || 'it has none'}): nothing to predict for it\n`);
        }
        if (whatIf) {
          process.exitCode = printWhatIf(result.inventory, whatIf, { ...(origins.length ? { origins } : {}), relays, lang, json: Boolean(flags.json), brief: Boolean(flags.brief) });
          return;
        }
        // README: 1 = SNAT, drops or hazards found. A low hazard is a note (e.g. a Local LB with a health check), not a finding.
        const lossy = result.answers.some((a) => a.prediction.paths.some((p) => p.verdict !== 'preserved')) || result.hazards.some((h) => h.severity !== 'low');
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ version: JSON_VERSION, kind: 'snatscope.inspect', ...result }, null, 2)}\n`);
        } else {
          const out = renderInspectText(result, lang, Boolean(flags.brief));
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
