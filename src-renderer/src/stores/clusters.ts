import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ConnectionStatus, ContextSummary, ContextsList } from '../../../src-main/contract';
import { ApiError } from '../api/api-error';
import { connectApi } from '../api/client';

export interface ContextGroup {
  file: string;
  contexts: ContextSummary[];
}

export const useClustersStore = defineStore('clusters', () => {
  const list = ref<ContextsList>({ contexts: [], problems: [], files: [] });
  const loaded = ref(false);
  const statuses = ref<Record<string, ConnectionStatus | 'testing'>>({});
  const selectedId = ref<string | null>(null);
  const addError = ref<ApiError | null>(null);
  let unsubscribe: (() => void) | null = null;

  const contexts = computed(() => list.value.contexts);
  const selected = computed(() => list.value.contexts.find((c) => c.id === selectedId.value) ?? null);
  /** Contexts grouped by the kubeconfig file that defines them, in file order. */
  const groups = computed<ContextGroup[]>(() => {
    const byFile = new Map<string, ContextSummary[]>();
    for (const c of list.value.contexts) {
      if (!byFile.has(c.file)) byFile.set(c.file, []);
      byFile.get(c.file)!.push(c);
    }
    return [...byFile].map(([file, cs]) => ({ file, contexts: cs }));
  });

  async function load(): Promise<void> {
    const { api } = connectApi();
    unsubscribe ??= api.contexts.onChanged((next) => apply(next));
    apply(await api.contexts.list({}));
    loaded.value = true;
  }

  /** The context to reopen at start: the remembered one, if it still exists and works. */
  /** The context to connect at start: the one used last, or the only one there is (nothing to choose). */
  function initialContext(preferredId: string | null): string | null {
    if (preferredId && list.value.contexts.some((c) => c.id === preferredId && c.problem === null)) return preferredId;
    const usable = list.value.contexts.filter((c) => c.problem === null);
    return list.value.contexts.length === 1 && usable.length === 1 ? usable[0]!.id : null;
  }

  function apply(next: ContextsList) {
    list.value = next;
    if (selectedId.value && !next.contexts.some((c) => c.id === selectedId.value)) selectedId.value = null;
  }

  async function test(id: string): Promise<ConnectionStatus | null> {
    statuses.value = { ...statuses.value, [id]: 'testing' };
    try {
      const status = await connectApi().api.contexts.test({ id });
      statuses.value = { ...statuses.value, [id]: status };
      return status;
    } catch (error) {
      const { [id]: _drop, ...rest } = statuses.value;
      statuses.value = rest;
      throw error;
    }
  }

  async function select(id: string): Promise<ConnectionStatus | null> {
    selectedId.value = id;
    return test(id);
  }

  async function addFile(path: string): Promise<boolean> {
    addError.value = null;
    try {
      apply(await connectApi().api.contexts.addFile({ path }));
      return true;
    } catch (error) {
      addError.value = error instanceof ApiError ? error : new ApiError({ code: 'internal', message: String(error) });
      return false;
    }
  }

  async function removeFile(path: string): Promise<void> {
    apply(await connectApi().api.contexts.removeFile({ path }));
  }

  return { list, loaded, contexts, groups, statuses, selectedId, selected, addError, load, initialContext, test, select, addFile, removeFile };
});
