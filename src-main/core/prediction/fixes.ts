// Fixes with their trade-offs and copyable text. Titles and trade-offs are explanation steps
// (rendered in every UI language); snippets are commands/configuration only. Object names come
// from the cluster, so they are quoted for the shell and YAML before being placed in snippets.
import { step, type Fix } from '../explain/types';
import type { ObjectRef, ServiceInfo } from '../inventory/types';

export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function yamlString(s: string): string {
  return JSON.stringify(s);
}

/** nginx config values: keep only characters that are valid in addresses, CIDRs and names. */
function nginxToken(s: string): string {
  return s.replace(/[^0-9A-Za-z.:/_\-[\]]/g, '');
}

export function etpLocalFix(svc: ServiceInfo, forController = false): Fix {
  const ref = `${svc.namespace}/${svc.name}`;
  const tradeoffs = [step('fix.tradeoff.imbalance'), step('fix.tradeoff.dropsWithoutEndpoints')];
  tradeoffs.push(
    svc.type === 'LoadBalancer'
      ? step('fix.tradeoff.lbHealthCheck', { port: svc.healthCheckNodePort ?? 'healthCheckNodePort' })
      : step('fix.tradeoff.nodePortClientsChooseNodes'),
  );
  return {
    id: forController ? 'controller-etp-local' : 'etp-local',
    title: step(forController ? 'fix.controllerEtpLocal.title' : 'fix.etpLocal.title', { service: ref }),
    description: [step('fix.etpLocal.desc')],
    tradeoffs,
    snippets: [
      {
        language: 'shell',
        label: step('fix.snippet.kubectlPatch'),
        text: `kubectl -n ${shellQuote(svc.namespace)} patch service ${shellQuote(svc.name)} --type merge -p '{"spec":{"externalTrafficPolicy":"Local"}}'`,
      },
      {
        language: 'yaml',
        label: step('fix.snippet.serviceSpec'),
        text: ['apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${yamlString(svc.name)}`, `  namespace: ${yamlString(svc.namespace)}`, 'spec:', '  externalTrafficPolicy: Local'].join('\n'),
      },
    ],
  };
}

export function realipNginxFix(trusted: string[], header = 'X-Forwarded-For'): Fix {
  const from = trusted.length > 0 ? trusted : ['<address of your proxy>'];
  return {
    id: 'realip-nginx',
    title: step('fix.realip.title', { header }),
    description: [step('fix.realip.desc', { trusted: from.join(', ') })],
    tradeoffs: [step('fix.tradeoff.trustOnlyProxies'), step('fix.tradeoff.recursive')],
    snippets: [
      {
        language: 'nginx',
        label: step('fix.snippet.nginxRealip'),
        text: [...from.map((t) => `set_real_ip_from ${nginxToken(t) || '0.0.0.0/32'};`), `real_ip_header ${nginxToken(header) || 'X-Forwarded-For'};`, 'real_ip_recursive on;'].join('\n'),
      },
    ],
  };
}

export function proxyProtocolFix(relay: { name: string; address: string } | null, upstream: { address: string; port: number } | null): Fix {
  const target = upstream ? `${nginxToken(upstream.address)}:${upstream.port}` : '<node address>:<nodePort>';
  const from = relay ? nginxToken(relay.address) : '<address of the relay>';
  return {
    id: 'proxy-protocol',
    title: step('fix.proxyProtocol.title'),
    description: [step('fix.proxyProtocol.desc', { relay: relay?.name ?? '-' })],
    tradeoffs: [step('fix.tradeoff.ppBothEnds'), step('fix.tradeoff.ppShortCircuit')],
    snippets: [
      {
        language: 'nginx',
        label: step('fix.snippet.relayStream'),
        text: ['stream {', '    server {', '        listen 443;', `        proxy_pass ${target};`, '        proxy_protocol on;', '    }', '}'].join('\n'),
      },
      {
        language: 'nginx',
        label: step('fix.snippet.backendProxyProtocol'),
        text: ['server {', '    listen 8080 proxy_protocol;', `    set_real_ip_from ${from};`, '    real_ip_header proxy_protocol;', '}'].join('\n'),
      },
    ],
  };
}

export function relayXffFix(relay: { name: string; address: string } | null): Fix {
  return {
    id: 'relay-xff',
    title: step('fix.relayXff.title', { relay: relay?.name ?? '-' }),
    description: [step('fix.relayXff.desc')],
    tradeoffs: [step('fix.tradeoff.trustOnlyProxies')],
    snippets: [
      {
        language: 'nginx',
        label: step('fix.snippet.relayHttp'),
        text: ['location / {', '    proxy_pass http://<node address>:<nodePort>;', '    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;', '    proxy_set_header X-Real-IP $remote_addr;', '}'].join('\n'),
      },
    ],
  };
}

function configMapYaml(cm: ObjectRef | null, data: Record<string, string>): string {
  const ref = cm ?? { namespace: 'ingress-nginx', name: 'ingress-nginx-controller' };
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: ${yamlString(ref.name)}`,
    `  namespace: ${yamlString(ref.namespace)}`,
    'data:',
    ...Object.entries(data).map(([k, v]) => `  ${k}: ${yamlString(v)}`),
  ].join('\n');
}

export function ingressNginxForwardedHeadersFix(cm: ObjectRef | null, trustedCidrs: string[]): Fix {
  const cidrs = trustedCidrs.length > 0 ? trustedCidrs.join(',') : '<CIDR of your L7 load balancer>';
  return {
    id: 'ingress-nginx-forwarded-headers',
    title: step('fix.ingressForwarded.title'),
    description: [step('fix.ingressForwarded.desc')],
    tradeoffs: [step('fix.tradeoff.forwardedHeadersSpoof'), step('fix.tradeoff.computeFull')],
    snippets: [
      {
        language: 'yaml',
        label: step('fix.snippet.ingressConfigMap'),
        text: configMapYaml(cm, { 'use-forwarded-headers': 'true', 'compute-full-forwarded-for': 'true', 'proxy-real-ip-cidr': cidrs }),
      },
    ],
  };
}

export function ingressNginxProxyProtocolFix(cm: ObjectRef | null, lbCidrs: string[]): Fix {
  const data: Record<string, string> = { 'use-proxy-protocol': 'true' };
  if (lbCidrs.length > 0) data['proxy-real-ip-cidr'] = lbCidrs.join(',');
  return {
    id: 'ingress-nginx-proxy-protocol',
    title: step('fix.ingressProxyProtocol.title'),
    description: [step('fix.ingressProxyProtocol.desc')],
    tradeoffs: [step('fix.tradeoff.ppBothEnds'), step('fix.tradeoff.ppShortCircuit')],
    snippets: [{ language: 'yaml', label: step('fix.snippet.ingressConfigMap'), text: configMapYaml(cm, data) }],
  };
}

export function restrictRealIpCidrFix(cm: ObjectRef | null, cidrs: string[]): Fix {
  return {
    id: 'restrict-real-ip-cidr',
    title: step('fix.restrictCidr.title'),
    description: [step('fix.restrictCidr.desc')],
    tradeoffs: [step('fix.tradeoff.cidrMaintenance')],
    snippets: [
      {
        language: 'yaml',
        label: step('fix.snippet.ingressConfigMap'),
        text: configMapYaml(cm, { 'proxy-real-ip-cidr': cidrs.length > 0 ? cidrs.join(',') : '<CIDR of your load balancer or relay>' }),
      },
    ],
  };
}

export function lbIpModeProxyFix(svc: ServiceInfo): Fix {
  return {
    id: 'lb-ip-mode-proxy',
    title: step('fix.ipModeProxy.title', { service: `${svc.namespace}/${svc.name}` }),
    description: [step('fix.ipModeProxy.desc')],
    tradeoffs: [step('fix.tradeoff.hairpinThroughLb')],
    snippets: [
      {
        language: 'yaml',
        label: step('fix.snippet.lbStatus'),
        text: ['status:', '  loadBalancer:', '    ingress:', `    - ip: ${yamlString(svc.loadBalancer.ingress[0]?.ip ?? '<LB address>')}`, '      ipMode: Proxy'].join('\n'),
      },
    ],
  };
}

export function lbHealthCheckFix(svc: ServiceInfo): Fix {
  return {
    id: 'lb-health-check',
    title: step('fix.healthCheck.title', { service: `${svc.namespace}/${svc.name}` }),
    description: [step('fix.healthCheck.desc')],
    tradeoffs: [step('fix.tradeoff.healthCheckLag')],
    snippets: [
      {
        language: 'shell',
        label: step('fix.snippet.healthCheckPort'),
        text: [
          `kubectl -n ${shellQuote(svc.namespace)} get service ${shellQuote(svc.name)} -o jsonpath='{.spec.healthCheckNodePort}'`,
          'curl -s http://<node address>:<healthCheckNodePort>/healthz',
        ].join('\n'),
      },
    ],
  };
}

export function ciliumDsrFix(): Fix {
  return {
    id: 'cilium-dsr',
    title: step('fix.ciliumDsr.title'),
    description: [step('fix.ciliumDsr.desc')],
    tradeoffs: [step('fix.tradeoff.dsrRequirements')],
    snippets: [
      {
        language: 'shell',
        label: step('fix.snippet.helm'),
        text: 'helm upgrade cilium cilium/cilium -n kube-system --reuse-values --set loadBalancer.mode=dsr',
      },
    ],
  };
}
