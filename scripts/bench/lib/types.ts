// The shapes every benchmark scenario shares: what it is given (BenchContext) and what it hands
// back (ScenarioReport). Adding a scenario = a module exporting a Scenario, listed in
// scenarios/index.ts.
import type { AppBuild } from './app-build';
import type { Cleanup } from './cleanup';

export type Unit = 'ms' | 's' | 'MB' | 'count' | 'ratio';

/** One measured figure over several runs (median is what the table shows). */
export interface Stat {
  median: number;
  min: number;
  max: number;
  n: number;
}

export interface Target {
  /** `ratio`: ours / reference must stay at or below `max`; `value`: ours itself. */
  of: 'ratio' | 'value';
  max: number;
}

export interface Row {
  metric: string;
  unit: Unit;
  ours: Stat | null;
  reference?: Stat | null;
  target?: Target;
  /** Shown after the figures, e.g. what the reference was. */
  note?: string;
}

export interface ScenarioReport {
  id: string;
  title: string;
  /** What ran: cluster size, the service, flags. */
  setup: string[];
  /** The exact commands measured (both sides). */
  commands: string[];
  rows: Row[];
  /** Findings, causes of missed targets, caveats. */
  notes: string[];
  /** Set when the scenario could not run at all (the table says so). */
  skipped?: string;
}

export interface BenchContext {
  runs: number;
  app: AppBuild;
  cleanup: Cleanup;
  /** kubectl binary, or null when absent (reference columns then say so). */
  kubectl: string | null;
  /** Scratch directory of this bench run (removed at the end). */
  tmp: string;
  log(line: string): void;
  /** Objects shared between scenarios (the 5,000-node lab serves scenarios 1 and 2). */
  shared: Map<string, unknown>;
  options: Record<string, string | boolean | undefined>;
}

export interface Scenario {
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<ScenarioReport>;
}
