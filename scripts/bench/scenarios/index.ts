// The benchmark scenarios of issue 9, in the order `npm run bench` runs them: the three that use
// the 5,000-node lab first (they share it), start-up, then the probe, whose netns lab needs the
// host's one data-plane slot.
import type { Scenario } from '../lib/types';
import { inspectScenario } from './inspect';
import { probeScenario } from './probe';
import { scanScenario } from './scan';
import { startupScenario } from './startup';
import { topologyScenario } from './topology';

export const SCENARIOS: Scenario[] = [inspectScenario, scanScenario, topologyScenario, startupScenario, probeScenario];
