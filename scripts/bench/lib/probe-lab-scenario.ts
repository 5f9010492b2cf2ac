// The netns lab for the probe benchmark (scenario 4), generated instead of committed: N nodes
// node1..nodeN with InternalIPs 198.18.0.11.. and pod CIDRs 198.19.<i>.0/24, the kube-proxy
// ConfigMap the model reads, and a NodePort service with an echo backend on node1 (as in
// e2e/lab/scenarios/seed.yaml). Addresses stay inside the lab ranges (198.18.0.0/16 nodes,
// 198.19.0.0/16 pods).

import type { ScenarioInput } from '../../../e2e/lab/index';

/** The lab's node addresses start at .11 of 198.18.0.0/24; 198.18.0.1 is the router. */
export const MAX_PROBE_LAB_NODES = 243;

export function probeLabScenario(nodeCount: number): ScenarioInput {
  if (!Number.isInteger(nodeCount) || nodeCount < 1 || nodeCount > MAX_PROBE_LAB_NODES) {
    throw new Error(`node count must be 1..${MAX_PROBE_LAB_NODES}, got ${nodeCount}`);
  }
  const nodes = Array.from({ length: nodeCount }, (_, i) => ({
    name: `node${i + 1}`,
    internalIP: `198.18.0.${11 + i}`,
    podCIDR: `198.19.${i + 1}.0/24`,
  }));
  return {
    name: `bench-probe-${nodeCount}`,
    nodes,
    users: [{ name: 'admin', admin: true }],
    objects: [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'kube-proxy', namespace: 'kube-system' },
        data: { 'config.conf': 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: iptables\nclusterCIDR: 198.19.0.0/16\n' },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'echo', namespace: 'default', labels: { app: 'echo' } },
        spec: {
          nodeName: 'node1',
          containers: [
            {
              name: 'echo',
              image: 'node:20-alpine',
              command: ['node', '-e', "require('http').createServer((q, s) => s.end(JSON.stringify({ remoteAddress: q.socket.remoteAddress }) + '\\n')).listen(8080, '0.0.0.0')"],
              ports: [{ name: 'http', containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 1 },
            },
          ],
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'echo', namespace: 'default' },
        spec: { type: 'NodePort', selector: { app: 'echo' }, ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30081 }] },
      },
    ],
    dataPlane: { kind: 'netns', mode: 'host-gw' },
  };
}
