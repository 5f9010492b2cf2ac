// Assembles the session document from a finished probe run.
import type { ProbeRelay } from '../../contract/probe';
import { judge } from './judge';
import type { ProbeOutcome } from './runner';
import { SESSION_KIND, SESSION_VERSION, type Session, type TargetServiceInfo } from './session-types';
import { retargetSession } from './target-map';
import type { Inventory } from '../inventory/types';
import { step } from '../explain/types';
import { copyDifferences, targetStateFinding, type CopyFacts } from './target-state';

function targetServiceInfo(prepared: ProbeOutcome['prepared']): TargetServiceInfo {
  const spec = prepared.mirrored?.spec;
  const type = spec?.type === 'NodePort' || spec?.type === 'LoadBalancer' || spec?.type === 'ExternalName' ? spec.type : 'ClusterIP';
  return { type, externalTrafficPolicy: spec?.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster', healthCheckNodePort: spec?.healthCheckNodePort ?? null, nodePort: spec?.ports?.find((p) => (p.protocol ?? 'TCP') === 'TCP')?.nodePort ?? null, pods: prepared.targetPods ?? [], terminatingServing: prepared.targetTerminating ?? 0, selector: spec?.selector ?? null };
}

function copyFacts(prepared: ProbeOutcome['prepared']): CopyFacts {
  const spec = prepared.mirrored?.spec;
  return {
    target: {
      type: spec?.type ?? 'ClusterIP',
      ports: (spec?.ports ?? []).map((p) => ({ port: p.port, protocol: p.protocol ?? 'TCP', nodePort: p.nodePort ?? null })),
      externalIPs: spec?.externalIPs ?? [],
      endpointNodes: [...new Set((prepared.targetPods ?? []).map((p) => p.node))].sort(),
    },
    measuredLoadBalancer: prepared.plan.services.some((s) => s.type === 'LoadBalancer'),
    echoNodes: prepared.plan.echoNodes,
  };
}

export function buildSession(outcome: ProbeOutcome, meta: { app: { name: string; version: string }; context: string; serverHash: string; clusterVersion: string | null }): Session {
  const { prepared } = outcome;
  const relays = prepared.options.relays.map((r: ProbeRelay) => ({ ...r }));
  const lbAddresses = outcome.services.flatMap((s) => s.lbAddresses);
  const judged = judge({ inventories: outcome.inventories, observations: outcome.observations, relays, lbAddresses });
  const firstInventory: Inventory | undefined = outcome.inventories.values().next().value;
  const target = prepared.options.target.kind === 'service' ? prepared.options.target : null;
  // The target's own state can decide the answer where its copy cannot show it (issue 15, item 4).
  // …and where the copy differs from it in ways the probe cannot reproduce, it says so.
  const own =
    target && prepared.mirrored
      ? [...targetStateFinding(`${target.namespace}/${target.name}`, targetServiceInfo(prepared)), ...copyDifferences(`${target.namespace}/${target.name}`, copyFacts(prepared))]
      : [];
  const finding = outcome.status === 'completed' ? [...own, ...judged.finding] : [step('finding.failed', { reason: outcome.error?.message ?? outcome.status })];
  return retargetSession({
    kind: SESSION_KIND,
    version: SESSION_VERSION,
    id: prepared.plan.runId,
    createdAt: outcome.startedAt,
    finishedAt: outcome.finishedAt,
    app: meta.app,
    cluster: { context: meta.context, serverHash: meta.serverHash, version: firstInventory?.cluster.version ?? meta.clusterVersion },
    status: outcome.status,
    error: outcome.error,
    finding,
    plan: {
      namespace: prepared.plan.namespace,
      image: prepared.plan.image,
      mode: prepared.options.target.kind === 'service' ? 'service' : 'matrix',
      target: prepared.options.target.kind === 'service' ? { namespace: prepared.options.target.namespace, name: prepared.options.target.name } : null,
      echoNodes: prepared.plan.echoNodes,
      clientNodes: prepared.plan.clientNodes,
      addressType: prepared.options.addressType,
      repeat: prepared.options.repeat,
      yaml: prepared.yaml,
      permissions: prepared.permissions.map((p) => ({ verb: p.verb, resource: `${p.resource}${p.subresource ? `/${p.subresource}` : ''}${p.group ? `.${p.group}` : ''}`, namespace: p.namespace, allowed: p.allowed })),
      relays,
      ...(prepared.mirrored ? { targetService: targetServiceInfo(prepared) } : {}),
    },
    inventory: firstInventory ?? emptyInventory(meta.context, meta.serverHash),
    services: outcome.services,
    echoPods: outcome.echoPods,
    clientPods: outcome.clientPods,
    observations: outcome.observations,
    paths: judged.paths,
    fixes: judged.fixes,
    cleanup: outcome.cleanup,
    timings: outcome.timings,
    warnings: outcome.warnings,
    progress: outcome.pods,
    redacted: false,
  });
}

function emptyInventory(context: string, serverHash: string): Inventory {
  return {
    cluster: { context, serverHash, version: null },
    nodes: [],
    service: null,
    endpoints: [],
    pods: [],
    proxy: { source: 'absent', mode: 'unknown', clusterCIDR: null, masqueradeAll: false, detectLocalMode: 'unknown', detectLocalValue: null, nodePortAddresses: [], daemonSetPresent: null, replacedBy: null, warnings: [] },
    cni: { kind: 'unknown', evidence: [], calico: null, cilium: null, flannel: null, warnings: [] },
    ingressControllers: [],
    ingresses: [],
    warnings: [],
  };
}
