// `snatscope expectations <session.json>`: "Save as expectation" — print an expectations file
// that pins what a saved probe session measured (then `check --probe` guards it in CI).
import type { Command } from 'commander';
import { readFile, stat } from 'node:fs/promises';
import { MAX_SESSION_BYTES, parseSession } from '../../core/export/session-file';
import { expectationsFromSession, expectationsYaml } from '../../core/expectations/from-session';
import { oneLine } from '../../core/report-formats/text-safety';
import { cliLanguage } from '../output';

const WORDS = {
  en: { header: (f: string, at: string) => [`Pinned from ${f} (probe of ${at}).`, 'Check it in CI with: snatscope check <this file> --probe --junit client-ip.xml', 'Edit freely: e.g. replace node/<name> by endpoint-nodes or any-node.'], skipped: 'left out (no answer to pin)' },
  'zh-CN': { header: (f: string, at: string) => [`由 ${f} 固定（${at} 的探测）。`, '在 CI 中检查：snatscope check <此文件> --probe --junit client-ip.xml', '可自由修改：例如把 node/<名称> 换成 endpoint-nodes 或 any-node。'], skipped: '已略过（无可固定的结果）' },
};

export function registerSaveExpectations(program: Command): void {
  program
    .command('expectations')
    .argument('<session.json>', 'a saved probe session of a service (probe --json, --out session.json)')
    .description('Print an expectations file that pins what a saved probe session measured, path by path (docs/expectations.md)')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const lang = cliLanguage(cmd.optsWithGlobals<{ lang?: string }>().lang);
      const w = WORDS[lang];
      try {
        const info = await stat(file);
        if (info.size > MAX_SESSION_BYTES) throw new Error(`> ${MAX_SESSION_BYTES} bytes`);
        const session = parseSession(await readFile(file, 'utf8'));
        const { file: doc, skipped } = expectationsFromSession(session);
        process.stdout.write(expectationsYaml(doc, w.header(oneLine(file), `${session.plan.target!.namespace}/${session.plan.target!.name}, ${session.createdAt}`)));
        for (const s of skipped) process.stderr.write(`# ${w.skipped}: ${oneLine(s)}\n`);
        process.exitCode = 0;
      } catch (e) {
        process.stderr.write(`error: ${file}: ${(e as Error).message}\n`);
        process.exitCode = 2;
      }
    });
}
