// Turns scenario reports into the console table and the Markdown section appended to
// docs/benchmarks.md (machine, command, table, setup and notes per scenario).
import { meetsTarget, ratio } from './stats';
import type { Row, ScenarioReport, Stat, Target, Unit } from './types';

export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'ms':
      return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
    case 's':
      return `${value.toFixed(1)} s`;
    case 'MB':
      return `${Math.round(value)} MB`;
    case 'ratio':
      return `${value.toFixed(2)}×`;
    case 'count':
      return Number.isInteger(value) ? String(value) : value.toFixed(1);
  }
}

export function formatStat(s: Stat | null | undefined, unit: Unit, spread = false): string {
  if (!s) return '—';
  const v = formatValue(s.median, unit);
  if (!spread || s.n < 2 || s.min === s.max) return v;
  return `${v} (${formatValue(s.min, unit)}–${formatValue(s.max, unit)})`;
}

export function formatTarget(t: Target | undefined, unit: Unit): string {
  if (!t) return '';
  return t.of === 'ratio' ? `≤ ${t.max}× ref` : `≤ ${formatValue(t.max, unit)}`;
}

export function verdict(row: Row): string {
  if (!row.target) return '';
  const ok = meetsTarget(row.target, row.ours, row.reference);
  return ok === null ? 'n/a' : ok ? 'met' : 'MISSED';
}

interface Cells {
  scenario: string;
  metric: string;
  ours: string;
  reference: string;
  ratio: string;
  target: string;
  result: string;
}

function cells(report: ScenarioReport, row: Row, spread: boolean): Cells {
  const r = ratio(row.ours, row.reference);
  return {
    scenario: report.id,
    metric: row.metric,
    ours: formatStat(row.ours, row.unit, spread),
    reference: row.reference === undefined ? '' : formatStat(row.reference, row.unit, spread),
    ratio: r === null ? '' : `${r.toFixed(2)}×`,
    target: formatTarget(row.target, row.unit),
    result: verdict(row),
  };
}

const HEADERS: Cells = { scenario: '#', metric: 'metric', ours: 'SNATScope', reference: 'reference', ratio: 'ratio', target: 'target', result: 'result' };
const KEYS = Object.keys(HEADERS) as (keyof Cells)[];

function allCells(reports: ScenarioReport[], spread: boolean): Cells[] {
  const out: Cells[] = [];
  for (const rep of reports) {
    if (rep.skipped) out.push({ scenario: rep.id, metric: `${rep.title}: not run`, ours: rep.skipped, reference: '', ratio: '', target: '', result: 'n/a' });
    for (const row of rep.rows) out.push(cells(rep, row, spread));
  }
  return out;
}

/** A plain-text table for the terminal. */
export function consoleTable(reports: ScenarioReport[]): string {
  const rows = [HEADERS, ...allCells(reports, false)];
  const width = Object.fromEntries(KEYS.map((k) => [k, Math.max(...rows.map((r) => [...r[k]].length))])) as Record<keyof Cells, number>;
  return rows.map((r) => KEYS.map((k) => r[k] + ' '.repeat(width[k] - [...r[k]].length)).join('  ').trimEnd()).join('\n');
}

function mdEscape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export interface MarkdownInput {
  date: Date;
  machine: string[];
  command: string;
  runs: number;
  wallSeconds: number;
  reports: ScenarioReport[];
}

/** The section appended to docs/benchmarks.md for one `npm run bench`. */
export function markdownSection(input: MarkdownInput): string {
  const out: string[] = [];
  out.push(`## ${input.date.toISOString().replace(/\.\d+Z$/, 'Z')}`, '');
  out.push(`Command: \`${input.command}\` — ${input.runs} measured runs per figure (median, min–max in brackets), whole run ${Math.round(input.wallSeconds)} s.`, '');
  out.push('Machine:', '', ...input.machine.map((m) => `- ${m}`), '');
  out.push(`| ${KEYS.map((k) => HEADERS[k]).join(' | ')} |`, `|${KEYS.map(() => '---').join('|')}|`);
  for (const c of allCells(input.reports, true)) out.push(`| ${KEYS.map((k) => mdEscape(c[k])).join(' | ')} |`);
  out.push('');
  for (const rep of input.reports) {
    out.push(`### ${rep.id}. ${rep.title}`, '');
    if (rep.skipped) out.push(`Not run: ${rep.skipped}`, '');
    for (const s of rep.setup) out.push(`- ${s}`);
    if (rep.setup.length) out.push('');
    if (rep.commands.length) out.push('```sh', ...rep.commands, '```', '');
    for (const n of rep.notes) out.push(`- ${n}`);
    if (rep.notes.length) out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
