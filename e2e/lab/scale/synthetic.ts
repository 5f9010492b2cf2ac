// Scale mode: a synthetic cluster (e.g. 5,000 nodes, 150,000 pods, 10,000 services with their
// EndpointSlices) held compactly: each object is rendered to JSON on demand from its index, with
// the size and shape a real API returns (labels, annotations, ownerReferences, managedFields,
// full status). Keys are sorted once at load, so list pages never re-sort.
//
// Addresses: nodes 198.18.16.0+ (node network); services from the service CIDR (scale mode
// widens it to 198.18.128.0/17 when 10,000 services do not fit the default /20); pods from
// 100.64.0.0/10, because 150,000 pods do not fit in 198.19.0.0/16. Synthetic objects are data
// only: nothing is run for them and no address is ever configured or routed.
import { createHash } from 'node:crypto';
import type { Cluster } from '../cluster';
import { resourceByPlural } from '../api/resources';
import { objKey, type Obj, type SyntheticEntry } from '../api/store';
import { intToIp, ipToInt } from '../controllers/ip-range';

export interface ScaleSpec {
  nodes: number;
  pods: number;
  services: number;
}

export const SCALE_SERVICE_CIDR = '198.18.128.0/17';
const SERVICES_PER_NAMESPACE = 100;
const PODS_PER_APP = 15;
const TS = '2025-01-06T09:30:00Z';
const NODE_BASE = ipToInt('198.18.16.1');
const POD_BASE = ipToInt('100.64.0.0');
const LB_BASE = ipToInt('203.0.113.10');

/** Cheap deterministic hex (container IDs): no hashing per object on the hot path. */
function fastHex(i: number, n: number): string {
  let out = '';
  let x = (i + 0x9e3779b9) >>> 0;
  while (out.length < n) {
    x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
    x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
    out += (x ^ (x >>> 16)).toString(16).padStart(8, '0');
  }
  return out.slice(0, n);
}
const memo = new Map<string, string>();
function hexMemo(s: string, n: number): string {
  const k = `${n}:${s}`;
  let v = memo.get(k);
  if (v === undefined) memo.set(k, (v = createHash('sha256').update(s).digest('hex').slice(0, n)));
  return v;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const uid = (kind: number, i: number) => `5c0de${kind.toString(16)}00-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
const hex = (s: string, n: number) => createHash('sha256').update(s).digest('hex').slice(0, n);
const ALPHA = 'bcdfghjklmnpqrstvwxz2456789';
function suffix(i: number, n: number): string {
  let s = '';
  let x = (i * 2654435761) >>> 0;
  for (let k = 0; k < n; k++) {
    s += ALPHA[x % ALPHA.length];
    x = Math.floor(x / ALPHA.length) + k * 7919;
  }
  return s;
}

export function scaleServiceCidr(services: number, configured: string): string {
  const len = Number(configured.split('/')[1]);
  return services + 16 > 2 ** (32 - len) ? SCALE_SERVICE_CIDR : configured;
}

interface Layout {
  nodes: number;
  pods: number;
  apps: number;
  services: number;
  namespaces: number;
  podBlock: number;
}

function layout(s: ScaleSpec): Layout {
  const apps = s.services > 0 ? s.services : Math.ceil(s.pods / PODS_PER_APP);
  const perNode = s.nodes ? Math.ceil(s.pods / s.nodes) : 0;
  let podBlock = 4;
  while (podBlock < perNode + 3) podBlock *= 2;
  return { nodes: s.nodes, pods: s.pods, apps, services: s.services, namespaces: Math.max(1, Math.ceil(apps / SERVICES_PER_NAMESPACE)), podBlock };
}

const nsName = (j: number) => `team-${pad(j, 3)}`;
const appName = (j: number) => `svc-${pad(j, 5)}`;
const nodeName = (i: number) => `node-${pad(i, 5)}`;
const nodeIp = (i: number) => intToIp(NODE_BASE + i);
const zone = (i: number) => `zone-${'abc'[i % 3]}`;

function nodeJson(i: number, rv: string): string {
  const name = nodeName(i);
  const ip = nodeIp(i);
  const images = ['registry.k8s.io/kube-proxy:v1.32.0', 'docker.io/calico/node:v3.28.2', 'docker.io/calico/cni:v3.28.2', 'registry.k8s.io/pause:3.10', 'registry.example/shop/frontend:1.4.2', 'registry.example/shop/cart:2.0.1']
    .map((n, k) => `{"names":["${n.split(':')[0]}@sha256:${hex(n, 64)}","${n}"],"sizeBytes":${30000000 + k * 7340033}}`)
    .join(',');
  const cond = (t: string, st: string, reason: string, msg: string) => `{"type":"${t}","status":"${st}","lastHeartbeatTime":"${TS}","lastTransitionTime":"${TS}","reason":"${reason}","message":"${msg}"}`;
  return `{"apiVersion":"v1","kind":"Node","metadata":{"name":"${name}","uid":"${uid(1, i)}","resourceVersion":"${rv}","creationTimestamp":"${TS}","labels":{"beta.kubernetes.io/arch":"amd64","beta.kubernetes.io/instance-type":"m5.xlarge","beta.kubernetes.io/os":"linux","failure-domain.beta.kubernetes.io/zone":"${zone(i)}","kubernetes.io/arch":"amd64","kubernetes.io/hostname":"${name}","kubernetes.io/os":"linux","node.kubernetes.io/instance-type":"m5.xlarge","topology.kubernetes.io/region":"lab-1","topology.kubernetes.io/zone":"${zone(i)}"},"annotations":{"node.alpha.kubernetes.io/ttl":"0","projectcalico.org/IPv4Address":"${ip}/16","volumes.kubernetes.io/controller-managed-attach-detach":"true"},"managedFields":[{"manager":"kubelet","operation":"Update","apiVersion":"v1","time":"${TS}","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:annotations":{".":{},"f:volumes.kubernetes.io/controller-managed-attach-detach":{}},"f:labels":{".":{},"f:beta.kubernetes.io/arch":{},"f:beta.kubernetes.io/os":{},"f:kubernetes.io/arch":{},"f:kubernetes.io/hostname":{},"f:kubernetes.io/os":{}}}}},{"manager":"kube-controller-manager","operation":"Update","apiVersion":"v1","time":"${TS}","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:annotations":{"f:node.alpha.kubernetes.io/ttl":{}}},"f:spec":{"f:podCIDR":{},"f:podCIDRs":{".":{},"v:\\"${podCidr(i)}\\"":{}}}}},{"manager":"kubelet","operation":"Update","apiVersion":"v1","time":"${TS}","fieldsType":"FieldsV1","fieldsV1":{"f:status":{"f:allocatable":{},"f:capacity":{},"f:conditions":{},"f:images":{},"f:nodeInfo":{}}},"subresource":"status"}]},"spec":{"podCIDR":"${podCidr(i)}","podCIDRs":["${podCidr(i)}"],"providerID":"lab://${name}"},"status":{"capacity":{"cpu":"4","ephemeral-storage":"104845292Ki","hugepages-1Gi":"0","hugepages-2Mi":"0","memory":"16093636Ki","pods":"110"},"allocatable":{"cpu":"3920m","ephemeral-storage":"95551679124","hugepages-1Gi":"0","hugepages-2Mi":"0","memory":"15076804Ki","pods":"110"},"conditions":[${cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available')},${cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure')},${cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available')},${cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status')}],"addresses":[{"type":"InternalIP","address":"${ip}"},{"type":"Hostname","address":"${name}"}],"daemonEndpoints":{"kubeletEndpoint":{"Port":10250}},"nodeInfo":{"machineID":"${hex(name, 32)}","systemUUID":"${uid(9, i)}","bootID":"${uid(8, i)}","kernelVersion":"6.1.0-28-cloud-amd64","osImage":"Debian GNU/Linux 12 (bookworm)","containerRuntimeVersion":"containerd://1.7.24","kubeletVersion":"v1.32.0","kubeProxyVersion":"v1.32.0","operatingSystem":"linux","architecture":"amd64"},"images":[${images}]}}`;
}

let currentLayout: Layout;
const podCidr = (i: number) => `${intToIp(POD_BASE + i * currentLayout.podBlock)}/${32 - Math.log2(currentLayout.podBlock)}`;
const podIp = (p: number) => intToIp(POD_BASE + (p % currentLayout.nodes) * currentLayout.podBlock + 2 + Math.floor(p / currentLayout.nodes));
const podNode = (p: number) => p % currentLayout.nodes;
const appOfPod = (p: number) => Math.floor((p * currentLayout.apps) / currentLayout.pods);
const nsOfApp = (j: number) => Math.floor(j / SERVICES_PER_NAMESPACE);
let rsHashes: string[] = [];
const rsHash = (j: number) => rsHashes[j] ?? (rsHashes[j] = hex(`rs${j}`, 10).replace(/[aeiou]/g, 'b'));
const podName = (p: number) => `${appName(appOfPod(p))}-${rsHash(appOfPod(p))}-${suffix(p, 5)}`;

function podJson(p: number, rv: string): string {
  const j = appOfPod(p);
  const app = appName(j);
  const ns = nsName(nsOfApp(j));
  const name = podName(p);
  const node = nodeName(podNode(p));
  const hostIp = nodeIp(podNode(p));
  const ip = podIp(p);
  const rs = `${app}-${rsHash(j)}`;
  const rsUid = uid(3, j);
  const image = `registry.example/shop/${app}:1.4.2`;
  const cond = (t: string) => `{"type":"${t}","status":"True","lastProbeTime":null,"lastTransitionTime":"${TS}"}`;
  return `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"${name}","generateName":"${rs}-","namespace":"${ns}","uid":"${uid(2, p)}","resourceVersion":"${rv}","creationTimestamp":"${TS}","labels":{"app":"${app}","app.kubernetes.io/name":"${app}","app.kubernetes.io/part-of":"shop","pod-template-hash":"${rsHash(j)}","tier":"backend"},"annotations":{"kubectl.kubernetes.io/restartedAt":"${TS}","prometheus.io/port":"9090","prometheus.io/scrape":"true"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"${rs}","uid":"${rsUid}","controller":true,"blockOwnerDeletion":true}],"managedFields":[{"manager":"kube-controller-manager","operation":"Update","apiVersion":"v1","time":"${TS}","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/restartedAt":{},"f:prometheus.io/port":{},"f:prometheus.io/scrape":{}},"f:generateName":{},"f:labels":{".":{},"f:app":{},"f:app.kubernetes.io/name":{},"f:app.kubernetes.io/part-of":{},"f:pod-template-hash":{},"f:tier":{}},"f:ownerReferences":{".":{},"k:{\\"uid\\":\\"${rsUid}\\"}":{}}},"f:spec":{"f:containers":{"k:{\\"name\\":\\"app\\"}":{".":{},"f:env":{".":{},"k:{\\"name\\":\\"POD_IP\\"}":{".":{},"f:name":{},"f:valueFrom":{".":{},"f:fieldRef":{}}}},"f:image":{},"f:imagePullPolicy":{},"f:name":{},"f:ports":{".":{},"k:{\\"containerPort\\":8080,\\"protocol\\":\\"TCP\\"}":{".":{},"f:containerPort":{},"f:name":{},"f:protocol":{}}},"f:readinessProbe":{".":{},"f:failureThreshold":{},"f:httpGet":{".":{},"f:path":{},"f:port":{},"f:scheme":{}},"f:periodSeconds":{},"f:successThreshold":{},"f:timeoutSeconds":{}},"f:resources":{".":{},"f:limits":{".":{},"f:cpu":{},"f:memory":{}},"f:requests":{".":{},"f:cpu":{},"f:memory":{}}},"f:terminationMessagePath":{},"f:terminationMessagePolicy":{}}},"f:dnsPolicy":{},"f:enableServiceLinks":{},"f:restartPolicy":{},"f:schedulerName":{},"f:securityContext":{},"f:terminationGracePeriodSeconds":{}}}},{"manager":"kubelet","operation":"Update","apiVersion":"v1","time":"${TS}","fieldsType":"FieldsV1","fieldsV1":{"f:status":{"f:conditions":{"k:{\\"type\\":\\"ContainersReady\\"}":{".":{},"f:lastProbeTime":{},"f:lastTransitionTime":{},"f:status":{},"f:type":{}},"k:{\\"type\\":\\"Initialized\\"}":{".":{},"f:lastProbeTime":{},"f:lastTransitionTime":{},"f:status":{},"f:type":{}},"k:{\\"type\\":\\"PodReadyToStartContainers\\"}":{".":{},"f:lastProbeTime":{},"f:lastTransitionTime":{},"f:status":{},"f:type":{}},"k:{\\"type\\":\\"Ready\\"}":{".":{},"f:lastProbeTime":{},"f:lastTransitionTime":{},"f:status":{},"f:type":{}}},"f:containerStatuses":{},"f:hostIP":{},"f:hostIPs":{},"f:phase":{},"f:podIP":{},"f:podIPs":{".":{},"k:{\\"ip\\":\\"${ip}\\"}":{".":{},"f:ip":{}}},"f:startTime":{}}},"subresource":"status"}]},"spec":{"volumes":[{"name":"kube-api-access-${suffix(p + 7, 5)}","projected":{"sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},{"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},{"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}],"defaultMode":420}}],"containers":[{"name":"app","image":"${image}","ports":[{"name":"http","containerPort":8080,"protocol":"TCP"}],"env":[{"name":"POD_IP","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"status.podIP"}}}],"resources":{"limits":{"cpu":"500m","memory":"256Mi"},"requests":{"cpu":"100m","memory":"128Mi"}},"volumeMounts":[{"name":"kube-api-access-${suffix(p + 7, 5)}","readOnly":true,"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}],"readinessProbe":{"httpGet":{"path":"/healthz","port":8080,"scheme":"HTTP"},"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],"restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","serviceAccountName":"default","serviceAccount":"default","nodeName":"${node}","securityContext":{},"schedulerName":"default-scheduler","tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}],"priority":0,"enableServiceLinks":true,"preemptionPolicy":"PreemptLowerPriority"},"status":{"phase":"Running","conditions":[${cond('PodReadyToStartContainers')},${cond('Initialized')},${cond('Ready')},${cond('ContainersReady')},${cond('PodScheduled')}],"hostIP":"${hostIp}","hostIPs":[{"ip":"${hostIp}"}],"podIP":"${ip}","podIPs":[{"ip":"${ip}"}],"startTime":"${TS}","containerStatuses":[{"name":"app","state":{"running":{"startedAt":"${TS}"}},"lastState":{},"ready":true,"restartCount":0,"image":"${image}","imageID":"${image.split(':')[0]}@sha256:${hexMemo(image, 64)}","containerID":"containerd://${fastHex(p, 64)}","started":true,"volumeMounts":[{"name":"kube-api-access-${suffix(p + 7, 5)}","mountPath":"/var/run/secrets/kubernetes.io/serviceaccount","readOnly":true,"recursiveReadOnly":"Disabled"}]}],"qosClass":"Burstable"}}`;
}

interface SvcShape {
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  etp?: 'Cluster' | 'Local';
  nodePort?: number;
  hc?: number;
  lbIp?: string;
}

function svcShape(j: number): SvcShape {
  if (j % 100 === 50) {
    const k = Math.floor(j / 100);
    const local = k % 2 === 0;
    return { type: 'LoadBalancer', etp: local ? 'Local' : 'Cluster', nodePort: 32000 + k, hc: local ? 32767 - k : undefined, lbIp: intToIp(LB_BASE + (k % 240)) };
  }
  if (j % 10 === 5) return { type: 'NodePort', etp: j % 20 === 5 ? 'Local' : 'Cluster', nodePort: 30000 + Math.floor(j / 10) };
  return { type: 'ClusterIP' };
}

function svcJson(j: number, rv: string, svcIp: (j: number) => string): string {
  const app = appName(j);
  const ns = nsName(nsOfApp(j));
  const sh = svcShape(j);
  const ip = svcIp(j);
  const ext = sh.type === 'ClusterIP' ? '' : `,"externalTrafficPolicy":"${sh.etp}"${sh.hc ? `,"healthCheckNodePort":${sh.hc}` : ''}${sh.type === 'LoadBalancer' ? ',"allocateLoadBalancerNodePorts":true' : ''}`;
  const np = sh.nodePort ? `,"nodePort":${sh.nodePort}` : '';
  const status = sh.type === 'LoadBalancer' ? `{"loadBalancer":{"ingress":[{"ip":"${sh.lbIp}","ipMode":"VIP"}]}}` : '{"loadBalancer":{}}';
  return `{"apiVersion":"v1","kind":"Service","metadata":{"name":"${app}","namespace":"${ns}","uid":"${uid(4, j)}","resourceVersion":"${rv}","creationTimestamp":"${TS}","labels":{"app":"${app}","app.kubernetes.io/managed-by":"Helm","app.kubernetes.io/name":"${app}","helm.sh/chart":"shop-1.4.2"},"annotations":{"meta.helm.sh/release-name":"shop","meta.helm.sh/release-namespace":"${ns}"},"managedFields":[{"manager":"helm","operation":"Update","apiVersion":"v1","time":"${TS}","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:annotations":{".":{},"f:meta.helm.sh/release-name":{},"f:meta.helm.sh/release-namespace":{}},"f:labels":{".":{},"f:app":{},"f:app.kubernetes.io/managed-by":{},"f:app.kubernetes.io/name":{},"f:helm.sh/chart":{}}},"f:spec":{"f:internalTrafficPolicy":{},"f:ports":{".":{},"k:{\\"port\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:name":{},"f:port":{},"f:protocol":{},"f:targetPort":{}}},"f:selector":{},"f:sessionAffinity":{},"f:type":{}}}}]},"spec":{"ports":[{"name":"http","protocol":"TCP","port":80,"targetPort":"http"${np}}],"selector":{"app":"${app}"},"clusterIP":"${ip}","clusterIPs":["${ip}"],"type":"${sh.type}","sessionAffinity":"None"${ext},"ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack","internalTrafficPolicy":"Cluster"},"status":${status}}`;
}

function sliceName(j: number): string {
  return `${appName(j)}-${suffix(j + 11, 5)}`;
}

function sliceJson(j: number, rv: string): string {
  const app = appName(j);
  const ns = nsName(nsOfApp(j));
  const first = Math.ceil((j * currentLayout.pods) / currentLayout.apps);
  const last = Math.ceil(((j + 1) * currentLayout.pods) / currentLayout.apps);
  const eps: string[] = [];
  for (let p = first; p < last && p < currentLayout.pods; p++) {
    const n = podNode(p);
    eps.push(`{"addresses":["${podIp(p)}"],"conditions":{"ready":true,"serving":true,"terminating":false},"targetRef":{"kind":"Pod","namespace":"${ns}","name":"${podName(p)}","uid":"${uid(2, p)}"},"nodeName":"${nodeName(n)}","zone":"${zone(n)}"}`);
  }
  return `{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"${sliceName(j)}","generateName":"${app}-","namespace":"${ns}","uid":"${uid(5, j)}","resourceVersion":"${rv}","generation":1,"creationTimestamp":"${TS}","labels":{"app":"${app}","app.kubernetes.io/managed-by":"Helm","app.kubernetes.io/name":"${app}","endpointslice.kubernetes.io/managed-by":"endpointslice-controller.k8s.io","helm.sh/chart":"shop-1.4.2","kubernetes.io/service-name":"${app}"},"annotations":{"endpoints.kubernetes.io/last-change-trigger-time":"${TS}"},"ownerReferences":[{"apiVersion":"v1","kind":"Service","name":"${app}","uid":"${uid(4, j)}","controller":true,"blockOwnerDeletion":true}],"managedFields":[{"manager":"kube-controller-manager","operation":"Update","apiVersion":"discovery.k8s.io/v1","time":"${TS}","fieldsType":"FieldsV1","fieldsV1":{"f:addressType":{},"f:endpoints":{},"f:metadata":{"f:annotations":{".":{},"f:endpoints.kubernetes.io/last-change-trigger-time":{}},"f:generateName":{},"f:labels":{".":{},"f:endpointslice.kubernetes.io/managed-by":{},"f:kubernetes.io/service-name":{}},"f:ownerReferences":{".":{},"k:{\\"uid\\":\\"${uid(4, j)}\\"}":{}}},"f:ports":{}}}]},"addressType":"IPv4","endpoints":[${eps.join(',')}],"ports":[{"name":"http","protocol":"TCP","port":8080}]}`;
}

/** Load the synthetic cluster into the store (no watch events: it predates the history). */
export function loadSynthetic(c: Cluster, spec: ScaleSpec): void {
  const l = (currentLayout = layout(spec));
  rsHashes = [];
  memo.clear();
  const { store, api, allocator } = c;
  const rv = String(store.resourceVersion);
  const ns = resourceByPlural('namespaces');
  if (l.pods || l.services) for (let k = 0; k < l.namespaces; k++) api.create(ns, undefined, { metadata: { name: nsName(k), labels: { team: nsName(k) } } } as Obj, { fieldManager: 'lab-scale' });
  const entry = (f: () => string): SyntheticEntry => ({ json: f });
  if (l.nodes) {
    const items: [string, SyntheticEntry][] = [];
    for (let i = 0; i < l.nodes; i++) items.push([nodeName(i), entry(() => nodeJson(i, rv))]);
    store.loadSynthetic(resourceByPlural('nodes'), items);
  }
  if (l.pods && l.nodes) {
    const items: [string, SyntheticEntry][] = [];
    for (let p = 0; p < l.pods; p++) items.push([objKey(nsName(nsOfApp(appOfPod(p))), podName(p)), entry(() => podJson(p, rv))]);
    store.loadSynthetic(resourceByPlural('pods'), items);
  }
  if (l.services) {
    const base = allocator.range.first + 16;
    const svcIp = (j: number) => intToIp(base + j);
    const svcs: [string, SyntheticEntry][] = [];
    const slices: [string, SyntheticEntry][] = [];
    for (let j = 0; j < l.services; j++) {
      const key = objKey(nsName(nsOfApp(j)), appName(j));
      svcs.push([key, entry(() => svcJson(j, rv, svcIp))]);
      slices.push([objKey(nsName(nsOfApp(j)), sliceName(j)), entry(() => sliceJson(j, rv))]);
      const sh = svcShape(j);
      allocator.hold(key, { ips: [svcIp(j)], ports: [sh.nodePort, sh.hc].filter((x): x is number => x !== undefined) });
    }
    store.loadSynthetic(resourceByPlural('services'), svcs);
    store.loadSynthetic(resourceByPlural('endpointslices'), slices);
  }
}
