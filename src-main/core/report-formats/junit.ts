// JUnit XML as CI systems read it (Jenkins/xUnit junit-10.xsd, GitLab, GitHub test-report
// actions): <testsuites> of <testsuite> of <testcase>, a <failure message=…> per failed case with
// the details as its text. resources/junit/junit-10.xsd is the schema the tests validate against.
import { counts, type TestReport } from './test-report';
import { xmlAttr, xmlText } from './text-safety';

export function junitXml(report: TestReport): string {
  const all = report.suites.flatMap((s) => s.cases);
  const total = counts(all);
  const time = report.durationSeconds !== null ? ` time="${report.durationSeconds.toFixed(3)}"` : '';
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="${xmlAttr(report.name)}" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}"${time}>`];
  report.suites.forEach((suite, i) => {
    const c = counts(suite.cases);
    const stamp = report.timestamp ? ` timestamp="${xmlAttr(report.timestamp)}"` : '';
    out.push(`  <testsuite name="${xmlAttr(suite.name)}" id="${i}" tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}"${stamp}>`);
    for (const tc of suite.cases) {
      const open = `    <testcase name="${xmlAttr(tc.name)}" classname="${xmlAttr(tc.classname)}"`;
      const body = tc.details.length ? xmlText(tc.details.join('\n')) : '';
      const message = tc.message !== null ? ` message="${xmlAttr(tc.message)}"` : '';
      if (tc.status === 'passed') {
        out.push(tc.details.length ? `${open}><system-out>${body}</system-out></testcase>` : `${open}/>`);
      } else {
        const el = tc.status === 'failed' ? 'failure' : tc.status === 'error' ? 'error' : 'skipped';
        const type = tc.status === 'failed' ? ' type="client-ip"' : '';
        out.push(`${open}><${el}${message}${type}>${body}</${el}></testcase>`);
      }
    }
    out.push('  </testsuite>');
  });
  out.push('</testsuites>', '');
  return out.join('\n');
}
