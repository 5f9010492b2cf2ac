// Container output for `pods/log`: whatever runs the pod (the data plane) appends chunks; the API
// serves them with tailLines, timestamps, sinceSeconds, limitBytes and follow.

interface Line {
  at: number;
  text: string;
}

interface Stream {
  lines: Line[];
  /** Unterminated tail of the last chunk. */
  partial: string;
  followers: Set<(l: Line) => void>;
  closers: Set<() => void>;
}

const MAX_LINES = 10000;

export class PodLogs {
  private readonly streams = new Map<string, Stream>();

  constructor(private readonly clock: () => number = Date.now) {}

  private key(uid: string, container: string): string {
    return `${uid}/${container}`;
  }

  private stream(uid: string, container: string): Stream {
    const k = this.key(uid, container);
    let s = this.streams.get(k);
    if (!s) this.streams.set(k, (s = { lines: [], partial: '', followers: new Set(), closers: new Set() }));
    return s;
  }

  append(uid: string, container: string, chunk: string): void {
    const s = this.stream(uid, container);
    const parts = (s.partial + chunk).split('\n');
    s.partial = parts.pop() ?? '';
    for (const text of parts) {
      const l = { at: this.clock(), text };
      s.lines.push(l);
      for (const f of s.followers) f(l);
    }
    if (s.lines.length > MAX_LINES) s.lines.splice(0, s.lines.length - MAX_LINES);
  }

  hasOutput(uid: string, container: string): boolean {
    const s = this.streams.get(this.key(uid, container));
    return !!s && (s.lines.length > 0 || s.partial !== '');
  }

  read(uid: string, container: string, opts: { tailLines?: number; sinceSeconds?: number }): Line[] {
    const s = this.streams.get(this.key(uid, container));
    if (!s) return [];
    let lines = s.lines;
    if (s.partial) lines = [...lines, { at: this.clock(), text: s.partial }];
    if (opts.sinceSeconds !== undefined) {
      const from = this.clock() - opts.sinceSeconds * 1000;
      lines = lines.filter((l) => l.at >= from);
    }
    if (opts.tailLines !== undefined) lines = opts.tailLines <= 0 ? [] : lines.slice(-opts.tailLines);
    return lines;
  }

  /** Follow new complete lines; returns an unsubscribe function. `onEnd` runs when the pod goes. */
  follow(uid: string, container: string, onLine: (l: Line) => void, onEnd: () => void): () => void {
    const s = this.stream(uid, container);
    s.followers.add(onLine);
    s.closers.add(onEnd);
    return () => {
      s.followers.delete(onLine);
      s.closers.delete(onEnd);
    };
  }

  /** The pod is gone: end followers and drop its output. */
  drop(uid: string): void {
    for (const [k, s] of this.streams) {
      if (!k.startsWith(`${uid}/`)) continue;
      for (const c of [...s.closers]) c();
      this.streams.delete(k);
    }
  }
}

export function formatLine(l: Line, timestamps: boolean): string {
  return timestamps ? `${new Date(l.at).toISOString().replace('Z', '000000Z')} ${l.text}\n` : `${l.text}\n`;
}
