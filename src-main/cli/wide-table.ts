// A kubectl-like table whose columns line up in a terminal when cells hold CJK text (two
// columns wide each): padding counts display width, not string length.
function wide(code: number): boolean {
  return (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6);
}

export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += wide(ch.codePointAt(0)!) ? 2 : 1;
  return w;
}

export function wideTable(rows: string[][], header: string[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => displayWidth(r[i] ?? ''))));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - displayWidth(c)))).join('   ').trimEnd()).join('\n');
}
