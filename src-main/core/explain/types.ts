// Structured explanations: the model emits steps as { code, params } so that every surface
// (renderer, CLI, exported report) renders them in the user's language from one catalog.
import type { ExplainCode } from './catalog-en';

export type { ExplainCode };

/** A translatable term used as a parameter (e.g. the name of an address class). */
export interface TermRef {
  t: ExplainCode;
}

export type ExplainParam = string | number | TermRef;

export interface ExplainStep {
  code: ExplainCode;
  params: Record<string, ExplainParam>;
}

export type Locale = 'en' | 'zh-CN';

export type FixId =
  | 'etp-local'
  | 'controller-etp-local'
  | 'realip-nginx'
  | 'proxy-protocol'
  | 'ingress-nginx-forwarded-headers'
  | 'ingress-nginx-proxy-protocol'
  | 'restrict-real-ip-cidr'
  | 'lb-ip-mode-proxy'
  | 'lb-health-check'
  | 'cilium-dsr'
  | 'relay-xff'
  | 'local-endpoint-every-node'
  | 'send-to-endpoint-nodes'
  | 'keep-cluster-carry-client'
  | 'hairpin-self-call'
  | 'kube-proxy-masquerade-all';

export interface FixSnippet {
  language: 'shell' | 'yaml' | 'nginx' | 'text';
  label: ExplainStep;
  /** Copyable, language-neutral text (commands and configuration only). */
  text: string;
}

export interface Fix {
  id: FixId;
  title: ExplainStep;
  description: ExplainStep[];
  tradeoffs: ExplainStep[];
  snippets: FixSnippet[];
}

export function step(code: ExplainCode, params: Record<string, ExplainParam> = {}): ExplainStep {
  return { code, params };
}

export function term(t: ExplainCode): TermRef {
  return { t };
}
