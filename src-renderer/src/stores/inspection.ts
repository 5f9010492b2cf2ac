import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ContractError, InspectResult } from '../../../src-main/contract';
import type { ServiceKey } from './services';

/** The model's answer for the selected service, kept current by inspect.follow. */
export const useInspectionStore = defineStore('inspection', () => {
  const target = ref<(ServiceKey & { contextId: string }) | null>(null);
  const result = shallowRef<InspectResult | null>(null);
  const loading = ref(false);
  const error = ref<ContractError | null>(null);
  const following = ref(false);
  const updatedAt = ref<number | null>(null);
  /** The picked cell of the predicted matrix (the prediction document's paths). */
  const selectedCellId = ref<string | null>(null);
  const selectedCell = computed(() => result.value?.document?.paths.find((p) => p.id === selectedCellId.value) ?? null);

  const matches = (t: ServiceKey & { contextId: string }) =>
    target.value !== null && target.value.contextId === t.contextId && target.value.namespace === t.namespace && target.value.name === t.name;

  function begin(t: ServiceKey & { contextId: string }) {
    target.value = t;
    result.value = null;
    selectedCellId.value = null;
    error.value = null;
    loading.value = true;
    following.value = false;
  }
  function apply(t: ServiceKey & { contextId: string }, next: InspectResult | null, e: ContractError | null, at: number) {
    if (!matches(t)) return false;
    if (next) result.value = next;
    error.value = e;
    loading.value = false;
    updatedAt.value = at;
    return true;
  }
  function clear() {
    target.value = null;
    result.value = null;
    selectedCellId.value = null;
    error.value = null;
    loading.value = false;
    following.value = false;
  }

  function selectCell(id: string | null) {
    selectedCellId.value = id;
  }

  return { target, result, loading, error, following, updatedAt, selectedCellId, selectedCell, matches, begin, apply, clear, selectCell };
});
