import { describe, expect, it, vi } from 'vitest';
import { containsCjk, execRun, systemCjkFontCheck, type RunCommand } from './fonts';

describe('CJK text and fonts for the PNG', () => {
  it('finds CJK text (Han, kana, Hangul, full-width forms) and nothing else', () => {
    for (const s of ['节点 node2', '経由', 'ノード', '노드', 'ＳＮＡＴ']) expect(containsCjk(s), s).toBe(true);
    for (const s of ['node2 → 198.18.0.12', 'Ünïcödé — “quotes” ✓ ✕', '']) expect(containsCjk(s), s).toBe(false);
  });

  it('macOS and Windows always have one; Linux asks fontconfig, and keeps a yes', async () => {
    const run = vi.fn<RunCommand>();
    expect(await systemCjkFontCheck({ platform: 'darwin', run })()).toBe(true);
    expect(await systemCjkFontCheck({ platform: 'win32', run })()).toBe(true);
    expect(run).not.toHaveBeenCalled();

    run.mockResolvedValueOnce({ code: 0, stdout: '' }).mockResolvedValueOnce({ code: 0, stdout: 'Noto Sans CJK SC,Noto Sans CJK SC Regular\n' });
    const linux = systemCjkFontCheck({ platform: 'linux', run });
    expect(await linux()).toBe(false);
    // Installed meanwhile: the next export sees it, and later ones do not ask again.
    expect(await linux()).toBe(true);
    expect(await linux()).toBe(true);
    expect(run).toHaveBeenCalledTimes(2);
    expect(run).toHaveBeenCalledWith('fc-list', [':lang=zh', 'family']);
  });

  it('cannot tell without fontconfig, or when fc-list fails', async () => {
    const missing = systemCjkFontCheck({ platform: 'linux', run: async () => Promise.reject(Object.assign(new Error('spawn fc-list ENOENT'), { code: 'ENOENT' })) });
    expect(await missing()).toBeNull();
    expect(await systemCjkFontCheck({ platform: 'linux', run: async () => ({ code: 1, stdout: '' }) })()).toBeNull();
  });

  it('runs commands without a shell: output, exit code, and a missing command', async () => {
    expect(await execRun(process.execPath, ['-e', 'process.stdout.write("fonts; $(echo no shell)")'])).toEqual({ code: 0, stdout: 'fonts; $(echo no shell)' });
    expect(await execRun(process.execPath, ['-e', 'process.exit(3)'])).toEqual({ code: 3, stdout: '' });
    await expect(execRun('snatscope-no-such-command', [])).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
