import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { PROBE_STEPS } from '../../../src-main/contract/constants';
import type { ContractError, ExplainStep, PodProgressInfo, ProbeFinished, ProbePlanView, ProbeProgress, ProbeStep, Session, StepState, ProbeRelay } from '../../../src-main/contract';
import { parseFixedNodePorts } from '../probe/relay-form';
import { buildMatrix } from '../probe/matrix';

export type ProbeStatus = 'idle' | 'planning' | 'planned' | 'starting' | 'running' | 'cancelling' | 'finished';

export interface ProbeChoices {
  policies: ('Cluster' | 'Local')[];
  desktop: boolean;
  pods: boolean;
  /** Node processes (hostNetwork client pods): opt-in. */
  nodes: boolean;
  echoNodes: 'one' | 'all';
  repeat: number;
  /** Through-ingress mode: off unless the user opts in (and acknowledges the warning). */
  ingress: { enabled: boolean; className: string; host: string; path: string; acknowledged: boolean };
  /** LoadBalancer probe services: off unless asked (public on a cloud), only for these source ranges. */
  loadBalancer: { enabled: boolean; sourceRanges: string };
  /** Declared outside hops, and the nodePorts (as typed) a relay's test port points at. */
  relays: ProbeRelay[];
  fixedNodePorts: { Cluster: string; Local: string };
}

const emptySteps = (): Record<ProbeStep, { state: StepState; message: string | null; waiting?: ExplainStep | null }> =>
  Object.fromEntries(PROBE_STEPS.map((s) => [s, { state: 'pending' as StepState, message: null }])) as Record<ProbeStep, { state: StepState; message: string | null; waiting?: ExplainStep | null }>;

interface SweepState {
  state: 'idle' | 'running' | 'done' | 'failed';
  removed: string[];
  notRemoved: string[];
  error: ContractError | null;
}
const idleSweep = (): SweepState => ({ state: 'idle', removed: [], notRemoved: [], error: null });

/** One probe at a time: its options, plan, live progress and result. */
export const useProbeStore = defineStore('probe', () => {
  const choices = ref<ProbeChoices>({ policies: ['Cluster', 'Local'], desktop: true, pods: true, nodes: false, echoNodes: 'one', repeat: 2, ingress: { enabled: false, className: 'nginx', host: '', path: '', acknowledged: false }, loadBalancer: { enabled: false, sourceRanges: '' }, relays: [], fixedNodePorts: { Cluster: '', Local: '' } });
  const status = ref<ProbeStatus>('idle');
  const plan = shallowRef<ProbePlanView | null>(null);
  const runId = ref<string | null>(null);
  const steps = ref(emptySteps());
  const pods = ref<PodProgressInfo[]>([]);
  const requests = ref<{ done: number; total: number } | null>(null);
  const session = shallowRef<Session | null>(null);
  const error = ref<ContractError | null>(null);
  const selectedCellId = ref<string | null>(null);
  /** "Remove what the probe left" after a failed cleanup: the sweep's state and result. */
  const sweep = ref<SweepState>(idleSweep());

  const matrix = computed(() => (session.value ? buildMatrix(session.value) : null));
  const selectedCell = computed(() => session.value?.paths.find((p) => p.id === selectedCellId.value) ?? null);
  const missingPermissions = computed(() => plan.value?.missingPermissions ?? []);
  const canRun = computed(() => status.value === 'planned' && plan.value !== null && missingPermissions.value.length === 0);
  const active = computed(() => status.value === 'starting' || status.value === 'running' || status.value === 'cancelling');
  /** The fixed nodePorts as numbers, or why they cannot be used. */
  const fixedNodePorts = computed(() => parseFixedNodePorts(choices.value.fixedNodePorts));

  function planning() {
    status.value = 'planning';
    sweep.value = idleSweep();
    plan.value = null;
    runId.value = null;
    error.value = null;
  }
  function planned(next: ProbePlanView) {
    plan.value = next;
    status.value = 'planned';
  }
  function failed(e: ContractError) {
    error.value = e;
    status.value = plan.value && !runId.value ? 'planned' : runId.value ? 'finished' : 'idle';
  }
  /** Forget the last run's progress and result. */
  function clearRun() {
    steps.value = emptySteps();
    pods.value = [];
    requests.value = null;
    session.value = null;
    error.value = null;
    selectedCellId.value = null;
  }
  function starting(id: string) {
    runId.value = id;
    clearRun();
    status.value = 'starting';
  }
  function progress(p: ProbeProgress) {
    if (p.runId !== runId.value || status.value === 'finished') return;
    if (status.value === 'starting') status.value = 'running';
    steps.value = { ...steps.value, [p.step]: { state: p.state, message: p.message, waiting: p.waiting ?? null } };
    pods.value = p.pods;
    if (p.requests) requests.value = p.requests;
  }
  function finished(f: ProbeFinished): boolean {
    if (f.runId !== runId.value) return false;
    session.value = f.session;
    error.value = f.error;
    status.value = 'finished';
    plan.value = null;
    return true;
  }
  function cancelling() {
    if (active.value) status.value = 'cancelling';
  }
  function selectCell(id: string | null) {
    selectedCellId.value = id;
  }
  function reset() {
    status.value = 'idle';
    plan.value = null;
    runId.value = null;
    clearRun();
  }

  return {
    choices, status, plan, runId, steps, pods, requests, session, error, selectedCellId, sweep,
    matrix, selectedCell, missingPermissions, canRun, active, fixedNodePorts,
    planning, planned, failed, starting, progress, finished, cancelling, selectCell, reset,
  };
});
