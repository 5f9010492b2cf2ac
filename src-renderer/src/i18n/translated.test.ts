// Every Chinese text is a translation: a zh-CN value equal to its English one is a slip (an
// untranslated word like "deleted"), unless it is a proper noun, a product or protocol name, or
// only symbols and placeholders — listed here on purpose.
import { describe, expect, it } from 'vitest';
import en from './en';
import zhCN from './zh-CN';

const SAME_ON_PURPOSE = new Set([
  'app.title',
  'language.en',
  'language.zh-CN',
  'status.version',
  'kind.nodeport',
  'action.dnat',
  'action.snat',
  'action.drop',
  'action.reject',
  'verdict.snat',
  // A path, and the Kubernetes kind's own name.
  'sidebar.addFilePlaceholder',
  'kind.service',
]);

/** Text that is the same in any language: placeholders, addresses, symbols, protocol and product names. */
function languageNeutral(text: string): boolean {
  const rest = text
    .replace(/\{[A-Za-z0-9_]+\}/g, '')
    .replace(/\b(SNATScope|NodePort|LoadBalancer|ClusterIP|Ingress|kubeconfig|kubectl|kube-proxy|CNI|SNAT|DNAT|PROXY|TCP|UDP|PNG|SVG|JSON|PDF|Markdown|Mermaid|eTP|iTP|Pod|IP|LB|v)\b/g, '')
    .replace(/[\s\d.:/→←·•()[\]✓✕○◐–=≠▲◆●⧉⇄?—#@|,-]+/g, '');
  return rest.length === 0;
}

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'string') out.set(prefix, value);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) for (const [kk, vv] of flatten(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv);
  return out;
}

describe('zh-CN is translated', () => {
  const english = flatten(en);
  const chinese = flatten(zhCN);

  it('has every English key', () => {
    expect([...english.keys()].filter((k) => !chinese.has(k))).toEqual([]);
  });

  it('no Chinese text equals its English text, except proper nouns and language-neutral text', () => {
    const same = [...english].filter(([k, v]) => chinese.get(k) === v && !SAME_ON_PURPOSE.has(k) && !languageNeutral(v)).map(([k, v]) => `${k}: ${v}`);
    expect(same).toEqual([]);
  });

  it('calls a relay 中继 everywhere (never 中转)', () => {
    expect([...chinese].filter(([, v]) => v.includes('中转')).map(([k]) => k)).toEqual([]);
  });
});
