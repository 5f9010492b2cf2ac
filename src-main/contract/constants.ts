// The contract's run-time values the renderer uses, with no zod behind them: importing a value
// from the contract's index evaluates every schema, and the schema library was a quarter of the
// window's first bundle (docs/benchmarks.md, scenario 5). The renderer imports values from here
// and types from the index (a lint rule holds it to that).
export const PROBE_STEPS = ['preflight', 'namespace', 'configmap', 'pods', 'services', 'ready', 'desktop', 'in-cluster', 'verdicts', 'cleanup'] as const;

/** The renderer sends a file's text as it is; main refuses anything over this (see session-file.ts). */
export const MAX_SESSION_TEXT = 64 * 1024 * 1024;

export { renderStep, renderExplanation, renderFix, renderTokens } from '../core/explain/render';
export type { RenderedFix } from '../core/explain/render';
export { TOPO_METRICS, TOPO_PALETTES, VERDICT_ORDER, pathSummary, worstPath } from '../core/topology/index';
export { SESSION_KIND, SESSION_VERSION, cellOriginKey } from '../core/probe/session-types';
export { renderProbeMessage } from '../core/probe/session-messages';
export { renderWhatIf } from '../core/what-if/catalog';
export { fixToWhatIf } from '../core/what-if/from-fix';
