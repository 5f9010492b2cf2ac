// Opening a saved session: size-limited, its nesting scanned in one linear pass before
// JSON.parse (a 160 MB `[[[…]]]` made V8's JSON parser use 7 GB and abort), JSON-parsed without
// prototype tricks, migrated from older versions, then validated field by field against a strict
// schema. Errors say what is wrong and where; nothing in the file is ever executed or used as a
// path. Hosts run this in a worker (session-thread.ts) so a hostile file cannot stall main.
import { MAX_SESSION_TEXT } from '../../contract/constants';
import { AppError } from '../rpc/app-error';
import { SESSION_KIND, SESSION_VERSION, type Session } from '../probe/session-types';
import { SessionSchema } from './session-schema';

/** One maximum for the app, browser mode and the CLI (the renderer checks it before sending). */
export const MAX_SESSION_BYTES = MAX_SESSION_TEXT;
/** Real sessions nest about 8 levels deep. */
export const MAX_SESSION_DEPTH = 64;
/**
 * Objects and arrays in one file. A real one has about 12 per observation (80,000 observations
 * fill 64 MiB); 64 MiB of `[{},{},…]` would be 21 million objects and over a GiB of heap.
 */
export const MAX_SESSION_CONTAINERS = 3_000_000;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function fail(reason: string, action = 'Open a session saved by SNATScope (File → Save session, or `snatscope probe --json`).'): never {
  throw new AppError({ code: 'session.invalid', message: `This is not a usable SNATScope session: ${reason}`, action, localized: { 'zh-CN': { message: `这不是可用的 SNATScope 会话文件：${reason}`, action: '请打开由 SNATScope 保存的会话（“保存会话”或 `snatscope probe --json`）。' } } });
}

/** Rejects keys that could alter prototypes when objects are copied, at any depth; bounds depth. */
function checkKeys(value: unknown, depth = 0): void {
  if (depth > MAX_SESSION_DEPTH) fail('it is nested too deeply');
  if (Array.isArray(value)) {
    for (const v of value) checkKeys(v, depth + 1);
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) fail(`it contains the forbidden key "${key}"`);
      checkKeys((value as Record<string, unknown>)[key], depth + 1);
    }
  }
}

type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

/** Each entry migrates a document of version `n` to `n + 1`. */
const MIGRATIONS: Record<number, Migration> = {
  1: (doc) => ({ ...doc, version: 2, redacted: false }),
};

export function migrateSession(doc: Record<string, unknown>): Record<string, unknown> {
  let current = doc;
  const declared = current.version;
  if (typeof declared !== 'number' || !Number.isInteger(declared)) fail('it has no version number');
  let version: number = declared;
  if (version > SESSION_VERSION) fail(`it was written by a newer SNATScope (format version ${version}; this one reads up to ${SESSION_VERSION})`, 'Update SNATScope to open it.');
  if (version < 1) fail(`format version ${version} is not a SNATScope format`);
  while (version < SESSION_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) fail(`no migration from format version ${version}`);
    current = step(current);
    version = current.version as number;
  }
  return current;
}

/** The error for a file over MAX_SESSION_BYTES (callers that know the size before reading). */
export function sessionTooLarge(): never {
  fail(`it is larger than ${MAX_SESSION_BYTES / 1024 / 1024} MiB`);
}

export function parseSession(text: string): Session {
  if (text.length > MAX_SESSION_BYTES) sessionTooLarge();
  const shape = jsonShapeProblem(text, MAX_SESSION_DEPTH, MAX_SESSION_CONTAINERS);
  if (shape) fail(shape.kind === 'depth' ? `it is nested too deeply (more than ${MAX_SESSION_DEPTH} levels at character ${shape.at + 1})` : `it has more than ${MAX_SESSION_CONTAINERS.toLocaleString('en')} objects and lists`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    // V8's message quotes the text around the error: never echo a file's content (a file oracle
    // for a compromised renderer that can name any path). The position is enough.
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    fail(`it is not valid JSON${at ? ` (at character ${Number(at) + 1})` : ''}`);
  }
  return sessionFromValue(raw);
}

/**
 * Where JSON text first nests deeper than `maxDepth` or holds more than `maxContainers` arrays and
 * objects (character offset), or null: one pass over the characters, skipping string contents,
 * with no allocation. Invalid JSON is left for JSON.parse to report.
 */
export function jsonShapeProblem(text: string, maxDepth: number, maxContainers: number): { kind: 'depth' | 'count'; at: number } | null {
  let depth = 0;
  let containers = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return { kind: 'depth', at: i };
      if (++containers > maxContainers) return { kind: 'count', at: i };
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return null;
}

/**
 * Validates (and migrates) a session that arrives already parsed, e.g. from the renderer in an
 * export request: the same checks as a file, apart from the size of the text.
 */
export function sessionFromValue(raw: unknown): Session {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail('the top level is not a JSON object');
  checkKeys(raw);
  const doc = raw as Record<string, unknown>;
  if (doc.kind !== SESSION_KIND) fail(`"kind" is ${JSON.stringify(doc.kind)?.slice(0, 40)}, expected "${SESSION_KIND}"`);
  const migrated = migrateSession(doc);
  const parsed = SessionSchema.safeParse(migrated);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    fail(`${issues.join('; ')}${parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more)` : ''}`);
  }
  return parsed.data as unknown as Session;
}

export function serializeSession(session: Session): string {
  return `${JSON.stringify(session, null, 2)}\n`;
}
