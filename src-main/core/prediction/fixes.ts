// Fixes with their trade-offs and copyable text. Titles and trade-offs are explanation steps
// (rendered in every UI language); snippets are commands/configuration only. Object names come
// from the cluster, so they are quoted for the shell and YAML before being placed in snippets.
import { step, type Fix } from '../explain/types';
import type { ObjectRef, ProxyConfig, ServiceInfo } from '../inventory/types';

// Control characters (C0, DEL, C1) and bidi controls: in a copied command they could hide or
// reorder what the shell runs (a session file's names are not bound to Kubernetes' name rules).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const hex = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

export function shellQuote(s: string): string {
  // ANSI-C quoting ($'…', bash/zsh/ksh) keeps the exact name but shows each such character as \uXXXX.
  if (s.search(INVISIBLE) >= 0) return `$'${s.replace(/[\\']/g, (c) => `\\${c}`).replace(INVISIBLE, hex)}'`;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function yamlString(s: string): string {
  // JSON's string escapes are YAML double-quoted escapes; bidi and C1 controls become \uXXXX too.
  return JSON.stringify(s).replace(INVISIBLE, hex);
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
      haproxyRelaySnippet('l4', upstream),
    ],
  };
}

export function relayXffFix(relay: { name: string; address: string } | null, upstream: { address: string; port: number } | null = null): Fix {
  const target = upstream ? `${nginxToken(upstream.address)}:${upstream.port}` : '<node address>:<nodePort>';
  const from = relay ? nginxToken(relay.address) : '<address of the relay>';
  return {
    id: 'relay-xff',
    title: step('fix.relayXff.title', { relay: relay?.name ?? '-' }),
    description: [step('fix.relayXff.desc')],
    tradeoffs: [step('fix.tradeoff.trustOnlyProxies')],
    snippets: [
      {
        language: 'nginx',
        label: step('fix.snippet.relayHttp'),
        text: ['location / {', `    proxy_pass http://${target};`, '    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;', '    proxy_set_header X-Real-IP $remote_addr;', '}'].join('\n'),
      },
      haproxyRelaySnippet('l7', upstream),
      {
        language: 'nginx',
        label: step('fix.snippet.backendRealip'),
        text: [`set_real_ip_from ${from};`, 'real_ip_header X-Forwarded-For;', 'real_ip_recursive on;'].join('\n'),
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

// ---- Local policy drops (fact sheet §2: kube-proxy drops external traffic to a Local service on
// a node without a ready local endpoint; kubernetes/pkg/proxy/iptables/proxier.go "has no local
// endpoints" -j DROP). Three ways out, each with its cost.

function selectorYaml(selector: Record<string, string> | null, indent: string): string[] {
  const entries = Object.entries(selector ?? {});
  if (!entries.length) return [`${indent}<labels of the service's pods>: "<value>"`];
  return entries.map(([k, v]) => `${indent}${yamlString(k)}: ${yamlString(v)}`);
}

/** Run a ready endpoint on every node that receives the traffic (DaemonSet or topology spread). */
export function endpointEveryNodeFix(svc: ServiceInfo, dropNodes: string[]): Fix {
  const ref = `${svc.namespace}/${svc.name}`;
  return {
    id: 'local-endpoint-every-node',
    title: step('fix.endpointEveryNode.title', { service: ref }),
    description: [step('fix.endpointEveryNode.desc', { service: ref, nodes: dropNodes.join(', ') || '-' })],
    tradeoffs: [step('fix.tradeoff.moreReplicas'), step('fix.tradeoff.newNodeDrops')],
    snippets: [
      {
        language: 'yaml',
        label: step('fix.snippet.topologySpread'),
        text: [
          '# in the pod template (spec.template.spec) of the Deployment behind this Service',
          'topologySpreadConstraints:',
          '- maxSkew: 1',
          '  topologyKey: kubernetes.io/hostname',
          '  whenUnsatisfiable: DoNotSchedule',
          '  labelSelector:',
          '    matchLabels:',
          ...selectorYaml(svc.selector, '      '),
          '# replicas: at least the number of nodes that receive traffic; or run it as a DaemonSet',
        ].join('\n'),
      },
    ],
  };
}

/** Send outside traffic only to nodes with an endpoint: the LB's health check, or the relay's upstream list. */
export function sendToEndpointNodesFix(svc: ServiceInfo, endpointNodes: { name: string; address: string | null }[], nodePort: number | null): Fix {
  const ref = `${svc.namespace}/${svc.name}`;
  const port = nodePort === null ? '<nodePort>' : String(nodePort);
  const upstream = endpointNodes.length
    ? endpointNodes.map((n) => `    server ${nginxToken(n.address ?? '') || '<address of ' + nginxToken(n.name) + '>'}:${port};  # ${nginxToken(n.name)}`)
    : ['    server <address of a node with an endpoint>:' + port + ';'];
  const snippets: Fix['snippets'] = [];
  if (svc.type === 'LoadBalancer') {
    snippets.push({
      language: 'shell',
      label: step('fix.snippet.healthCheckPort'),
      text: [
        `kubectl -n ${shellQuote(svc.namespace)} get service ${shellQuote(svc.name)} -o jsonpath='{.spec.healthCheckNodePort}'`,
        '# point the load balancer health check at http://<node>:<healthCheckNodePort>/healthz (200 only where an endpoint runs)',
      ].join('\n'),
    });
  }
  snippets.push({ language: 'nginx', label: step('fix.snippet.relayUpstream'), text: ['upstream k8s_' + nginxToken(svc.name).replace(/[^A-Za-z0-9_]/g, '_') + ' {', ...upstream, '}'].join('\n') });
  snippets.push({
    language: 'text',
    label: step('fix.snippet.haproxyBackend'),
    text: ['backend k8s_' + nginxToken(svc.name).replace(/[^A-Za-z0-9_]/g, '_'), ...endpointNodes.map((n, i) => `    server n${i + 1} ${nginxToken(n.address ?? '') || '<node address>'}:${port} check`), ...(endpointNodes.length ? [] : [`    server n1 <address of a node with an endpoint>:${port} check`])].join('\n'),
  });
  return {
    id: 'send-to-endpoint-nodes',
    title: step('fix.sendToEndpointNodes.title', { service: ref }),
    description: [step(svc.type === 'LoadBalancer' ? 'fix.sendToEndpointNodes.descLb' : 'fix.sendToEndpointNodes.desc', { service: ref, port: svc.healthCheckNodePort ?? 'healthCheckNodePort' })],
    tradeoffs: [step('fix.tradeoff.upstreamFollowsPods'), step('fix.tradeoff.healthCheckLag')],
    snippets,
  };
}

/** Keep Cluster (no drops) and carry the client address in PROXY protocol or X-Forwarded-For instead. */
export function keepClusterCarryClientFix(svc: ServiceInfo, relayAddress: string | null): Fix {
  const ref = `${svc.namespace}/${svc.name}`;
  const from = relayAddress ? nginxToken(relayAddress) : '<address of the relay or LB>';
  return {
    id: 'keep-cluster-carry-client',
    title: step('fix.keepCluster.title', { service: ref }),
    description: [step('fix.keepCluster.desc', { service: ref })],
    tradeoffs: [step('fix.tradeoff.extraHopCarries'), step('fix.tradeoff.ppBothEnds'), step('fix.tradeoff.trustOnlyProxies')],
    snippets: [
      {
        language: 'shell',
        label: step('fix.snippet.kubectlPatch'),
        text: `kubectl -n ${shellQuote(svc.namespace)} patch service ${shellQuote(svc.name)} --type merge -p '{"spec":{"externalTrafficPolicy":"Cluster"}}'`,
      },
      {
        language: 'nginx',
        label: step('fix.snippet.relayHttp'),
        text: ['location / {', '    proxy_pass http://<node address>:<nodePort>;', '    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;', '}'].join('\n'),
      },
      {
        language: 'nginx',
        label: step('fix.snippet.nginxRealip'),
        text: [`set_real_ip_from ${from};`, 'real_ip_header X-Forwarded-For;', 'real_ip_recursive on;', '# or, with PROXY protocol from an L4 relay: listen 8080 proxy_protocol; real_ip_header proxy_protocol;'].join('\n'),
      },
    ],
  };
}

/** HAProxy equivalent of the relay snippets (PROXY protocol or X-Forwarded-For). */
export function haproxyRelaySnippet(mode: 'l4' | 'l7', upstream: { address: string; port: number } | null): Fix['snippets'][number] {
  const target = upstream ? `${nginxToken(upstream.address)}:${upstream.port}` : '<node address>:<nodePort>';
  return {
    language: 'text',
    label: step('fix.snippet.haproxyRelay'),
    text:
      mode === 'l4'
        ? ['frontend fe_tcp', '    mode tcp', '    bind :443', '    default_backend be_k8s', 'backend be_k8s', '    mode tcp', `    server n1 ${target} send-proxy-v2`].join('\n')
        : ['frontend fe_http', '    mode http', '    bind :80', '    option forwardfor', '    default_backend be_k8s', 'backend be_k8s', '    mode http', `    server n1 ${target}`].join('\n'),
  };
}

/**
 * A backend that reaches itself through its own Service is masqueraded by design (kube-proxy's
 * KUBE-SEP-* chain marks traffic whose source is the endpoint, pkg/proxy/iptables/proxier.go;
 * the bridge needs hairpin mode to send it back): no Service setting changes that.
 */
export function hairpinFix(observed: string | null): Fix {
  const address = observed && !observed.startsWith('<') ? observed : '<node bridge address>';
  return {
    id: 'hairpin-self-call',
    title: step('fix.hairpin.title'),
    description: [step('fix.hairpin.desc', { address })],
    tradeoffs: [step('fix.tradeoff.hairpinSelfCall')],
    snippets: [],
  };
}

/** masqueradeAll (--masquerade-all) makes kube-proxy masquerade every ClusterIP request. */
export function masqueradeAllFix(source: ProxyConfig['source']): Fix {
  const edit =
    source === 'daemonset-args'
      ? ['kubectl -n kube-system edit daemonset kube-proxy   # remove --masquerade-all from the container args']
      : ['kubectl -n kube-system edit configmap kube-proxy   # in config.conf: masqueradeAll: false', 'kubectl -n kube-system rollout restart daemonset kube-proxy'];
  return {
    id: 'kube-proxy-masquerade-all',
    title: step('fix.masqueradeAll.title'),
    description: [step('fix.masqueradeAll.desc')],
    tradeoffs: [step('fix.tradeoff.masqueradeAllNeeded'), step('fix.tradeoff.clusterWide')],
    snippets: [{ language: 'shell', label: step('fix.snippet.kubeProxyConfig'), text: edit.join('\n') }],
  };
}
