// NetnsDataPlane: the lab's real data plane (issue 4) behind the seam in ../data-plane.ts.
// Nodes and pods are network namespaces, kube-proxy's rules are rendered (../kube-proxy) and
// applied with iptables-restore on every node, relays / a load balancer / an ingress stand-in
// run on the outside network. See README.md for the settings and the layout.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataPlane, DataPlaneApiAccess, DataPlaneContext, KObject, PodStatusSink } from '../data-plane';
import { processStartTime } from '../runs/registry';
import { kubeProxyBinary } from '../upstream/kube-proxy-binary';
import { renderNodeProxyConfig } from '../upstream/kube-proxy-config';
import { UpstreamKubeProxy, type KubeProxyStatus } from '../upstream/kube-proxy-runner';
import { serviceHealthResponse } from '../kube-proxy/healthcheck';
import { effectiveProxyConfig, localDetectorFor } from '../kube-proxy/config';
import { renderJumpRules, renderProxyRules } from '../kube-proxy/render';
import { NodeAgent } from './agent-client';
import { CommandError, SYSTEM_PATH, SystemCommands, SystemProcesses, tryKill, type CommandRunner, type ProcessLauncher } from './exec';
import { acquireHostLock } from './host-lock';
import { controllerOptions, renderIngressNginxConfig } from './ingress-nginx';
import { Ipam } from './ipam';
import { LoadBalancerHost, type LbBackendState } from './load-balancer';
import { RUN_DIR_MARKER, assertPrefix, netnsNames, podKeyOf, podVethName, shortHash } from './names';
import { PodRunner } from './pod-runner';
import { RelayHost, resolveRelayTarget, type ResolvedTarget } from './relays';
import { sandboxCommands } from './sandbox';
import { STANDALONE_STATE_SUFFIX, findLeftovers, sweepLeftovers } from './sweep';
import { DEFAULT_CLUSTER_CIDR, parseSettings, type DataPlaneSettings } from './settings';
import { faultChainRules, faultRules, hostCommands, labCommands, namespacesOf, planTopology, routerRules, type NodePlan, type TopologyPlan } from './topology';

export interface NetnsDataPlaneOptions {
  /** Settings merged over ctx.settings (handy for tests and the CLI). */
  settings?: Record<string, unknown>;
  /** Clean up synchronously if the process exits without stop() (default true). */
  cleanupOnExit?: boolean;
  /** Stop on SIGINT/SIGTERM, then re-raise (default false: the lab CLI owns its signals). */
  handleSignals?: boolean;
  /** How long to wait for another run's data plane to finish (default 600 s). */
  hostLockTimeoutMs?: number;
  /**
   * Take the host-wide lock (default true). Tests that SIGKILL a data plane hold the lock for
   * it (env SNATSCOPE_LAB_NET_LOCK_HELD=1 in the child) so no other run sweeps it meanwhile.
   */
  hostLock?: boolean;
  commands?: CommandRunner;
  launcher?: ProcessLauncher;
}

export interface LabNetworkInfo {
  prefix: string;
  mode: DataPlaneSettings['mode'];
  runDir: string;
  host: { link: string; address: string };
  router: { netns: string; nodeAddress: string; outsideAddress: string };
  nodes: { name: string; netns: string; ip: string; podCIDR: string; gateway: string; vtep?: string; forwarding: boolean }[];
  pods: { namespace: string; name: string; node: string; netns: string; ip: string; hostNetwork: boolean }[];
  relays: { name: string; address: string; port: number; mode: 'l4' | 'l7'; netns: string; target?: ResolvedTarget }[];
  loadBalancer?: { address: string; netns: string; listeners: LbBackendState[] };
  /** Upstream kube-proxy per node (settings.kubeProxy = upstream). */
  kubeProxy: { implementation: DataPlaneSettings['kubeProxy']; nodes: KubeProxyStatus[] };
}

interface PodEntry {
  runner: PodRunner;
  node: NodePlan;
  pod: KObject;
  hostNetwork: boolean;
}

export class NetnsDataPlane implements DataPlane {
  private ctx?: DataPlaneContext;
  private settings?: DataPlaneSettings;
  private plan?: TopologyPlan;
  private runDir = '';
  private proxySummary = '';
  private ownStateDir?: string;
  private readonly commands: CommandRunner;
  private readonly launcher: ProcessLauncher;
  private releaseLock?: () => void;
  private readonly created = { netns: [] as string[], hostLink: '' };
  private readonly agents = new Map<string, NodeAgent>();
  private readonly ipams = new Map<string, Ipam>();
  private readonly natChains = new Map<string, Set<string>>();
  private readonly forwarding = new Map<string, boolean>();
  private readonly pods = new Map<string, PodEntry>();
  private relays: RelayHost[] = [];
  private kubeProxyBin = '';
  private apiAccess?: { server: string; caPem: string; token: string };
  private readonly proxies = new Map<string, UpstreamKubeProxy>();
  private relayTargets = new Map<string, ResolvedTarget | undefined>();
  private lb?: LoadBalancerHost;
  private services: KObject[] = [];
  private slices: KObject[] = [];
  private ingresses?: KObject[];
  private ingressClasses: KObject[] = [];
  private syncing?: Promise<void>;
  private dirty = false;
  private stopping?: Promise<void>;
  private exitHook?: () => void;
  private signalHooks: [NodeJS.Signals, () => void][] = [];

  constructor(private readonly opts: NetnsDataPlaneOptions = {}) {
    this.commands = opts.commands ?? new SystemCommands(process.env.LAB_NET_TRACE ? (l) => this.log(l) : undefined);
    this.launcher = opts.launcher ?? new SystemProcesses();
  }

  private log(line: string): void {
    this.ctx?.log(`[net] ${line}`);
  }

  private get p(): TopologyPlan {
    if (!this.plan) throw new Error('the data plane is not started');
    return this.plan;
  }

  async start(ctx: DataPlaneContext): Promise<void> {
    if (this.ctx) throw new Error('NetnsDataPlane.start() was already called');
    const prefix = ctx.prefix ?? ctx.runId;
    assertPrefix(prefix);
    this.ctx = ctx;
    if (process.getuid?.() !== 0) throw new Error('the netns data plane needs root (network namespaces, iptables)');
    const settings = parseSettings({ ...ctx.settings, ...this.opts.settings });
    this.settings = settings;
    const plan = planTopology(prefix, ctx.nodes, settings);
    // Built once per release, before taking the host lock (the first build takes minutes).
    if (settings.kubeProxy === 'upstream') this.kubeProxyBin = await kubeProxyBinary((l) => this.log(l));
    const lockHeldForUs = this.opts.hostLock === false || process.env.SNATSCOPE_LAB_NET_LOCK_HELD === '1';
    if (!lockHeldForUs) this.releaseLock = await acquireHostLock(prefix, { timeoutMs: this.opts.hostLockTimeoutMs, log: (l) => this.log(l) });
    this.installExitHooks();
    this.plan = plan;
    try {
      // We hold the host lock, so no other data plane is alive: lab networking still on the host
      // belongs to a run that died without cleaning up. Remove it rather than fail.
      const family = /^sslab-/.test(prefix) ? 'sslab-' : prefix;
      const stale = findLeftovers({ prefix: family, loose: true });
      if (stale.netns.length || stale.links.length) {
        const swept = sweepLeftovers({ prefix: family, loose: true });
        this.log(`removed leftovers of dead runs: ${[...swept.netns, ...swept.links].join(', ')}${swept.errors.length ? ` (errors: ${swept.errors.join('; ')})` : ''}`);
      }
      await this.preflight(plan);
      // Without the lab (tests), a state dir of our own that sweep finds by its name.
      this.ownStateDir = ctx.stateDir ? undefined : join(tmpdir(), `${prefix}${STANDALONE_STATE_SUFFIX}`);
      this.runDir = join(ctx.stateDir ?? (this.ownStateDir as string), 'net');
      mkdirSync(this.runDir, { recursive: true, mode: 0o755 });
      writeFileSync(join(this.runDir, RUN_DIR_MARKER), `${prefix}\n`);
      for (const ns of namespacesOf(plan)) {
        this.trackNetns(ns);
        await this.commands.run(['ip', 'netns', 'add', ns]);
      }
      for (const cmd of labCommands(plan)) await this.commands.run(cmd);
      this.created.hostLink = plan.host.link;
      ctx.track?.('link', plan.host.link, { alias: plan.host.alias });
      for (const cmd of hostCommands(plan)) await this.commands.run(cmd);
      await this.commands.run(['ip', 'netns', 'exec', plan.router.netns, 'iptables-restore'], { input: routerRules(plan) });
      for (const node of plan.nodes) {
        this.ipams.set(node.name, new Ipam(node.podCIDR));
        const restore = (input: string) => this.commands.run(['ip', 'netns', 'exec', node.netns, 'iptables-restore', '--noflush'], { input });
        if (settings.kubeProxy === 'lab') await restore(renderJumpRules({ localhostNodePorts: settings.localhostNodePorts }));
        await restore(faultChainRules());
        const forwarding = !settings.stopForwarding.includes(node.name);
        this.forwarding.set(node.name, forwarding);
        await restore(faultRules(!forwarding));
      }
      mkdirSync(join(this.runDir, 'agents'), { recursive: true });
      await Promise.all(
        plan.nodes.map(async (node) => {
          const agent = new NodeAgent(node.netns, join(this.runDir, 'agents', `${shortHash(node.name)}.sock`), this.launcher, (l) => this.log(l), settings.kubeProxy === 'lab');
          this.agents.set(node.name, agent);
          await agent.start();
        }),
      );
      if (plan.loadBalancer && settings.loadBalancer) {
        const reserved = [settings.hostAddress, settings.routerAddress, ...settings.relays.map((r) => r.address)];
        this.lb = new LoadBalancerHost(plan.loadBalancer, plan.nodes, settings.loadBalancer, this.commands, (l) => this.log(l), reserved, undefined, plan.host.link);
        this.lb.start();
      }
      for (const host of plan.outside) {
        const relays = settings.relays.filter((r) => r.address === host.address);
        this.relays.push(new RelayHost(host.netns, relays, join(this.runDir, 'relays', host.name), this.launcher, (l) => this.log(l)));
      }
      await this.applyAll();
      this.log(`up: ${plan.nodes.length} node(s) in ${plan.mode} mode, kube-proxy ${settings.kubeProxy}; host ${plan.host.address} on ${plan.host.link}, route ${'198.18.0.0/15'} via ${plan.router.outsideAddress}`);
    } catch (err) {
      await this.stop().catch((e) => this.log(`cleanup after failed start: ${(e as Error).message}`));
      throw err;
    }
  }

  /**
   * The API serves: upstream kube-proxy starts in every node (lab kube-proxy: nothing to do). It
   * reaches the API on the host's lab address, as a node reaches its apiserver.
   */
  async apiReady(access: DataPlaneApiAccess): Promise<void> {
    const settings = this.settings as DataPlaneSettings;
    if (settings.kubeProxy !== 'upstream' || this.apiAccess) return;
    const server = await access.expose(settings.hostAddress);
    this.apiAccess = { server, caPem: access.caPem, token: access.nodeProxierToken };
    this.log(`kube-proxy: upstream (${this.kubeProxyBin}), API at ${server}`);
    await this.requestSync();
  }

  private async syncUpstreamProxies(): Promise<void> {
    const access = this.apiAccess;
    if (!access) return; // not yet: apiReady starts them
    const settings = this.settings as DataPlaneSettings;
    const cm = this.ctx?.get('configmaps', 'kube-system', 'kube-proxy') as { data?: Record<string, string> } | undefined;
    await Promise.all(
      this.p.nodes.map(async (node) => {
        let proxy = this.proxies.get(node.name);
        if (!proxy) {
          proxy = new UpstreamKubeProxy({ name: node.name, netns: node.netns, ip: node.ip }, this.runDir, this.launcher, (l) => this.log(l), (pid) => this.ctx?.track?.('pid', String(pid), { start: processStartTime(pid), what: `kube-proxy ${node.name}` }));
          this.proxies.set(node.name, proxy);
        }
        const config = renderNodeProxyConfig({
          configConf: cm ? (cm.data?.['config.conf'] ?? '') : undefined,
          nodeName: node.name,
          nodeIP: node.ip,
          kubeconfigPath: join(proxy.dir, 'kubeconfig'),
          overrides: { clusterCIDR: settings.clusterCIDR, masqueradeAll: settings.masqueradeAll, localDetector: settings.localDetector },
          defaultClusterCIDR: DEFAULT_CLUSTER_CIDR,
        });
        // IPVS needs the kernel's ip_vs (CONFIG_IP_VS), which the lab's machines lack: say so
        // instead of letting kube-proxy fail on it.
        if (config.mode === 'ipvs' && !existsSync('/proc/net/ip_vs')) throw new Error('kube-system/kube-proxy ConfigMap: mode ipvs needs the kernel\'s IPVS (ip_vs, CONFIG_IP_VS), which this machine\'s kernel does not have; use iptables or nftables');
        // A changed ConfigMap takes effect as on a cluster: kube-proxy restarts with it (a
        // DaemonSet rollout); the new mode's proxier removes the other mode's rules at start.
        if (proxy.running && proxy.renderedYaml === config.yaml) return proxy.waitSynced();
        if (proxy.running) {
          this.log(`kube-proxy ${node.name}: configuration changed, restarting`);
          await proxy.stop();
        }
        await proxy.start(this.kubeProxyBin, config, access);
      }),
    );
  }

  /** Refuse to start on top of a previous run's leftovers instead of half-breaking both. */
  private async preflight(plan: TopologyPlan): Promise<void> {
    const route = await this.commands.run(['ip', '-j', 'route', 'show', 'match', '198.18.0.1'], { allowFailure: true });
    const addrs = await this.commands.run(['ip', '-j', '-4', 'addr', 'show'], { allowFailure: true });
    const busy: string[] = [];
    try {
      for (const r of JSON.parse(route.stdout || '[]') as { dst: string; dev?: string }[]) if (r.dst !== 'default') busy.push(`route ${r.dst} dev ${r.dev ?? '?'}`);
      for (const l of JSON.parse(addrs.stdout || '[]') as { ifname: string; addr_info?: { local: string }[] }[]) {
        for (const a of l.addr_info ?? []) if (a.local.startsWith('203.0.113.') || a.local.startsWith('198.18.') || a.local.startsWith('198.19.')) busy.push(`${a.local} on ${l.ifname}`);
      }
    } catch {
      // unparsable output: let the setup commands report conflicts
    }
    const existing = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8', env: { PATH: SYSTEM_PATH } }).stdout ?? '';
    for (const ns of namespacesOf(plan)) if (existing.split('\n').some((l) => l.split(' ')[0] === ns)) busy.push(`netns ${ns}`);
    if (busy.length) throw new Error(`the host already has lab networking (${busy.join(', ')}); a crashed run? \`lab sweep\` removes it`);
  }

  // ------------------------------------------------------------------ pods

  async runPod(pod: KObject, status: PodStatusSink): Promise<void> {
    const plan = this.p;
    const settings = this.settings as DataPlaneSettings;
    const key = podKeyOf(pod);
    if (this.pods.has(key)) return;
    const node = plan.nodes.find((n) => n.name === pod.spec?.nodeName);
    if (!node) {
      this.log(`pod ${pod.metadata.namespace}/${pod.metadata.name}: node ${String(pod.spec?.nodeName)} is not part of the lab`);
      return;
    }
    const hostNetwork = pod.spec?.hostNetwork === true;
    const podNetns = hostNetwork ? node.netns : netnsNames.pod(plan.prefix, key);
    const podDir = join(this.runDir, 'pods', shortHash(key, 12));
    mkdirSync(podDir, { recursive: true });
    const ipam = this.ipams.get(node.name) as Ipam;
    const agent = this.agents.get(node.name) as NodeAgent;
    const sandbox = {
      create: async () => {
        if (hostNetwork) return { netns: node.netns, podIP: node.ip };
        const ip = ipam.allocate(key);
        this.trackNetns(podNetns);
        try {
          for (const cmd of sandboxCommands(node, podNetns, podVethName(key), ip, plan.mode)) await this.commands.run(cmd);
        } catch (err) {
          await this.destroyNetns(podNetns);
          ipam.release(key);
          throw err;
        }
        return { netns: podNetns, podIP: ip };
      },
      destroy: async () => {
        if (hostNetwork) return;
        const ip = ipam.ipOf(key);
        await this.destroyNetns(podNetns);
        // forget the pod's MAC on the node, so the address's next owner is reachable at once
        if (ip) await this.commands.run(['ip', '-n', node.netns, 'neigh', 'flush', 'to', ip], { allowFailure: true });
        ipam.release(key);
      },
    };
    const runner = new PodRunner(pod, status, {
      backoffBaseMs: settings.backoffBaseMs,
      errImagePullMs: settings.errImagePullMs,
      podDir,
      hostIP: node.ip,
      get: (r, ns, n) => this.ctx?.get(r, ns, n),
      launcher: this.launcher,
      commands: this.commands,
      sandbox,
      probe: (req) => agent.probe(req),
      ingressConfig: (p, args) => this.ingressConfig(p, args),
      log: (l) => this.log(l),
    });
    this.pods.set(key, { runner, node, pod, hostNetwork });
    await runner.start();
  }

  async stopPod(pod: KObject, gracePeriodSeconds: number): Promise<void> {
    const key = podKeyOf(pod);
    const entry = this.pods.get(key) ?? [...this.pods.values()].find((e) => e.pod.metadata.name === pod.metadata.name && e.pod.metadata.namespace === pod.metadata.namespace);
    if (!entry) return;
    await entry.runner.stop(gracePeriodSeconds);
    this.pods.delete(podKeyOf(entry.pod));
  }

  private async destroyNetns(netns: string): Promise<void> {
    const pids = await this.commands.run(['ip', 'netns', 'pids', netns], { allowFailure: true });
    for (const pid of pids.stdout.split(/\s+/).map(Number).filter((n) => n > 0)) tryKill(pid, 'SIGKILL');
    await this.commands.run(['ip', 'netns', 'del', netns], { allowFailure: true });
    this.created.netns = this.created.netns.filter((n) => n !== netns);
    this.ctx?.untrack?.('netns', netns);
  }

  private trackNetns(netns: string): void {
    this.created.netns.push(netns);
    this.ctx?.track?.('netns', netns);
  }

  // ------------------------------------------------------------------ services

  async syncServices(services: KObject[], endpointSlices: KObject[]): Promise<void> {
    this.services = services;
    this.slices = endpointSlices;
    return this.requestSync();
  }

  /** Ingresses (and IngressClasses) changed: re-render the ingress controller stand-ins. */
  async syncIngresses(ingresses: KObject[], ingressClasses: KObject[] = []): Promise<void> {
    this.ingresses = ingresses;
    this.ingressClasses = ingressClasses;
    return this.requestSync();
  }

  private requestSync(): Promise<void> {
    this.dirty = true;
    if (!this.syncing) {
      this.syncing = (async () => {
        while (this.dirty && !this.stopping) {
          this.dirty = false;
          await this.applyAll();
        }
      })().finally(() => (this.syncing = undefined));
    }
    return this.syncing;
  }

  private async applyAll(): Promise<void> {
    const plan = this.p;
    const settings = this.settings as DataPlaneSettings;
    if (settings.kubeProxy === 'upstream') await this.syncUpstreamProxies();
    else await this.applyLabRules();
    this.relayTargets = new Map(settings.relays.map((r) => [r.name, resolveRelayTarget(r, plan.nodes.find((n) => n.name === r.target.node)?.ip, this.services)]));
    for (const relay of this.relays) await relay.apply(this.relayTargets);
    await this.lb?.update(this.services);
    for (const entry of this.pods.values()) if (entry.runner.isIngressController) entry.runner.refreshIngress();
  }

  /** The lab's own rendering of kube-proxy's iptables rules (settings.kubeProxy = lab). */
  private async applyLabRules(): Promise<void> {
    const plan = this.p;
    const settings = this.settings as DataPlaneSettings;
    const proxy = effectiveProxyConfig(settings, this.ctx?.get('configmaps', 'kube-system', 'kube-proxy'), DEFAULT_CLUSTER_CIDR);
    const summary = `masqueradeAll=${proxy.masqueradeAll} detectLocalMode=${proxy.detectLocalMode} clusterCIDR=${proxy.clusterCIDR ?? '-'} (from ${proxy.source})`;
    if (summary !== this.proxySummary) this.log(`kube-proxy: ${summary}`);
    this.proxySummary = summary;
    await Promise.all(
      plan.nodes.map(async (node) => {
        const rendered = renderProxyRules({
          node: {
            nodeName: node.name,
            nodeIPs: [node.ip],
            localDetector: localDetectorFor(proxy, node.podCIDR),
            masqueradeAll: proxy.masqueradeAll,
            masqueradeBit: proxy.masqueradeBit,
            localhostNodePorts: settings.localhostNodePorts,
          },
          services: this.services,
          endpointSlices: this.slices,
          previousNatChains: this.natChains.get(node.name),
        });
        try {
          await this.commands.run(['ip', 'netns', 'exec', node.netns, 'iptables-restore', '--noflush'], { input: rendered.text });
        } catch (err) {
          this.log(`kube-proxy on ${node.name}: iptables-restore failed: ${err instanceof CommandError ? err.result.stderr.trim() : (err as Error).message}`);
          throw err;
        }
        this.natChains.set(node.name, rendered.natChains);
        const errors = await this.agents.get(node.name)?.syncHealth(rendered.healthChecks.map((h) => ({ port: h.port, ...serviceHealthResponse(h) })));
        for (const e of errors ?? []) this.log(`kube-proxy health check on ${node.name}: ${e}`);
      }),
    );
  }

  private ingressConfig(pod: KObject, args: string[]): string {
    const ns = pod.metadata.namespace ?? 'default';
    const options = controllerOptions(args, ns);
    const cm = options.configMap ? this.ctx?.get('configmaps', options.configMap.namespace, options.configMap.name) : undefined;
    const list = (this.ctx as { list?: (resource: string) => KObject[] } | undefined)?.list;
    const ingresses = this.ingresses ?? list?.('ingresses') ?? [];
    const classes = this.ingresses ? this.ingressClasses : (list?.('ingressclasses') ?? []);
    return renderIngressNginxConfig({ options, ingresses, ingressClasses: classes, configMapData: (cm as { data?: Record<string, string> } | undefined)?.data, endpoints: (n, s, p) => this.readyEndpoints(n, s, p) });
  }

  private readyEndpoints(namespace: string, service: string, port: number | string): string[] {
    const svc = this.services.find((s) => s.metadata.name === service && (s.metadata.namespace ?? 'default') === namespace);
    const sp = ((svc?.spec?.ports ?? []) as { name?: string; port: number }[]).find((p) => p.port === port || p.name === port);
    if (!sp) return [];
    const out: string[] = [];
    for (const slice of this.slices) {
      if ((slice.metadata.namespace ?? 'default') !== namespace || slice.metadata.labels?.['kubernetes.io/service-name'] !== service) continue;
      const s = slice as { ports?: { name?: string; port?: number }[]; endpoints?: { addresses?: string[]; conditions?: { ready?: boolean } }[] };
      const num = s.ports?.find((p) => (p.name ?? '') === (sp.name ?? ''))?.port;
      if (!num) continue;
      for (const ep of s.endpoints ?? []) if (ep.conditions?.ready !== false && ep.addresses?.[0]) out.push(`${ep.addresses[0]}:${num}`);
    }
    return [...new Set(out)].sort();
  }

  // ------------------------------------------------------------------ faults and introspection

  /** Data-plane fault: the node stops (or resumes) forwarding. */
  async setForwarding(nodeName: string, enabled: boolean): Promise<void> {
    const node = this.p.nodes.find((n) => n.name === nodeName);
    if (!node) throw new Error(`no node ${nodeName} in the lab`);
    await this.commands.run(['ip', 'netns', 'exec', node.netns, 'iptables-restore', '--noflush'], { input: faultRules(!enabled) });
    this.forwarding.set(nodeName, enabled);
  }

  /** A free address of the LB's pool for a new LoadBalancer service, for its status. */
  allocateLoadBalancerIP(inUse: Iterable<string>): string | undefined {
    return this.lb?.allocate(inUse);
  }

  podNetns(pod: KObject): string | undefined {
    const e = this.pods.get(podKeyOf(pod));
    return e?.runner.namespaceName || undefined;
  }

  describe(): LabNetworkInfo {
    const plan = this.p;
    const settings = this.settings as DataPlaneSettings;
    return {
      prefix: plan.prefix,
      mode: plan.mode,
      runDir: this.runDir,
      host: { link: plan.host.link, address: plan.host.address },
      router: plan.router,
      nodes: plan.nodes.map((n) => ({ name: n.name, netns: n.netns, ip: n.ip, podCIDR: n.podCIDR, gateway: n.gateway, ...(plan.mode === 'vxlan' ? { vtep: n.vtep } : {}), forwarding: this.forwarding.get(n.name) ?? true })),
      pods: [...this.pods.values()].map((e) => ({ namespace: e.pod.metadata.namespace ?? 'default', name: e.pod.metadata.name, node: e.node.name, netns: e.runner.namespaceName, ip: e.runner.ip, hostNetwork: e.hostNetwork })),
      relays: settings.relays.map((r) => ({ name: r.name, address: r.address, port: r.port, mode: r.mode, netns: plan.outside.find((o) => o.address === r.address)?.netns ?? '', target: this.relayTargets.get(r.name) })),
      ...(plan.loadBalancer ? { loadBalancer: { address: plan.loadBalancer.address, netns: plan.loadBalancer.netns, listeners: this.lb?.state() ?? [] } } : {}),
      kubeProxy: { implementation: settings.kubeProxy, nodes: [...this.proxies.values()].map((p) => p.status()) },
    };
  }

  // ------------------------------------------------------------------ teardown

  stop(): Promise<void> {
    this.stopping ??= this.teardown();
    return this.stopping;
  }

  private async teardown(): Promise<void> {
    const errors: string[] = [];
    const attempt = async (what: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (err) {
        errors.push(`${what}: ${(err as Error).message}`);
      }
    };
    await this.syncing?.catch(() => undefined);
    await attempt('load balancer', async () => this.lb?.stop());
    await Promise.all(this.relays.map((r) => attempt('relay', () => r.stop())));
    await Promise.all([...this.pods.values()].map((e) => attempt(`pod ${e.pod.metadata.name}`, () => e.runner.stop(Math.min(2, Number(e.pod.spec?.terminationGracePeriodSeconds ?? 2))))));
    this.pods.clear();
    await Promise.all([...this.agents.values()].map((a) => attempt('node agent', () => a.stop())));
    await Promise.all([...this.proxies.values()].map((p) => attempt(`kube-proxy ${p.node.name}`, () => p.stop())));
    this.proxies.clear();
    for (const ns of [...this.created.netns].reverse()) await attempt(`netns ${ns}`, () => this.destroyNetns(ns));
    if (this.created.hostLink) {
      const link = this.created.hostLink;
      await attempt('host link', async () => {
        const r = await this.commands.run(['ip', 'link', 'del', link], { allowFailure: true });
        // deleting the router namespace already took the veth pair with it
        if (r.code !== 0 && !/Cannot find device/.test(r.stderr)) throw new Error(r.stderr.trim());
      });
      this.ctx?.untrack?.('link', link);
      this.created.hostLink = '';
    }
    if (this.runDir) rmSync(this.runDir, { recursive: true, force: true });
    if (this.ownStateDir) rmSync(this.ownStateDir, { recursive: true, force: true });
    this.removeExitHooks();
    this.releaseLock?.();
    if (errors.length) this.log(`teardown problems: ${errors.join('; ')}`);
  }

  private installExitHooks(): void {
    if (this.opts.cleanupOnExit !== false) {
      // Last resort when stop() never ran: synchronous, since nothing async finishes in 'exit'.
      this.exitHook = () => {
        for (const ns of this.created.netns) {
          const pids = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8', env: { PATH: SYSTEM_PATH } }).stdout ?? '';
          for (const pid of pids.split(/\s+/).map(Number).filter((n) => n > 0)) tryKill(pid, 'SIGKILL');
        }
        for (const ns of this.created.netns) spawnSync('ip', ['netns', 'del', ns], { env: { PATH: SYSTEM_PATH } });
        if (this.created.hostLink) spawnSync('ip', ['link', 'del', this.created.hostLink], { env: { PATH: SYSTEM_PATH } });
        if (this.runDir) rmSync(this.runDir, { recursive: true, force: true });
        if (this.ownStateDir) rmSync(this.ownStateDir, { recursive: true, force: true });
        this.releaseLock?.();
      };
      process.once('exit', this.exitHook);
    }
    if (this.opts.handleSignals) {
      for (const sig of ['SIGINT', 'SIGTERM'] as NodeJS.Signals[]) {
        const hook = () => {
          void this.stop().finally(() => {
            this.removeExitHooks();
            process.kill(process.pid, sig);
          });
        };
        process.once(sig, hook);
        this.signalHooks.push([sig, hook]);
      }
    }
  }

  private removeExitHooks(): void {
    if (this.exitHook) process.removeListener('exit', this.exitHook);
    this.exitHook = undefined;
    for (const [sig, hook] of this.signalHooks) process.removeListener(sig, hook);
    this.signalHooks = [];
  }
}
