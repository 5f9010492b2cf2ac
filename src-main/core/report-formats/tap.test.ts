import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { tapReport } from './tap';

describe('TAP', () => {
  it('prints version 14, a plan and one line per case, with a YAML block for failures; "#" is escaped', () => {
    const tap = tapReport({
      name: 'x',
      timestamp: null,
      durationSeconds: null,
      suites: [
        {
          name: 'default/frontend',
          cases: [
            { name: 'from desktop: preserved', classname: 'c', status: 'passed', message: null, details: [] },
            { name: 'pod #1 \u001b[2J\u202E', classname: 'c', status: 'failed', message: 'expected preserved; seen: SNAT\nto 1.2.3.4', details: ['1. why', 'Fix: do: this'] },
            { name: 'later', classname: 'c', status: 'skipped', message: null, details: [] },
          ],
        },
      ],
    });
    const lines = tap.split('\n');
    expect(lines.slice(0, 4)).toEqual(['TAP version 14', '1..3', 'ok 1 - default/frontend: from desktop: preserved', 'not ok 2 - default/frontend: pod \\#1 [2J']);
    const end = lines.indexOf('  ...');
    expect(lines[4]).toBe('  ---');
    expect(parse(lines.slice(5, end).map((l) => l.slice(2)).join('\n'))).toEqual({ severity: 'fail', message: 'expected preserved; seen: SNAT to 1.2.3.4', details: '1. why\nFix: do: this' });
    expect(lines[end + 1]).toBe('ok 3 - default/frontend: later # SKIP');
  });
});
