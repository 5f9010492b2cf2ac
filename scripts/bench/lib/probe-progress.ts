// Reads `snatscope probe` progress lines (stderr, one per change:
// "<step> <state>[: message][ done/total][ [pod:stage(reason) ...]]") into the moments the probe
// benchmark reports: echo Ready, every client pod started, every client pod finished, matrix
// complete, cleanup done.
export interface ProbeMoments {
  echoReady: number | null;
  desktopStart: number | null;
  desktopDone: number | null;
  inClusterStart: number | null;
  clientsStarted: number | null;
  clientsFinished: number | null;
  matrix: number | null;
  cleanupDone: number | null;
  failed: string | null;
}

export interface PodStage {
  name: string;
  stage: string;
}

export function parseProgressLine(line: string): { step: string; state: string; message: string | null; pods: PodStage[] } | null {
  const m = /^([a-z-]+) (running|done|skipped|failed)(?::| |$)(.*)$/.exec(line.trim());
  if (!m) return null;
  let rest = m[3] ?? '';
  let pods: PodStage[] = [];
  const bracket = /\s?\[([^\]]*)\]$/.exec(rest);
  if (bracket) {
    pods = bracket[1]!
      .split(' ')
      .filter(Boolean)
      .map((p) => {
        const i = p.lastIndexOf(':');
        return { name: p.slice(0, i), stage: p.slice(i + 1).replace(/\(.*$/, '') };
      });
    rest = rest.slice(0, bracket.index);
  }
  const message = rest.replace(/\s?\d+\/\d+$/, '').trim() || null;
  return { step: m[1]!, state: m[2]!, message, pods };
}

const STARTED = new Set(['running', 'ready', 'succeeded', 'failed']);
const FINISHED = new Set(['succeeded', 'failed']);

export class ProbeProgressTracker {
  readonly moments: ProbeMoments = {
    echoReady: null,
    desktopStart: null,
    desktopDone: null,
    inClusterStart: null,
    clientsStarted: null,
    clientsFinished: null,
    matrix: null,
    cleanupDone: null,
    failed: null,
  };

  constructor(private readonly clientPods: number) {}

  line(text: string, atMs: number): void {
    const p = parseProgressLine(text);
    if (!p) return;
    const m = this.moments;
    const first = (key: Exclude<keyof ProbeMoments, 'failed'>) => {
      if (m[key] === null) m[key] = atMs;
    };
    if (p.state === 'failed') m.failed ??= `${p.step}: ${p.message ?? 'failed'}`;
    if (p.step === 'ready' && p.state === 'done') first('echoReady');
    if (p.step === 'desktop' && p.state === 'running') first('desktopStart');
    if (p.step === 'desktop' && p.state === 'done') first('desktopDone');
    if (p.step === 'in-cluster' && p.state === 'running') first('inClusterStart');
    if (p.step === 'in-cluster' && p.state === 'done') first('matrix');
    if (p.step === 'cleanup' && p.state === 'done') first('cleanupDone');
    const clients = p.pods.filter((x) => x.name.startsWith('client-'));
    if (clients.length === this.clientPods && this.clientPods > 0) {
      if (clients.every((c) => STARTED.has(c.stage))) first('clientsStarted');
      if (clients.every((c) => FINISHED.has(c.stage))) first('clientsFinished');
    }
  }
}
