import { describe, expect, it } from 'vitest';
import { makeIngressController, makeInventory, makeService } from '../prediction/test-inventory';
import { applyWhatIf } from './apply';
import { renderWhatIf } from './catalog';
import type { WhatIfChange } from './types';

const err = (inv: ReturnType<typeof makeInventory>, changes: WhatIfChange[], relays = []) => {
  const r = applyWhatIf(inv, relays, changes);
  if (r.ok) throw new Error('applied');
  return { code: r.error.code, en: renderWhatIf(r.error.code, r.error.params, 'en'), zh: renderWhatIf(r.error.code, r.error.params, 'zh-CN') };
};

describe('applyWhatIf refuses changes that cannot apply, saying why', () => {
  it('externalTrafficPolicy on a ClusterIP service (the API server rejects it too)', () => {
    const e = err(makeInventory({ service: makeService({ type: 'ClusterIP', ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: null }] }) }), [{ key: 'etp', value: 'Local' }]);
    expect(e.en).toBe('default/echo is type ClusterIP: externalTrafficPolicy only applies to NodePort and LoadBalancer services (or ones with externalIPs)');
    expect(e.zh).toContain('default/echo 的类型为 ClusterIP');
  });
  it('lb-proxy on a NodePort service points to relay-proxy', () => {
    expect(err(makeInventory(), [{ key: 'lb-proxy', value: 'v1' }]).en).toContain('relay-proxy=<name>:v1|v2');
  });
  it('relay-proxy for a relay that is not declared', () => {
    expect(err(makeInventory(), [{ key: 'relay-proxy', relay: 'edge', value: 'v1' }]).en).toBe('no declared relay named edge (declared: -); declare it with --relay');
  });
  it('ingress-nginx settings without an ingress-nginx controller', () => {
    expect(err(makeInventory(), [{ key: 'use-forwarded-headers', value: true }]).code).toBe('whatif.err.noIngressNginx');
  });
  it('endpoints on a node that does not exist', () => {
    expect(err(makeInventory(), [{ key: 'endpoints-on', nodes: ['node9'] }]).en).toBe('endpoints-on: no node named node9 (nodes: node1, node2)');
  });
  it('endpoints with a named targetPort and no endpoint to read its number from', () => {
    const svc = makeService({ ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http', nodePort: 30080 }] });
    expect(err(makeInventory({ service: svc, endpoints: [] }), [{ key: 'endpoints-on', nodes: ['node2'] }]).code).toBe('whatif.err.noEndpointPort');
  });
  it('no service at all', () => {
    expect(err(makeInventory({ service: null }), [{ key: 'etp', value: 'Local' }]).code).toBe('whatif.err.noService');
  });
});

describe('applyWhatIf changes a copy', () => {
  it('sets the ingress-nginx settings on every ingress-nginx controller, notes the old and new value', () => {
    const inv = makeInventory({ ingressControllers: [makeIngressController()] });
    const r = applyWhatIf(inv, [], [{ key: 'proxy-real-ip-cidr', value: ['203.0.113.0/24'] }, { key: 'use-forwarded-headers', value: true }]);
    if (!r.ok) throw new Error(r.error.code);
    expect(r.applied.inventory.ingressControllers[0]!.config).toMatchObject({ proxyRealIpCidr: ['203.0.113.0/24'], useForwardedHeaders: true });
    expect(inv.ingressControllers[0]!.config.proxyRealIpCidr).toEqual(['0.0.0.0/0']);
    expect(r.applied.notes.map((n) => renderWhatIf(n.code, n.params, 'en'))).toEqual([
      'ingress-nginx ingress-nginx/ingress-nginx-controller proxy-real-ip-cidr: 0.0.0.0/0 → 203.0.113.0/24',
      'no Ingress routes to default/echo: the ingress-nginx settings do not change what its paths see',
      'ingress-nginx ingress-nginx/ingress-nginx-controller use-forwarded-headers: false → true',
    ]);
  });
  it('says so when a change sets what is already there', () => {
    const r = applyWhatIf(makeInventory(), [], [{ key: 'etp', value: 'Cluster' }]);
    if (!r.ok) throw new Error(r.error.code);
    expect(renderWhatIf(r.applied.notes[0]!.code, r.applied.notes[0]!.params, 'en')).toBe('default/echo externalTrafficPolicy is already Cluster: this change changes nothing');
  });
});
