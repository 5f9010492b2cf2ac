// The L7 hop at an ingress controller pod: what ingress-nginx takes as the client ($remote_addr
// after realip) and what it sends upstream in X-Forwarded-For / X-Real-IP (fact sheet §4;
// ingress-nginx nginx.tmpl: realip only with use-forwarded-headers, use-proxy-protocol or
// enable-real-ip; full X-Forwarded-For only with use-forwarded-headers + compute-full-forwarded-for).
import { step } from '../explain/types';
import { anyCidrContains, isTrustAll } from '../inventory/detect-address';
import type { IngressControllerInfo, IngressNginxConfig } from '../inventory/types';
import { addHop, end, noteCarriers, rewriteSource, type Draft } from './draft';
import { FACT } from './rules';

function trusted(cidrs: string[], address: string): boolean {
  if (cidrs.some(isTrustAll)) return true;
  if (address.startsWith('<')) return false;
  return anyCidrContains(cidrs, address);
}

/** nginx realip with real_ip_recursive on: the rightmost untrusted address of the header. */
export function realipFromList(values: string[], cidrs: string[]): string | null {
  if (values.length === 0) return null;
  for (let i = values.length - 1; i > 0; i--) {
    const v = values[i] ?? '';
    if (!trusted(cidrs, v)) return v;
  }
  return values[0] ?? null;
}

export interface RealIpResult {
  remoteAddr: string;
  realipActive: boolean;
  usedHeader: string | null;
  peerTrusted: boolean;
  upstreamXff: string[];
  spoofable: boolean;
}

/** Pure ingress-nginx realip semantics, exported for tests and the hazard scan. */
export function ingressNginxRealIp(
  cfg: IngressNginxConfig,
  peer: string,
  incoming: { xff: string[]; xRealIp: string | null; proxySource: string | null },
): RealIpResult {
  const realipActive = cfg.useForwardedHeaders || cfg.useProxyProtocol || cfg.enableRealIp;
  const peerTrusted = trusted(cfg.proxyRealIpCidr, peer);
  let remoteAddr = peer;
  let usedHeader: string | null = null;
  if (realipActive && peerTrusted) {
    if (cfg.useProxyProtocol) {
      if (incoming.proxySource) {
        remoteAddr = incoming.proxySource;
        usedHeader = 'PROXY';
      }
    } else {
      const header = cfg.forwardedForHeader.toLowerCase();
      const values = header === 'x-real-ip' ? (incoming.xRealIp ? [incoming.xRealIp] : []) : header === 'x-forwarded-for' ? incoming.xff : [];
      const picked = realipFromList(values, cfg.proxyRealIpCidr);
      if (picked) {
        remoteAddr = picked;
        usedHeader = cfg.forwardedForHeader;
      }
    }
  }
  const full = cfg.useForwardedHeaders && cfg.computeFullForwardedFor;
  const upstreamXff = full ? [...incoming.xff, cfg.useProxyProtocol ? (incoming.proxySource ?? peer) : peer] : [remoteAddr];
  // Header-based realip trusting everyone lets any client choose its address.
  const spoofable = realipActive && !cfg.useProxyProtocol && cfg.proxyRealIpCidr.some(isTrustAll);
  return { remoteAddr, realipActive, usedHeader, peerTrusted, upstreamXff, spoofable };
}

/**
 * Applies the ingress hop to a draft that was delivered to a controller pod. Returns the same
 * draft, now re-originated from the controller pod (or ended with a protocol error).
 */
export function ingressHop(d: Draft, ctrl: IngressControllerInfo, podName: string, podAddress: string): Draft {
  const p = d.packet;
  const at = { kind: 'ingress' as const, name: podName, address: podAddress };
  if (ctrl.kind !== 'ingress-nginx') {
    addHop(d, at, 'proxy', `${ctrl.controller || 'ingress controller'}: new upstream connection`, FACT.layers);
    d.assumptions.push(step('assume.otherController', { controller: ctrl.controller || ctrl.className }));
    p.xff = [...p.xff, p.src];
    p.xRealIp = null;
    p.proxy = null;
    rewriteSource(d, podAddress, 'ingress-pod', { kind: 'pod', srcNode: null });
    d.steps.push(step('ingress.other', { pod: podName, address: podAddress, xff: p.xff.join(', ') }));
    return d;
  }
  const cfg = ctrl.config;
  if (cfg.useProxyProtocol && !p.proxy) {
    addHop(d, at, 'reject', 'listen … proxy_protocol: no PROXY header', FACT.ingressNginx);
    d.steps.push(step('ingress.proxyProtocolMissing', { pod: podName }));
    return end(d, 'protocol-error', 'ingress-nginx use-proxy-protocol: PROXY header missing');
  }
  if (!cfg.useProxyProtocol && p.proxy) {
    addHop(d, at, 'reject', 'PROXY header on a plain HTTP listener', FACT.ingressNginx);
    d.steps.push(step('ingress.unexpectedProxyHeader', { pod: podName }));
    return end(d, 'protocol-error', 'ingress-nginx: unexpected PROXY header (use-proxy-protocol is false)');
  }
  const peer = p.src;
  const r = ingressNginxRealIp(cfg, peer, { xff: p.xff, xRealIp: p.xRealIp, proxySource: p.proxy?.source ?? null });
  d.steps.push(step('ingress.receive', { pod: podName, address: podAddress, peer }));
  if (!r.realipActive) d.steps.push(step('ingress.realipOff', { peer }));
  else if (!r.peerTrusted) d.steps.push(step('ingress.realipUntrusted', { peer, cidrs: cfg.proxyRealIpCidr.join(', ') }));
  else if (r.usedHeader === 'PROXY') d.steps.push(step('ingress.realipProxy', { client: r.remoteAddr }));
  else if (r.usedHeader) d.steps.push(step('ingress.realipHeader', { peer, cidrs: cfg.proxyRealIpCidr.join(', '), header: r.usedHeader, client: r.remoteAddr }));
  else d.steps.push(step('ingress.realipNoHeader', { peer, header: cfg.forwardedForHeader }));
  if (r.spoofable) {
    d.steps.push(step('ingress.spoofable', { header: cfg.forwardedForHeader }));
    d.warnings.push(step('warn.spoofable', { header: cfg.forwardedForHeader, controller: ctrl.className }));
  }
  addHop(d, at, 'proxy', `proxy_pass to the endpoint; X-Forwarded-For ${r.upstreamXff.join(', ')}; X-Real-IP ${r.remoteAddr}`, FACT.ingressNginx);
  p.xff = r.upstreamXff;
  p.xRealIp = r.remoteAddr;
  p.proxy = null;
  p.spoofable = r.spoofable;
  rewriteSource(d, podAddress, 'ingress-pod', { kind: 'pod', srcNode: null });
  noteCarriers(d);
  d.steps.push(step('ingress.upstream', { address: podAddress, xff: r.upstreamXff.join(', '), xRealIp: r.remoteAddr }));
  return d;
}
