import { describe, expect, it } from 'vitest';
import { service } from '../kube-proxy/test-objects';
import { renderRelayConfig, resolveRelayTarget } from './relays';
import { RelaySettings } from './settings';

const relay = (over: object) => RelaySettings.parse({ name: 'public', address: '203.0.113.10', port: 8080, mode: 'l4', target: { node: 'node1', nodePort: 30080 }, ...over });

describe('relay nginx config', () => {
  const targets = new Map([['public', { ip: '198.18.0.11', port: 30080 }], ['web', { ip: '198.18.0.11', port: 30081 }]]);

  it('L4: a stream proxy to node:NodePort, PROXY protocol only when asked', () => {
    const plain = renderRelayConfig([relay({})], targets, '/run/x');
    expect(plain).toContain('load_module /usr/lib/nginx/modules/ngx_stream_module.so;');
    expect(plain).toMatch(/stream \{\n\s+server \{[\s\S]*listen 203\.0\.113\.10:8080;\n\s+proxy_pass 198\.18\.0\.11:30080;/);
    expect(plain).not.toContain('proxy_protocol on');
    expect(renderRelayConfig([relay({ proxyProtocol: true })], targets, '/run/x')).toContain('proxy_protocol on;');
  });

  it('L7: an http proxy that adds X-Forwarded-For only when asked', () => {
    const r = relay({ name: 'web', mode: 'l7', port: 8082 });
    const plain = renderRelayConfig([r], targets, '/run/x');
    expect(plain).toContain('proxy_pass http://198.18.0.11:30081;');
    expect(plain).not.toContain('X-Forwarded-For');
    expect(plain).not.toContain('load_module');
    const xff = renderRelayConfig([relay({ name: 'web', mode: 'l7', port: 8082, xForwardedFor: true })], targets, '/run/x');
    expect(xff).toContain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
  });

  it('finds the NodePort of a target service and leaves unresolved relays out', () => {
    const svc = service({ name: 'frontend', type: 'NodePort', clusterIP: '10.96.0.20', ports: [{ name: 'http', port: 80, nodePort: 30555 }, { name: 'other', port: 81, nodePort: 30556 }] });
    const r = relay({ target: { node: 'node1', service: 'default/frontend', servicePort: 'other' } });
    expect(resolveRelayTarget(r, '198.18.0.11', [svc])).toEqual({ ip: '198.18.0.11', port: 30556 });
    expect(resolveRelayTarget(relay({ target: { node: 'node1', service: 'missing' } }), '198.18.0.11', [svc])).toBeUndefined();
    const conf = renderRelayConfig([r], new Map([['public', undefined]]), '/run/x');
    expect(conf).not.toContain('listen');
  });
});
