// The model's data shapes cross the contract as they are (JSON-serialisable), and the renderer
// renders explanations with the same catalogs as the CLI and exports.
export type * from '../core/inventory/types';
export type { Origin, Target, Prediction, PredictedPath, PathGroup, Hop, HopKind, RelayDecl, VerdictKind, ObservedClass, Outcome, DataplaneSummary } from '../core/prediction/types';
export type { ExplainStep, ExplainParam, Fix, FixSnippet, Locale as ExplainLocale } from '../core/explain/types';
export type { Hazard } from '../core/scan/scan';
export type { Classification } from '../core/verdict/classify';
export type { Comparison } from '../core/verdict/compare';
export { renderStep, renderExplanation, renderFix } from '../core/explain/render';
// The picture: model → graph elements with deterministic positions (cytoscape, exports).
export type * from '../core/topology/types';
export { buildTopology, labelSize, TOPO_METRICS, TOPO_PALETTES, VERDICT_STYLE, VERDICT_ORDER, type TopoPalette, type VerdictStyle } from '../core/topology/index';
