// Whether the PNG can draw CJK text. resvg draws with the machine's fonts (png.ts); macOS and
// Windows ship CJK fonts, many Linux machines (servers, minimal desktops, CI) do not, and then the
// Chinese labels come out as empty boxes. The SVG and the PDF are unaffected: the viewer draws them.

/** True/false when known; null when this machine cannot tell (no fontconfig). */
export type CjkFontCheck = () => Promise<boolean | null>;

export type RunCommand = (command: string, args: string[]) => Promise<{ code: number | null; stdout: string }>;

// CJK punctuation, kana, Han (incl. extension A), Hangul, compatibility ideographs, full-width forms.
const CJK = /[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;

export function containsCjk(text: string): boolean {
  return CJK.test(text);
}

/**
 * Asks fontconfig (`fc-list :lang=zh`) on Linux; the answer is kept once a font is found (fonts
 * installed later are seen on the next export, as the check repeats until then).
 */
export function systemCjkFontCheck(deps: { platform: NodeJS.Platform; run: RunCommand }): CjkFontCheck {
  let found = false;
  return async () => {
    if (deps.platform === 'darwin' || deps.platform === 'win32') return true;
    if (found) return true;
    try {
      const { code, stdout } = await deps.run('fc-list', [':lang=zh', 'family']);
      if (code !== 0) return null;
      found = stdout.trim().length > 0;
      return found;
    } catch {
      return null;
    }
  };
}

/** The real command runner: execFile, no shell, a short timeout. */
export const execRun: RunCommand = async (command, args) => {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 5_000, maxBuffer: 1 << 20 }, (error, stdout) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') return reject(error);
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: String(stdout) });
    });
  });
};
