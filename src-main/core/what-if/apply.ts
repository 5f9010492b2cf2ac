// Applies hypothetical changes to a copy of the inventory (and the declared relays) the way the
// API server and the controllers would, so the unchanged model can predict the "after" state.
// Pure: the input is never modified.
import { nthAddress, sameIP } from '../inventory/detect-address';
import type { EndpointInfo, IngressNginxConfig, Inventory, ServiceInfo } from '../inventory/types';
import type { RelayDecl } from '../prediction/types';
import type { WhatIfCode } from './catalog';
import type { WhatIfChange, WhatIfMessage } from './types';

export interface Applied {
  inventory: Inventory;
  relays: RelayDecl[];
  notes: WhatIfMessage[];
  /** Local policy on a LoadBalancer: the API server would allocate a healthCheckNodePort. */
  healthCheckAllocated: boolean;
}

/** Stands for "a port the API server allocates on apply" inside the copied inventory. */
export const ALLOCATED_PORT = 0;

const msg = (code: WhatIfCode, params: Record<string, string | number> = {}): WhatIfMessage => ({ code, params });

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

const svcName = (s: ServiceInfo) => `${s.namespace}/${s.name}`;

/** Whether the service routes outside traffic (API validation: etp needs NodePort/LB or externalIPs). */
function hasExternalAccess(s: ServiceInfo): boolean {
  return s.type === 'NodePort' || s.type === 'LoadBalancer' || s.externalIPs.length > 0;
}

function routesToService(inv: Inventory): boolean {
  const svc = inv.service;
  if (!svc) return false;
  return inv.ingresses.some(
    (ing) => ing.namespace === svc.namespace && (ing.defaultBackend?.service === svc.name || ing.rules.some((r) => r.paths.some((p) => p.backend.service === svc.name))),
  );
}

/** A free address in the node's pod CIDR for a stand-in endpoint (from the top, away from real pods). */
function standInAddress(inv: Inventory, node: string, cidr: string | undefined): string {
  const used = [...inv.endpoints.map((e) => e.address), ...inv.pods.map((p) => p.ip ?? '')];
  for (let n = 250; cidr && n > 1; n--) {
    const a = nthAddress(cidr, n);
    if (a && !used.some((u) => sameIP(u, a))) return a;
  }
  return `<new endpoint on ${node}>`;
}

function endpointPorts(inv: Inventory, svc: ServiceInfo): EndpointInfo['ports'] | WhatIfMessage {
  const first = inv.endpoints.find((e) => e.ports.length > 0);
  if (first) return first.ports.map((p) => ({ ...p }));
  const named = svc.ports.find((p) => typeof p.targetPort === 'string');
  if (named) return msg('whatif.err.noEndpointPort', { port: String(named.targetPort) });
  return svc.ports.map((p) => ({ name: p.name, port: p.targetPort as number, protocol: p.protocol }));
}

const NGINX_FIELD = {
  'use-forwarded-headers': 'useForwardedHeaders',
  'compute-full-forwarded-for': 'computeFullForwardedFor',
  'use-proxy-protocol': 'useProxyProtocol',
  'proxy-real-ip-cidr': 'proxyRealIpCidr',
} as const satisfies Record<string, keyof IngressNginxConfig>;

const show = (v: unknown): string => (v === null ? 'off' : Array.isArray(v) ? v.join(',') : String(v));

export function applyWhatIf(source: Inventory, sourceRelays: readonly RelayDecl[], changes: readonly WhatIfChange[]): { ok: true; applied: Applied } | { ok: false; error: WhatIfMessage } {
  const inv = clone(source);
  const relays = clone([...sourceRelays]);
  const notes: WhatIfMessage[] = [];
  let healthCheckAllocated = false;
  const svc = inv.service;
  const set = (what: string, before: unknown, after: unknown) =>
    notes.push(show(before) === show(after) ? msg('whatif.note.unchanged', { what, value: show(after) }) : msg('whatif.note.set', { what, before: show(before), after: show(after) }));

  for (const c of changes) {
    if (!svc) return { ok: false, error: msg('whatif.err.noService') };
    switch (c.key) {
      case 'etp': {
        if (!hasExternalAccess(svc)) return { ok: false, error: msg('whatif.err.etpNeedsExternal', { service: svcName(svc), type: svc.type }) };
        set(`${svcName(svc)} externalTrafficPolicy`, svc.externalTrafficPolicy, c.value);
        if (svc.type === 'LoadBalancer' && c.value === 'Local' && svc.healthCheckNodePort === null) {
          // The API server allocates healthCheckNodePort for LoadBalancer + Local (VIPS; fact sheet §1).
          svc.healthCheckNodePort = ALLOCATED_PORT;
          healthCheckAllocated = true;
          notes.push(msg('whatif.note.hcAllocated', { service: svcName(svc) }));
        }
        if (c.value === 'Cluster' && svc.healthCheckNodePort !== null) {
          notes.push(msg('whatif.note.hcReleased', { service: svcName(svc), port: svc.healthCheckNodePort }));
          svc.healthCheckNodePort = null;
        }
        svc.externalTrafficPolicy = c.value;
        break;
      }
      case 'itp':
        if (svc.type === 'ExternalName') return { ok: false, error: msg('whatif.err.externalName', { service: svcName(svc) }) };
        set(`${svcName(svc)} internalTrafficPolicy`, svc.internalTrafficPolicy, c.value);
        svc.internalTrafficPolicy = c.value;
        break;
      case 'lb-proxy': {
        if (svc.type !== 'LoadBalancer') return { ok: false, error: msg('whatif.err.notLoadBalancer', { service: svcName(svc), type: svc.type }) };
        const before = svc.loadBalancer.proxyProtocol?.version ?? (svc.loadBalancer.proxyProtocol ? 'on' : null);
        set(`${svcName(svc)} PROXY protocol (load balancer)`, before, c.value);
        svc.loadBalancer.proxyProtocol = c.value ? { annotation: '(what-if)', value: c.value, version: c.value } : null;
        if (c.value) notes.push(msg('whatif.note.lbProxyHow'));
        break;
      }
      case 'relay-proxy': {
        const relay = relays.find((r) => r.name === c.relay);
        if (!relay) return { ok: false, error: msg('whatif.err.unknownRelay', { relay: c.relay, relays: relays.map((r) => r.name).join(', ') || '-' }) };
        set(`relay ${relay.name} PROXY protocol`, relay.proxyProtocol, c.value);
        relay.proxyProtocol = c.value;
        if (c.value) notes.push(msg('whatif.note.relayProxyHow', { relay: relay.name }));
        break;
      }
      case 'use-forwarded-headers':
      case 'compute-full-forwarded-for':
      case 'use-proxy-protocol':
      case 'proxy-real-ip-cidr': {
        const ctrls = inv.ingressControllers.filter((k) => k.kind === 'ingress-nginx');
        if (ctrls.length === 0) return { ok: false, error: msg('whatif.err.noIngressNginx', { key: c.key }) };
        const field = NGINX_FIELD[c.key];
        for (const k of ctrls) {
          const where = k.configMap ? `${k.configMap.namespace}/${k.configMap.name}` : k.className;
          set(`ingress-nginx ${where} ${c.key}`, k.config[field], c.value);
          (k.config as unknown as Record<string, unknown>)[field] = clone(c.value);
        }
        if (!routesToService(inv) && !notes.some((n) => n.code === 'whatif.note.noIngress')) notes.push(msg('whatif.note.noIngress', { service: svcName(svc) }));
        break;
      }
      case 'endpoints-on': {
        for (const node of c.nodes) {
          const info = inv.nodes.find((n) => n.name === node);
          if (!info) return { ok: false, error: msg('whatif.err.unknownNode', { node, nodes: inv.nodes.map((n) => n.name).join(', ') }) };
          if (inv.endpoints.some((e) => e.nodeName === node && e.ready)) {
            notes.push(msg('whatif.note.endpointExists', { node }));
            continue;
          }
          const ports = endpointPorts(inv, svc);
          if (!Array.isArray(ports)) return { ok: false, error: ports };
          const address = standInAddress(inv, node, info.podCIDRs[0]);
          inv.endpoints.push({
            address,
            nodeName: node,
            zone: info.zone,
            ready: true,
            serving: true,
            terminating: false,
            targetRef: { kind: 'Pod', namespace: svc.namespace, name: `(what-if) ${svc.name} on ${node}` },
            ports,
          });
          notes.push(msg('whatif.note.endpointAdded', { node, address }));
        }
        break;
      }
    }
  }
  return { ok: true, applied: { inventory: inv, relays, notes, healthCheckAllocated } };
}
