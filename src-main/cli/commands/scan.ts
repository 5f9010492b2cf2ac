import type { Command } from 'commander';
import { readClusterInventory } from '../../core/inspect/inspect';
import { scanHazards } from '../../core/scan/scan';
import { connectFromFlags, type ClusterFlags } from '../cluster-options';
import { cliLanguage, reportError } from '../output';
import { renderScanText } from '../render-prediction';
import { JSON_VERSION } from './inspect';
import { addCiOptions, ciFlagsProblem, emitCi, emitCiError, wantsCiStdout, type CiFlags } from '../ci-output';
import { scanReport } from '../../core/report-formats/builders';
import { rbacManifest } from '../../core/probe/rbac-manifest';

interface Flags extends ClusterFlags, CiFlags {
  json?: boolean;
  printRbac?: boolean;
  lang?: string;
}

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('List every Service whose backends will not see client addresses, or can be fooled (reads the cluster, creates nothing)')
    .option('--json', 'machine-readable output (docs/cli-json.md)')
    .action(async (opts: Flags, cmd: Command) => {
      const flags = { ...cmd.optsWithGlobals<Flags>(), ...opts };
      const lang = cliLanguage(flags.lang);
      if (flags.printRbac) {
        process.stdout.write(rbacManifest('read', { locale: lang }));
        return;
      }
      const ciProblem = ciFlagsProblem(flags, Boolean(flags.json));
      if (ciProblem) {
        process.stderr.write(`error: ${ciProblem}\n`);
        process.exitCode = 2;
        return;
      }
      let service: Awaited<ReturnType<typeof connectFromFlags>>['service'] | null = null;
      try {
        const connected = await connectFromFlags(flags);
        service = connected.service;
        const inventory = await readClusterInventory(connected.connection).catch((e: unknown) => {
          throw connected.connection.classify(e);
        });
        const hazards = scanHazards(inventory);
        await emitCi(scanReport(hazards, inventory.services.length, lang, new Date().toISOString()), flags, lang);
        if (wantsCiStdout(flags)) {
          // --tap / --summary printed the hazards instead of the list.
        } else if (flags.json) {
          process.stdout.write(`${JSON.stringify({ version: JSON_VERSION, kind: 'snatscope.scan', cluster: inventory.cluster, services: inventory.services.length, proxy: inventory.proxy, cni: inventory.cni, hazards }, null, 2)}\n`);
        } else {
          process.stdout.write(`${renderScanText(hazards, inventory.services.length, lang).join('\n')}\n`);
        }
        process.exitCode = hazards.length ? 1 : 0;
      } catch (error) {
        await emitCiError('snatscope scan', error instanceof Error ? error.message : String(error), flags, lang);
        process.exitCode = reportError(error, lang, Boolean(flags.json));
      } finally {
        service?.close();
      }
    });
  addCiOptions(program.commands.find((c) => c.name() === 'scan')!).option('--print-rbac', 'print the read-only ClusterRole and binding inspect, scan and check --predict need, and exit');
}
