// Reading an expectations file: YAML (the `yaml` package, which keeps source positions) then the
// one zod schema. Every problem names the line and column and says what to write instead, in
// English or Simplified Chinese; nothing here throws on bad input.
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { z } from 'zod';
import type { Locale } from '../explain/types';
import { CLIENT_IP, EXPECTATIONS_API_VERSION, EXPECTATIONS_KIND, ExpectationsFile } from './schema';

export interface FileProblem {
  line: number | null;
  column: number | null;
  /** Where in the document, e.g. services[0].expect[1].clientIP. */
  path: string;
  message: string;
}

export type ParseResult = { ok: true; file: ExpectationsFile } | { ok: false; problems: FileProblem[] };

/** Hard limit: an expectations file is a few kilobytes; refuse what is clearly not one. */
export const MAX_EXPECTATIONS_BYTES = 1024 * 1024;

const HINTS: Record<string, Record<Locale, string>> = {
  apiVersion: { en: `write apiVersion: ${EXPECTATIONS_API_VERSION}`, 'zh-CN': `请写 apiVersion: ${EXPECTATIONS_API_VERSION}` },
  kind: { en: `write kind: ${EXPECTATIONS_KIND}`, 'zh-CN': `请写 kind: ${EXPECTATIONS_KIND}` },
  service: { en: 'write <namespace>/<service>, e.g. default/frontend', 'zh-CN': '请写 <命名空间>/<服务>，例如 default/frontend' },
  from: { en: 'write desktop, pods, pod/<node>, node/<node> or relay/<relay name>', 'zh-CN': '请写 desktop、pods、pod/<节点>、node/<节点> 或 relay/<中继名>' },
  via: { en: 'write any, any-node, endpoint-nodes, node/<node>, load-balancer or cluster-ip', 'zh-CN': '请写 any、any-node、endpoint-nodes、node/<节点>、load-balancer 或 cluster-ip' },
  clientIP: { en: `write one of: ${CLIENT_IP.join(', ')}`, 'zh-CN': `请写以下之一：${CLIENT_IP.join('、')}` },
  name: { en: 'write a lower-case name (letters, digits, -)', 'zh-CN': '请写小写名称（字母、数字、-）' },
  address: { en: 'write an IPv4 or IPv6 address', 'zh-CN': '请写 IPv4 或 IPv6 地址' },
  mode: { en: 'write l4 or l7', 'zh-CN': '请写 l4 或 l7' },
};

const WORDS = {
  en: {
    tooBig: (n: number) => `the file is larger than ${n} bytes; an expectations file is a few kilobytes`,
    yaml: 'not valid YAML',
    unknownKey: (k: string) => `unknown field "${k}"; remove it or check its spelling (docs/expectations.md lists the fields)`,
    noRelay: (r: string) => `relay "${r}" is not declared; add it under relays: (name, address, mode, forwardsTo)`,
    dupRelay: (r: string) => `relay "${r}" is declared twice`,
    badValue: (v: string) => `${v} is not valid here`,
    missing: 'required field is missing',
  },
  'zh-CN': {
    tooBig: (n: number) => `文件大于 ${n} 字节；期望文件通常只有几 KB`,
    yaml: '不是有效的 YAML',
    unknownKey: (k: string) => `未知字段 "${k}"；请删除或检查拼写（字段列表见 docs/expectations.md）`,
    noRelay: (r: string) => `中继 "${r}" 未声明；请在 relays: 下添加（name、address、mode、forwardsTo）`,
    dupRelay: (r: string) => `中继 "${r}" 被声明了两次`,
    badValue: (v: string) => `此处不能写 ${v}`,
    missing: '缺少必填字段',
  },
} as const;

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(document)';
}

export function parseExpectations(text: string, locale: Locale = 'en'): ParseResult {
  const w = WORDS[locale];
  if (Buffer.byteLength(text, 'utf8') > MAX_EXPECTATIONS_BYTES) return { ok: false, problems: [{ line: null, column: null, path: '(document)', message: w.tooBig(MAX_EXPECTATIONS_BYTES) }] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({ line: e.linePos?.[0].line ?? null, column: e.linePos?.[0].col ?? null, path: '(document)', message: `${w.yaml}: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}` })),
    };
  }
  const at = (offset: number | undefined) => (offset === undefined ? { line: null, column: null } : { line: lineCounter.linePos(offset).line, column: lineCounter.linePos(offset).col });
  const nodeAt = (path: readonly PropertyKey[]): Node | null => {
    const n = path.length ? doc.getIn(path as unknown[], true) : doc.contents;
    return n && typeof n === 'object' && 'range' in n ? (n as Node) : null;
  };
  const locate = (path: readonly PropertyKey[]) => {
    // The deepest node that exists: a missing field points at the object that lacks it.
    for (let i = path.length; i >= 0; i--) {
      const n = nodeAt(path.slice(0, i));
      if (n?.range) return at(n.range[0]);
    }
    return at(undefined);
  };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    // Alias expansion past the limit (a "billion laughs" file) or a self-referencing alias.
    return { ok: false, problems: [{ line: null, column: null, path: '(document)', message: `${w.yaml}: ${(e as Error).message}` }] };
  }
  const parsed = ExpectationsFile.safeParse(value, { reportInput: true, ...(locale === 'zh-CN' ? { error: z.locales.zhCN().localeError } : {}) });
  if (!parsed.success) {
    const problems: FileProblem[] = [];
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        const parent = nodeAt(issue.path);
        for (const key of issue.keys) {
          const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
          const pos = pair && isScalar(pair.key) && pair.key.range ? at(pair.key.range[0]) : locate(issue.path);
          problems.push({ ...pos, path: pathText([...issue.path, key]), message: w.unknownKey(key) });
        }
        continue;
      }
      const field = [...issue.path].reverse().find((p) => typeof p === 'string') as string | undefined;
      const hint = field && HINTS[field] ? ` → ${HINTS[field][locale]}` : '';
      // A pattern mismatch says only "invalid string": name the value and what to write instead.
      const message = !hint ? issue.message : issue.input === undefined ? w.missing : issue.code === 'invalid_format' || issue.code === 'invalid_value' ? w.badValue(JSON.stringify(issue.input)) : issue.message;
      problems.push({ ...locate(issue.path), path: pathText(issue.path), message: `${message}${hint}` });
    }
    return { ok: false, problems: dedupe(problems) };
  }
  const file = parsed.data;
  const problems: FileProblem[] = [];
  const declared = new Set<string>();
  (file.relays ?? []).forEach((r, i) => {
    if (declared.has(r.name)) problems.push({ ...locate(['relays', i, 'name']), path: `relays[${i}].name`, message: w.dupRelay(r.name) });
    declared.add(r.name);
  });
  file.services.forEach((s, i) =>
    s.expect.forEach((e, j) => {
      const m = /^relay\/(.+)$/.exec(e.from);
      if (m && !declared.has(m[1]!)) problems.push({ ...locate(['services', i, 'expect', j, 'from']), path: `services[${i}].expect[${j}].from`, message: w.noRelay(m[1]!) });
    }),
  );
  return problems.length ? { ok: false, problems } : { ok: true, file };
}

function dedupe(problems: FileProblem[]): FileProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.path}\n${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function formatProblem(file: string, p: FileProblem): string {
  const where = p.line !== null ? `${file}:${p.line}:${p.column ?? 1}` : file;
  return `${where}: ${p.path}: ${p.message}`;
}
