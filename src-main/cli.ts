// `snatscope`: the command-line face of the same core the app uses.
import { Command } from 'commander';
import { registerCheck } from './cli/commands/check';
import { registerContexts } from './cli/commands/contexts';
import { registerDiff } from './cli/commands/diff';
import { registerExport } from './cli/commands/export';
import { registerInspect } from './cli/commands/inspect';
import { registerProbe } from './cli/commands/probe';
import { registerSaveExpectations } from './cli/commands/save-expectations';
import { registerScan } from './cli/commands/scan';
import { PACKAGE_VERSION } from './host/package-info';
import { installSafeOutput } from './cli/terminal-text';

// First, before anything can print: no control or bidi character from a cluster or a file
// reaches the terminal (cli/terminal-text.ts).
installSafeOutput(process.stdout);
installSafeOutput(process.stderr);

const program = new Command()
  .name('snatscope')
  .description('Find where a client source IP is rewritten on its way into Kubernetes.')
  .version(PACKAGE_VERSION)
  .option('--kubeconfig <file>', 'kubeconfig file to use (replaces KUBECONFIG, like kubectl)')
  .option('--context <name>', 'kubeconfig context to use (default: current-context)')
  .option('--lang <lang>', 'output language: en or zh-CN (default: from LANG)')
  .showHelpAfterError();

registerContexts(program);
registerInspect(program);
registerScan(program);
registerProbe(program);
registerExport(program);
registerCheck(program);
registerDiff(program);
registerSaveExpectations(program);

await program.parseAsync(process.argv);
