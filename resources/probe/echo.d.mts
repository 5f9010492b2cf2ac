// Types for echo.mjs (plain JavaScript so it can ship in a ConfigMap and run on any Node image).
// The JSON line formats these describe are documented in README.md (schema v1).

export declare const SCHEMA_VERSION: 1;
export declare const V2_SIGNATURE: Buffer;
export declare const V1_MAX_LENGTH: number;
export declare const V2_MAX_LENGTH: number;

export type ProxyFamily = 'unspec' | 'inet' | 'inet6' | 'unix';
export type ProxyTransport = 'unspec' | 'stream' | 'dgram';
export type ProxyEndpoint = { ip: string; port: number } | { path: string };
export interface IpPort {
  ip: string | null;
  port: number | null;
}

export interface ProxyTlv {
  type: number;
  /** ALPN, AUTHORITY, CRC32C, NOOP, UNIQUE_ID, SSL, NETNS, SSL_* (inside SSL), CUSTOM, EXPERIMENT, FUTURE, UNASSIGNED */
  name: string;
  length: number;
  text?: string;
  hex?: string;
  truncated?: boolean;
  verified?: boolean;
  vendor?: 'aws' | 'azure' | 'gcp';
  ssl?: { client: number; verify: number; tlvs: ProxyTlv[] };
}

export interface ProxyHeader {
  version: 1 | 2;
  command: 'PROXY' | 'LOCAL';
  family: ProxyFamily;
  transport: ProxyTransport;
  source: ProxyEndpoint | null;
  destination: ProxyEndpoint | null;
  tlvs: ProxyTlv[];
  tlvsDropped?: number;
  /** v1 only: the header line without CRLF. */
  line?: string;
}

export type ProxyParse =
  | { status: 'incomplete' }
  | { status: 'none' }
  | { status: 'error'; reason: string }
  | { status: 'ok'; length: number; header: ProxyHeader };

export declare function parseProxyHeader(input: Uint8Array): ProxyParse;
export declare function buildProxyV1(source?: { ip: string; port: number } | null, destination?: { ip: string; port: number } | null): Buffer;
export declare function buildProxyV2(opts?: {
  command?: 'PROXY' | 'LOCAL';
  transport?: ProxyTransport;
  source?: { ip: string; port: number } | null;
  destination?: { ip: string; port: number } | null;
  tlvs?: { type: number; value: Uint8Array }[];
  crc32c?: boolean;
}): Buffer;
export declare function summariseProxy(h: ProxyHeader | null): string | null;
export declare function crc32c(bytes: Uint8Array): number;
export declare function isIPv4Strict(s: unknown): boolean;
export declare function ipv6ToBytes(text: unknown): Buffer | null;
export declare function ipv6FromBytes(b: Buffer, hexOnly?: boolean): string;
export declare function normaliseIp(addr: unknown): string | null;
export declare function hostPort(ip: string | null | undefined, port: number | null): string | null;

export type FlagSpec = Record<string, { type: 'int' | 'string' | 'bool'; default?: string | number | boolean }>;
export declare function parseFlags(
  argv: string[],
  env: Record<string, string | undefined>,
  spec: FlagSpec,
): { values: Record<string, string | number | boolean>; errors: string[] };

export interface PodIdentity {
  name: string | null;
  namespace: string | null;
  ip: string | null;
  node: string | null;
  hostIp: string | null;
}
export declare function podIdentity(env: Record<string, string | undefined>): PodIdentity;
export declare function collectHeaders(rawHeaders: string[]): { headers: Record<string, string[]>; truncated: boolean };
export declare function datagramId(msg: Buffer): string | null;

/** Body of every echo answer (TCP/HTTP and UDP). */
export interface EchoBody {
  kind: 'snatscope.echo';
  v: 1;
  proto: 'tcp' | 'udp';
  seq: number;
  time: string;
  id: string | null;
  peer: IpPort;
  local: IpPort;
  proxy: ProxyHeader | null;
  request: { method: string; path: string; httpVersion: string; headers: Record<string, string[]>; truncated: boolean } | null;
  pod: PodIdentity;
}

/** What the echo tells a request without the run key: the source and forwarding headers only. */
export interface LimitedEchoBody {
  kind: 'snatscope.echo';
  v: 1;
  proto: 'tcp' | 'udp';
  seq: number;
  time: string;
  id: null;
  peer: IpPort;
  proxy?: { version: number; source: IpPort | null } | null;
  request?: { headers: Record<string, string[]> };
  limited: true;
}
export declare const KEY_HEADER: 'x-snatscope-key';
export declare function keyMatches(given: string | undefined, key: string): boolean;

export interface EchoServer {
  tcp: IpPort;
  udp: IpPort | null;
  served(): number;
  close(): Promise<void>;
}
export declare function startEcho(opts: {
  host?: string;
  port: number;
  udpPort?: number | null;
  sniffTimeoutMs?: number;
  graceMs?: number;
  quiet?: boolean;
  /** The run key: only requests carrying it get the full echo (KEY_HEADER, or a datagram's second line). */
  key?: string;
  env?: Record<string, string | undefined>;
  log?: (line: Record<string, unknown>) => void;
}): Promise<EchoServer>;

export type ResultClass = 'ok' | 'timeout' | 'refused' | 'reset' | 'unreachable' | 'http-error' | 'proxy-error' | 'other';
export declare const RESULTS: ResultClass[];
export declare function classifyError(
  err: unknown,
  ctx?: { proxySent?: boolean; responseStarted?: boolean },
): { result: ResultClass; error: { class: string; message: string } };

export interface Target {
  host: string;
  port: number;
  proto: 'http' | 'udp';
  target: string;
  label: string;
  path?: string;
  hostHeader?: string;
  headers: Record<string, string>;
  proxy?: 'none' | 'v1' | 'v2';
  proxySource?: string;
}
export declare function parseTargets(text: string): Target[];

/** One line per request on the client's stdout. */
export interface ResultLine {
  kind: 'snatscope.result';
  v: 1;
  run: string;
  seq: number;
  attempt: number;
  id: string;
  time: string;
  target: string;
  proto: 'http' | 'udp';
  label: string;
  result: ResultClass;
  phase: 'connect' | 'response' | null;
  status: number | null;
  connectMs: number | null;
  totalMs: number | null;
  local: IpPort | null;
  remote: IpPort | null;
  proxySent: { version: 1 | 2; source: { ip: string; port: number }; destination: { ip: string; port: number } } | null;
  error: { class: string; message: string } | null;
  echo: EchoBody | null;
  body: string | null;
  from: PodIdentity;
}
export interface SummaryLine {
  kind: 'snatscope.summary';
  v: 1;
  run: string;
  requests: number;
  counts: Record<ResultClass, number>;
  totalMs: number;
  from: PodIdentity;
}
export interface ClientOptions {
  targets: Target[];
  write: (line: ResultLine | SummaryLine) => void;
  env?: Record<string, string | undefined>;
  run?: string;
  concurrency: number;
  repeat: number;
  timeoutMs: number;
  connectTimeoutMs?: number;
  path?: string;
  proxy?: 'none' | 'v1' | 'v2';
  proxySource?: string;
  /** The run key, sent with every request so the echo answers in full. */
  key?: string;
  /** Before measuring, wait up to this long for each target to answer once (not recorded). */
  waitMs?: number;
}
export declare function runClient(opts: ClientOptions): Promise<SummaryLine>;
export declare function main(argv: string[], env: Record<string, string | undefined>): Promise<number>;
