// The machine a benchmark ran on, as lines for docs/benchmarks.md: figures from a 2-core VM
// shared with other work are not comparable with a laptop's, so every table says where it ran.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';

function cmdVersion(cmd: string, args: string[]): string | null {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  } catch {
    return null;
  }
}

function osName(): string {
  try {
    return /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function describeMachine(kubectl: string | null): string[] {
  const cpu = cpus();
  const kubectlVersion = kubectl ? /Client Version: (\S+)/.exec(cmdVersion(kubectl, ['version', '--client']) ?? '')?.[1] : null;
  const chromium = cmdVersion('/usr/bin/chromium', ['--version']);
  return [
    `CPU: ${cpu[0]?.model.trim() ?? 'unknown'}, ${cpu.length} cores`,
    `RAM: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `OS: ${osName()}, kernel ${release()}`,
    `Node.js ${process.version}; kubectl ${kubectlVersion ?? 'not found'}; ${chromium ?? 'Chromium not found'}`,
    `Load average at start (1/5/15 min): ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}`,
  ];
}

export function loadNow(): string {
  return loadavg()[0]!.toFixed(2);
}
