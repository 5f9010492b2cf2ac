// One upstream kube-proxy in one lab node: started inside the node's network namespace (so its
// rules, health checks and metrics live there), stopped with SIGTERM then SIGKILL, and watched
// through its /metrics gauges so the lab knows when the kernel has the rules of the latest change.
import { request } from 'node:http';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SYSTEM_PATH, inNetns, type ProcessLauncher, type RunningProcess } from '../net/exec';
import { renderNodeKubeconfig, syncState, type NodeProxyConfig } from './kube-proxy-config';

export interface ProxyNode {
  name: string;
  netns: string;
  ip: string;
}

export interface KubeProxyStatus {
  node: string;
  pid: number;
  running: boolean;
  mode: string;
  config: string;
  metrics: string;
  healthz: string;
  log: string;
}

/** GET http://host:port/path from the host (the node's address is routed into the lab). */
export function httpGet(host: string, port: number, path: string, timeoutMs = 1000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, method: 'GET', timeout: timeoutMs, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long the gauges must stay unchanged with nothing queued before a change counts as applied. */
export const QUIET_MS = 250;

export class UpstreamKubeProxy {
  private proc?: RunningProcess;
  private config?: NodeProxyConfig;
  private tail: string[] = [];
  private stopping = false;
  readonly dir: string;

  constructor(
    readonly node: ProxyNode,
    runDir: string,
    private readonly launcher: ProcessLauncher,
    private readonly log: (line: string) => void,
    private readonly track?: (pid: number) => void,
  ) {
    this.dir = join(runDir, 'kube-proxy', node.name);
  }

  get running(): boolean {
    return !!this.proc && !this.proc.done;
  }

  get renderedYaml(): string | undefined {
    return this.config?.yaml;
  }

  /** Writes its files and starts it; resolves once its first sync is in the kernel. */
  async start(binary: string, config: NodeProxyConfig, access: { server: string; caPem: string; token: string }, timeoutMs = 60_000): Promise<void> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const caPath = join(this.dir, 'ca.crt');
    const kubeconfig = join(this.dir, 'kubeconfig');
    writeFileSync(caPath, access.caPem);
    writeFileSync(kubeconfig, renderNodeKubeconfig(access.server, caPath, access.token), { mode: 0o600 });
    const configPath = join(this.dir, 'config.yaml');
    writeFileSync(configPath, config.yaml);
    this.config = config;
    this.stopping = false;
    this.tail = [];
    const logFile = join(this.dir, 'kube-proxy.log');
    // setpriv --pdeathsig: kube-proxy dies with the lab even on SIGKILL (`lab sweep` also kills
    // whatever runs in the node's namespace).
    const argv = inNetns(this.node.netns, ['setpriv', '--pdeathsig', 'KILL', '--', binary, `--config=${configPath}`, `--hostname-override=${this.node.name}`]);
    const onOutput = (chunk: string) => {
      appendFileSync(logFile, chunk);
      for (const line of chunk.split('\n')) {
        if (!line) continue;
        this.tail.push(line);
        if (this.tail.length > 40) this.tail.shift();
        // klog: E… / W… lines are worth the lab log; the rest stays in the file
        // (failing to read nfacct counters only affects its metrics, not the rules)
        if (/^[EF]\d{4} /.test(line) && !/nfacct counter/.test(line)) this.log(`kube-proxy ${this.node.name}: ${line}`);
      }
    };
    const proc = this.launcher.start(argv, { env: { PATH: SYSTEM_PATH }, onStdout: onOutput, onStderr: onOutput });
    this.proc = proc;
    this.track?.(proc.pid);
    void proc.exited.then((e) => {
      if (!this.stopping) this.log(`kube-proxy ${this.node.name} exited (${e.code ?? e.signal}); last lines:\n${this.tail.slice(-10).join('\n')}`);
    });
    this.log(`kube-proxy ${this.node.name}: pid ${proc.pid}, ${config.summary}`);
    await this.waitSynced(timeoutMs, true);
  }

  /**
   * Resolves when the latest change has reached the kernel: nothing queued after the last sync,
   * and the gauges unchanged for QUIET_MS (a change still in flight would queue a sync).
   */
  async waitSynced(timeoutMs = 20_000, first = false): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    let quietSince = Date.now();
    let lastError: string;
    for (;;) {
      if (!this.running) throw new Error(`kube-proxy on ${this.node.name} is not running${this.tail.length ? `; its last lines:\n${this.tail.slice(-10).join('\n')}` : ''}`);
      try {
        const r = await httpGet(this.node.ip, (this.config as NodeProxyConfig).metricsPort, '/metrics');
        const s = syncState(r.body);
        if (!s.synced || s.pending || s.fingerprint !== last) {
          last = s.fingerprint;
          quietSince = Date.now();
        } else if (Date.now() - quietSince >= QUIET_MS) return;
        lastError = s.synced ? 'a sync is still pending' : 'no sync finished yet';
      } catch (e) {
        lastError = (e as Error).message;
        quietSince = Date.now();
      }
      if (Date.now() > deadline) throw new Error(`kube-proxy on ${this.node.name} did not ${first ? 'finish its first sync' : 'apply the latest change'} within ${Math.round(timeoutMs / 1000)} s (${lastError}); its last lines:\n${this.tail.slice(-10).join('\n')}`);
      await sleep(first ? 100 : 40);
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const proc = this.proc;
    if (!proc || proc.done) return;
    proc.signal('SIGTERM');
    const t = setTimeout(() => proc.signalGroup('SIGKILL'), 3000);
    await proc.exited;
    clearTimeout(t);
  }

  status(): KubeProxyStatus {
    const c = this.config;
    return {
      node: this.node.name,
      pid: this.proc?.pid ?? 0,
      running: this.running,
      mode: c?.mode ?? '-',
      config: c?.summary ?? '-',
      metrics: c ? `${this.node.ip}:${c.metricsPort}` : '-',
      healthz: c ? `${this.node.ip}:${c.healthzPort}` : '-',
      log: join(this.dir, 'kube-proxy.log'),
    };
  }
}
