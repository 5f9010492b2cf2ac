// The investigation flow: context → services and hazards → one service's prediction (followed
// live) → probe. Components call these; these call the API and write the stores.
import type { Api, ConnectionStatus, InspectUpdate, ProbeRelay } from '../../../src-main/contract';
import { toContractError } from '../api/api-error';
import { useApi } from '../api/client';
import { useClustersStore } from '../stores/clusters';
import { useInspectionStore } from '../stores/inspection';
import { useProbeStore } from '../stores/probe';
import { useServicesStore, type ServiceKey } from '../stores/services';
import { useSettingsStore } from '../stores/settings';
import { useTopologyStore } from '../stores/topology';

const subscribed = new WeakSet<Api>();
// The latest prediction request wins: an older answer (other relays) arriving late is dropped.
let predictionSeq = 0;

export function useWorkflow() {
  const api = useApi();
  const clusters = useClustersStore();
  const services = useServicesStore();
  const inspection = useInspectionStore();
  const topology = useTopologyStore();
  const probe = useProbeStore();
  const settings = useSettingsStore();

  function subscribe() {
    if (subscribed.has(api)) return;
    subscribed.add(api);
    api.inspect.onUpdated((u: InspectUpdate) => {
      if (inspection.apply(u, u.result, u.error, Date.now()) && u.result) topology.setInspect(u.result);
    });
    api.probe.onProgress((p) => probe.progress(p));
    api.probe.onFinished((f) => {
      // Only a complete probe replaces the picture; a cancelled or failed one shows in the panel.
      if (probe.finished(f) && f.session && f.session.status === 'completed') topology.setSession(f.session);
    });
  }

  async function stopFollowing() {
    const t = inspection.target;
    if (!t || !inspection.following) return;
    inspection.following = false;
    await api.inspect.unfollow(t).catch(() => undefined);
  }

  async function loadOverview(contextId: string) {
    services.begin(contextId);
    try {
      services.loaded(contextId, await api.cluster.overview({ contextId }), settings.settings.lastNamespace);
    } catch (e) {
      services.failed(contextId, toContractError(e));
    }
  }

  async function forgetService() {
    await stopFollowing();
    inspection.clear();
    topology.reset();
    if (!probe.active) probe.reset();
  }

  /** Connect to a context (connection test), remember it, and read its services. */
  async function selectContext(id: string) {
    subscribe();
    if (services.contextId !== id) {
      await forgetService();
      // Relays belong to a cluster: the ones declared for this context last time come back.
      if (!probe.active) probe.choices.relays = settings.settings.relays[id] ?? [];
    }
    let status: ConnectionStatus | null;
    try {
      status = await clusters.select(id);
    } catch {
      status = null;
    }
    await settings.update({ lastContextId: id }).catch(() => undefined);
    if (status?.ok) await loadOverview(id);
    else services.clear();
  }

  /** Predict the selected service's paths (with the declared relays) and follow it for changes. */
  async function predict(target: ServiceKey & { contextId: string }) {
    const seq = ++predictionSeq;
    const request = { ...target, relays: probe.choices.relays };
    try {
      const result = await api.inspect.service(request);
      if (seq !== predictionSeq) return;
      if (inspection.apply(target, result, null, Date.now())) topology.setInspect(result);
    } catch (e) {
      if (seq === predictionSeq) inspection.apply(target, null, toContractError(e), Date.now());
      return;
    }
    try {
      const following = (await api.inspect.follow(request)).following;
      if (seq === predictionSeq && inspection.matches(target)) inspection.following = following;
    } catch {
      if (seq === predictionSeq) inspection.following = false;
    }
  }

  /** Predict one service's paths, follow it for changes, and remember its namespace. */
  async function selectService(key: ServiceKey) {
    subscribe();
    const contextId = services.contextId;
    if (!contextId) return;
    await forgetService();
    services.select(key);
    const target = { contextId, ...key };
    inspection.begin(target);
    void settings.update({ lastNamespace: key.namespace }).catch(() => undefined);
    await predict(target);
  }

  /**
   * The relays declared in the probe panel: saved for this context, and the open prediction is
   * redone with them, so the picture shows the relay's path before any probe runs.
   */
  async function setRelays(relays: ProbeRelay[]) {
    const before = new Set(probe.choices.relays.map((r) => r.name));
    probe.choices.relays = relays;
    const contextId = services.contextId;
    if (!contextId) return;
    const saved = settings.saveRelays(contextId, relays).catch(() => undefined); // kept for this window regardless
    const target = inspection.target;
    if (target && target.contextId === contextId) {
      await predict({ contextId, namespace: target.namespace, name: target.name });
      // A relay just declared in front of this service: show the paths through it.
      const added = relays.find((r) => !before.has(r.name));
      const drawn = added && topology.inspect?.answers.some((a) => a.prediction.origin.kind === 'relay' && a.prediction.origin.relay.name === added.name);
      if (added && drawn && !topology.session) topology.setOrigin(`relay:${added.name}`);
    }
    await saved;
  }

  return { subscribe, selectContext, selectService, setRelays, loadOverview, stopFollowing };
}
