// Wires the environment-neutral services behind the contract. Hosts (Electron main, the
// browser-mode bridge, tests) pass in the side effects and get handlers plus an event bus.
import { createEventBus, type EventBus } from './events/event-bus';
import { appInfo, type RuntimeFacts } from './app/app-info';
import type { Handlers } from './rpc/dispatcher';
import { withContextRelays, type SettingsStore } from './settings/settings-store';
import { contextsList } from './cluster/context-summary';
import { ContextsService } from './cluster/contexts-service';
import { ExecLogins } from './cluster/exec-logins';
import { watchFiles, type WatchFiles } from './cluster/file-watcher';
import type { Clock } from './ports/clock';
import { systemRouteAddress, type RouteAddress } from './ports/route-address';
import { followService } from './inspect/follow';
import { inspectService, readClusterInventory, readServiceInventory } from './inspect/inspect';
import { whatIfError } from './what-if/app-error';
import { previewWhatIf } from './what-if/what-if';
import { scanHazards } from './scan/scan';
import type { ClusterOverview, ServiceSummary } from '../contract';
import { AppError } from './rpc/app-error';
import { echoDesktopProber } from './probe/desktop-prober';
import { ProbeService } from './probe/probe-service';
import type { DesktopProber } from './probe/runner';
import { systemClock } from './ports/clock';
import { renderExports, renderReport } from './export/render';
import type { CjkFontCheck } from './export/fonts';
import type { Rasterize } from './export/png';
import { parseSession, sessionFromValue } from './export/session-file';
import type { SessionParser } from './export/session-thread';
import { homedir } from 'node:os';
import { requireConfirmation, type Confirm, type ConfirmRequest } from './security/confirm';
import { expandHome, hideHomeIn, isAbsolutePath } from './security/home-path';
import { execCommandsOf } from './security/kubeconfig-review';
import { retargetSession } from './probe/target-map';
import { predictionDocument } from './inspect/prediction-document';
import type { InspectResult } from './inspect/types';
import type { RelayDecl } from './prediction/types';

export interface ServiceDeps {
  runtime: RuntimeFacts;
  settings: SettingsStore;
  /** Environment and home used to find kubeconfig files (defaults: this process's). */
  env?: NodeJS.ProcessEnv;
  home?: string;
  /** Environment for exec credential plugins; the desktop app passes the login shell's. */
  execEnv?: () => Promise<Record<string, string>>;
  watch?: WatchFiles | null;
  clock?: Clock;
  /** The echo program shipped into probe namespaces (bundled text). */
  echoSource?: string;
  desktop?: DesktopProber;
  owner?: { user: string; host: string; pid: number };
  log?: (line: string) => void;
  /** The sample investigation shipped with the app (resources/sample/seed-session.json, as text). */
  sampleSession?: string;
  /** PNG rasterizer for exports (default: resvg). */
  rasterize?: Rasterize;
  /** Whether the PNG can draw CJK text (default: ask this machine's fontconfig). */
  cjkFonts?: CjkFontCheck;
  /** The local address toward an address (default: the routing table, nothing sent). */
  routeAddress?: RouteAddress;
  /** Opens session files the renderer sends (hosts: in a worker, session-thread.ts; default: here). */
  parseSessionText?: SessionParser;
  /**
   * Main-owned confirmation (Electron: a native dialog; browser mode: the terminal) for what a
   * compromised renderer must not do alone: add a kubeconfig, change the probe image, run a probe.
   * Hosts with a renderer always pass one; without (unit tests of other services), nothing is asked.
   */
  confirm?: Confirm;
}

export interface Services {
  handlers: Handlers;
  bus: EventBus;
  contexts: ContextsService;
  probes: ProbeService;
  dispose(): Promise<void>;
}

export function createServices(deps: ServiceDeps): Services {
  const bus = createEventBus();
  const clock = deps.clock ?? systemClock;
  const routeAddress = deps.routeAddress ?? systemRouteAddress;
  const logins = new ExecLogins((login) => bus.emit('contexts.login', login));
  const contexts = new ContextsService({
    interaction: (context) => logins.interaction(context),
    ...(deps.env ? { env: deps.env } : {}),
    ...(deps.home ? { home: deps.home } : {}),
    addedFiles: async () => (await deps.settings.get()).kubeconfigFiles,
    ...(deps.execEnv ? { execEnv: deps.execEnv } : {}),
    ...(deps.watch === null ? {} : { watch: deps.watch ?? watchFiles }),
    onChange: () => {
      void contexts.snapshot().then((s) => bus.emit('contexts.changed', hideHomeIn(contextsList(s), home)));
    },
  });
  const home = deps.home ?? homedir();
  // Paths reach the renderer with the home directory as `~` (security/home-path.ts).
  const listContexts = async () => hideHomeIn(contextsList(await contexts.snapshot()), home);
  const confirmed = async (request: ConfirmRequest) => {
    if (!deps.confirm) return;
    const language = (await deps.settings.get()).language;
    await requireConfirmation(deps.confirm, request, language === 'zh-CN' ? 'zh-CN' : 'en');
  };
  const probes = new ProbeService({
    contexts,
    bus,
    clock,
    owner: deps.owner ?? { user: 'unknown', host: 'unknown', pid: process.pid },
    echoSource: deps.echoSource ?? '',
    desktop: deps.desktop ?? echoDesktopProber(),
    app: { name: deps.runtime.name, version: deps.runtime.version },
    log: deps.log ?? (() => undefined),
  });
  const follows = new Map<string, { stop: () => void; relaysKey: string }>();
  const wantedRelays = new Map<string, string>();
  const connectFor = async (contextId: string) => contexts.connect(contextId);
  /** A prediction is an answer of its own: the renderer gets it as a document it can save and export. */
  const withDocument = (result: InspectResult, relays: RelayDecl[]): InspectResult => ({
    ...result,
    document: predictionDocument(result.inventory, { app: { name: deps.runtime.name, version: deps.runtime.version }, now: clock.now(), relays }, result.answers),
  });
  /** Cluster errors keep their classification; anything else is classified for this connection. */
  const classified = async <T>(contextId: string, work: (c: Awaited<ReturnType<typeof connectFor>>) => Promise<T>): Promise<T> => {
    const connection = await connectFor(contextId);
    try {
      return await work(connection);
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw connection.classify(e);
    }
  };
  const setFiles = async (files: string[]) => {
    await deps.settings.update({ kubeconfigFiles: files });
    contexts.invalidate();
    const list = await listContexts();
    bus.emit('contexts.changed', list);
    return list;
  };
  const handlers: Handlers = {
    'app.info': async () => appInfo(deps.runtime),
    'settings.get': async () => deps.settings.get(),
    'settings.set': async ({ contextRelays, ...patch }) => {
      // A new probe image runs on every node of every later probe: the user confirms it in main.
      if (patch.probeImage && patch.probeImage !== (await deps.settings.get()).probeImage) await confirmed({ kind: 'probe.image', image: patch.probeImage });
      const updated = await deps.settings.update((current) => ({
        ...patch,
        ...(contextRelays ? { relays: withContextRelays(current.relays, contextRelays.contextId, contextRelays.relays) } : {}),
      }));
      bus.emit('settings.changed', updated);
      return updated;
    },
    'contexts.list': listContexts,
    'contexts.cancelLogin': async ({ loginId }) => ({ cancelled: logins.cancel(loginId) }),
    'contexts.test': async ({ id }) => {
      const result = await contexts.test(id);
      // Remove what crashed runs left in this cluster, now that we know we can reach it.
      if (result.ok && deps.echoSource) probes.sweepInBackground(id);
      return { id, ok: result.ok, version: result.version, error: result.error ? result.error.toContract() : null, checkedAt: clock.now().toISOString() };
    },
    'contexts.addFile': async ({ path: named }) => {
      const path = expandHome(named, home);
      if (!isAbsolutePath(path)) {
        throw new AppError({
          code: 'kubeconfig.path',
          message: 'Give the kubeconfig file’s full path (starting with / or ~/).',
          localized: { 'zh-CN': { message: '请填写 kubeconfig 文件的完整路径（以 / 或 ~/ 开头）。' } },
        });
      }
      const files = (await deps.settings.get()).kubeconfigFiles;
      if (files.includes(path)) return listContexts();
      // Only a path the user confirmed in main joins the list that contexts.test connects with
      // (and whose exec plugins it runs).
      await confirmed({ kind: 'kubeconfig.add', path, execCommands: await execCommandsOf(path) });
      return setFiles([...files, path]);
    },
    'contexts.removeFile': async ({ path }) => setFiles((await deps.settings.get()).kubeconfigFiles.filter((f) => f !== expandHome(path, home))),
    'cluster.overview': ({ contextId }) =>
      classified(contextId, async (connection) => {
        const inventory = await readClusterInventory(connection);
        const hazards = scanHazards(inventory);
        const rank = { high: 3, medium: 2, low: 1 } as const;
        const byService = new Map<string, typeof hazards>();
        for (const h of hazards) {
          if (!h.service) continue;
          const key = `${h.service.namespace}/${h.service.name}`;
          byService.set(key, [...(byService.get(key) ?? []), h]);
        }
        // Services an Ingress routes to are reachable from outside too (the "exposed only" filter).
        const routed = new Set(inventory.ingresses.flatMap((i) => [i.defaultBackend, ...i.rules.flatMap((r) => r.paths.map((p) => p.backend))].filter((b) => b !== null).map((b) => `${i.namespace}/${b!.service}`)));
        const services: ServiceSummary[] = inventory.services.map((s) => {
          const hs = byService.get(`${s.namespace}/${s.name}`) ?? [];
          const worst = hs.reduce<ServiceSummary['hazard']>((w, h) => (w === null || rank[h.severity] > rank[w] ? h.severity : w), null);
          return {
            namespace: s.namespace,
            name: s.name,
            type: s.type,
            ports: s.ports.map((p) => ({ name: p.name, port: p.port, nodePort: p.nodePort, protocol: p.protocol })),
            externalTrafficPolicy: s.externalTrafficPolicy,
            internalTrafficPolicy: s.internalTrafficPolicy,
            hazard: worst,
            hazardRules: hs.map((h) => h.rule),
            ingress: routed.has(`${s.namespace}/${s.name}`),
          };
        });
        // This machine's address toward the nodes: the suggested source range for LoadBalancer
        // probing (behind NAT a cloud LB sees the public address instead; the app says so).
        const nodeIP = inventory.nodes.find((n) => n.ready && n.addresses.internalIPs.length)?.addresses.internalIPs[0];
        const local = nodeIP ? await routeAddress(nodeIP) : null;
        const desktopAddress = local && !/^(127\.|::1$)/.test(local) ? local : null;
        const overview: ClusterOverview = { services, hazards, proxyMode: inventory.proxy.mode, cni: inventory.cni.kind, nodes: inventory.nodes.length, scannedAt: clock.now().toISOString(), desktopAddress };
        return overview;
      }),
    'inspect.service': ({ contextId, namespace, name, relays }) => classified(contextId, async (connection) => withDocument(await inspectService(connection, { namespace, name }, { relays }), relays)),
    'inspect.whatIf': ({ contextId, namespace, name, relays, changes }) =>
      classified(contextId, async (connection) => {
        const r = previewWhatIf(await readServiceInventory(connection, { namespace, name }), { changes, relays: relays.map(({ listen: _listen, ...decl }) => decl) });
        if (!r.ok) throw whatIfError(r.error);
        return r.result;
      }),
    'inspect.follow': async ({ contextId, namespace, name, relays }) => {
      const key = `${contextId}/${namespace}/${name}`;
      // Following again with other relays (the user declared one) restarts with the new list.
      const relaysKey = JSON.stringify(relays);
      const current = follows.get(key);
      if (current?.relaysKey === relaysKey) return { following: true };
      wantedRelays.set(key, relaysKey);
      const connection = await connectFor(contextId);
      // A later follow of this service (other relays) overtook this one while connecting.
      if (wantedRelays.get(key) !== relaysKey) return { following: true };
      follows.get(key)?.stop();
      follows.set(key, {
        relaysKey,
        stop: followService(connection, { namespace, name }, {
          clock,
          relays,
          // The renderer asked inspect.service just before: only changes from here on.
          publishInitial: false,
          onResult: (result) => bus.emit('inspect.updated', { contextId, namespace, name, result: withDocument(result, relays), error: null }),
          onError: (e) => bus.emit('inspect.updated', { contextId, namespace, name, result: null, error: (e instanceof AppError ? e : connection.classify(e)).toContract() }),
        }),
      });
      return { following: true };
    },
    'inspect.unfollow': async ({ contextId, namespace, name }) => {
      const key = `${contextId}/${namespace}/${name}`;
      follows.get(key)?.stop();
      follows.delete(key);
      wantedRelays.delete(key);
      return { following: false };
    },
    'probe.plan': async (options) => {
      // The image and pull secrets from Settings (a registry mirror) unless the request names them.
      const s = await deps.settings.get();
      return probes.plan({
        ...options,
        ...(options.image === undefined && s.probeImage ? { image: s.probeImage } : {}),
        imagePullSecrets: options.imagePullSecrets.length ? options.imagePullSecrets : s.probeImagePullSecrets,
      });
    },
    'probe.run': async ({ runId }) => {
      const plan = probes.describe(runId);
      if (plan) {
        const name = (await contexts.snapshot()).contexts.find((c) => c.id === plan.context)?.name ?? plan.context;
        await confirmed({ kind: 'probe.run', ...plan, context: name });
      }
      return probes.run(runId);
    },
    'probe.cancel': async ({ runId }) => probes.cancel(runId),
    'probe.sweep': ({ contextId }) => probes.sweep(contextId),
    // Answers about the user's own service, rebuilt from the record (never a file's fixes verbatim).
    'session.parse': async ({ text }) => retargetSession(await (deps.parseSessionText ?? (async (t: string) => parseSession(t)))(text)),
    'session.sample': async () => {
      if (!deps.sampleSession) throw new AppError({ code: 'session.no-sample', message: 'This build of SNATScope has no sample investigation.' });
      return retargetSession(parseSession(deps.sampleSession));
    },
    'export.render': async ({ session, formats, locale, theme, redact, prefix }) =>
      renderExports(sessionFromValue(session), { formats, locale, theme, redact, prefix, ...(deps.rasterize ? { rasterize: deps.rasterize } : {}), ...(deps.cjkFonts ? { cjkFonts: deps.cjkFonts } : {}) }),
    'export.report': async ({ session, locale, redact }) => renderReport(sessionFromValue(session), { locale, redact }),
    // The Electron host replaces this with the window's printToPDF; a browser prints by itself.
    'export.pdf': async () => {
      throw new AppError({
        code: 'export.pdf-unavailable',
        message: 'Here the browser makes the PDF: use its print dialog and choose “Save as PDF”.',
        localized: { 'zh-CN': { message: '此模式下由浏览器生成 PDF：请在打印对话框中选择“另存为 PDF”。' } },
      });
    },
  };
  const dispose = async () => {
    for (const f of follows.values()) f.stop();
    follows.clear();
    await probes.shutdown();
    logins.cancelAll();
    contexts.close();
  };
  return { handlers, bus, contexts, probes, dispose };
}
