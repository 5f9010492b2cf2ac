import { describe, expect, it } from 'vitest';
import type { KObject } from '../data-plane';
import { clientAddressConfig, controllerOptions, ingressMatchesClass, renderIngressNginxConfig } from './ingress-nginx';

const ingress = (name: string, spec: object, annotations?: Record<string, string>): KObject => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace: 'shop', ...(annotations ? { annotations } : {}) }, spec });
const web = ingress('web', {
  ingressClassName: 'nginx',
  rules: [{ host: 'shop.example', http: { paths: [{ path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }, { path: '/', pathType: 'Prefix', backend: { service: { name: 'front', port: { name: 'http' } } } }] } }],
});
const endpoints = (_ns: string, svc: string) => (svc === 'api' ? ['198.19.1.5:8080', '198.19.2.6:8080'] : svc === 'front' ? ['198.19.1.7:80'] : []);
const opts = controllerOptions(['/nginx-ingress-controller', '--configmap=$(POD_NAMESPACE)/ingress-nginx-controller'.replace('$(POD_NAMESPACE)', 'ingress-nginx'), '--ingress-class', 'nginx'], 'ingress-nginx');
const render = (data: Record<string, string>, ingresses = [web]) => renderIngressNginxConfig({ options: opts, ingresses, ingressClasses: [], configMapData: data, endpoints });

describe('ingress-nginx controller arguments', () => {
  it('reads the class, controller class and ConfigMap like the real flags', () => {
    expect(opts).toEqual({ className: 'nginx', controllerClass: 'k8s.io/ingress-nginx', configMap: { namespace: 'ingress-nginx', name: 'ingress-nginx-controller' }, watchWithoutClass: false });
    expect(controllerOptions([], 'x').configMap).toBeUndefined();
  });
  it('selects Ingresses of its class (by name, annotation, IngressClass controller or default class)', () => {
    expect(ingressMatchesClass(web, opts, [])).toBe(true);
    expect(ingressMatchesClass(ingress('a', {}, { 'kubernetes.io/ingress.class': 'nginx' }), opts, [])).toBe(true);
    expect(ingressMatchesClass(ingress('b', { ingressClassName: 'traefik' }), opts, [])).toBe(false);
    const cls = { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'public', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'k8s.io/ingress-nginx' } };
    expect(ingressMatchesClass(ingress('c', { ingressClassName: 'public' }), opts, [cls])).toBe(true);
    expect(ingressMatchesClass(ingress('d', {}), opts, [cls])).toBe(true);
    expect(ingressMatchesClass(ingress('d', {}), opts, [])).toBe(false);
  });
});

describe('ingress-nginx ConfigMap semantics for the client address', () => {
  it('defaults: no realip, X-Forwarded-For is only $remote_addr, proxy-real-ip-cidr trusts everyone', () => {
    expect(clientAddressConfig({}).proxyRealIPCIDR).toEqual(['0.0.0.0/0']);
    const conf = render({});
    expect(conf).not.toContain('real_ip_header');
    expect(conf).toContain('proxy_set_header X-Forwarded-For $remote_addr;');
    expect(conf).toContain('proxy_set_header X-Real-IP $remote_addr;');
    expect(conf).not.toContain('full_x_forwarded_for');
  });

  it('use-forwarded-headers: realip from X-Forwarded-For (recursive), still a one-address XFF without compute-full-forwarded-for', () => {
    const conf = render({ 'use-forwarded-headers': 'true', 'proxy-real-ip-cidr': '203.0.113.0/24' });
    expect(conf).toContain('real_ip_header X-Forwarded-For;');
    expect(conf).toContain('real_ip_recursive on;');
    expect(conf).toContain('set_real_ip_from 203.0.113.0/24;');
    expect(conf).not.toContain('set_real_ip_from 0.0.0.0/0;');
    expect(conf).toContain('proxy_set_header X-Forwarded-For $remote_addr;');
  });

  it('compute-full-forwarded-for appends the peer, but only together with use-forwarded-headers', () => {
    const both = render({ 'use-forwarded-headers': 'true', 'compute-full-forwarded-for': 'true' });
    expect(both).toContain('default "$http_x_forwarded_for, $realip_remote_addr";');
    expect(both).toContain('proxy_set_header X-Forwarded-For $full_x_forwarded_for;');
    expect(render({ 'compute-full-forwarded-for': 'true' })).toContain('proxy_set_header X-Forwarded-For $remote_addr;');
  });

  it('use-proxy-protocol: listens with proxy_protocol and takes the client from it', () => {
    const conf = render({ 'use-proxy-protocol': 'true', 'use-forwarded-headers': 'true', 'compute-full-forwarded-for': 'true' });
    expect(conf).toContain('listen 80 proxy_protocol default_server;');
    expect(conf).toContain('real_ip_header proxy_protocol;');
    expect(conf).toContain('default "$http_x_forwarded_for, $proxy_protocol_addr";');
  });

  it('enable-real-ip alone turns realip on with forwarded-for-header', () => {
    const conf = render({ 'enable-real-ip': 'true', 'forwarded-for-header': 'CF-Connecting-IP' });
    expect(conf).toContain('real_ip_header CF-Connecting-IP;');
    expect(conf).toContain('proxy_set_header X-Original-Forwarded-For $http_cf_connecting_ip;');
  });
});

describe('ingress-nginx routing', () => {
  it('routes hosts and paths to endpoint upstreams; Prefix matches the path and below', () => {
    const conf = render({});
    expect(conf).toMatch(/upstream shop-api-80 \{\n\s+server 198\.19\.1\.5:8080;\n\s+server 198\.19\.2\.6:8080;/);
    expect(conf).toContain('server_name shop.example;');
    expect(conf).toContain('location = /api {');
    expect(conf).toContain('location /api/ {');
    expect(conf).toContain('proxy_pass http://shop-front-http;');
    expect(conf).toMatch(/server_name _;\n\s+location \/ \{\n\s+set \$proxy_upstream_name "upstream-default-backend";\n\s+return 404;/);
  });

  it('answers 503 for a backend without endpoints', () => {
    const empty = ingress('e', { ingressClassName: 'nginx', rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'nothing', port: { number: 80 } } } }] } }] });
    const conf = render({}, [empty]);
    expect(conf).toMatch(/location \/ \{\n\s+set \$proxy_upstream_name "shop-nothing-80";\n\s+return 503;/);
  });
});
