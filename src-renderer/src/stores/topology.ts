import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { GraphElement } from '../topology/graph-types';

export const useTopologyStore = defineStore('topology', () => {
  const elements = ref<GraphElement[]>([]);
  const isExample = ref(true);
  const selectedId = ref<string | null>(null);
  const selected = computed(() => elements.value.find((e) => e.data.id === selectedId.value) ?? null);

  function setElements(next: GraphElement[], example: boolean) {
    elements.value = next;
    isExample.value = example;
    if (selectedId.value && !next.some((e) => e.data.id === selectedId.value)) selectedId.value = null;
  }

  function select(id: string | null) {
    selectedId.value = id;
  }

  return { elements, isExample, selectedId, selected, setElements, select };
});
