import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { InspectResult, Session, TopoElement, Topology, TopologyInput, TopologyView } from '../../../src-main/contract';

export type TopoLocale = 'en' | 'zh-CN';

/** What the picture shows (the service's prediction or a probe session), how, and the selection. */
export const useTopologyStore = defineStore('topology', () => {
  const inspect = shallowRef<InspectResult | null>(null);
  const session = shallowRef<Session | null>(null);
  const view = ref<TopologyView>('predicted');
  /** The user's choice of client; null: the model's default (this desktop). */
  const origin = ref<string | null>(null);
  const locale = ref<TopoLocale>('en');
  const model = shallowRef<Topology | null>(null);
  const isExample = ref(true);
  const building = ref(false);
  const selectedId = ref<string | null>(null);
  const hoveredId = ref<string | null>(null);
  /** A path to select once the picture that contains it is built. */
  let pendingPathId: string | null = null;

  const input = computed<TopologyInput | null>(() => (session.value ? { kind: 'session', session: session.value } : inspect.value ? { kind: 'inspect', result: inspect.value } : null));
  const elements = computed<TopoElement[]>(() => model.value?.elements ?? []);
  const byId = computed(() => new Map(elements.value.map((e) => [e.data.id, e] as const)));
  const selected = computed(() => (selectedId.value ? (byId.value.get(selectedId.value) ?? null) : null));
  const hovered = computed(() => (hoveredId.value ? (byId.value.get(hoveredId.value) ?? null) : null));
  /** The details panel follows the pointer, falling back to the selection. */
  const focused = computed(() => hovered.value ?? selected.value);
  const canObserve = computed(() => session.value !== null);

  function setInspect(next: InspectResult | null) {
    inspect.value = next;
  }
  function setSession(next: Session | null) {
    session.value = next;
    view.value = next ? 'observed' : 'predicted';
  }
  function setView(next: TopologyView) {
    view.value = next === 'observed' && !session.value ? 'predicted' : next;
  }
  function setOrigin(next: string | null) {
    origin.value = next;
  }
  function setModel(next: Topology, example: boolean) {
    model.value = next;
    isExample.value = example;
    if (selectedId.value && !next.elements.some((e) => e.data.id === selectedId.value)) selectedId.value = null;
    if (hoveredId.value && !next.elements.some((e) => e.data.id === hoveredId.value)) hoveredId.value = null;
    if (pendingPathId && selectPath(pendingPathId)) pendingPathId = null;
  }
  function select(id: string | null) {
    selectedId.value = id;
  }
  function hover(id: string | null) {
    hoveredId.value = id;
  }
  /** Select the edge that carries a path (e.g. a matrix cell's id). */
  function selectPath(pathId: string): boolean {
    const edge = elements.value.find((e) => e.group === 'edges' && e.data.pathIds.includes(pathId) && (e.data.segment === 'deliver' || e.data.segment === 'blocked'));
    const any = edge ?? elements.value.find((e) => e.group === 'edges' && e.data.pathIds.includes(pathId));
    selectedId.value = any?.data.id ?? null;
    pendingPathId = any ? null : pathId;
    return any !== undefined;
  }
  function reset() {
    inspect.value = null;
    session.value = null;
    view.value = 'predicted';
    origin.value = null;
    selectedId.value = null;
    hoveredId.value = null;
  }

  return {
    inspect, session, view, origin, locale, model, isExample, building, selectedId, hoveredId,
    input, elements, selected, hovered, focused, canObserve,
    setInspect, setSession, setView, setOrigin, setModel, select, hover, selectPath, reset,
  };
});
