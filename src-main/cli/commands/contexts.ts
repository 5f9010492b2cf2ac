import type { Command } from 'commander';
import { contextsList } from '../../core/cluster/context-summary';
import { contextsServiceFor, type ClusterFlags } from '../cluster-options';
import { cliLanguage, reportError, table } from '../output';

interface Flags extends ClusterFlags {
  json?: boolean;
  check?: boolean;
  lang?: string;
}

export function registerContexts(program: Command): void {
  program
    .command('contexts')
    .description('List kubeconfig contexts (KUBECONFIG / ~/.kube/config), each with its problems; --check tests each connection')
    .option('--check', 'connect to each context (GET /version and /api) and report the result')
    .option('--json', 'machine-readable output (docs/cli-json.md)')
    .action(async (opts: Flags, cmd: Command) => {
      const flags = { ...cmd.optsWithGlobals<Flags>(), ...opts };
      const lang = cliLanguage(flags.lang);
      const service = contextsServiceFor(flags);
      try {
        const list = contextsList(await service.snapshot());
        const checks = flags.check ? await Promise.all(list.contexts.map((c) => service.test(c.id))) : null;
        if (flags.json) {
          const out = {
            contexts: list.contexts.map((c, i) => ({ ...c, ...(checks ? { connection: { ok: checks[i]!.ok, version: checks[i]!.version, error: checks[i]!.error?.toContract() ?? null } } : {}) })),
            problems: list.problems,
            files: list.files,
          };
          process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        } else {
          const rows = list.contexts.map((c, i) => {
            const err = c.problem ?? checks?.[i]?.error?.toContract() ?? null;
            const msg = err ? (lang !== 'en' ? (err.localized?.[lang]?.message ?? err.message) : err.message) : checks ? `ok ${checks[i]!.version ?? ''}`.trim() : '';
            const auth = c.auth.kind + (c.auth.execCommand ? `:${c.auth.execCommand}` : '') + (c.auth.insecureSkipTlsVerify ? ' (insecure TLS!)' : '');
            return [c.isCurrent ? '*' : '', c.name, c.cluster, c.user, c.namespace ?? '', c.server ?? '', auth, msg];
          });
          process.stdout.write(`${table(rows, ['CURRENT', 'NAME', 'CLUSTER', 'USER', 'NAMESPACE', 'SERVER', 'AUTH', checks ? 'STATUS' : 'PROBLEM'])}\n`);
          for (const p of list.problems) process.stderr.write(`warning: ${lang !== 'en' ? (p.error.localized?.[lang]?.message ?? p.error.message) : p.error.message}\n`);
        }
        process.exitCode = checks && checks.some((c) => !c.ok) ? 1 : 0;
      } catch (error) {
        process.exitCode = reportError(error, lang, Boolean(flags.json));
      } finally {
        service.close();
      }
    });
}
