// Every request the lab served, with its own serving time, so tests can assert exactly which
// requests a client made and benchmarks can subtract the lab's share.

export interface RequestRecord {
  seq: number;
  /** Wall-clock start, ms since epoch. */
  at: number;
  method: string;
  path: string;
  query: string;
  user: string;
  verb?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  watch: boolean;
  status: number;
  bytes: number;
  /** Time the lab spent producing the response (for watches: until the stream was set up). */
  serveMs: number;
  /** Time until the response finished (watches: until the stream closed). */
  totalMs: number;
  faults: string[];
  userAgent?: string;
}

export interface ServeSummary {
  requests: number;
  serveMsTotal: number;
  serveMsP50: number;
  serveMsP99: number;
  serveMsMax: number;
  bytes: number;
}

export class RequestLog {
  private records: RequestRecord[] = [];
  private seq = 0;
  private readonly all: { serveMs: number; bytes: number }[] = [];

  constructor(private readonly limit = 200000) {}

  nextSeq(): number {
    return ++this.seq;
  }

  add(r: RequestRecord): void {
    this.records.push(r);
    if (this.records.length > this.limit) this.records.splice(0, this.records.length - this.limit);
    this.all.push({ serveMs: r.serveMs, bytes: r.bytes });
  }

  /** Records, optionally only those after `sinceSeq` (use `mark()` to take a position). */
  entries(sinceSeq = 0): RequestRecord[] {
    return this.records.filter((r) => r.seq > sinceSeq);
  }

  mark(): number {
    return this.seq;
  }

  clear(): void {
    this.records = [];
    this.all.length = 0;
  }

  summary(sinceSeq = 0): ServeSummary {
    const rs = sinceSeq ? this.entries(sinceSeq) : this.all;
    const ms = rs.map((r) => r.serveMs).sort((a, b) => a - b);
    const pick = (q: number) => (ms.length ? ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]! : 0);
    return {
      requests: rs.length,
      serveMsTotal: Math.round(ms.reduce((a, b) => a + b, 0) * 1000) / 1000,
      serveMsP50: pick(0.5),
      serveMsP99: pick(0.99),
      serveMsMax: ms.length ? ms[ms.length - 1]! : 0,
      bytes: rs.reduce((a, r) => a + r.bytes, 0),
    };
  }
}
