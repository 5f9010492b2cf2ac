// Renders explanation steps and fixes in English or Simplified Chinese.
import { en, type ExplainCode } from './catalog-en';
import { zhCN } from './catalog-zh-CN';
import type { ExplainParam, ExplainStep, Fix, Locale } from './types';

const CATALOGS: Record<Locale, Record<ExplainCode, string>> = { en, 'zh-CN': zhCN };

export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];

export function catalog(locale: Locale): Record<ExplainCode, string> {
  return CATALOGS[locale] ?? en;
}

function hasCode(c: Record<ExplainCode, string>, code: string): code is ExplainCode {
  return Object.prototype.hasOwnProperty.call(c, code);
}

function paramText(value: ExplainParam | undefined, c: Record<ExplainCode, string>): string | null {
  if (value === undefined) return null;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    if (value === '<client>') return c['term.theClient'];
    // Backends of a probe that ran on a node without the target's pods (probe/target-map.ts).
    return value
      .replace(/<probe-echo:([^<>]*)>/g, (_m, node: string) => c['term.probeEcho'].replace('{node}', node))
      // The model's placeholder for a pod whose address is not known (prediction/predict.ts).
      .replace(/<pod on ([^<>]*)>/g, (_m, node: string) => `<${c['term.podOn'].replace('{node}', node)}>`)
      // Placeholders a fix names in its text when the cluster did not say (prediction/fixes.ts, probe/target-map.ts).
      .replace(/<node bridge address>/g, `<${c['term.nodeBridgeAddress']}>`)
      .replace(/<namespace>\/<your-service>/g, `<${c['term.yourNamespace']}>/<${c['term.yourService']}>`);
  }
  return hasCode(c, value.t) ? c[value.t] : value.t;
}

/** A cluster string with the model's placeholders (probe echo, unknown pod) in the given language. */
export function renderTokens(text: string, locale: Locale): string {
  return paramText(text, catalog(locale)) ?? text;
}

/** One step as a sentence; unknown codes and missing parameters stay visible rather than vanish. */
export function renderStep(s: ExplainStep, locale: Locale): string {
  const c = catalog(locale);
  const template = hasCode(c, s.code) ? c[s.code] : s.code;
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
    const params = s.params ?? {};
    const v = Object.prototype.hasOwnProperty.call(params, name) ? params[name] : undefined;
    return paramText(v, c) ?? whole;
  });
}

/** Numbered steps in the style of the original report: "1. …", "2. …". */
export function renderExplanation(steps: readonly ExplainStep[], locale: Locale): string[] {
  return steps.map((s, i) => `${i + 1}. ${renderStep(s, locale)}`);
}

export interface RenderedFix {
  id: Fix['id'];
  title: string;
  description: string[];
  tradeoffs: string[];
  snippets: { language: string; label: string; text: string }[];
}

export function renderFix(fix: Fix, locale: Locale): RenderedFix {
  return {
    id: fix.id,
    title: renderStep(fix.title, locale),
    description: fix.description.map((s) => renderStep(s, locale)),
    tradeoffs: fix.tradeoffs.map((s) => renderStep(s, locale)),
    snippets: fix.snippets.map((s) => ({ language: s.language, label: renderStep(s.label, locale), text: s.text })),
  };
}

/** Parameter names used by a template, for catalog consistency checks. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1] ?? '').sort();
}
