import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ClusterOverview, ContractError, ServiceSummary } from '../../../src-main/contract';

export interface ServiceKey {
  namespace: string;
  name: string;
}

const SEVERITY_RANK = { high: 0, medium: 1, low: 2 } as const;

export function isExposed(s: ServiceSummary): boolean {
  return s.type === 'NodePort' || s.type === 'LoadBalancer' || s.ingress === true;
}

/**
 * What a search word can match: name, namespace, "namespace/name", type, ports and nodePorts, and
 * the traffic policies ("local", "etp:local", "itp:local"); every word of the query must match.
 */
export function searchable(s: ServiceSummary): string[] {
  return [
    s.name,
    s.namespace,
    `${s.namespace}/${s.name}`,
    s.type,
    ...s.ports.flatMap((p) => [String(p.port), ...(p.nodePort ? [String(p.nodePort)] : []), p.protocol]),
    s.externalTrafficPolicy,
    `etp:${s.externalTrafficPolicy}`,
    `itp:${s.internalTrafficPolicy}`,
    ...(s.ingress ? ['ingress'] : []),
  ].map((x) => x.toLowerCase());
}

/** The selected context's services and hazard scan, the picker's filters and the selection. */
export const useServicesStore = defineStore('services', () => {
  const contextId = ref<string | null>(null);
  const overview = shallowRef<ClusterOverview | null>(null);
  const loading = ref(false);
  const error = ref<ContractError | null>(null);
  const query = ref('');
  /** null: all namespaces. */
  const namespace = ref<string | null>(null);
  const tab = ref<'services' | 'hazards'>('services');
  const selected = ref<ServiceKey | null>(null);
  /** Only services reachable from outside: NodePort, LoadBalancer, external IPs' types, or behind an Ingress. */
  const exposedOnly = ref(false);

  const services = computed(() => overview.value?.services ?? []);
  const namespaces = computed(() => [...new Set(services.value.map((s) => s.namespace))].sort());
  const filtered = computed<ServiceSummary[]>(() => {
    const words = query.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return services.value
      .filter((s) => namespace.value === null || s.namespace === namespace.value)
      .filter((s) => !exposedOnly.value || isExposed(s))
      .filter((s) => words.every((w) => searchable(s).some((field) => field.includes(w))))
      .sort((a, b) => (a.namespace === b.namespace ? (a.name < b.name ? -1 : 1) : a.namespace < b.namespace ? -1 : 1));
  });
  const hazards = computed(() => [...(overview.value?.hazards ?? [])].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (a.id < b.id ? -1 : 1)));
  const selectedSummary = computed(() => services.value.find((s) => s.namespace === selected.value?.namespace && s.name === selected.value?.name) ?? null);

  function begin(id: string) {
    contextId.value = id;
    overview.value = null;
    error.value = null;
    loading.value = true;
    selected.value = null;
  }
  function loaded(id: string, next: ClusterOverview, preferredNamespace: string | null) {
    if (contextId.value !== id) return;
    overview.value = next;
    loading.value = false;
    namespace.value = preferredNamespace && next.services.some((s) => s.namespace === preferredNamespace) ? preferredNamespace : null;
  }
  function failed(id: string, e: ContractError) {
    if (contextId.value !== id) return;
    error.value = e;
    loading.value = false;
  }
  function clear() {
    contextId.value = null;
    overview.value = null;
    error.value = null;
    loading.value = false;
    selected.value = null;
  }
  function select(key: ServiceKey | null) {
    selected.value = key;
  }

  return { contextId, overview, loading, error, query, namespace, tab, selected, exposedOnly, services, namespaces, filtered, hazards, selectedSummary, begin, loaded, failed, clear, select };
});
