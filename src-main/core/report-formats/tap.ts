// TAP version 14 (testanything.org/tap-version-14-specification.html): a plan line, then one
// "ok"/"not ok" line per case, with a YAML diagnostic block (indented two spaces, --- … ...)
// carrying the message and the details. Names never contain "#" unescaped (it starts a directive).
import { stringify } from 'yaml';
import type { TestReport } from './test-report';
import { oneLine, stripControl } from './text-safety';

export function tapReport(report: TestReport): string {
  const cases = report.suites.flatMap((s) => s.cases.map((c) => ({ suite: s.name, c })));
  const out = ['TAP version 14', `1..${cases.length}`];
  cases.forEach(({ suite, c }, i) => {
    const name = oneLine(`${suite}: ${c.name}`).replace(/\\/g, '\\\\').replace(/#/g, '\\#');
    const directive = c.status === 'skipped' ? ' # SKIP' : '';
    out.push(`${c.status === 'passed' || c.status === 'skipped' ? 'ok' : 'not ok'} ${i + 1} - ${name}${directive}`);
    if (c.status !== 'passed' && (c.message || c.details.length)) {
      const diag: Record<string, unknown> = { severity: c.status === 'error' ? 'error' : 'fail' };
      if (c.message) diag.message = oneLine(c.message);
      if (c.details.length) diag.details = stripControl(c.details.join('\n'));
      out.push('  ---', ...stringify(diag, { lineWidth: 0 }).trimEnd().split('\n').map((l) => `  ${l}`), '  ...');
    }
  });
  return `${out.join('\n')}\n`;
}
