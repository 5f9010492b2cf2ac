// Issue 17 item 8, end to end with the built CLI (npm test builds first): a label key with
// `ESC ]0;…` in a session file set the terminal's title and cleared the screen when
// `snatscope export` printed the schema error naming that key.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'out/main/cli.js');
const RAW_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/; // eslint-disable-line no-control-regex

describe('snatscope output with hostile strings', () => {
  it('the error naming a hostile label key reaches stderr escaped', async () => {
    expect(existsSync(CLI), 'run npm run build first').toBe(true);
    const dir = await mkdtemp(join(tmpdir(), 'snatscope-term-'));
    try {
      const doc = JSON.parse(await readFile(join(ROOT, 'resources/sample/seed-session.json'), 'utf8')) as { inventory: { nodes: { labels: Record<string, unknown> }[] } };
      doc.inventory.nodes[0]!.labels = { '\u001b]0;pwned\u0007\u001b[2J\u202e': 5 };
      await writeFile(join(dir, 's.json'), JSON.stringify(doc));
      const result = await run(process.execPath, [CLI, 'export', join(dir, 's.json'), '--out', join(dir, 'out'), '--lang', 'en']).catch((e: { code: number; stdout: string; stderr: string }) => e);
      expect((result as { code?: number }).code).toBe(2);
      expect(result.stderr).toContain('labels.\\u001b]0;pwned\\u0007\\u001b[2J\\u202e');
      expect(result.stderr).not.toMatch(RAW_UNSAFE);
      expect(result.stdout).not.toMatch(RAW_UNSAFE);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
