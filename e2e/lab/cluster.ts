// Builds the in-memory cluster: store, object API with admission and deletion strategies, the
// built-in objects every cluster has, nodes and scenario objects.
import { Store, type Obj } from './api/store';
import { ObjectApi } from './api/object-api';
import { resourceByKind, resourceByPlural, RESOURCES } from './api/resources';
import { podDefaults, podDeletion } from './controllers/pods';
import { namespaceDefaults, namespaceDeletion } from './controllers/namespaces';
import { serviceAdmission, ServiceAllocator } from './controllers/services';
import { podSecurityAdmission } from './controllers/pod-security';
import { intToIp } from './controllers/ip-range';
import type { Scenario, ScenarioNode } from './scenario/schema';

export interface Cluster {
  store: Store;
  api: ObjectApi;
  allocator: ServiceAllocator;
}

export function createCluster(scenario: Scenario): Cluster {
  const store = new Store(scenario.api.watchHistory);
  const api = new ObjectApi(store);
  const allocator = new ServiceAllocator(scenario.serviceCIDR);
  allocator.watch(api);
  api.admission.push(namespaceDefaults, podDefaults, serviceAdmission(allocator), podSecurityAdmission(api));
  api.deletion.set('pods', podDeletion);
  api.deletion.set('namespaces', namespaceDeletion);
  // Every namespace gets its `default` ServiceAccount, as the serviceaccounts controller does.
  const sa = resourceByPlural('serviceaccounts');
  const nsRes = resourceByPlural('namespaces');
  store.onEvent((e) => {
    if (e.res === nsRes && e.type === 'ADDED') {
      queueMicrotask(() => {
        if (!store.get(sa, e.obj.metadata.name, 'default') && store.get(nsRes, undefined, e.obj.metadata.name))
          try {
            api.create(sa, e.obj.metadata.name, { metadata: { name: 'default' } } as Obj, { fieldManager: 'kube-controller-manager' });
          } catch {
            // The namespace went away meanwhile.
          }
      });
    }
  });
  return { store, api, allocator };
}

export function addBuiltins(c: Cluster): void {
  const ns = resourceByPlural('namespaces');
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) c.api.create(ns, undefined, { metadata: { name } } as Obj, { fieldManager: 'kube-apiserver' });
  // The apiserver's default ServiceCIDR (pkg/controlplane/controller/defaultservicecidr), Ready.
  c.api.create(
    resourceByPlural('servicecidrs'),
    undefined,
    {
      metadata: { name: 'kubernetes' },
      spec: { cidrs: [c.allocator.cidr] },
      status: { conditions: [{ type: 'Ready', status: 'True', reason: '', message: 'Kubernetes Service CIDR is ready', lastTransitionTime: new Date().toISOString() }] },
    } as Obj,
    { fieldManager: 'kube-apiserver' },
  );
  // The `kubernetes` service takes the first address of the service range, as in real clusters.
  c.api.create(
    resourceByPlural('services'),
    'default',
    {
      metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { clusterIP: intToIp(c.allocator.range.first), ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], type: 'ClusterIP' },
    } as Obj,
    { fieldManager: 'kube-apiserver' },
  );
}

export function nodeObject(n: ScenarioNode): Obj {
  const addresses = [...n.addresses];
  if (n.internalIP && !addresses.some((a) => a.type === 'InternalIP')) addresses.unshift({ type: 'InternalIP', address: n.internalIP });
  if (n.externalIP && !addresses.some((a) => a.type === 'ExternalIP')) addresses.push({ type: 'ExternalIP', address: n.externalIP });
  if (!addresses.some((a) => a.type === 'Hostname')) addresses.push({ type: 'Hostname', address: n.name });
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': 'linux',
    ...(n.zone ? { 'topology.kubernetes.io/zone': n.zone } : {}),
    ...Object.fromEntries(n.roles.map((r) => [`node-role.kubernetes.io/${r}`, ''])),
    ...n.labels,
  };
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const cond = (type: string, status: string, reason: string, message: string) => ({ type, status, lastHeartbeatTime: now, lastTransitionTime: now, reason, message });
  const taints = [...n.taints];
  if (!n.ready) taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: n.name, labels, annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true', ...n.annotations } },
    spec: { ...(n.podCIDR ? { podCIDR: n.podCIDR, podCIDRs: [n.podCIDR] } : {}), ...(taints.length ? { taints } : {}), ...(n.unschedulable ? { unschedulable: true } : {}) },
    status: {
      capacity: { cpu: '4', 'ephemeral-storage': '61202244Ki', memory: '8148980Ki', pods: '110' },
      allocatable: { cpu: '4', 'ephemeral-storage': '56403987978', memory: '8046580Ki', pods: '110' },
      conditions: [
        cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        n.ready ? cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status') : cond('Ready', 'False', 'KubeletNotReady', 'container runtime network not ready'),
      ],
      addresses,
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: Buffer.from(n.name).toString('hex').padEnd(32, '0').slice(0, 32),
        systemUUID: '00000000-0000-0000-0000-000000000000',
        bootID: '00000000-0000-0000-0000-000000000000',
        kernelVersion: '6.1.0-lab',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        containerRuntimeVersion: 'containerd://1.7.24',
        kubeletVersion: 'v1.32.0',
        kubeProxyVersion: 'v1.32.0',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  } as Obj;
}

const ORDER = ['Namespace', 'IngressClass', 'ConfigMap', 'ServiceAccount', 'Service', 'DaemonSet', 'Deployment', 'Pod', 'Ingress', 'EndpointSlice', 'Event'];

/** Create scenario objects: namespaces first, then the rest in a dependency-friendly order. */
export function createScenarioObjects(c: Cluster, objects: Obj[]): void {
  const rank = (o: Obj) => {
    const i = ORDER.indexOf(String(o.kind));
    return i < 0 ? ORDER.length : i;
  };
  const sorted = [...objects].sort((a, b) => rank(a) - rank(b));
  for (const o of sorted) {
    const res = resourceByKind(String(o.apiVersion), String(o.kind));
    if (!res || res.virtual) throw new Error(`scenario object ${o.apiVersion}/${o.kind} "${o.metadata?.name}": the lab does not serve this kind (it serves: ${RESOURCES.filter((r) => !r.virtual).map((r) => r.kind).join(', ')})`);
    const ns = res.namespaced ? (o.metadata.namespace ?? 'default') : undefined;
    if (res.plural === 'namespaces' && c.store.get(res, undefined, o.metadata.name)) continue;
    try {
      c.api.create(res, ns, structuredClone(o), { fieldManager: 'lab-scenario' });
    } catch (e) {
      const msg = (e as { status?: { message?: string } }).status?.message ?? String(e);
      throw new Error(`scenario object ${o.kind} ${ns ? `${ns}/` : ''}${o.metadata.name}: ${msg}`, { cause: e });
    }
  }
}
