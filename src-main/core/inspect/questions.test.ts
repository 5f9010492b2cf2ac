// The questions inspect answers: declared relays join them when they forward to the service's
// nodePort, and their paths are predicted like the probe's relay cells (the same model).
import { describe, expect, it } from 'vitest';
import { makeIngress, makeIngressController, makeInventory } from '../prediction/test-inventory';
import { answerQuestions } from './inspect';
import { defaultQuestions } from './questions';

const relay = { name: 'public', address: '203.0.113.10', mode: 'l7' as const, proxyProtocol: null, addsXForwardedFor: true, forwardsTo: { node: 'node1', port: 30080 } };

describe('defaultQuestions with relays', () => {
  it('asks one question per relay that forwards to a nodePort of the service, through its node', () => {
    const inv = makeInventory();
    const qs = defaultQuestions(inv, [{ kind: 'desktop' }], '203.0.113.1', [relay, { ...relay, name: 'elsewhere', forwardsTo: { node: 'node2', port: 31999 } }]);
    const relayQs = qs.filter((q) => q.origin.kind === 'relay');
    expect(relayQs.map((q) => q.id)).toEqual(['relay:public>nodePort:30080/TCP@node1']);
    expect(relayQs[0]!.target).toEqual({ kind: 'nodePort', port: 30080, node: 'node1', protocol: 'TCP' });
    expect(relayQs[0]!.origin).toEqual({ kind: 'relay', relay, clientAddress: '203.0.113.1' });
    expect(defaultQuestions(inv, [{ kind: 'desktop' }]).some((q) => q.origin.kind === 'relay')).toBe(false);
  });

  it('predicts the relay path as the probe judges it: node1 masquerades the relay to its bridge gateway, the client travels in X-Forwarded-For', () => {
    const [answer] = answerQuestions(makeInventory(), [], '203.0.113.1', [relay]);
    const path = answer!.prediction.paths[0]!;
    expect(path.hops.map((h) => h.sourceAfter)).toEqual(['203.0.113.1', '203.0.113.10', '203.0.113.10', '198.19.1.1', '198.19.1.1']);
    expect(path.hops[1]!.at).toMatchObject({ kind: 'relay', name: 'public' });
    expect(path.observed).toMatchObject({ address: '198.19.1.1', class: 'bridge-gateway', node: 'node1' });
    expect(path.verdict).toBe('proxied');
    expect(path.forwarded).toMatchObject({ xForwardedFor: '203.0.113.1', clientCarrier: 'x-forwarded-for' });
  });
});

describe('defaultQuestions through an Ingress', () => {
  const inv = () =>
    makeInventory({
      ingressControllers: [makeIngressController()],
      ingresses: [
        makeIngress({ rules: [{ host: 'echo.example.test', paths: [{ path: '/', pathType: 'Prefix', backend: { service: 'echo', port: 80 } }, { path: '/api', pathType: 'Prefix', backend: { service: 'other', port: 80 } }] }] }),
        makeIngress({ name: 'catch-all', rules: [], defaultBackend: { service: 'echo', port: 80 } }),
        // Another namespace's Ingress cannot route to default/echo, whatever its backend's name.
        makeIngress({ namespace: 'shop', name: 'elsewhere', rules: [{ host: 'shop.example.test', paths: [{ path: '/', pathType: 'Prefix', backend: { service: 'echo', port: 80 } }] }] }),
      ],
    });

  it('asks from the desktop through each rule and default backend that routes to the service', () => {
    const qs = defaultQuestions(inv()).filter((q) => q.target.kind === 'ingress');
    expect(qs.map((q) => q.id)).toEqual(['desktop>ingress:echo.example.test/', 'desktop>ingress:*/']);
    expect(qs.every((q) => q.origin.kind === 'external')).toBe(true);
    // Pod origins reach the backend directly; only the desktop goes in through the controller.
    expect(defaultQuestions(inv(), [{ kind: 'pod', node: 'node1' }]).some((q) => q.target.kind === 'ingress')).toBe(false);
  });

  it('predicts the path in through the controller: the backend sees the controller pod, X-Forwarded-For the address the controller saw', () => {
    const answers = answerQuestions(inv(), [{ kind: 'desktop' }], '203.0.113.1');
    const viaIngress = answers.find((a) => a.id === 'desktop>ingress:echo.example.test/')!;
    const paths = viaIngress.prediction.paths;
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) {
      expect(p.hops.some((h) => h.at.kind === 'ingress')).toBe(true);
      expect(p.observed.address).toBe('198.19.2.20');
    }
    // The controller's Service has Cluster policy: entering at node1 (no controller pod) SNATs
    // before nginx, so X-Forwarded-For carries a node-side address, not the client.
    const viaNode1 = paths.find((p) => p.entry?.node === 'node1')!;
    expect(viaNode1.forwarded.xForwardedFor).toBe('198.18.0.11');
  });
});
