// The example picture waits for its gate (the start-up reads); real data is drawn at once.
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, nextTick, ref } from 'vue';
import { useTopologyStore } from '../stores/topology';
import { seedSession } from '../test/fixtures';
import { useTopologyBuilder } from './useTopologyBuilder';

const settle = async () => {
  for (let i = 0; i < 5; i++) await nextTick();
};

beforeEach(() => setActivePinia(createPinia()));

/** A host component that runs the builder with the given gate. */
const host = (gate: () => boolean) => defineComponent({ setup: () => useTopologyBuilder(gate), template: '<div />' });

describe('useTopologyBuilder', () => {
  it('builds the example only once allowed, and a session without waiting', async () => {
    const allowed = ref(false);
    mount(host(() => allowed.value));
    const topology = useTopologyStore();
    await settle();
    expect(topology.model).toBeNull();
    allowed.value = true;
    await settle();
    expect(topology.model).not.toBeNull();
    expect(topology.isExample).toBe(true);

    setActivePinia(createPinia());
    const gate = ref(false);
    mount(host(() => gate.value));
    const other = useTopologyStore();
    other.setSession(seedSession());
    await settle();
    expect(other.model).not.toBeNull();
    expect(other.isExample).toBe(false);
  });
});
