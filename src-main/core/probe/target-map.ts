// A probe measures throwaway copies of the user's service ("echo-cluster" and "echo-local" in
// namespace snatscope-<id>, deleted when the probe ends). What the user acts on is the service they
// asked about, so every answer derived from a session (fixes, snippets, the numbered flow, notes)
// is rebuilt here to name the target service, its pods and the relays/controllers around it.
// Fixes are never taken from the session file: they are predicted again from the recorded
// inventory with the target's identity, so a file edited by hand cannot smuggle a command in.
// Idempotent and pure.
import type { Observation } from '../../contract/probe';
import type { ExplainParam, ExplainStep, Fix } from '../explain/types';
import type { Inventory, ServiceInfo } from '../inventory/types';
import { hairpinFix } from '../prediction/fixes';
import { predict } from '../prediction/predict';
import { modelOrigin, modelTarget } from './judge';
import type { PathResult, ProbeServiceInfo, Session } from './session-types';

/** Placeholders used when a probe ran in matrix mode (no service of the user's was mirrored). */
export const MATRIX_TARGET = { namespace: '<namespace>', name: '<your-service>' } as const;

/** `default/frontend`, or null for a plain NodePort matrix. */
export function targetRef(session: Pick<Session, 'plan'>): string | null {
  const t = session.plan.target;
  return t ? `${t.namespace}/${t.name}` : null;
}

/**
 * The label of an observed backend (an echo pod): the target's pods on the same node when the
 * probe ran beside them, else a token the explanation renderer turns into "probe echo on node1".
 */
export function backendLabel(session: Pick<Session, 'plan'>, node: string | null): string {
  const beside = (session.plan.targetService?.pods ?? []).filter((p) => node !== null && p.node === node).map((p) => p.name);
  if (beside.length) return beside.join(', ');
  return probeEchoToken(node ?? '?');
}

/** Rendered per language by explain/render.ts ("probe echo on node1" / "node1 上的探测回显 Pod"). */
export function probeEchoToken(node: string): string {
  return `<probe-echo:${node}>`;
}

interface Rename {
  from: string;
  to: string;
}

function renames(session: Session): Rename[] {
  // A prediction names the user's objects already: there is no probe copy to rename.
  if (session.prediction) return [];
  const ns = session.plan.namespace;
  const t = session.plan.target ?? MATRIX_TARGET;
  const ref = `${t.namespace}/${t.name}`;
  const out: Rename[] = [];
  for (const s of session.services) out.push({ from: `${ns}/${s.name}`, to: ref });
  for (const p of session.echoPods) out.push({ from: p.name, to: backendLabel(session, p.node) });
  // The backend-calls-itself pod and its Services (runner.ts startSelfCalls).
  for (const o of session.observations) if (o.origin.kind === 'pod' && o.origin.backend) out.push({ from: o.origin.pod, to: backendLabel(session, o.origin.node) });
  for (const p of session.paths) if (p.origin.kind === 'pod' && p.origin.backend) out.push({ from: `${ns}/${p.service.name}`, to: ref });
  for (const p of session.inventory.pods) if (p.namespace === ns) out.push({ from: p.name, to: backendLabel(session, p.nodeName) });
  // Longest first, so "ns/echo-cluster" is replaced before a bare pod name inside it could be.
  return out.sort((a, b) => b.from.length - a.from.length);
}

function rewrite(text: string, list: Rename[]): string {
  let out = text;
  for (const r of list) if (r.from && out.includes(r.from)) out = out.split(r.from).join(r.to);
  return out;
}

function rewriteSteps(steps: ExplainStep[], list: Rename[]): ExplainStep[] {
  return steps.map((s) => {
    const params: Record<string, ExplainParam> = {};
    for (const [k, v] of Object.entries(s.params ?? {})) params[k] = typeof v === 'string' ? rewrite(v, list) : v;
    return { code: s.code, params };
  });
}

/** The recorded inventory as if the cell's probe copy were the target service itself. */
export function targetInventory(session: Session, probeService: ProbeServiceInfo): Inventory | null {
  const inv = session.inventory;
  const base = inv.service;
  if (!base) return null;
  const t = session.plan.target ?? MATRIX_TARGET;
  const ts = session.plan.targetService;
  // A prediction's inventory is the user's service itself, only the policy varies ("what if Local?").
  if (session.prediction) return { ...inv, service: { ...base, externalTrafficPolicy: probeService.policy } };
  const tcpNodePort = probeService.nodePort;
  const service: ServiceInfo = {
    ...base,
    namespace: t.namespace,
    name: t.name,
    type: probeService.type,
    // The copy selects the probe's echo pods; fixes must select the user's (unknown: a placeholder).
    selector: ts?.selector ?? null,
    externalTrafficPolicy: probeService.policy,
    clusterIPs: probeService.clusterIP ? [probeService.clusterIP] : base.clusterIPs,
    ports: base.ports.map((p) => (p.protocol === 'TCP' && p.nodePort !== null && tcpNodePort !== null ? { ...p, nodePort: tcpNodePort } : p)),
    healthCheckNodePort: ts && ts.externalTrafficPolicy === probeService.policy ? ts.healthCheckNodePort : base.healthCheckNodePort,
    loadBalancer: { ...base.loadBalancer, ingress: probeService.lbAddresses.map((ip) => ({ ip, hostname: null, ipMode: null })) },
  };
  return { ...inv, service };
}

function cellFixes(session: Session, cell: PathResult, cache: Map<string, Fix[]>): Fix[] {
  // The backend's call to its own Service ran against the probe's self Services: the fix that
  // fits a hairpin is the same for the target (no Service setting changes it).
  if (cell.origin.kind === 'pod' && cell.origin.backend) return cell.explanation.some((s) => s.code === 'kp.hairpin') ? [hairpinFix(cell.observedSource)] : [];
  const probeService = session.services.find((s) => s.name === cell.service.name && s.policy === cell.service.policy) ?? session.services.find((s) => s.name === cell.service.name);
  if (!probeService) return [];
  const inventory = targetInventory(session, probeService);
  if (!inventory) return [];
  // The cell itself says where the requests came from and went (files may omit observations).
  const sample = { origin: cell.origin.kind === 'desktop' ? { kind: 'desktop', address: cell.origin.address } : cell.origin, target: cell.target, ...(cell.ingress ? { ingress: cell.ingress } : {}) } as Observation;
  const relays = session.plan.relays ?? [];
  const origin = modelOrigin(sample, relays);
  const target = modelTarget(sample, relays);
  // Cells that differ only by the echo that answered predict the same fixes: predict once.
  const key = JSON.stringify([probeService.name, probeService.policy, origin, target]);
  let fixes = cache.get(key);
  if (!fixes) {
    fixes = predict(inventory, origin, target).fixes;
    cache.set(key, fixes);
  }
  return fixes;
}

/** Snippets were predicted with the probe copy's nodePorts: the user's relay points at the target's. */
function retargetSnippets(session: Session, fix: Fix): Fix {
  const ref = targetRef(session);
  if (session.prediction) return fix;
  const real = session.plan.targetService?.nodePort ?? null;
  const ports = session.services.map((s) => s.nodePort).filter((p): p is number => p !== null);
  if (!ref || !ports.length) return fix;
  const to = real === null ? `<nodePort of ${ref}>` : String(real);
  const pattern = new RegExp(`:(${ports.join('|')})(?![0-9])`, 'g');
  return { ...fix, snippets: fix.snippets.map((s) => ({ ...s, text: s.text.replace(pattern, `:${to}`) })) };
}

/**
 * The session with its answer about the user's objects: fixes predicted again for the target,
 * each cell's fix ids, and the flow and notes with the probe's copies renamed to the target.
 * The raw record (plan, inventory, services, observations) is kept as measured.
 */
export function retargetSession(session: Session): Session {
  const list = renames(session);
  const fixes = new Map<string, Fix>();
  const cache = new Map<string, Fix[]>();
  const paths = session.paths.map((cell) => {
    const own = cellFixes(session, cell, cache);
    for (const f of own) if (!fixes.has(f.id)) fixes.set(f.id, retargetSnippets(session, f));
    // A backend calling its own Service is named as the target's pod beside it (or "probe echo on <node>").
    const origin = cell.origin.kind === 'pod' && cell.origin.backend && !session.prediction ? { ...cell.origin, pod: backendLabel(session, cell.origin.node) } : cell.origin;
    return { ...cell, origin, fixIds: own.map((f) => f.id), explanation: rewriteSteps(cell.explanation, list), note: rewriteSteps(cell.note, list) };
  });
  return { ...session, finding: rewriteSteps(session.finding, list), paths, fixes: [...fixes.values()] };
}
