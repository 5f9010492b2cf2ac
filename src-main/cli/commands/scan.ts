import type { Command } from 'commander';
import { readClusterInventory } from '../../core/inspect/inspect';
import { scanHazards } from '../../core/scan/scan';
import { connectFromFlags, type ClusterFlags } from '../cluster-options';
import { cliLanguage, reportError } from '../output';
import { renderFixes, renderHazard } from '../render-prediction';
import { JSON_VERSION } from './inspect';

interface Flags extends ClusterFlags {
  json?: boolean;
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
      let service: Awaited<ReturnType<typeof connectFromFlags>>['service'] | null = null;
      try {
        const connected = await connectFromFlags(flags);
        service = connected.service;
        const inventory = await readClusterInventory(connected.connection).catch((e: unknown) => {
          throw connected.connection.classify(e);
        });
        const hazards = scanHazards(inventory);
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ version: JSON_VERSION, kind: 'snatscope.scan', cluster: inventory.cluster, services: inventory.services.length, proxy: inventory.proxy, cni: inventory.cni, hazards }, null, 2)}\n`);
        } else {
          const out = [`${inventory.services.length} services scanned; ${hazards.length} hazard(s).`];
          for (const h of hazards) {
            out.push('', ...renderHazard(h, lang));
            out.push(...renderFixes(h.fixes.slice(0, 1), lang));
          }
          process.stdout.write(`${out.join('\n')}\n`);
        }
        process.exitCode = hazards.length ? 1 : 0;
      } catch (error) {
        process.exitCode = reportError(error, lang, Boolean(flags.json));
      } finally {
        service?.close();
      }
    });
}
