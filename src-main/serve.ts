// `npm run serve`: SNATScope in browser mode. The main-side services run in this Node process
// behind a token-protected bridge on 127.0.0.1, and any Chromium-based browser is the window.
import { Command, InvalidArgumentError } from 'commander';
import { fileURLToPath } from 'node:url';
import { startBridge } from './bridge/server';
import { terminalConfirm } from './bridge/terminal-confirm';
import { defaultDataDir } from './core/app/data-dir';
import { createEventBus } from './core/events/event-bus';
import type { Dispatcher } from './core/rpc/dispatcher';
import type { Services } from './core/services';
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
  .option('--assume-yes', 'answer yes to the confirmations asked in this terminal (adding a kubeconfig, changing the probe image, running a probe); for tests and CI only')
  .parse();

const opts = program.opts<{ port: number; dataDir: string; renderer: string; assumeYes?: boolean }>();
const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);

// Listen first and load the services (cluster client, model, probe, export: ~0.4 s of module
// evaluation on this machine's kind) only once the page has its entry script, so their loading
// does not hold up the files the window is waiting for, and overlaps the browser parsing that
// script in its own process. The first call, or a second without any page, starts it too.
const bus = createEventBus();
type Loaded = { services: Services; dispatcher: Dispatcher };
let loading: Promise<Loaded> | undefined;
const load = (): Promise<Loaded> =>
  (loading ??= (async () => {
    const [{ createHostServices }, { createDispatcher }] = await Promise.all([import('./host/node-services'), import('./core/rpc/dispatcher')]);
    const services = createHostServices({
      mode: 'browser',
      dataDir: opts.dataDir,
      log,
      sessionWorker: fileURLToPath(new URL('./session-worker.js', import.meta.url)),
      // What a page must not do alone is confirmed here, in this terminal (bridge/terminal-confirm.ts).
      confirm: terminalConfirm({ input: process.stdin, output: process.stderr, assumeYes: Boolean(opts.assumeYes), log }),
    });
    services.bus.listen((name, payload) => bus.emit(name, payload));
    const dispatcher = createDispatcher(services.handlers, {
      onInternalError: (name, error) => log(`request ${name} failed: ${(error as Error)?.stack ?? String(error)}`),
    });
    return { services, dispatcher };
  })());
setTimeout(() => void load(), 1000).unref();
const dispatcher: Dispatcher = { dispatch: async (name, params) => (await load()).dispatcher.dispatch(name, params) };

try {
  const bridge = await startBridge({ dispatcher, bus, staticDir: opts.renderer, port: opts.port, log, onStaticServed: (file) => file.endsWith('.js') && void load() });
  process.stdout.write(`SNATScope (browser mode) is listening on ${bridge.origin}\nOpen: ${bridge.url}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`received ${signal}, shutting down (running probes are cancelled and cleaned up first)`);
    void (async () => {
      try {
        if (loading) await (await loading).services.dispose();
      } catch (e) {
        log(`shutdown: ${(e as Error).message}`);
      }
      await bridge.close().catch(() => undefined);
      process.exit(0);
    })();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  const err = error as NodeJS.ErrnoException;
  const hint = err.code === 'EADDRINUSE' ? ` Port ${opts.port} is taken: pass --port 0 or another port.` : '';
  process.stderr.write(`snatscope serve: cannot start: ${err.message}.${hint}\n`);
  process.exit(2);
}
