// The ingress controller stand-in: an nginx configuration rendered from the Ingress objects of
// a class and the ingress-nginx ConfigMap keys that decide which client address the backends
// see (fact sheet §4, ingress-nginx's documented semantics):
//  - realip is on only with use-forwarded-headers, use-proxy-protocol or enable-real-ip; it
//    reads `proxy_protocol` (use-proxy-protocol) or forwarded-for-header, trusting
//    proxy-real-ip-cidr (default 0.0.0.0/0: anyone can spoof the header);
//  - upstream X-Forwarded-For is just $remote_addr unless use-forwarded-headers AND
//    compute-full-forwarded-for, which append the peer to the received header;
//  - upstreams are the service's endpoints (pod IPs), not its ClusterIP, as ingress-nginx does.
import type { KObject } from '../data-plane';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface ControllerOptions {
  className: string;
  controllerClass: string;
  configMap?: { namespace: string; name: string };
  watchWithoutClass: boolean;
}

export function controllerOptions(args: string[], podNamespace: string): ControllerOptions {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
    else if (args[i + 1] !== undefined && !args[i + 1]?.startsWith('--')) flags.set(a.slice(2), args[++i] ?? '');
    else flags.set(a.slice(2), 'true');
  }
  const cm = flags.get('configmap');
  const [ns, name] = cm?.includes('/') ? cm.split('/') : [podNamespace, cm];
  return {
    className: flags.get('ingress-class') ?? 'nginx',
    controllerClass: flags.get('controller-class') ?? 'k8s.io/ingress-nginx',
    configMap: name ? { namespace: ns ?? podNamespace, name } : undefined,
    watchWithoutClass: flags.get('watch-ingress-without-class') === 'true',
  };
}

export interface ClientAddressConfig {
  useForwardedHeaders: boolean;
  computeFullForwardedFor: boolean;
  useProxyProtocol: boolean;
  enableRealIP: boolean;
  forwardedForHeader: string;
  proxyRealIPCIDR: string[];
}

const bool = (v: string | undefined) => v === 'true';

export function clientAddressConfig(data: Record<string, string> = {}): ClientAddressConfig {
  return {
    useForwardedHeaders: bool(data['use-forwarded-headers']),
    computeFullForwardedFor: bool(data['compute-full-forwarded-for']),
    useProxyProtocol: bool(data['use-proxy-protocol']),
    enableRealIP: bool(data['enable-real-ip']),
    forwardedForHeader: data['forwarded-for-header'] || 'X-Forwarded-For',
    proxyRealIPCIDR: (data['proxy-real-ip-cidr'] || '0.0.0.0/0').split(',').map((s) => s.trim()).filter(Boolean),
  };
}

export function ingressMatchesClass(ing: KObject, opts: ControllerOptions, classes: KObject[]): boolean {
  const cls: string | undefined = ing.spec?.ingressClassName ?? ing.metadata.annotations?.['kubernetes.io/ingress.class'];
  if (!cls) {
    if (opts.watchWithoutClass) return true;
    return classes.some((c) => c.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class'] === 'true' && c.spec?.controller === opts.controllerClass);
  }
  if (cls === opts.className) return true;
  return classes.some((c) => c.metadata.name === cls && c.spec?.controller === opts.controllerClass);
}

/** Ready endpoints ("ip:port") of a service port, by port number or name. */
export type EndpointLookup = (namespace: string, service: string, port: number | string) => string[];

export interface IngressConfigInput {
  options: ControllerOptions;
  ingresses: KObject[];
  ingressClasses: KObject[];
  configMapData?: Record<string, string>;
  endpoints: EndpointLookup;
  httpPort?: number;
}

interface Loc {
  path: string;
  exact: boolean;
  upstream?: string;
}

const upstreamName = (ns: string, svc: string, port: number | string) => `${ns}-${svc}-${port}`.replace(/[^A-Za-z0-9_-]/g, '_');

export function renderIngressNginxConfig(input: IngressConfigInput): string {
  const cfg = clientAddressConfig(input.configMapData);
  const port = input.httpPort ?? 80;
  const listen = `listen ${port}${cfg.useProxyProtocol ? ' proxy_protocol' : ''}`;
  const upstreams = new Map<string, string[]>();
  const servers = new Map<string, Loc[]>(); // host ('' = catch-all) → locations
  let defaultUpstream: string | undefined;

  const backend = (ns: string, b: Json): string | undefined => {
    const svc = b?.service;
    if (!svc?.name) return undefined;
    const p: number | string = svc.port?.number ?? svc.port?.name;
    const name = upstreamName(ns, svc.name, p);
    if (!upstreams.has(name)) upstreams.set(name, input.endpoints(ns, svc.name, p));
    return name;
  };

  const matching = input.ingresses
    .filter((i) => ingressMatchesClass(i, input.options, input.ingressClasses))
    .sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
  for (const ing of matching) {
    const ns = ing.metadata.namespace ?? 'default';
    if (ing.spec?.defaultBackend && !defaultUpstream) defaultUpstream = backend(ns, ing.spec.defaultBackend);
    for (const rule of (ing.spec?.rules ?? []) as Json[]) {
      const host: string = rule.host ?? '';
      const locs = servers.get(host) ?? [];
      servers.set(host, locs);
      for (const p of (rule.http?.paths ?? []) as Json[]) {
        const path: string = p.path || '/';
        const upstream = backend(ns, p.backend);
        const type: string = p.pathType ?? 'ImplementationSpecific';
        if (locs.some((l) => l.path === path)) continue; // first Ingress wins, as ingress-nginx merges
        if (type === 'Exact') locs.push({ path, exact: true, upstream });
        else if (type === 'Prefix' && path !== '/') {
          const trimmed = path.replace(/\/+$/, '');
          locs.push({ path: trimmed, exact: true, upstream }, { path: `${trimmed}/`, exact: false, upstream });
        } else locs.push({ path, exact: false, upstream });
      }
    }
  }

  const out: string[] = [];
  out.push('# Rendered by the SNATScope lab from Ingress objects (ingress-nginx stand-in).');
  out.push('worker_processes 1;', 'pid /run/nginx.pid;', 'error_log /dev/stderr notice;', 'events { worker_connections 1024; }', 'http {');
  out.push('    access_log /dev/stdout;');
  out.push(`    log_format upstreaminfo '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_length $request_time [$proxy_upstream_name] $upstream_addr';`);
  if (cfg.useForwardedHeaders || cfg.useProxyProtocol || cfg.enableRealIP) {
    out.push(`    real_ip_header ${cfg.useProxyProtocol ? 'proxy_protocol' : cfg.forwardedForHeader};`, '    real_ip_recursive on;');
    for (const cidr of cfg.proxyRealIPCIDR) out.push(`    set_real_ip_from ${cidr};`);
  }
  const fullXff = cfg.useForwardedHeaders && cfg.computeFullForwardedFor;
  if (fullXff) {
    const peer = cfg.useProxyProtocol ? '$proxy_protocol_addr' : '$realip_remote_addr';
    out.push('    map $http_x_forwarded_for $full_x_forwarded_for {', `        default "$http_x_forwarded_for, ${peer}";`, `        '' "${peer}";`, '    }');
  }
  if (cfg.useForwardedHeaders) {
    out.push('    map $http_x_forwarded_proto $pass_access_scheme { default $http_x_forwarded_proto; \'\' $scheme; }');
    out.push('    map $http_x_forwarded_host $best_http_host { default $http_x_forwarded_host; \'\' $host; }');
    out.push('    map $http_x_forwarded_port $pass_port { default $http_x_forwarded_port; \'\' $server_port; }');
  } else {
    out.push('    map $scheme $pass_access_scheme { default $scheme; }', '    map $host $best_http_host { default $host; }', '    map $server_port $pass_port { default $server_port; }');
  }
  for (const [name, servers_] of [...upstreams].sort(([a], [b]) => a.localeCompare(b))) {
    if (servers_.length === 0) continue;
    out.push(`    upstream ${name} {`, ...servers_.map((s) => `        server ${s};`), '    }');
  }
  const proxy = (upstream: string | undefined, ind: string): string[] => {
    if (!upstream || !(upstreams.get(upstream)?.length)) return [`${ind}set $proxy_upstream_name "${upstream ?? '-'}";`, `${ind}return 503;`];
    return [
      `${ind}set $proxy_upstream_name "${upstream}";`,
      `${ind}proxy_set_header Host $best_http_host;`,
      `${ind}proxy_set_header X-Request-ID $request_id;`,
      `${ind}proxy_set_header X-Real-IP $remote_addr;`,
      `${ind}proxy_set_header X-Forwarded-For ${fullXff ? '$full_x_forwarded_for' : '$remote_addr'};`,
      `${ind}proxy_set_header X-Forwarded-Host $best_http_host;`,
      `${ind}proxy_set_header X-Forwarded-Port $pass_port;`,
      `${ind}proxy_set_header X-Forwarded-Proto $pass_access_scheme;`,
      `${ind}proxy_set_header X-Forwarded-Scheme $pass_access_scheme;`,
      `${ind}proxy_set_header X-Scheme $pass_access_scheme;`,
      `${ind}proxy_set_header X-Original-Forwarded-For $http_${cfg.forwardedForHeader.toLowerCase().replace(/-/g, '_')};`,
      `${ind}proxy_pass http://${upstream};`,
    ];
  };
  const locationBlocks = (locs: Loc[]) =>
    [...locs]
      .sort((a, b) => b.path.length - a.path.length)
      .flatMap((l) => [`        location ${l.exact ? '= ' : ''}${l.path} {`, ...proxy(l.upstream, '            '), '        }']);
  // The catch-all server: rules without a host, then the default backend (404 when none).
  const catchAll = servers.get('') ?? [];
  out.push('    server {', `        ${listen} default_server;`, '        server_name _;', ...locationBlocks(catchAll));
  if (!catchAll.some((l) => l.path === '/' && !l.exact)) {
    out.push('        location / {', ...(defaultUpstream ? proxy(defaultUpstream, '            ') : ['            set $proxy_upstream_name "upstream-default-backend";', '            return 404;']), '        }');
  }
  out.push('    }');
  for (const [host, locs] of [...servers].filter(([h]) => h !== '').sort(([a], [b]) => a.localeCompare(b))) {
    out.push('    server {', `        ${listen};`, `        server_name ${host};`, ...locationBlocks(locs));
    if (!locs.some((l) => l.path === '/' && !l.exact)) out.push('        location / {', ...(defaultUpstream ? proxy(defaultUpstream, '            ') : ['            return 404;']), '        }');
    out.push('    }');
  }
  out.push('}');
  return out.join('\n') + '\n';
}
