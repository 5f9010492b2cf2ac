// Outside relays: Debian nginx on an outside host forwarding to node:NodePort, as L4 (`stream`,
// a new TCP connection, optionally with PROXY protocol) or L7 (`http`, optionally adding
// X-Forwarded-For) — the "public server forwards to the internal nginx" of the original report
// (fact sheet §4). The config renderer is pure; RelayHost runs it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KObject } from '../data-plane';
import { inNetns, type ProcessLauncher, type RunningProcess } from './exec';
import { STREAM_MODULE } from './images';
import type { RelaySettings } from './settings';

export interface ResolvedTarget {
  ip: string;
  port: number;
}

/** The NodePort a relay targets: fixed, or looked up on its Service. */
export function resolveRelayTarget(relay: RelaySettings, nodeIP: string | undefined, services: KObject[]): ResolvedTarget | undefined {
  if (!nodeIP) return undefined;
  if (relay.target.nodePort) return { ip: nodeIP, port: relay.target.nodePort };
  const [ns, name] = relay.target.service?.includes('/') ? relay.target.service.split('/') : ['default', relay.target.service];
  const svc = services.find((s) => s.metadata.name === name && (s.metadata.namespace ?? 'default') === ns);
  const ports = (svc?.spec?.ports ?? []) as { name?: string; port: number; nodePort?: number }[];
  const want = relay.target.servicePort;
  const port = want === undefined ? ports[0] : ports.find((p) => p.name === want || p.port === want);
  return port?.nodePort ? { ip: nodeIP, port: port.nodePort } : undefined;
}

export function renderRelayConfig(relays: RelaySettings[], targets: Map<string, ResolvedTarget | undefined>, dir: string): string {
  const l4 = relays.filter((r) => r.mode === 'l4');
  const l7 = relays.filter((r) => r.mode === 'l7');
  const lines: string[] = [];
  if (l4.length) lines.push(`load_module ${STREAM_MODULE};`);
  lines.push('user root;', 'worker_processes 1;', `pid ${dir}/nginx.pid;`, 'error_log stderr notice;', 'events { worker_connections 256; }');
  const unresolved = (r: RelaySettings) => `    # ${r.name}: target ${r.target.service ?? ''} has no NodePort yet`;
  if (l4.length) {
    lines.push('stream {');
    for (const r of l4) {
      const t = targets.get(r.name);
      if (!t) {
        lines.push(unresolved(r));
        continue;
      }
      lines.push('    server {', `        # relay ${r.name}: L4, a new TCP connection to the node`, `        listen ${r.address}:${r.port};`, `        proxy_pass ${t.ip}:${t.port};`, '        proxy_connect_timeout 3s;');
      if (r.proxyProtocol) lines.push('        proxy_protocol on;');
      lines.push('    }');
    }
    lines.push('}');
  }
  if (l7.length) {
    lines.push('http {', '    access_log off;', `    client_body_temp_path ${dir}/body;`, `    proxy_temp_path ${dir}/proxy;`);
    for (const r of l7) {
      const t = targets.get(r.name);
      if (!t) {
        lines.push(unresolved(r));
        continue;
      }
      lines.push('    server {', `        # relay ${r.name}: L7 http proxy`, `        listen ${r.address}:${r.port};`, '        location / {', `            proxy_pass http://${t.ip}:${t.port};`, '            proxy_set_header Host $host;', '            proxy_connect_timeout 3s;');
      if (r.xForwardedFor) lines.push('            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;', '            proxy_set_header X-Real-IP $remote_addr;');
      lines.push('        }', '    }');
    }
    lines.push('}');
  }
  return lines.join('\n') + '\n';
}

/** One outside host's nginx: started in its netns, reloaded (SIGHUP) when its config changes. */
export class RelayHost {
  private proc?: RunningProcess;
  private current = '';

  constructor(
    readonly netns: string,
    readonly relays: RelaySettings[],
    private readonly dir: string,
    private readonly launcher: ProcessLauncher,
    private readonly log: (line: string) => void,
  ) {}

  async apply(targets: Map<string, ResolvedTarget | undefined>): Promise<void> {
    const conf = renderRelayConfig(this.relays, targets, this.dir);
    if (conf === this.current && this.proc && !this.proc.done) return;
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(join(this.dir, 'nginx.conf'), conf);
    this.current = conf;
    if (this.proc && !this.proc.done) {
      this.proc.signal('SIGHUP');
      await new Promise((r) => setTimeout(r, 200)); // new workers take over the listeners
      return;
    }
    const proc = this.launcher.start(inNetns(this.netns, ['nginx', '-p', this.dir, '-e', 'stderr', '-c', join(this.dir, 'nginx.conf'), '-g', 'daemon off;']), {
      onStderr: (c) => this.log(`relay ${this.relays.map((r) => r.name).join(',')}: ${c.trimEnd()}`),
    });
    this.proc = proc;
    // nginx has bound its listeners once it logs nothing fatal for a moment; fail fast otherwise.
    const early = await Promise.race([proc.exited.then((e) => e), new Promise<undefined>((r) => setTimeout(() => r(undefined), 300))]);
    if (early) throw new Error(`relay nginx in ${this.netns} exited (${early.code ?? early.signal}); see the lab log`);
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.done) return;
    proc.signal('SIGQUIT');
    const t = setTimeout(() => proc.signalGroup('SIGKILL'), 2000);
    await proc.exited;
    clearTimeout(t);
    proc.signalGroup('SIGKILL');
  }
}
