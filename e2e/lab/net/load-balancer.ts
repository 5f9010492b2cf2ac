// A passthrough load balancer on the outside network: it owns the LoadBalancer services' IPs
// (203.0.113.x from its pool) and DNATs to node:NodePort without touching the client address;
// the router sends the replies back through it (topology.ts). Like cloud LBs it health-checks
// nodes: healthCheckNodePort for Local services (200 only where endpoints are), kube-proxy's
// /healthz on 10256 for Cluster ones (fact sheet §1, §4).
import { get as httpGet } from 'node:http';
import type { KObject } from '../data-plane';
import { probability } from '../kube-proxy/render';
import { OUTSIDE_NETWORK, cidrSize, expandPool, nthAddress } from './addresses';
import type { CommandRunner } from './exec';
import type { LoadBalancerSettings } from './settings';
import type { NodePlan, OutsidePlan } from './topology';

export interface LbListener {
  service: string;
  ip: string;
  port: number;
  protocol: string;
  nodePort: number;
  /** healthCheckNodePort for Local services, 0 for Cluster ones (checked on 10256/healthz) */
  healthCheckNodePort: number;
}

export interface LbBackendState extends LbListener {
  backends: { node: string; ip: string }[];
}

/** Listeners for LoadBalancer services whose ingress IP is one of ours. */
export function lbListeners(services: KObject[], pool: Set<string>): LbListener[] {
  const out: LbListener[] = [];
  for (const svc of services) {
    if (svc.spec?.type !== 'LoadBalancer') continue;
    const ns = svc.metadata.namespace ?? 'default';
    const local = svc.spec?.externalTrafficPolicy === 'Local';
    for (const ing of (svc.status?.loadBalancer?.ingress ?? []) as { ip?: string }[]) {
      if (!ing.ip || !pool.has(ing.ip)) continue;
      for (const p of (svc.spec?.ports ?? []) as { name?: string; port: number; nodePort?: number; protocol?: string }[]) {
        if (!p.nodePort) continue;
        out.push({
          service: `${ns}/${svc.metadata.name}${p.name ? `:${p.name}` : ''}`,
          ip: ing.ip,
          port: p.port,
          protocol: (p.protocol ?? 'TCP').toLowerCase(),
          nodePort: p.nodePort,
          healthCheckNodePort: local ? Number(svc.spec?.healthCheckNodePort ?? 0) : 0,
        });
      }
    }
  }
  return out;
}

/** The LB's whole nat/filter state (it owns its namespace, so a full restore is fine). */
export function renderLbRules(states: LbBackendState[]): string {
  const nat = ['*nat', ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]'];
  const filter = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]'];
  for (const s of states) {
    const match = `-d ${s.ip}/32 -p ${s.protocol} -m ${s.protocol} --dport ${s.port}`;
    if (s.backends.length === 0) {
      // No healthy node: silence, as an LB with an empty target group (a timeout, not a refusal).
      filter.push(`-A INPUT ${match} -m comment --comment "${s.service} has no healthy nodes" -j DROP`);
      continue;
    }
    s.backends.forEach((b, i) => {
      const n = s.backends.length;
      const stat = i < n - 1 ? ` -m statistic --mode random --probability ${probability(n - i)}` : '';
      nat.push(`-A PREROUTING ${match} -m comment --comment "${s.service} -> ${b.node}"${stat} -j DNAT --to-destination ${b.ip}:${s.nodePort}`);
    });
  }
  return [...nat, 'COMMIT', ...filter, 'COMMIT', ''].join('\n');
}

export type HealthCheck = (ip: string, port: number, path: string) => Promise<boolean>;

export const httpHealthCheck: HealthCheck = (ip, port, path) =>
  new Promise((resolve) => {
    const req = httpGet({ host: ip, port, path, timeout: 800, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });

export class LoadBalancerHost {
  private listeners: LbListener[] = [];
  private applied = '';
  private addresses = new Set<string>();
  private states: LbBackendState[] = [];
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  readonly pool: string[];

  constructor(
    readonly host: OutsidePlan,
    private readonly nodes: NodePlan[],
    private readonly settings: LoadBalancerSettings,
    private readonly commands: CommandRunner,
    private readonly log: (line: string) => void,
    reserved: string[],
    private readonly check: HealthCheck = httpHealthCheck,
    /** The host's link into the lab: each LB address gets a host route through it. */
    private readonly hostLink: string | null = null,
  ) {
    const all = settings.pool ? expandPool(settings.pool) : Array.from({ length: cidrSize(OUTSIDE_NETWORK) - 2 }, (_, i) => nthAddress(OUTSIDE_NETWORK, i + 1));
    const skip = new Set([...reserved, host.address]);
    this.pool = all.filter((ip) => !skip.has(ip));
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.settings.healthCheckIntervalMs);
  }

  /** New Services: reprogram right away. */
  async update(services: KObject[]): Promise<void> {
    this.listeners = lbListeners(services, new Set(this.pool));
    await this.tick();
  }

  state(): LbBackendState[] {
    return this.states;
  }

  private tick(): Promise<void> {
    // one check round at a time; a caller waiting for fresh state gets the next round
    const next = (this.running ?? Promise.resolve()).then(() => this.round());
    this.running = next.catch((err) => this.log(`load balancer: ${(err as Error).message}`));
    return this.running;
  }

  private async round(): Promise<void> {
    if (this.stopped) return;
    const listeners = this.listeners;
    const states = await Promise.all(
      listeners.map(async (l): Promise<LbBackendState> => {
        const healthy = await Promise.all(this.nodes.map((n) => (l.healthCheckNodePort ? this.check(n.ip, l.healthCheckNodePort, '/') : this.check(n.ip, 10256, '/healthz'))));
        return { ...l, backends: this.nodes.filter((_, i) => healthy[i]).map((n) => ({ node: n.name, ip: n.ip })) };
      }),
    );
    if (this.stopped) return;
    const ns = this.host.netns;
    const wanted = new Set(states.map((s) => s.ip));
    for (const ip of wanted) {
      if (this.addresses.has(ip)) continue;
      await this.commands.run(['ip', '-n', ns, 'addr', 'add', `${ip}/32`, 'dev', 'eth0']);
      if (this.hostLink) await this.commands.run(['ip', 'route', 'replace', `${ip}/32`, 'dev', this.hostLink]);
    }
    for (const ip of this.addresses) {
      if (wanted.has(ip)) continue;
      await this.commands.run(['ip', '-n', ns, 'addr', 'del', `${ip}/32`, 'dev', 'eth0'], { allowFailure: true });
      if (this.hostLink) await this.commands.run(['ip', 'route', 'del', `${ip}/32`, 'dev', this.hostLink], { allowFailure: true });
    }
    this.addresses = wanted;
    const rules = renderLbRules(states);
    if (rules !== this.applied) {
      await this.commands.run(['ip', 'netns', 'exec', ns, 'iptables-restore'], { input: rules });
      this.applied = rules;
      for (const s of states) this.log(`load balancer: ${s.ip}:${s.port} (${s.service}) → ${s.backends.map((b) => b.node).join(', ') || 'no healthy node'}`);
    }
    this.states = states;
  }

  /** An address of the pool for a new LoadBalancer service (what the control plane should write to its status). */
  allocate(inUse: Iterable<string>): string | undefined {
    const taken = new Set(inUse);
    return this.pool.find((ip) => !taken.has(ip));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
