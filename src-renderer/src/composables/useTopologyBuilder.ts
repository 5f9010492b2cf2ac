import { watch } from 'vue';
import { useTopologyStore } from '../stores/topology';
import { buildTopologyOffThread } from '../topology/build';
import { EXAMPLE_SESSION } from '../topology/example-session';

/** Rebuilds the picture whenever its input, view, origin or language changes; the latest wins. */
export function useTopologyBuilder() {
  const topology = useTopologyStore();
  let generation = 0;
  watch(
    () => [topology.input, topology.view, topology.origin, topology.locale] as const,
    async ([input, view, origin, locale]) => {
      const mine = ++generation;
      topology.building = true;
      try {
        const example = input === null;
        const model = await buildTopologyOffThread(example ? { kind: 'session', session: EXAMPLE_SESSION } : input, { view: example ? 'observed' : view, origin, locale });
        if (mine === generation) topology.setModel(model, example);
      } finally {
        if (mine === generation) topology.building = false;
      }
    },
    { immediate: true },
  );
}
