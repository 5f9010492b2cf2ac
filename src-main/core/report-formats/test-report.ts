// The one shape CI outputs are written from: suites of cases, each passed, failed or in error,
// with a short message (the verdict) and details (the explanation and the fix). JUnit, TAP and
// the Markdown summary render this; check, probe and scan build it.
export type CaseStatus = 'passed' | 'failed' | 'error' | 'skipped';

export interface ReportCase {
  name: string;
  /** JUnit classname: where the case belongs (e.g. the service). */
  classname: string;
  status: CaseStatus;
  /** One line: what was seen, against what was expected. */
  message: string | null;
  /** Lines: the numbered explanation, then the fix. */
  details: string[];
}

export interface ReportSuite {
  name: string;
  cases: ReportCase[];
}

export interface TestReport {
  name: string;
  suites: ReportSuite[];
  /** Seconds the run took (JUnit time attributes); null when unknown. */
  durationSeconds: number | null;
  timestamp: string | null;
}

export function counts(cases: readonly ReportCase[]): { tests: number; failures: number; errors: number; skipped: number } {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.status === 'failed').length,
    errors: cases.filter((c) => c.status === 'error').length,
    skipped: cases.filter((c) => c.status === 'skipped').length,
  };
}
