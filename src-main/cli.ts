// `snatscope`: the command-line face of the same core the app uses.
import { Command } from 'commander';
import { PACKAGE_VERSION } from './host/package-info';

const program = new Command()
  .name('snatscope')
  .description('Find where a client source IP is rewritten on its way into Kubernetes.')
  .version(PACKAGE_VERSION)
  .showHelpAfterError();

await program.parseAsync(process.argv);
