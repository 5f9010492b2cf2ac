import type { Command } from 'commander';
import { contextsList } from '../../core/cluster/context-summary';
import { contextsServiceFor, type ClusterFlags } from '../cluster-options';
import type { ConnectionTest } from '../../core/cluster/contexts-service';
import { cliLanguage, reportError, table } from '../output';

// Context names are cluster strings: no control or bidi characters on a terminal.
// eslint-disable-next-line no-control-regex
const printable = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?');

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
        const snapshot = await service.snapshot();
        // kubectl: a --kubeconfig file that does not exist or cannot be read is an error, not an empty list.
        if (flags.kubeconfig && snapshot.contexts.length === 0 && snapshot.problems[0]) throw snapshot.problems[0].error;
        const list = contextsList(snapshot);
        let checks: ConnectionTest[] | null = null;
        if (flags.check) {
          // Concurrently, each bounded by its deadlines; progress on stderr as each one completes.
          let done = 0;
          const total = list.contexts.filter((c) => !c.problem).length;
          const byId = await service.testAll(
            list.contexts.filter((c) => !c.problem).map((c) => c.id),
            (id, r) => {
              done++;
              if (flags.json) return;
              const name = list.contexts.find((c) => c.id === id)?.name ?? id;
              const err = r.error?.toContract();
              const msg = err ? (lang !== 'en' ? (err.localized?.[lang]?.message ?? err.message) : err.message) : `ok ${r.version ?? ''}`.trim();
              process.stderr.write(`[${done}/${total}] ${printable(name)}: ${printable(msg)}\n`);
            },
          );
          checks = list.contexts.map((c) => byId.get(c.id) ?? { ok: false, version: null, error: null });
        }
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
        process.exitCode = checks && list.contexts.some((c, i) => c.problem !== null || !checks![i]!.ok) ? 1 : 0;
      } catch (error) {
        process.exitCode = reportError(error, lang, Boolean(flags.json));
      } finally {
        service.close();
      }
    });
}
