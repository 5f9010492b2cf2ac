// Builds the inventory views from fetched objects (pure): one service's view for prediction,
// and the cluster-wide view for the hazard scan.
import { createHash } from 'node:crypto';
import { detectCni } from './detect-cni';
import { endpointsFromSlices } from './detect-endpoints';
import { detectIngressControllers, ingressInfo } from './detect-ingress';
import { nodeInfo } from './detect-node';
import { podInfo } from './detect-pod';
import { detectProxy } from './detect-proxy';
import { serviceInfo } from './detect-service';
import type { ClusterObjects, ServiceObjects, SetupObjects } from './fetch-objects';
import type { ClusterIdentity, ClusterInventory, CniInfo, IngressControllerInfo, Inventory, NodeInfo, ProxyConfig } from './types';

/** The server URL is identified by a hash only: session documents never carry it in clear. */
export function serverHash(server: string): string {
  return createHash('sha256').update(server).digest('hex').slice(0, 16);
}

export function clusterIdentity(context: string, server: string, setup: SetupObjects): ClusterIdentity {
  return { context, serverHash: serverHash(server), version: setup.version?.gitVersion ?? null };
}

function setupFacts(setup: SetupObjects, nodes: NodeInfo[]): { proxy: ProxyConfig; cni: CniInfo; ingressControllers: IngressControllerInfo[] } {
  // Nodes too: some CNIs (k3s' flannel) show only in Node annotations.
  const cni = detectCni(setup.daemonSets, setup.deployments, setup.configMaps, { nodes });
  const proxy = detectProxy(setup.kubeProxyConfigMap, setup.daemonSets, cni);
  const ingressControllers = detectIngressControllers({
    ingressClasses: setup.ingressClasses,
    deployments: setup.deployments,
    daemonSets: setup.daemonSets,
    configMaps: setup.configMaps,
    services: setup.ingressServices,
    pods: setup.ingressPods,
  });
  return { proxy, cni, ingressControllers };
}

export function assembleServiceInventory(objects: ServiceObjects, identity: { context: string; server: string }): Inventory {
  const nodes = objects.nodes.map(nodeInfo);
  const { proxy, cni, ingressControllers } = setupFacts(objects, nodes);
  const service = serviceInfo(objects.service);
  const ingresses = objects.ingresses.map(ingressInfo).filter((i) => i.namespace === service.namespace && refersTo(i, service.name));
  return {
    cluster: clusterIdentity(identity.context, identity.server, objects),
    nodes,
    service,
    endpoints: endpointsFromSlices(objects.slices),
    pods: objects.pods.map(podInfo),
    proxy,
    cni,
    ingressControllers,
    ingresses,
    warnings: [],
  };
}

export function assembleClusterInventory(objects: ClusterObjects, identity: { context: string; server: string }): ClusterInventory {
  const nodes = objects.nodes.map(nodeInfo);
  const { proxy, cni, ingressControllers } = setupFacts(objects, nodes);
  return {
    cluster: clusterIdentity(identity.context, identity.server, objects),
    nodes,
    services: objects.services.map(serviceInfo),
    endpointSummaries: objects.endpointSummaries ?? null,
    proxy,
    cni,
    ingressControllers,
    ingresses: objects.ingresses.map(ingressInfo),
    warnings: [],
  };
}

/** An Ingress's backends are Services of its own namespace (networking.k8s.io/v1 IngressServiceBackend). */
function refersTo(ingress: ReturnType<typeof ingressInfo>, service: string): boolean {
  if (ingress.defaultBackend?.service === service) return true;
  return ingress.rules.some((r) => r.paths.some((p) => p.backend.service === service));
}
