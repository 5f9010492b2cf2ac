// Reads one kubeconfig file the way kubectl would, without trusting its shape: YAML errors come
// back with line/column; entries missing a name are skipped with a warning instead of failing
// the whole file (one broken context must not hide the others; kubectl refuses the file, so the
// warnings are shown as a problem of the file).
// YAML 1.1, as kubectl reads it (sigs.k8s.io/yaml on go-yaml v2): merge keys (<<: *anchor) and
// the 1.1 booleans (yes/no/on/off/y/n), so `insecure-skip-tls-verify: yes` is true.
// A name defined twice in one file makes kubectl refuse the file ("duplicate name ... in list");
// across files of KUBECONFIG, the first definition wins (kubeconfig-merge.ts).
import { dirname, isAbsolute, join } from 'node:path';
import { parseDocument, type ScalarTag, type Tags } from 'yaml';
import { ClusterError } from './cluster-error';

/** A named entry's body as written, with relative file paths already made absolute. */
export type RawEntry = Record<string, unknown>;

export interface ParsedKubeconfig {
  file: string;
  currentContext: string | null;
  clusters: Map<string, RawEntry>;
  users: Map<string, RawEntry>;
  contexts: Map<string, RawEntry>;
  warnings: string[];
  /** The skipped entries in language-neutral form (`users[1] name=123`, `contexts[0]`, `clusters`), for messages. */
  skipped: string[];
}

export const MAX_KUBECONFIG_BYTES = 8 * 1024 * 1024;

export function parseKubeconfig(file: string, text: string): ParsedKubeconfig {
  if (text.length > MAX_KUBECONFIG_BYTES) {
    throw new ClusterError('kubeconfig.too-large', { file, limit: MAX_KUBECONFIG_BYTES / 1024 / 1024 });
  }
  // The yaml parser recurses per nesting level: thousands of levels overflow its stack (and can
  // corrupt the process), so refuse them with a linear scan first. Real kubeconfigs nest < 10.
  const tooDeep = nestingProblem(text);
  if (tooDeep) throw new ClusterError('kubeconfig.invalid', { file, line: tooDeep.line, column: tooDeep.column, reason: 'nested too deeply (more than 100 levels)' });
  // Aliases are legal YAML, but a "billion laughs" expansion must not hang the app.
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: false, logLevel: 'error', version: '1.1', merge: true, customTags: goYamlFloats });
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    throw new ClusterError('kubeconfig.invalid', { file, line: pos?.line ?? 1, column: pos?.col ?? 1, reason: firstLine(error.message) });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ClusterError('kubeconfig.invalid', { file, line: 1, column: 1, reason: firstLine((e as Error).message) });
  }
  const result: ParsedKubeconfig = { file, currentContext: null, clusters: new Map(), users: new Map(), contexts: new Map(), warnings: [], skipped: [] };
  if (data === null || data === undefined) return result;
  if (!isRecord(data)) {
    throw new ClusterError('kubeconfig.invalid', { file, line: 1, column: 1, reason: 'the top level is not a mapping' });
  }
  const base = dirname(file);
  const current = data['current-context'];
  result.currentContext = typeof current === 'string' && current !== '' ? current : null;
  const dup = (kind: string, name: string) => {
    throw new ClusterError('kubeconfig.duplicate-name', { file, kind, name: name.slice(0, 200) });
  };
  const warn = { warnings: result.warnings, skipped: result.skipped };
  collect(data.clusters, 'cluster', result.clusters, warn, (body) => resolvePaths(body, base, ['certificate-authority']), dup);
  collect(data.users, 'user', result.users, warn, (body) => {
    resolvePaths(body, base, ['client-certificate', 'client-key', 'token-file', 'tokenFile']);
    resolveOidcCa(body, base);
    resolveExecCommand(body, base);
  }, dup);
  collect(data.contexts, 'context', result.contexts, warn, () => undefined, dup);
  return result;
}

function collect(list: unknown, key: string, into: Map<string, RawEntry>, { warnings, skipped }: { warnings: string[]; skipped: string[] }, fix: (body: RawEntry) => void, duplicate: (kind: string, name: string) => void) {
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) {
    warnings.push(`${key}s is not a list; ignored`);
    skipped.push(`${key}s`);
    return;
  }
  list.forEach((item, i) => {
    if (!isRecord(item) || typeof item.name !== 'string' || item.name === '') {
      const n = isRecord(item) ? item.name : undefined;
      // kubectl refuses the whole file when a name is a number ("cannot unmarshal number into ... name of type string").
      const scalarName = typeof n === 'number' || typeof n === 'boolean';
      warnings.push(scalarName ? `${key}s[${i}] has the name ${String(n)}, which is not a string (quote it); ignored` : `${key}s[${i}] has no name; ignored`);
      skipped.push(scalarName ? `${key}s[${i}] name=${String(n)}` : `${key}s[${i}]`);
      return;
    }
    const body = isRecord(item[key]) ? { ...(item[key] as RawEntry) } : {};
    fix(body);
    if (into.has(item.name)) duplicate(key, item.name);
    into.set(item.name, body);
  });
}

// kubectl resolves these relative to the file that defines them (client-go ResolvePaths).
function resolvePaths(body: RawEntry, base: string, keys: string[]) {
  for (const key of keys) {
    const value = body[key];
    if (typeof value === 'string' && value !== '' && !isAbsolute(value)) body[key] = join(base, value);
  }
}

// idp-certificate-authority of an OIDC auth-provider is a path relative to the file, too.
function resolveOidcCa(body: RawEntry, base: string) {
  const provider = body['auth-provider'];
  if (!isRecord(provider) || !isRecord(provider.config)) return;
  const ca = provider.config['idp-certificate-authority'];
  if (typeof ca === 'string' && ca !== '' && !isAbsolute(ca)) body['auth-provider'] = { ...provider, config: { ...provider.config, 'idp-certificate-authority': join(base, ca) } };
}

// A relative exec command with a path separator is resolved against the file's directory;
// a bare name is looked up on PATH (client-go does the same).
function resolveExecCommand(body: RawEntry, base: string) {
  const exec = body.exec;
  if (!isRecord(exec)) return;
  const command = exec.command;
  if (typeof command === 'string' && command.includes('/') && !isAbsolute(command)) {
    body.exec = { ...exec, command: join(base, command) };
  }
}

// The yaml library's 1.1 float pattern also matches a lone "." (as NaN); go-yaml v2 needs a digit,
// so `certificate-authority: .` stays the path ".".
function goYamlFloats(tags: Tags): Tags {
  return tags.map((t) =>
    typeof t === 'object' && t.tag === 'tag:yaml.org,2002:float' && !t.format && t.test?.source === '^[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*$'
      ? ({ ...t, test: /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)$/ } as ScalarTag)
      : t,
  );
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstLine(message: string): string {
  // Quoted parts can be the file's own text (an alias or tag name): never echo file content.
  return message.split('\n')[0]!.replace(/\s+at line \d+, column \d+:?$/, '').replace(/"[^"\n]{2,}"|'[^'\n]{2,}'|`[^`\n]+`/g, '…').trim();
}

const MAX_NESTING = 100;

/** First place where flow collections or block indentation nest deeper than MAX_NESTING. */
export function nestingProblem(text: string): { line: number; column: number } | null {
  let depth = 0;
  let line = 1;
  let column = 0;
  let quote: '"' | "'" | null = null;
  let comment = false;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    column++;
    if (ch === '\n') {
      line++;
      column = 0;
      comment = false;
      lineStart = true;
      indent = 0;
      if (quote === "'") continue;
      continue;
    }
    if (lineStart) {
      if (ch === ' ' || ch === '-') {
        // Block nesting: indentation (and "- " sequence markers) deeper than any real config.
        if (++indent > MAX_NESTING * 2) return { line, column };
        continue;
      }
      lineStart = false;
    }
    if (comment) continue;
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') comment = true;
    else if (ch === '[' || ch === '{') {
      if (++depth > MAX_NESTING) return { line, column };
    } else if ((ch === ']' || ch === '}') && depth > 0) depth--;
  }
  return null;
}
