// `npm run serve`: SNATScope in browser mode. The main-side services run in this Node process
// behind a token-protected bridge on 127.0.0.1, and any Chromium-based browser is the window.
import { Command, InvalidArgumentError } from 'commander';
import { fileURLToPath } from 'node:url';
import { startBridge } from './bridge/server';
import { defaultDataDir } from './core/app/data-dir';
import { createDispatcher } from './core/rpc/dispatcher';
import { createHostServices } from './host/node-services';
import { PACKAGE_VERSION } from './host/package-info';

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number 0-65535');
  return n;
}

const program = new Command()
  .name('snatscope-serve')
  .description('Run SNATScope in browser mode on 127.0.0.1')
  .version(PACKAGE_VERSION)
  .option('-p, --port <port>', 'port on 127.0.0.1 (0 = any free port)', parsePort, 0)
  .option('--data-dir <dir>', 'where settings are stored', defaultDataDir())
  .option('--renderer <dir>', 'built renderer to serve', fileURLToPath(new URL('../renderer/', import.meta.url)))
  .parse();

const opts = program.opts<{ port: number; dataDir: string; renderer: string }>();
const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);

const services = createHostServices({ mode: 'browser', dataDir: opts.dataDir, log });
const dispatcher = createDispatcher(services.handlers, {
  onInternalError: (name, error) => log(`request ${name} failed: ${(error as Error)?.stack ?? String(error)}`),
});

try {
  const bridge = await startBridge({ dispatcher, bus: services.bus, staticDir: opts.renderer, port: opts.port, log });
  process.stdout.write(`SNATScope (browser mode) is listening on ${bridge.origin}\nOpen: ${bridge.url}\n`);
  const stop = (signal: string) => {
    log(`received ${signal}, shutting down`);
    bridge.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  const err = error as NodeJS.ErrnoException;
  const hint = err.code === 'EADDRINUSE' ? ` Port ${opts.port} is taken: pass --port 0 or another port.` : '';
  process.stderr.write(`snatscope serve: cannot start: ${err.message}.${hint}\n`);
  process.exit(2);
}
