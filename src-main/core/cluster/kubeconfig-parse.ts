// Reads one kubeconfig file the way kubectl would, without trusting its shape: YAML errors come
// back with line/column; entries missing a name are skipped with a warning instead of failing
// the whole file (one broken context must not hide the others).
import { dirname, isAbsolute, join } from 'node:path';
import { parseDocument } from 'yaml';
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
}

export const MAX_KUBECONFIG_BYTES = 8 * 1024 * 1024;

export function parseKubeconfig(file: string, text: string): ParsedKubeconfig {
  if (text.length > MAX_KUBECONFIG_BYTES) {
    throw new ClusterError('kubeconfig.invalid', { file, line: 1, column: 1, reason: `file is larger than ${MAX_KUBECONFIG_BYTES / 1024 / 1024} MiB` });
  }
  // The yaml parser recurses per nesting level: thousands of levels overflow its stack (and can
  // corrupt the process), so refuse them with a linear scan first. Real kubeconfigs nest < 10.
  const tooDeep = nestingProblem(text);
  if (tooDeep) throw new ClusterError('kubeconfig.invalid', { file, line: tooDeep.line, column: tooDeep.column, reason: 'nested too deeply (more than 100 levels)' });
  // Aliases are legal YAML, but a "billion laughs" expansion must not hang the app.
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: false, logLevel: 'error' });
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
  const result: ParsedKubeconfig = { file, currentContext: null, clusters: new Map(), users: new Map(), contexts: new Map(), warnings: [] };
  if (data === null || data === undefined) return result;
  if (!isRecord(data)) {
    throw new ClusterError('kubeconfig.invalid', { file, line: 1, column: 1, reason: 'the top level is not a mapping' });
  }
  const base = dirname(file);
  const current = data['current-context'];
  result.currentContext = typeof current === 'string' && current !== '' ? current : null;
  collect(data.clusters, 'cluster', result.clusters, result.warnings, (body) => resolvePaths(body, base, ['certificate-authority']));
  collect(data.users, 'user', result.users, result.warnings, (body) => {
    resolvePaths(body, base, ['client-certificate', 'client-key', 'token-file', 'tokenFile']);
    resolveExecCommand(body, base);
  });
  collect(data.contexts, 'context', result.contexts, result.warnings, () => undefined);
  return result;
}

function collect(list: unknown, key: string, into: Map<string, RawEntry>, warnings: string[], fix: (body: RawEntry) => void) {
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) {
    warnings.push(`${key}s is not a list; ignored`);
    return;
  }
  list.forEach((item, i) => {
    if (!isRecord(item) || typeof item.name !== 'string' || item.name === '') {
      warnings.push(`${key}s[${i}] has no name; ignored`);
      return;
    }
    const body = isRecord(item[key]) ? { ...(item[key] as RawEntry) } : {};
    fix(body);
    // kubectl keeps the first definition of a name within one file, too.
    if (!into.has(item.name)) into.set(item.name, body);
  });
}

// kubectl resolves these relative to the file that defines them (client-go ResolvePaths).
function resolvePaths(body: RawEntry, base: string, keys: string[]) {
  for (const key of keys) {
    const value = body[key];
    if (typeof value === 'string' && value !== '' && !isAbsolute(value)) body[key] = join(base, value);
  }
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

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/\s+at line \d+, column \d+:?$/, '').trim();
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
