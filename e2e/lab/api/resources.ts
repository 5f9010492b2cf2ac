// The resources the lab serves, with the discovery facts kubectl and client-node rely on
// (plural, kind, scope, verbs, short names, subresources).

export interface ResourceDef {
  group: string; // '' for the core group
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  /** Subresources, e.g. status (get/patch/update) and log (get). */
  subresources: string[];
  /** Create-only virtual resources (access reviews): never stored or listed. */
  virtual?: boolean;
}

const rw = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function def(d: Omit<ResourceDef, 'singular' | 'subresources'> & { singular?: string; subresources?: string[] }): ResourceDef {
  return { singular: d.kind.toLowerCase(), subresources: [], ...d };
}

export const RESOURCES: ResourceDef[] = [
  def({ group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['ns'], subresources: ['status', 'finalize'] }),
  def({ group: '', version: 'v1', kind: 'Node', plural: 'nodes', namespaced: false, verbs: rw, shortNames: ['no'], subresources: ['status'] }),
  def({ group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, verbs: rw, shortNames: ['po'], categories: ['all'], subresources: ['status', 'log'] }),
  def({ group: '', version: 'v1', kind: 'Service', plural: 'services', namespaced: true, verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['svc'], categories: ['all'], subresources: ['status'] }),
  def({ group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, verbs: rw, shortNames: ['cm'] }),
  def({ group: '', version: 'v1', kind: 'Event', plural: 'events', namespaced: true, verbs: rw, shortNames: ['ev'] }),
  def({ group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true, verbs: rw, shortNames: ['sa'] }),
  def({ group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', plural: 'endpointslices', namespaced: true, verbs: rw }),
  def({ group: 'networking.k8s.io', version: 'v1', kind: 'Ingress', plural: 'ingresses', namespaced: true, verbs: rw, shortNames: ['ing'], subresources: ['status'] }),
  // kube-proxy (MultiCIDRServiceAllocator, GA in 1.33) watches the service CIDRs; the lab serves the
  // one the apiserver creates from --service-cluster-ip-range, named `kubernetes`.
  def({ group: 'networking.k8s.io', version: 'v1', kind: 'ServiceCIDR', plural: 'servicecidrs', namespaced: false, verbs: rw, subresources: ['status'] }),
  def({ group: 'networking.k8s.io', version: 'v1', kind: 'IngressClass', plural: 'ingressclasses', namespaced: false, verbs: rw }),
  def({ group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true, verbs: rw, shortNames: ['deploy'], categories: ['all'], subresources: ['status'] }),
  def({ group: 'apps', version: 'v1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true, verbs: rw, shortNames: ['ds'], categories: ['all'], subresources: ['status'] }),
  // events.k8s.io/v1: where client-go's event broadcaster (kube-proxy's) writes. Stored apart from
  // core v1 events (the real apiserver converts between the two; the lab does not).
  def({ group: 'events.k8s.io', version: 'v1', kind: 'Event', plural: 'events', namespaced: true, verbs: rw, shortNames: ['ev'] }),
  def({ group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview', plural: 'selfsubjectaccessreviews', namespaced: false, verbs: ['create'], virtual: true }),
  def({ group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectRulesReview', plural: 'selfsubjectrulesreviews', namespaced: false, verbs: ['create'], virtual: true }),
];

export function groupVersion(r: { group: string; version: string }): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** Stable key used by the store: "<group>/<plural>" ("/pods" for the core group). */
export function resourceKey(r: { group: string; plural: string }): string {
  return `${r.group}/${r.plural}`;
}

export function findResource(group: string, version: string, plural: string): ResourceDef | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);
}

export function resourceByKind(apiVersion: string, kind: string): ResourceDef | undefined {
  return RESOURCES.find((r) => groupVersion(r) === apiVersion && r.kind === kind);
}

export function resourceByPlural(plural: string): ResourceDef {
  const r = RESOURCES.find((x) => x.plural === plural);
  if (!r) throw new Error(`unknown resource ${plural}`);
  return r;
}
