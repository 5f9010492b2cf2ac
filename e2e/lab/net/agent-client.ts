// The lab's side of a node agent (node-agent.mjs): start it in the node's namespace, talk
// newline-delimited JSON over its unix socket.
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { inNetns, type ProcessLauncher, type RunningProcess } from './exec';

export const AGENT_SCRIPT = fileURLToPath(new URL('./node-agent.mjs', import.meta.url));

export interface ProbeRequest {
  kind: 'http' | 'tcp';
  host: string;
  port: number;
  path?: string;
  headers?: { name: string; value: string }[];
  timeoutMs: number;
}
export interface ProbeResult {
  ok: boolean;
  message: string;
}
export interface HealthServerSpec {
  port: number;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export class NodeAgent {
  private socket?: Socket;
  private nextId = 1;
  private readonly pending = new Map<number, (v: Record<string, unknown>) => void>();
  private process?: RunningProcess;
  private closed = false;

  constructor(
    readonly netns: string,
    private readonly socketPath: string,
    private readonly launcher: ProcessLauncher,
    private readonly log: (line: string) => void,
    /** false: upstream kube-proxy serves /healthz (10256) in this node, not the agent. */
    private readonly serveHealthz = true,
  ) {}

  async start(): Promise<void> {
    let ready!: () => void;
    const readyP = new Promise<void>((r) => (ready = r));
    this.process = this.launcher.start(inNetns(this.netns, [process.execPath, AGENT_SCRIPT, this.socketPath, ...(this.serveHealthz ? [] : ['--no-healthz'])]), {
      onStdout: (c) => (c.includes('ready') ? ready() : undefined),
      onStderr: (c) => this.log(`agent ${this.netns}: ${c.trimEnd()}`),
    });
    const exited = this.process.exited.then((e) => {
      if (!this.closed) this.log(`agent ${this.netns} exited (${e.code ?? e.signal})`);
      throw new Error(`node agent in ${this.netns} exited before it was ready`);
    });
    await Promise.race([readyP, exited]);
    exited.catch(() => undefined);
    this.socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect(this.socketPath, () => resolve(s));
      s.once('error', reject);
    });
    this.socket.setEncoding('utf8');
    let buffer = '';
    this.socket.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const msg = JSON.parse(buffer.slice(0, nl)) as { id: number } & Record<string, unknown>;
        buffer = buffer.slice(nl + 1);
        this.pending.get(msg.id)?.(msg);
        this.pending.delete(msg.id);
      }
    });
    this.socket.on('close', () => {
      for (const resolve of this.pending.values()) resolve({ ok: false, message: 'node agent went away' });
      this.pending.clear();
    });
  }

  private request(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (!this.socket || this.socket.destroyed) return Promise.resolve({ ok: false, message: 'node agent not running' });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.socket?.write(JSON.stringify({ id, ...body }) + '\n');
    });
  }

  async probe(p: ProbeRequest): Promise<ProbeResult> {
    const r = await this.request({ op: 'probe', ...p });
    return { ok: r.ok === true, message: String(r.message ?? '') };
  }

  async syncHealth(servers: HealthServerSpec[]): Promise<string[]> {
    const r = await this.request({ op: 'health', servers });
    return (r.errors as string[] | undefined) ?? (r.ok ? [] : [String(r.message)]);
  }

  async stop(): Promise<void> {
    this.closed = true;
    this.socket?.destroy();
    if (this.process && !this.process.done) {
      this.process.signal('SIGTERM');
      const t = setTimeout(() => this.process?.signalGroup('SIGKILL'), 2000);
      await this.process.exited;
      clearTimeout(t);
    }
  }
}
