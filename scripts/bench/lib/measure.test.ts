import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Cleanup } from './cleanup';
import { GNU_TIME, parseGnuTimeKb, runMeasured } from './measure';

const tmp = mkdtempSync(join(tmpdir(), 'bench-measure-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// A child that holds ~80 MB of touched memory, prints, and exits with 3.
const HOG = "const b = Buffer.alloc(80 * 1024 * 1024, 1); console.log('out', b[5]); console.error('line one'); console.error('line two'); process.exit(3);";

describe('measuring a fresh process', () => {
  it('reads GNU time output, also after its exit-status line', () => {
    expect(parseGnuTimeKb('123456\n')).toBe(123456);
    expect(parseGnuTimeKb('Command exited with non-zero status 1\n98765\n')).toBe(98765);
    expect(parseGnuTimeKb('')).toBeNull();
  });

  for (const poll of [false, true]) {
    const how = poll ? 'polling /proc' : 'rusage via GNU time';
    it.skipIf(!poll && !existsSync(GNU_TIME))(`wall time, exit code, stdout file, stderr lines and peak RSS (${how})`, async () => {
      const lines: string[] = [];
      const out = join(tmp, `out-${poll}.txt`);
      const cleanup = new Cleanup();
      const r = await runMeasured(process.execPath, ['-e', HOG], { tmp, poll, stdoutFile: out, cleanup, onStderrLine: (l) => lines.push(l) });
      expect(r.code).toBe(3);
      expect(readFileSync(out, 'utf8')).toBe('out 1\n');
      expect(lines).toEqual(['line one', 'line two']);
      expect(r.wallMs).toBeGreaterThan(0);
      expect(r.rssSource).toBe(poll ? 'polled' : 'rusage');
      // Node itself is ~40 MB; the buffer adds 80 MB.
      expect(r.peakRssMb!).toBeGreaterThan(poll ? 40 : 100);
      expect(cleanup.size).toBe(0);
    });
  }

  it('kills the whole process group on timeout', async () => {
    const r = await runMeasured('/bin/sh', ['-c', 'sleep 30 & sleep 30; echo never'], { tmp, timeoutMs: 300 });
    expect(r.wallMs).toBeLessThan(10_000);
    expect(r.code === null || r.code !== 0).toBe(true);
  });
});
