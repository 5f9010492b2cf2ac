// Types for the pure parts of electronegativity.mjs (used by its unit test).
export interface Finding {
  id: string;
  severity: string;
  confidence: string;
  file: string;
  line: number;
  column: number;
  sample: string;
  description: string;
  manualReview: boolean;
}
export interface AllowEntry {
  id: string;
  target: string;
  file: string;
  sample?: string;
  reason: string;
}
export interface Allowlist {
  explained: AllowEntry[];
}
export const FAILING_SEVERITIES: Set<string>;
export const TARGETS: { name: string; dir: string }[];
export const EXCLUDED_CHECKS: string[];
export function normalizeIssue(raw: unknown): Finding;
export function allowlistProblems(allowlist: unknown): string[];
export function evaluate(
  target: string,
  issues: Finding[],
  allowlist: Allowlist,
): { failing: Finding[]; explained: { issue: Finding; reason: string }[]; ignored: Finding[]; unused: AllowEntry[] };
