// A prediction as a document of its own: what `snatscope inspect` answers (finding, a matrix of
// entry × policy per origin, the numbered flow per path, assumptions, warnings, fixes) in the
// shape of a session, so the app's matrix, Why panel, Save, Export and Report work without a
// probe. Marked by `prediction` (docs/session-format.md); every cell's observed verdict is
// 'unknown' because nothing was measured. The service's other traffic policy is predicted too
// ("what if Local?"), as the probe measures both. Pure.
import { dedupe } from '../prediction/finish';
import type { Inventory } from '../inventory/types';
import type { PredictedPath, RelayDecl } from '../prediction/types';
import { isPlaceholder } from '../prediction/types';
import { finding } from '../probe/judge';
import { SESSION_KIND, SESSION_VERSION, type CellOrigin, type PathResult, type ProbeServiceInfo, type Session } from '../probe/session-types';
import { retargetSession } from '../probe/target-map';
import { answerQuestions } from './inspect';
import type { Answer } from './types';

export interface PredictionMeta {
  app: { name: string; version: string };
  now: Date;
  relays?: RelayDecl[];
}

type Policy = 'Cluster' | 'Local';

function cellOrigin(a: Answer): { origin: CellOrigin; key: string } | null {
  const o = a.prediction.origin;
  if (o.kind === 'external') return { origin: { kind: 'desktop', address: null }, key: 'desktop' };
  if (o.kind === 'pod' && o.backend) return { origin: { kind: 'pod', node: o.node, pod: o.backend, address: o.podIP ?? null, backend: true }, key: `backend:${o.backend}` };
  if (o.kind === 'pod') return { origin: { kind: 'pod', node: o.node, pod: '', address: null }, key: `pod:${o.node}` };
  if (o.kind === 'relay') return { origin: { kind: 'relay', relay: o.relay.name, address: null }, key: `relay:${o.relay.name}` };
  if (o.kind === 'node') return { origin: { kind: 'pod', node: o.node, pod: '', address: null, hostNetwork: true }, key: `node:${o.node}` };
  return null;
}

function cellTarget(a: Answer, p: PredictedPath): PathResult['target'] | null {
  const t = a.prediction.target;
  const o = a.prediction.origin;
  if (o.kind === 'relay') return { kind: 'relay', node: o.relay.forwardsTo.node, address: o.relay.address, port: o.relay.forwardsTo.port };
  if (t.kind === 'nodePort') return p.entry ? { kind: 'nodePort', node: p.entry.node, address: p.entry.address, port: p.entry.port } : null;
  if (t.kind === 'loadBalancer') return { kind: 'loadBalancer', node: null, address: t.address ?? p.entry?.address ?? '?', port: t.port };
  if (t.kind === 'clusterIP') return { kind: 'clusterIP', node: null, address: t.address ?? a.prediction.paths[0]?.hops[0]?.destination.split(':')[0] ?? '?', port: t.port };
  // In through the ingress controller's Service: one cell per entry (a node's NodePort or the LB).
  if (t.kind === 'ingress' && p.entry) return { kind: 'ingress', node: p.entry.node, address: p.entry.address, port: p.entry.port };
  return null;
}

/** The Ingress a predicted ingress path went through: its class, host and path, as a probe cell records them. */
function cellIngress(a: Answer, inventory: Inventory): PathResult['ingress'] {
  const t = a.prediction.target;
  if (t.kind !== 'ingress') return undefined;
  const ing = inventory.ingresses.find((i) => i.rules.some((r) => r.host === t.host && r.paths.some((p) => (p.path || '/') === t.path))) ?? inventory.ingresses.find((i) => t.host === null && i.defaultBackend);
  return { className: ing?.className ?? '', host: t.host ?? '*', path: t.path };
}

const RANK = { dropped: 0, rejected: 1, broken: 2, snat: 3, proxied: 4, preserved: 5 } as const;

function cellsOf(answers: Answer[], policy: Policy, serviceName: string, type: 'NodePort' | 'LoadBalancer', inventory: Inventory): PathResult[] {
  const out = new Map<string, PathResult>();
  for (const a of answers) {
    const o = cellOrigin(a);
    if (!o) continue;
    for (const p of a.prediction.paths) {
      const target = cellTarget(a, p);
      if (!target) continue;
      const ingress = cellIngress(a, inventory);
      const id = `${o.key}|${target.kind}:${target.node ?? target.address}:${target.port}${ingress ? `:${ingress.host}${ingress.path}` : ''}|${policy}`;
      const prev = out.get(id);
      // Several endpoints behind one entry: the cell shows the worst outcome among them.
      if (prev && RANK[prev.predicted.verdict] <= RANK[p.verdict]) continue;
      const address = p.observed.address !== null && !isPlaceholder(p.observed.address) ? p.observed.address : null;
      out.set(id, {
        id,
        origin: o.origin,
        target,
        service: { name: serviceName, policy, type },
        ...(ingress ? { ingress } : {}),
        observationIds: [],
        result: 'other',
        requests: 0,
        okRequests: 0,
        observedSource: null,
        observedSources: [],
        headers: null,
        proxyHeader: null,
        predicted: { verdict: p.verdict, address, class: p.observed.class, rewrittenBy: p.rewrittenBy ? { kind: p.rewrittenBy.kind, name: p.rewrittenBy.name } : null, pathId: p.id },
        observed: { verdict: 'unknown', class: null, node: null, via: null, rewritingHop: null },
        matches: true,
        note: [],
        explanation: p.explanation,
        fixIds: a.prediction.fixes.map((f) => f.id),
      });
    }
  }
  return [...out.values()];
}

/** The prediction for a service (and its other policy) as a session-shaped document. */
export function predictionDocument(inventory: Inventory, meta: PredictionMeta, ownAnswers?: Answer[]): Session | null {
  const svc = inventory.service;
  if (!svc) return null;
  const relays = meta.relays ?? [];
  const external = svc.type === 'NodePort' || svc.type === 'LoadBalancer';
  const policies: Policy[] = external ? [svc.externalTrafficPolicy, svc.externalTrafficPolicy === 'Local' ? 'Cluster' : 'Local'] : [svc.externalTrafficPolicy];
  const type: 'NodePort' | 'LoadBalancer' = svc.type === 'LoadBalancer' ? 'LoadBalancer' : 'NodePort';
  const services: ProbeServiceInfo[] = [];
  const paths: PathResult[] = [];
  const assumptions = [];
  const warnings = [];
  for (const policy of policies) {
    const inv: Inventory = policy === svc.externalTrafficPolicy ? inventory : { ...inventory, service: { ...svc, externalTrafficPolicy: policy } };
    // The service's own policy was just answered by the inspection: only the other one is new work.
    const answers = policy === svc.externalTrafficPolicy && ownAnswers ? ownAnswers : answerQuestions(inv, undefined, undefined, relays);
    paths.push(...cellsOf(answers, policy, svc.name, type, inv));
    services.push({ name: svc.name, policy, type, nodePort: svc.ports.find((p) => p.nodePort !== null)?.nodePort ?? null, clusterIP: svc.clusterIPs[0] ?? null, lbAddresses: svc.loadBalancer.ingress.map((i) => i.ip).filter((ip): ip is string => ip !== null) });
    if (policy === svc.externalTrafficPolicy) {
      for (const a of answers) assumptions.push(...a.prediction.assumptions);
      for (const a of answers) warnings.push(...a.prediction.warnings);
    }
  }
  paths.sort((a, b) => a.id.localeCompare(b.id));
  // The finding of the service as it is (its own policy), in the words of a probe's finding.
  const own = paths.filter((p) => p.service.policy === svc.externalTrafficPolicy).map((p) => ({ ...p, observed: { ...p.observed, verdict: p.predicted.verdict } }));
  const at = meta.now.toISOString();
  const session: Session = {
    kind: SESSION_KIND,
    version: SESSION_VERSION,
    id: 'prediction',
    createdAt: at,
    finishedAt: at,
    app: meta.app,
    cluster: { ...inventory.cluster },
    status: 'completed',
    error: null,
    finding: finding(own),
    plan: {
      namespace: '',
      image: '',
      mode: 'service',
      target: { namespace: svc.namespace, name: svc.name },
      echoNodes: [],
      clientNodes: [],
      addressType: 'InternalIP',
      repeat: 0,
      yaml: '',
      permissions: [],
      relays: relays.map((r) => ({ ...r, listen: null })),
    },
    inventory,
    services,
    echoPods: [],
    clientPods: [],
    observations: [],
    paths,
    fixes: [],
    cleanup: { outcome: 'not-created', message: null },
    timings: {},
    warnings: [],
    progress: [],
    redacted: false,
    prediction: { assumptions: dedupe(assumptions), warnings: dedupe(warnings) },
  };
  return retargetSession(session);
}
