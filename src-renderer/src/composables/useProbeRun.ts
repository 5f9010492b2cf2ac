// Plan → run → progress → result, and cancel: the probe panel's actions.
import type { ProbeOptionsInput } from '../../../src-main/contract';
import { cellOriginKey } from '../../../src-main/contract/constants';
import { toContractError } from '../api/api-error';
import { useApi } from '../api/client';
import { useProbeStore } from '../stores/probe';
import { useServicesStore } from '../stores/services';
import { useTopologyStore } from '../stores/topology';
import { useWorkflow } from './useWorkflow';

export function useProbeRun() {
  const api = useApi();
  const probe = useProbeStore();
  const services = useServicesStore();
  const topology = useTopologyStore();
  const { subscribe } = useWorkflow();

  function options(): ProbeOptionsInput | null {
    /** "203.0.113.7/32, 198.51.100.0/24" → each range (main's schema checks their form). */
    const lbRanges = (text: string) => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
    const contextId = services.contextId;
    if (!contextId) return null;
    const c = probe.choices;
    const ports = probe.fixedNodePorts;
    return {
      contextId,
      target: services.selected ? { kind: 'service', namespace: services.selected.namespace, name: services.selected.name } : { kind: 'matrix' },
      policies: c.policies.length ? c.policies : ['Cluster', 'Local'],
      origins: { desktop: c.desktop, pods: c.pods, nodes: c.nodes },
      echoNodes: c.echoNodes,
      repeat: c.repeat,
      relays: c.relays,
      fixedNodePorts: ports.ok ? ports.value : {},
      ...(c.loadBalancer.enabled ? { loadBalancer: 'yes' as const, loadBalancerSourceRanges: lbRanges(c.loadBalancer.sourceRanges) } : {}),
      ...(c.ingress.enabled && c.ingress.acknowledged && c.ingress.host.trim()
        ? { ingress: { className: c.ingress.className.trim(), host: c.ingress.host.trim(), ...(c.ingress.path.trim() ? { path: c.ingress.path.trim() } : {}), acknowledgeRisk: true as const } }
        : {}),
    };
  }

  /** Preview: what would be created and whether we may; creates nothing. */
  async function preview() {
    const opts = options();
    if (!opts) return;
    subscribe();
    probe.planning();
    try {
      probe.planned(await api.probe.plan(opts));
    } catch (e) {
      probe.failed(toContractError(e));
    }
  }

  async function run() {
    const plan = probe.plan;
    if (!plan || !probe.canRun) return;
    subscribe();
    probe.starting(plan.runId);
    try {
      await api.probe.run({ runId: plan.runId });
    } catch (e) {
      probe.failed(toContractError(e));
    }
  }

  async function cancel() {
    const runId = probe.runId;
    if (!runId || !probe.active) return;
    probe.cancelling();
    try {
      await api.probe.cancel({ runId });
    } catch (e) {
      probe.failed(toContractError(e));
    }
  }

  async function discard() {
    const plan = probe.plan;
    probe.reset();
    if (plan) await api.probe.cancel({ runId: plan.runId }).catch(() => undefined);
  }

  /** After a failed cleanup: remove probe namespaces no run of this app is using any more. */
  async function sweep() {
    const contextId = services.contextId;
    if (!contextId || probe.sweep.state === 'running') return;
    probe.sweep = { state: 'running', removed: [], notRemoved: [], error: null };
    try {
      const report = await api.probe.sweep({ contextId });
      const removed = report.results.filter((r) => r.outcome === 'deleted' || r.outcome === 'gone').map((r) => r.namespace);
      const notRemoved = report.results.filter((r) => !removed.includes(r.namespace)).map((r) => `${r.namespace} (${r.error ?? r.outcome})`);
      probe.sweep = { state: notRemoved.length ? 'failed' : 'done', removed, notRemoved, error: null };
    } catch (e) {
      probe.sweep = { state: 'failed', removed: [], notRemoved: [], error: toContractError(e) };
    }
  }

  /** Show a cell's path in the picture (switching to the probe's picture if needed). */
  function showCell(id: string) {
    probe.selectCell(id);
    const cell = probe.session?.paths.find((p) => p.id === id);
    if (!cell || !probe.session) return;
    if (probe.session.status === 'completed' && topology.session !== probe.session) topology.setSession(probe.session);
    const origin = cellOriginKey(cell.origin);
    if (topology.model?.origin !== origin) topology.setOrigin(origin);
    topology.selectPath(id);
  }

  return { preview, run, cancel, discard, showCell, sweep };
}
