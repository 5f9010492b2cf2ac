// The probe's side effects as the CLI wires them (cluster client, clock, the desktop prober,
// progress on stderr), for commands that run probes besides `probe` itself (`check --probe`).
import { hostname, userInfo } from 'node:os';
import type { ProbeProgress } from '../contract/probe';
import type { Connection } from '../core/cluster/contexts-service';
import { systemClock } from '../core/ports/clock';
import { echoDesktopProber } from '../core/probe/desktop-prober';
import type { ProbeDeps } from '../core/probe/runner';
import { ECHO_SOURCE } from '../host/echo-source';

export function cliProbeDeps(connection: Connection, progress: (p: ProbeProgress) => void): ProbeDeps {
  return {
    client: connection.client,
    contextName: connection.entry.name,
    classify: (e) => connection.classify(e),
    clock: systemClock,
    owner: { user: safeUser(), host: hostname(), pid: process.pid },
    echoSource: ECHO_SOURCE,
    desktop: echoDesktopProber(),
    emit: progress,
    log: (line) => process.stderr.write(`${line}\n`),
  };
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
