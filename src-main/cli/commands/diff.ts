// `snatscope diff before.json after.json`: what changed between two probe sessions or two
// `inspect --json` outputs. Exit 0 nothing changed, 1 something did, 2 an error.
import type { Command } from 'commander';
import { readFile, stat } from 'node:fs/promises';
import { diffRuns, type Field, type RunDiff } from '../../core/diff/diff';
import { renderStep } from '../../core/explain/render';
import { MAX_RUN_BYTES, parseRun, type Run } from '../../core/diff/run-cells';
import { oneLine } from '../../core/report-formats/text-safety';
import { cliLanguage, type Lang } from '../output';
import { wideTable } from '../wide-table';

const WORDS = {
  en: {
    header: ['CHANGE', 'PATH', 'FIELD', 'BEFORE', 'AFTER'],
    change: { changed: 'changed', new: 'new', vanished: 'vanished' },
    field: { verdict: 'verdict', observed: 'source seen', rewritingHop: 'rewriting hop' },
    none: (n: number) => `no change in ${n} path(s)`,
    summary: (c: number, n: number) => `${c} change(s); ${n} path(s) unchanged`,
    cannot: (f: string, m: string) => `cannot read ${f}: ${m}`,
  },
  'zh-CN': {
    header: ['变化', '路径', '字段', '之前', '之后'],
    change: { changed: '改变', new: '新增', vanished: '消失' },
    field: { verdict: '判定', observed: '所见源地址', rewritingHop: '改写跳' },
    none: (n: number) => `${n} 条路径均无变化`,
    summary: (c: number, n: number) => `${c} 处变化；${n} 条路径未变`,
    cannot: (f: string, m: string) => `无法读取 ${f}：${m}`,
  },
};

/** A field's value in the chosen language: verdicts ("snat", "dropped+snat") and "(client)" are words, addresses and hops are data. */
function valueText(field: Field, value: string | null, lang: Lang): string {
  if (value === null) return '-';
  if (lang === 'en') return oneLine(value);
  if (field === 'verdict') return value.split('+').map((v) => renderStep({ code: `term.verdict.${v}` as never, params: {} }, lang)).map(oneLine).join(' + ');
  return field === 'observed' && value === '(client)' ? '（客户端）' : oneLine(value);
}

export function renderDiffText(d: RunDiff, lang: Lang): string {
  const w = WORDS[lang];
  if (!d.changes.length) return w.none(d.unchanged);
  const rows: string[][] = [];
  for (const c of d.changes) {
    if (c.change !== 'changed') {
      const cell = c.after ?? c.before!;
      rows.push([w.change[c.change], oneLine(c.label), w.field.verdict, c.before ? valueText('verdict', cell.verdict, lang) : '-', c.after ? valueText('verdict', cell.verdict, lang) : '-']);
      continue;
    }
    c.fields.forEach((f, i) => rows.push([i === 0 ? w.change.changed : '', i === 0 ? oneLine(c.label) : '', w.field[f.field], valueText(f.field, f.before, lang), valueText(f.field, f.after, lang)]));
  }
  return `${wideTable(rows, w.header)}\n\n${w.summary(d.changes.length, d.unchanged)}`;
}

async function load(file: string, lang: Lang): Promise<Run> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error(lang === 'zh-CN' ? '不是普通文件' : 'not a regular file');
    if (info.size > MAX_RUN_BYTES) throw new Error(`> ${MAX_RUN_BYTES} bytes`);
    return parseRun(await readFile(file, 'utf8'));
  } catch (e) {
    throw new Error(WORDS[lang].cannot(file, (e as Error).message), { cause: e });
  }
}

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .argument('<before.json>', 'a session (probe --json, --out session.json) or inspect --json output')
    .argument('<after.json>', 'the same kind of file from a later run')
    .description('Compare two runs: paths whose verdict, observed source or rewriting hop changed, and new and vanished paths (exit 0: no change, 1: changes, 2: error)')
    .option('--json', 'machine-readable output')
    .action(async (beforeFile: string, afterFile: string, opts: { json?: boolean }, cmd: Command) => {
      const flags = { ...cmd.optsWithGlobals<{ lang?: string; json?: boolean }>(), ...opts };
      const lang = cliLanguage(flags.lang);
      try {
        const d = diffRuns(await load(beforeFile, lang), await load(afterFile, lang));
        if (flags.json) process.stdout.write(`${JSON.stringify({ version: 1, kind: 'snatscope.diff', ...d }, null, 2)}\n`);
        else process.stdout.write(`${renderDiffText(d, lang)}\n`);
        process.exitCode = d.changes.length ? 1 : 0;
      } catch (e) {
        if (flags.json) process.stdout.write(`${JSON.stringify({ error: { code: 'diff.input', message: (e as Error).message } }, null, 2)}\n`);
        else process.stderr.write(`error: ${(e as Error).message}\n`);
        process.exitCode = 2;
      }
    });
}
