import { defineStore } from 'pinia';
import { ref } from 'vue';

/** A kubeconfig context as the sidebar shows it (filled in by the connect feature). */
export interface ContextSummary {
  id: string;
  name: string;
  file: string;
}

export const useClustersStore = defineStore('clusters', () => {
  const contexts = ref<ContextSummary[]>([]);
  const selectedId = ref<string | null>(null);
  return { contexts, selectedId };
});
