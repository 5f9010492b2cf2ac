// Realistic raw objects for the detect-* tests, modelled on what kubeadm, the Cilium / flannel /
// Calico manifests and the ingress-nginx Helm chart create (written for these tests, trimmed to
// the fields that matter). Addresses use the lab ranges.
/* eslint-disable @typescript-eslint/no-explicit-any */

export const kubeadmKubeProxyConfigMap: any = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { app: 'kube-proxy' } },
  data: {
    'config.conf': [
      'apiVersion: kubeproxy.config.k8s.io/v1alpha1',
      'bindAddress: 0.0.0.0',
      'bindAddressHardFail: false',
      'clientConnection:',
      '  acceptContentTypes: ""',
      '  burst: 0',
      '  contentType: ""',
      '  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf',
      '  qps: 0',
      'clusterCIDR: 198.19.0.0/16',
      'configSyncPeriod: 0s',
      'conntrack:',
      '  maxPerCore: null',
      '  min: null',
      'detectLocal:',
      '  bridgeInterface: ""',
      '  interfaceNamePrefix: ""',
      'detectLocalMode: ""',
      'enableProfiling: false',
      'healthzBindAddress: ""',
      'hostnameOverride: ""',
      'iptables:',
      '  localhostNodePorts: null',
      '  masqueradeAll: false',
      '  masqueradeBit: null',
      '  minSyncPeriod: 0s',
      '  syncPeriod: 0s',
      'ipvs:',
      '  excludeCIDRs: null',
      '  scheduler: ""',
      'kind: KubeProxyConfiguration',
      'logging:',
      '  flushFrequency: 0',
      '  verbosity: 0',
      'metricsBindAddress: ""',
      'mode: ""',
      'nodePortAddresses: null',
      'oomScoreAdj: null',
      'portRange: ""',
      'winkernel:',
      '  enableDSR: false',
      '',
    ].join('\n'),
    'kubeconfig.conf': [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- cluster:',
      '    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
      '    server: https://198.18.0.10:6443',
      '  name: default',
      '',
    ].join('\n'),
  },
};

export function kubeProxyConfigMapWith(replace: Record<string, string>): any {
  let text: string = kubeadmKubeProxyConfigMap.data['config.conf'];
  for (const [from, to] of Object.entries(replace)) text = text.replace(from, to);
  return { ...kubeadmKubeProxyConfigMap, data: { ...kubeadmKubeProxyConfigMap.data, 'config.conf': text } };
}

export const kubeadmKubeProxyDaemonSet: any = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { 'k8s-app': 'kube-proxy' } },
  spec: {
    selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
    template: {
      metadata: { labels: { 'k8s-app': 'kube-proxy' } },
      spec: {
        hostNetwork: true,
        containers: [
          {
            name: 'kube-proxy',
            image: 'registry.k8s.io/kube-proxy:v1.31.1',
            command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
            securityContext: { privileged: true },
          },
        ],
      },
    },
  },
};

export const flagsOnlyKubeProxyDaemonSet: any = {
  ...kubeadmKubeProxyDaemonSet,
  spec: {
    ...kubeadmKubeProxyDaemonSet.spec,
    template: {
      metadata: { labels: { 'k8s-app': 'kube-proxy' } },
      spec: {
        containers: [
          {
            name: 'kube-proxy',
            image: 'registry.k8s.io/kube-proxy:v1.30.4',
            command: ['kube-proxy'],
            args: ['--proxy-mode=ipvs', '--cluster-cidr', '10.244.0.0/16', '--masquerade-all', '--v=2'],
          },
        ],
      },
    },
  },
};

export const ciliumDaemonSet: any = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'cilium', namespace: 'kube-system', labels: { 'k8s-app': 'cilium' } },
  spec: {
    template: {
      metadata: { labels: { 'k8s-app': 'cilium' } },
      spec: {
        hostNetwork: true,
        containers: [
          {
            name: 'cilium-agent',
            image: 'quay.io/cilium/cilium:v1.16.3@sha256:62d2a09bbef840a46099ac4c69421c90f84f28d018d479749049011329aa7f28',
            command: ['cilium-agent'],
            args: ['--config-dir=/tmp/cilium/config-map'],
          },
        ],
      },
    },
  },
};

export const ciliumConfig: any = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cilium-config', namespace: 'kube-system' },
  data: {
    'cluster-name': 'default',
    'kube-proxy-replacement': 'true',
    'bpf-lb-mode': 'dsr',
    'bpf-lb-dsr-dispatch': 'opt',
    'routing-mode': 'native',
    'ipv4-native-routing-cidr': '198.19.0.0/16',
    'enable-ipv4-masquerade': 'true',
    'enable-bpf-masquerade': 'true',
  },
};

export const flannelDaemonSet: any = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'kube-flannel-ds', namespace: 'kube-flannel', labels: { app: 'flannel', 'k8s-app': 'flannel' } },
  spec: {
    template: {
      metadata: { labels: { app: 'flannel' } },
      spec: {
        hostNetwork: true,
        initContainers: [{ name: 'install-cni-plugin', image: 'docker.io/flannel/flannel-cni-plugin:v1.5.1-flannel2' }],
        containers: [
          {
            name: 'kube-flannel',
            image: 'docker.io/flannel/flannel:v0.25.7',
            command: ['/opt/bin/flanneld'],
            args: ['--ip-masq', '--kube-subnet-mgr'],
            env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }, { name: 'EVENT_QUEUE_DEPTH', value: '5000' }],
          },
        ],
      },
    },
  },
};

export const flannelConfig: any = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'kube-flannel-cfg', namespace: 'kube-flannel', labels: { app: 'flannel', tier: 'node' } },
  data: {
    'cni-conf.json': '{"name":"cbr0","cniVersion":"0.3.1","plugins":[{"type":"flannel","delegate":{"hairpinMode":true,"isDefaultGateway":true}},{"type":"portmap","capabilities":{"portMappings":true}}]}',
    'net-conf.json': '{\n  "Network": "198.19.0.0/16",\n  "EnableNFTables": false,\n  "Backend": {\n    "Type": "vxlan"\n  }\n}\n',
  },
};

export function calicoNodeDaemonSet(env: Record<string, string>): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'calico-node', namespace: 'kube-system', labels: { 'k8s-app': 'calico-node' } },
    spec: {
      template: {
        metadata: { labels: { 'k8s-app': 'calico-node' } },
        spec: {
          hostNetwork: true,
          containers: [
            {
              name: 'calico-node',
              image: 'docker.io/calico/node:v3.28.2',
              env: [
                { name: 'DATASTORE_TYPE', value: 'kubernetes' },
                { name: 'CLUSTER_TYPE', value: 'k8s,bgp' },
                { name: 'IP', value: 'autodetect' },
                { name: 'NODENAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                ...Object.entries(env).map(([name, value]) => ({ name, value })),
              ],
            },
          ],
        },
      },
    },
  };
}

export const calicoKubeControllers: any = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'calico-kube-controllers', namespace: 'kube-system' },
  spec: { template: { spec: { containers: [{ name: 'calico-kube-controllers', image: 'docker.io/calico/kube-controllers:v3.28.2' }] } } },
};

export const tigeraOperator: any = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'tigera-operator', namespace: 'tigera-operator' },
  spec: { template: { spec: { hostNetwork: true, containers: [{ name: 'tigera-operator', image: 'quay.io/tigera/operator:v1.34.5' }] } } },
};

export const calicoInstallationBpf: any = {
  apiVersion: 'operator.tigera.io/v1',
  kind: 'Installation',
  metadata: { name: 'default' },
  spec: {
    calicoNetwork: {
      linuxDataplane: 'BPF',
      ipPools: [{ name: 'default-ipv4-ippool', cidr: '198.19.0.0/16', encapsulation: 'VXLANCrossSubnet', natOutgoing: 'Enabled', nodeSelector: 'all()' }],
    },
  },
};

export const kindnetDaemonSet: any = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'kindnet', namespace: 'kube-system' },
  spec: { template: { spec: { containers: [{ name: 'kindnet-cni', image: 'docker.io/kindest/kindnetd:v20240813-c6f155d6' }] } } },
};

export const awsNodeDaemonSet: any = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'aws-node', namespace: 'kube-system' },
  spec: { template: { spec: { containers: [{ name: 'aws-node', image: '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.18.3-eksbuild.2' }] } } },
};

// ---- ingress-nginx (Helm chart shape) ----------------------------------------------------------

const ingressLabels = { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' };

export const ingressNginxClass: any = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'IngressClass',
  metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' }, labels: ingressLabels },
  spec: { controller: 'k8s.io/ingress-nginx' },
};

export const traefikClass: any = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'IngressClass',
  metadata: { name: 'traefik' },
  spec: { controller: 'traefik.io/ingress-controller' },
};

export const ingressNginxDeployment: any = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'ingress-nginx-controller', namespace: 'ingress-nginx', labels: ingressLabels },
  spec: {
    replicas: 1,
    selector: { matchLabels: ingressLabels },
    template: {
      metadata: { labels: { ...ingressLabels, 'app.kubernetes.io/part-of': 'ingress-nginx' } },
      spec: {
        containers: [
          {
            name: 'controller',
            image: 'registry.k8s.io/ingress-nginx/controller:v1.11.2@sha256:d5f8217feeac4887cb1ed21f27c2674e58be06bd8f5184cacea2a69abaf78dce',
            args: [
              '/nginx-ingress-controller',
              '--publish-service=$(POD_NAMESPACE)/ingress-nginx-controller',
              '--election-id=ingress-nginx-leader',
              '--controller-class=k8s.io/ingress-nginx',
              '--ingress-class=nginx',
              '--configmap=$(POD_NAMESPACE)/ingress-nginx-controller',
              '--validating-webhook=:8443',
            ],
          },
        ],
      },
    },
  },
};

export const ingressNginxConfigMap: any = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'ingress-nginx-controller', namespace: 'ingress-nginx', labels: ingressLabels },
  data: { 'allow-snippet-annotations': 'false', 'use-forwarded-headers': 'true', 'proxy-real-ip-cidr': '203.0.113.0/24, 198.18.0.0/16' },
};

export const ingressNginxService: any = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'ingress-nginx-controller', namespace: 'ingress-nginx', labels: ingressLabels },
  spec: {
    type: 'LoadBalancer',
    externalTrafficPolicy: 'Local',
    healthCheckNodePort: 31234,
    clusterIP: '10.96.0.10',
    clusterIPs: ['10.96.0.10'],
    ipFamilies: ['IPv4'],
    ports: [
      { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http', nodePort: 31080 },
      { name: 'https', port: 443, protocol: 'TCP', targetPort: 'https', nodePort: 31443 },
    ],
    selector: ingressLabels,
  },
  status: { loadBalancer: { ingress: [{ ip: '198.18.100.2', ipMode: 'VIP' }] } },
};

export const ingressNginxAdmissionService: any = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'ingress-nginx-controller-admission', namespace: 'ingress-nginx', labels: ingressLabels },
  spec: { type: 'ClusterIP', clusterIP: '10.96.0.11', ports: [{ name: 'https-webhook', port: 443, targetPort: 'webhook' }], selector: ingressLabels },
};

export const ingressNginxPod: any = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'ingress-nginx-controller-5d88495688-x2xk9', namespace: 'ingress-nginx', labels: { ...ingressLabels, 'pod-template-hash': '5d88495688' } },
  spec: { nodeName: 'node2', containers: [{ name: 'controller' }] },
  status: { phase: 'Running', podIP: '198.19.2.20', podIPs: [{ ip: '198.19.2.20' }], conditions: [{ type: 'Ready', status: 'True' }] },
};

export const echoIngress: any = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'echo', namespace: 'default' },
  spec: {
    ingressClassName: 'nginx',
    tls: [{ hosts: ['echo.example.test'], secretName: 'echo-tls' }],
    rules: [
      {
        host: 'echo.example.test',
        http: {
          paths: [
            { path: '/', pathType: 'Prefix', backend: { service: { name: 'echo', port: { number: 80 } } } },
            { path: '/api', pathType: 'Exact', backend: { service: { name: 'api', port: { name: 'http' } } } },
          ],
        },
      },
    ],
  },
};

// ---- nodes, services, slices, pods -------------------------------------------------------------

export const kubeadmNode: any = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name: 'node1',
    labels: { 'kubernetes.io/hostname': 'node1', 'topology.kubernetes.io/zone': 'lab-a', 'node-role.kubernetes.io/control-plane': '' },
    annotations: {
      'flannel.alpha.coreos.com/backend-type': 'vxlan',
      'flannel.alpha.coreos.com/public-ip': '198.18.0.11',
      'flannel.alpha.coreos.com/backend-data': '{"VNI":1,"VtepMAC":"6e:1a:2b:3c:4d:5e"}',
    },
  },
  spec: { podCIDR: '198.19.1.0/24', podCIDRs: ['198.19.1.0/24'], taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] },
  status: {
    addresses: [
      { type: 'InternalIP', address: '198.18.0.11' },
      { type: 'Hostname', address: 'node1' },
    ],
    conditions: [
      { type: 'MemoryPressure', status: 'False' },
      { type: 'Ready', status: 'True', reason: 'KubeletReady' },
    ],
  },
};

export const calicoNode: any = {
  metadata: {
    name: 'node2',
    annotations: { 'projectcalico.org/IPv4Address': '198.18.0.12/24', 'projectcalico.org/IPv4VXLANTunnelAddr': '198.19.2.192' },
  },
  spec: { podCIDR: '198.19.2.0/24' },
  status: { addresses: [{ type: 'InternalIP', address: '198.18.0.12' }, { type: 'ExternalIP', address: '203.0.113.112' }], conditions: [{ type: 'Ready', status: 'False' }] },
};

export const ciliumNode: any = {
  metadata: { name: 'node3', annotations: { 'network.cilium.io/ipv4-cilium-host': '198.19.3.17' } },
  spec: { podCIDRs: ['198.19.3.0/24', 'fd00:10:244:3::/64'], unschedulable: true },
  status: { addresses: [{ type: 'InternalIP', address: '198.18.0.13' }, { type: 'InternalIP', address: 'fd00::13' }], conditions: [{ type: 'Ready', status: 'True' }] },
};

export const lbServiceProxyMode: any = {
  metadata: {
    name: 'web',
    namespace: 'shop',
    annotations: {
      'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb',
      'service.beta.kubernetes.io/aws-load-balancer-proxy-protocol': '*',
      'kubectl.kubernetes.io/last-applied-configuration': '{"huge":"blob"}',
    },
  },
  spec: {
    type: 'LoadBalancer',
    clusterIP: '10.96.7.7',
    ports: [{ port: 443, targetPort: 8443, nodePort: 30443 }],
    externalTrafficPolicy: 'Local',
    healthCheckNodePort: 32111,
    loadBalancerSourceRanges: ['203.0.113.0/24', 'not-a-cidr'],
    sessionAffinity: 'ClientIP',
    selector: { app: 'web' },
  },
  status: { loadBalancer: { ingress: [{ hostname: 'a1b2c3.elb.us-east-1.amazonaws.com', ipMode: 'Proxy' }] } },
};

export const headlessService: any = {
  metadata: { name: 'db', namespace: 'data' },
  spec: { clusterIP: 'None', clusterIPs: ['None'], ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }], selector: { app: 'db' }, internalTrafficPolicy: 'Local' },
};

export const echoSlices: any[] = [
  {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'echo-abcde', namespace: 'default', labels: { 'kubernetes.io/service-name': 'echo' } },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    endpoints: [
      { addresses: ['198.19.1.5'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'node1', zone: 'lab-a', targetRef: { kind: 'Pod', namespace: 'default', name: 'echo-7f9c-a' } },
      { addresses: ['198.19.2.5'], conditions: { ready: false, serving: true, terminating: true }, nodeName: 'node2', targetRef: { kind: 'Pod', namespace: 'default', name: 'echo-7f9c-b' } },
      { addresses: ['198.19.2.6'], conditions: {}, nodeName: 'node2' },
    ],
  },
  {
    metadata: { name: 'echo-fghij', namespace: 'default' },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 8080 }],
    endpoints: [{ addresses: ['198.19.1.5'], conditions: { ready: true }, nodeName: 'node1' }],
  },
  { metadata: { name: 'echo-fqdn' }, addressType: 'FQDN', endpoints: [{ addresses: ['example.test'] }] },
];
