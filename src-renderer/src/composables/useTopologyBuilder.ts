import { watch } from 'vue';
import { useTopologyStore } from '../stores/topology';
import { buildTopologyOffThread } from '../topology/build';
import { EXAMPLE_SESSION } from '../topology/example-session';

/**
 * Rebuilds the picture whenever its input, view, origin or language changes; the latest wins.
 * The example picture shown before any data waits until `exampleAllowed()` is true.
 */
export function useTopologyBuilder(exampleAllowed: () => boolean = () => true) {
  const topology = useTopologyStore();
  let generation = 0;
  watch(
    () => [topology.input, topology.view, topology.origin, topology.locale, topology.input === null && exampleAllowed()] as const,
    async ([input, view, origin, locale, exampleNow]) => {
      const example = input === null;
      if (example && !exampleNow) return;
      const mine = ++generation;
      topology.building = true;
      try {
        const model = await buildTopologyOffThread(example ? { kind: 'session', session: EXAMPLE_SESSION } : input, { view: example ? 'observed' : view, origin, locale });
        if (mine === generation) topology.setModel(model, example);
      } finally {
        if (mine === generation) topology.building = false;
      }
    },
    { immediate: true },
  );
}
