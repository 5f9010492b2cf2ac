// Everything the CLI writes passes through here (installed once in cli.ts): cluster and file
// strings reach the terminal in errors (record keys, messages), tables and reports, and an
// `ESC ]0;…` in a label key set the terminal's title and cleared the screen. Control characters
// (C0 but tab and newline, carriage return included: it overwrites a line; DEL; C1, which some
// terminals read as 8-bit escapes) and bidi controls (Trojan Source, CVE-2021-42574) are shown as
// visible `\uXXXX` escapes instead. In JSON output that is the same string JSON.stringify would
// have written, so `--json` stays valid and means the same.

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

type Write = NodeJS.WriteStream['write'];

/** Makes every string written to `stream` terminal-safe (bytes are passed through as they are). */
export function installSafeOutput(stream: NodeJS.WriteStream): void {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? terminalSafe(chunk) : chunk, ...rest)) as Write;
}
