// The probe's dependencies as the app wires them, for integration tests that run the probe
// against the lab in this process: the context's real connection, the real clock, this host's
// desktop prober, and no progress sink.
import { hostname } from 'node:os';
import type { ContextsService } from '../../../src-main/core/cluster/contexts-service';
import { systemClock } from '../../../src-main/core/ports/clock';
import { echoDesktopProber } from '../../../src-main/core/probe/desktop-prober';
import type { ProbeDeps } from '../../../src-main/core/probe/runner';
import { ECHO_SOURCE } from '../../../src-main/host/echo-source';

export async function probeDepsFor(contexts: ContextsService, entry: { id: string; name: string }): Promise<ProbeDeps> {
  const connection = await contexts.connect(entry.id);
  return {
    client: connection.client,
    contextName: entry.name,
    classify: (e) => connection.classify(e),
    clock: systemClock,
    owner: { user: 'test', host: hostname(), pid: process.pid },
    echoSource: ECHO_SOURCE,
    desktop: echoDesktopProber(),
    emit: () => undefined,
    log: () => undefined,
  };
}
