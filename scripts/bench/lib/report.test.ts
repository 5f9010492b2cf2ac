import { describe, expect, it } from 'vitest';
import { consoleTable, formatValue, markdownSection, verdict } from './report';
import { stat } from './stats';
import type { ScenarioReport } from './types';

const reports: ScenarioReport[] = [
  {
    id: '1',
    title: 'Inspect',
    setup: ['Lab: 5000 nodes'],
    commands: ['snatscope inspect a/b --json'],
    rows: [
      { metric: 'wall', unit: 'ms', ours: stat([3000, 3500, 4000]), reference: stat([9000]), target: { of: 'ratio', max: 1 } },
      { metric: 'peak RSS', unit: 'MB', ours: stat([300]), target: { of: 'value', max: 250 } },
    ],
    notes: ['a | pipe'],
  },
  { id: '3', title: 'Topology', setup: [], commands: [], rows: [], notes: [], skipped: 'TODO' },
];

describe('bench report', () => {
  it('formats values by unit', () => {
    expect(formatValue(850, 'ms')).toBe('850 ms');
    expect(formatValue(3456, 'ms')).toBe('3.46 s');
    expect(formatValue(12_345, 'ms')).toBe('12.3 s');
    expect(formatValue(249.6, 'MB')).toBe('250 MB');
    expect(formatValue(0.5, 'ratio')).toBe('0.50×');
  });

  it('says met, MISSED or nothing per row', () => {
    expect(verdict(reports[0]!.rows[0]!)).toBe('met');
    expect(verdict(reports[0]!.rows[1]!)).toBe('MISSED');
    expect(verdict({ metric: 'x', unit: 'ms', ours: stat([1]) })).toBe('');
  });

  it('prints an aligned console table with skipped scenarios', () => {
    const lines = consoleTable(reports).split('\n');
    expect(lines[0]).toMatch(/^#\s+metric\s+SNATScope\s+reference\s+ratio\s+target\s+result$/);
    expect(lines[1]).toMatch(/^1\s+wall\s+3\.50 s\s+9\.00 s\s+0\.39×\s+≤ 1× ref\s+met$/);
    expect(lines[3]).toMatch(/^3\s+Topology: not run\s+TODO/);
  });

  it('writes a Markdown section with machine, command, spread and escaped cells', () => {
    const md = markdownSection({ date: new Date('2026-11-26T10:00:00.123Z'), machine: ['CPU: test, 2 cores'], command: 'npm run bench', runs: 3, wallSeconds: 61.4, reports });
    expect(md).toContain('## 2026-11-26T10:00:00Z');
    expect(md).toContain('Command: `npm run bench` — 3 measured runs per figure');
    expect(md).toContain('- CPU: test, 2 cores');
    expect(md).toContain('| 1 | wall | 3.50 s (3.00 s–4.00 s) | 9.00 s | 0.39× | ≤ 1× ref | met |');
    expect(md).toContain('| 1 | peak RSS | 300 MB |  |  | ≤ 250 MB | MISSED |');
    expect(md).toContain('### 3. Topology\n\nNot run: TODO');
    expect(md).toContain('- a | pipe');
    expect(md).toContain('```sh\nsnatscope inspect a/b --json\n```');
  });
});
