// What a probe tells the user in words of its own (session warnings, the cleanup note): stored in
// the session as English sentences (`warnings: string[]`, `cleanup.message`, docs/session-format.md),
// so older readers show them as before, but written from catalog codes (probe.warn.*,
// probe.cleanup.* in core/explain) so that every reader recognises a sentence and shows it in its
// own language. A sentence no code matches (a newer or older version wrote it) is shown as it is.
// Environment-neutral and pure.
import { en, type ExplainCode } from '../explain/catalog-en';
import { renderStep } from '../explain/render';
import type { ExplainStep, Locale } from '../explain/types';

export type ProbeMessageCode = Extract<ExplainCode, `probe.warn.${string}` | `probe.cleanup.${string}`>;

export const PROBE_MESSAGE_CODES = (Object.keys(en) as ExplainCode[]).filter((k): k is ProbeMessageCode => k.startsWith('probe.warn.') || k.startsWith('probe.cleanup.'));

/** The English sentence the session stores. */
export function probeMessage(code: ProbeMessageCode, params: Record<string, string | number> = {}): string {
  return renderStep({ code, params }, 'en');
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Each English template as a pattern, the most literal text first ("… within {seconds} s" before "… {reason}"). */
const PATTERNS = PROBE_MESSAGE_CODES.map((code) => {
  const parts = en[code].split(/\{([A-Za-z0-9_]+)\}/);
  const names = parts.filter((_, i) => i % 2 === 1);
  const literal = parts.filter((_, i) => i % 2 === 0);
  return { code, names, literal: literal.join('').length, pattern: new RegExp(`^${literal.map(escape).join('([\\s\\S]*?)')}$`) };
}).sort((a, b) => b.literal - a.literal);

/** The code and parameters a stored sentence was written from, or null. */
export function parseProbeMessage(text: string): ExplainStep | null {
  for (const p of PATTERNS) {
    const m = p.pattern.exec(text);
    if (m) return { code: p.code, params: Object.fromEntries(p.names.map((n, i) => [n, m[i + 1] ?? ''])) };
  }
  return null;
}

/** A stored warning or cleanup note in the given language (as stored when it is not one of ours). */
export function renderProbeMessage(text: string, locale: Locale): string {
  if (locale === 'en') return text;
  const s = parseProbeMessage(text);
  return s ? renderStep(s, locale) : text;
}
