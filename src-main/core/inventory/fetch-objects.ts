// What SNATScope reads from the API for one question, and nothing more: a 5,000-node cluster is
// not downloaded to inspect one service. One service: the Service, its EndpointSlices by the
// kubernetes.io/service-name label, its pods by the Service's selector, the node list
// (paginated), and the handful of kube-system objects that reveal the proxy and CNI setup.
import type { V1ConfigMap, V1DaemonSet, V1Deployment, V1EndpointSlice, V1Ingress, V1IngressClass, V1Node, V1Pod, V1Service } from '@kubernetes/client-node';
import type { KubeClient, Query } from '../cluster/kube-client';
import { KubeApiError } from '../cluster/kube-api-error';

export interface SetupObjects {
  version: { gitVersion?: string; major?: string; minor?: string } | null;
  kubeProxyConfigMap: V1ConfigMap | null;
  /** DaemonSets in the namespaces where proxies and CNIs live. */
  daemonSets: V1DaemonSet[];
  deployments: V1Deployment[];
  /** CNI and ingress controller ConfigMaps found by well-known names. */
  configMaps: V1ConfigMap[];
  ingressClasses: V1IngressClass[];
  /** Services and pods of ingress controllers (found by well-known labels). */
  ingressServices: V1Service[];
  ingressPods: V1Pod[];
}

export interface ServiceObjects extends SetupObjects {
  service: V1Service;
  slices: V1EndpointSlice[];
  pods: V1Pod[];
  nodes: V1Node[];
  ingresses: V1Ingress[];
}

export interface ClusterObjects extends SetupObjects {
  services: V1Service[];
  nodes: V1Node[];
  ingresses: V1Ingress[];
  /** Ready endpoints per `namespace/name` and the nodes they run on; null when slices may not be listed. */
  endpointSummaries?: Record<string, { ready: number; nodes: string[] }> | null;
}

/**
 * Every EndpointSlice of the cluster, reduced page by page to "ready endpoints on which nodes"
 * (the hazard scan's question for Local services), so 150,000 endpoints are never held at once.
 */
async function endpointSummaries(client: KubeClient, signal?: AbortSignal): Promise<Record<string, { ready: number; nodes: string[] }> | null> {
  const acc = new Map<string, { ready: number; nodes: Set<string> }>();
  try {
    for await (const page of client.listPages<V1EndpointSlice>('/apis/discovery.k8s.io/v1/endpointslices', {}, 500, signal)) {
      for (const slice of page.items) {
        const svc = slice.metadata?.labels?.['kubernetes.io/service-name'];
        if (!svc || !slice.metadata?.namespace) continue;
        const key = `${slice.metadata.namespace}/${svc}`;
        const entry = acc.get(key) ?? { ready: 0, nodes: new Set<string>() };
        acc.set(key, entry);
        for (const e of slice.endpoints ?? []) {
          // Unset ready means ready (discovery.k8s.io/v1 EndpointConditions).
          if (e.conditions?.ready === false) continue;
          entry.ready += 1;
          if (e.nodeName) entry.nodes.add(e.nodeName);
        }
      }
    }
  } catch (e) {
    if (e instanceof KubeApiError && (e.status === 404 || e.status === 403)) return null;
    throw e;
  }
  const out: Record<string, { ready: number; nodes: string[] }> = {};
  for (const [k, v] of acc) out[k] = { ready: v.ready, nodes: [...v.nodes].sort() };
  return out;
}

/** Namespaces where kube-proxy, CNIs and their operators usually run. */
export const SYSTEM_NAMESPACES = ['kube-system', 'calico-system', 'tigera-operator', 'kube-flannel', 'cilium'];

/** ConfigMaps that describe the dataplane (namespace/name). */
export const SETUP_CONFIGMAPS = ['kube-system/cilium-config', 'cilium/cilium-config', 'kube-system/kube-flannel-cfg', 'kube-flannel/kube-flannel-cfg', 'calico-system/cni-config', 'kube-system/calico-config'];

/** ingress-nginx (Helm chart, static manifests, RKE2) labels its controller objects with this name. */
export const INGRESS_CONTROLLER_SELECTOR = 'app.kubernetes.io/name in (ingress-nginx,rke2-ingress-nginx)';

export async function listAll<T>(client: KubeClient, path: string, query: Query = {}, signal?: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  for await (const page of client.listPages<T>(path, query, 500, signal)) items.push(...page.items);
  return items;
}

async function getOrNull<T extends object>(client: KubeClient, path: string, signal?: AbortSignal): Promise<T | null> {
  try {
    return await client.getObject<T>(path, signal);
  } catch (e) {
    if (e instanceof KubeApiError && (e.status === 404 || e.status === 403)) return null;
    throw e;
  }
}

/** A list the user may not be allowed to read (403) or a namespace that does not exist: empty. */
async function listOrEmpty<T>(client: KubeClient, path: string, query: Query = {}, signal?: AbortSignal): Promise<T[]> {
  try {
    return await listAll<T>(client, path, query, signal);
  } catch (e) {
    if (e instanceof KubeApiError && (e.status === 404 || e.status === 403)) return [];
    throw e;
  }
}

export function labelSelector(selector: Record<string, string> | undefined | null): string | null {
  if (!selector) return null;
  const parts = Object.entries(selector).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(',') : null;
}

export async function fetchSetup(client: KubeClient, signal?: AbortSignal): Promise<SetupObjects> {
  const [version, kubeProxyConfigMap, daemonSetLists, deploymentLists, configMaps, ingressClasses] = await Promise.all([
    getOrNull<NonNullable<SetupObjects['version']>>(client, '/version', signal),
    getOrNull<V1ConfigMap>(client, '/api/v1/namespaces/kube-system/configmaps/kube-proxy', signal),
    Promise.all(SYSTEM_NAMESPACES.map((ns) => listOrEmpty<V1DaemonSet>(client, `/apis/apps/v1/namespaces/${ns}/daemonsets`, {}, signal))),
    Promise.all(SYSTEM_NAMESPACES.map((ns) => listOrEmpty<V1Deployment>(client, `/apis/apps/v1/namespaces/${ns}/deployments`, {}, signal))),
    Promise.all(
      SETUP_CONFIGMAPS.map((ref) => {
        const [ns, name] = ref.split('/');
        return getOrNull<V1ConfigMap>(client, `/api/v1/namespaces/${ns}/configmaps/${name}`, signal);
      }),
    ),
    listOrEmpty<V1IngressClass>(client, '/apis/networking.k8s.io/v1/ingressclasses', {}, signal),
  ]);
  const daemonSets: V1DaemonSet[] = daemonSetLists.flat();
  const deployments: V1Deployment[] = deploymentLists.flat();
  const cms = configMaps.filter((c): c is V1ConfigMap => c !== null);
  const ingressServices: V1Service[] = [];
  const ingressPods: V1Pod[] = [];
  // Ingress controllers only when an IngressClass exists: find their workloads by label, then
  // their Service and pods in the workloads' own namespaces (never a cluster-wide pod list).
  if (ingressClasses.length > 0) {
    const [ctrlDeployments, ctrlDaemonSets] = await Promise.all([
      listOrEmpty<V1Deployment>(client, '/apis/apps/v1/deployments', { labelSelector: INGRESS_CONTROLLER_SELECTOR }, signal),
      listOrEmpty<V1DaemonSet>(client, '/apis/apps/v1/daemonsets', { labelSelector: INGRESS_CONTROLLER_SELECTOR }, signal),
    ]);
    deployments.push(...ctrlDeployments);
    daemonSets.push(...ctrlDaemonSets);
    const workloads = [...ctrlDeployments, ...ctrlDaemonSets];
    const namespaces = [...new Set(workloads.map((w) => w.metadata?.namespace).filter((n): n is string => Boolean(n)))];
    const found = await Promise.all(
      namespaces.map(async (ns) => {
        const selectors = workloads
          .filter((w) => w.metadata?.namespace === ns)
          .map((w) => labelSelector(w.spec?.selector?.matchLabels))
          .filter((x): x is string => x !== null);
        const [services, ...podLists] = await Promise.all([
          listOrEmpty<V1Service>(client, `/api/v1/namespaces/${encodeURIComponent(ns)}/services`, { labelSelector: INGRESS_CONTROLLER_SELECTOR }, signal),
          ...selectors.map((sel) => listOrEmpty<V1Pod>(client, `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`, { labelSelector: sel }, signal)),
        ]);
        return { services, pods: podLists.flat() };
      }),
    );
    for (const f of found) {
      ingressServices.push(...f.services);
      ingressPods.push(...f.pods);
    }
  }
  // ingress-nginx names its ConfigMap with --configmap=<ns>/<name>; fetch the ones referenced.
  const referenced = new Set<string>();
  for (const w of [...deployments, ...daemonSets]) {
    for (const c of w.spec?.template?.spec?.containers ?? []) {
      for (const arg of c.args ?? []) {
        const m = /^--configmap=(?:\$\(POD_NAMESPACE\)|([a-z0-9-]+))\/([a-z0-9.-]+)$/.exec(arg);
        if (m) referenced.add(`${m[1] ?? w.metadata?.namespace ?? 'default'}/${m[2]}`);
      }
    }
  }
  const extra = await Promise.all(
    [...referenced].map((ref) => {
      const [ns, name] = ref.split('/');
      return getOrNull<V1ConfigMap>(client, `/api/v1/namespaces/${ns}/configmaps/${name}`, signal);
    }),
  );
  cms.push(...extra.filter((c): c is V1ConfigMap => c !== null));
  return { version, kubeProxyConfigMap, daemonSets: dedupe(daemonSets), deployments: dedupe(deployments), configMaps: dedupe(cms), ingressClasses, ingressServices: dedupe(ingressServices), ingressPods: dedupe(ingressPods) };
}

export interface ServiceScoped {
  service: V1Service;
  slices: V1EndpointSlice[];
  pods: V1Pod[];
  ingresses: V1Ingress[];
}

/** The objects that change with one service: re-read when a watch reports a change. */
export async function fetchServiceScoped(client: KubeClient, ref: { namespace: string; name: string }, signal?: AbortSignal): Promise<ServiceScoped> {
  const ns = encodeURIComponent(ref.namespace);
  const name = encodeURIComponent(ref.name);
  // The Service first: a 404 here is the user's answer ("no such service"), before anything else.
  const service = await client.getObject<V1Service>(`/api/v1/namespaces/${ns}/services/${name}`, signal);
  const selector = labelSelector(service.spec?.selector);
  const [slices, pods, ingresses] = await Promise.all([
    listAll<V1EndpointSlice>(client, `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`, { labelSelector: `kubernetes.io/service-name=${ref.name}` }, signal),
    selector ? listAll<V1Pod>(client, `/api/v1/namespaces/${ns}/pods`, { labelSelector: selector }, signal) : Promise.resolve([] as V1Pod[]),
    listOrEmpty<V1Ingress>(client, `/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses`, {}, signal),
  ]);
  return { service, slices, pods, ingresses };
}

export async function fetchServiceObjects(client: KubeClient, ref: { namespace: string; name: string }, signal?: AbortSignal): Promise<ServiceObjects> {
  const scoped = await fetchServiceScoped(client, ref, signal);
  const [nodes, setup] = await Promise.all([listAll<V1Node>(client, '/api/v1/nodes', {}, signal), fetchSetup(client, signal)]);
  return { ...setup, ...scoped, nodes };
}

export async function fetchClusterObjects(client: KubeClient, signal?: AbortSignal): Promise<ClusterObjects> {
  const [services, nodes, ingresses, setup, summaries] = await Promise.all([
    listAll<V1Service>(client, '/api/v1/services', {}, signal),
    listAll<V1Node>(client, '/api/v1/nodes', {}, signal),
    listOrEmpty<V1Ingress>(client, '/apis/networking.k8s.io/v1/ingresses', {}, signal),
    fetchSetup(client, signal),
    endpointSummaries(client, signal),
  ]);
  return { ...setup, services, nodes, ingresses, endpointSummaries: summaries };
}

function dedupe<T extends { metadata?: { namespace?: string; name?: string } }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const key = `${i.metadata?.namespace}/${i.metadata?.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
