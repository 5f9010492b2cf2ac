// Defensive readers for raw Kubernetes JSON. Objects come from the API server (or a hostile
// cluster): any field may be missing, of the wrong type, huge, or named `__proto__`. These
// helpers never throw and never return undefined.

export type JsonObject = Record<string, unknown>;

/** Caps keep one hostile object from bloating the inventory (Kubernetes' own limits are lower). */
export const LIMITS = { mapEntries: 512, stringLength: 4096, listItems: 10_000, configMapValue: 1_048_576 } as const;

export function obj(x: unknown): JsonObject | null {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as JsonObject) : null;
}

/** ConfigMap `data`, with whole-file values kept intact. */
export function configMapData(cm: unknown): Record<string, string> {
  return strMap(field(cm, 'data'), undefined, LIMITS.configMapValue);
}

/** Own property only: never reads Object.prototype members such as `constructor`. */
export function field(x: unknown, key: string): unknown {
  const o = obj(x);
  if (!o || !Object.prototype.hasOwnProperty.call(o, key)) return undefined;
  return o[key];
}

export function at(x: unknown, ...keys: string[]): unknown {
  let cur: unknown = x;
  for (const k of keys) {
    cur = field(cur, k);
    if (cur === undefined) return undefined;
  }
  return cur;
}

export function str(x: unknown, max: number = LIMITS.stringLength): string | null {
  if (typeof x !== 'string') return null;
  return x.length > max ? x.slice(0, max) : x;
}

export function nonEmptyStr(x: unknown): string | null {
  const s = str(x);
  return s && s.length > 0 ? s : null;
}

export function int(x: unknown): number | null {
  return typeof x === 'number' && Number.isInteger(x) && Number.isFinite(x) ? x : null;
}

export function bool(x: unknown): boolean | null {
  return typeof x === 'boolean' ? x : null;
}

/** "true"/"false" strings as found in ConfigMaps and env vars (case-insensitive). */
export function boolish(x: unknown): boolean | null {
  if (typeof x === 'boolean') return x;
  const s = str(x)?.trim().toLowerCase();
  if (s === 'true' || s === 'yes' || s === '1' || s === 'on' || s === 'enabled') return true;
  if (s === 'false' || s === 'no' || s === '0' || s === 'off' || s === 'disabled') return false;
  return null;
}

export function list(x: unknown): unknown[] {
  if (!Array.isArray(x)) return [];
  return x.length > LIMITS.listItems ? x.slice(0, LIMITS.listItems) : x;
}

export function strList(x: unknown): string[] {
  const out: string[] = [];
  for (const v of list(x)) {
    const s = nonEmptyStr(v);
    if (s !== null) out.push(s);
  }
  return out;
}

/**
 * A string→string map (labels, annotations, ConfigMap data); non-string values are skipped.
 * Values are cut at `maxValue` (ConfigMap data may hold whole files: use LIMITS.configMapValue).
 */
export function strMap(x: unknown, keep?: (key: string) => boolean, maxValue: number = LIMITS.stringLength): Record<string, string> {
  const o = obj(x);
  if (!o) return {};
  const entries: [string, string][] = [];
  for (const key of Object.keys(o)) {
    if (entries.length >= LIMITS.mapEntries) break;
    if (keep && !keep(key)) continue;
    const v = str(o[key], maxValue);
    if (v !== null) entries.push([key, v]);
  }
  // fromEntries defines own data properties, so a `__proto__` key stays a plain key.
  return Object.fromEntries(entries);
}

export function own(map: Record<string, string>, key: string): string | null {
  return Object.prototype.hasOwnProperty.call(map, key) ? (map[key] ?? null) : null;
}

export function metaName(x: unknown): string {
  return nonEmptyStr(at(x, 'metadata', 'name')) ?? '';
}

export function metaNamespace(x: unknown): string {
  return nonEmptyStr(at(x, 'metadata', 'namespace')) ?? '';
}

/** Runs a detector; a bug or truly bizarre input yields the fallback plus a warning, never a throw. */
export function guarded<T extends { warnings: string[] }>(what: string, fallback: () => T, run: () => T): T {
  try {
    return run();
  } catch (err) {
    const value = fallback();
    value.warnings.push(`${what}: could not be read (${err instanceof Error ? err.message : String(err)})`);
    return value;
  }
}

/** Container specs of a workload's pod template (init containers excluded). */
export function templateContainers(workload: unknown): unknown[] {
  return list(at(workload, 'spec', 'template', 'spec', 'containers'));
}

/** `--flag=value` or `--flag value` from a container's command + args; true for a bare `--flag`. */
export function flagValue(container: unknown, flag: string): string | true | null {
  const argv = [...strList(field(container, 'command')), ...strList(field(container, 'args'))];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === flag) {
      const next = argv[i + 1];
      return next !== undefined && !next.startsWith('-') ? next : true;
    }
    if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
  }
  return null;
}

export function envValue(container: unknown, name: string): string | null {
  for (const e of list(field(container, 'env'))) {
    if (str(field(e, 'name')) === name) return str(field(e, 'value'));
  }
  return null;
}

export function imageOf(container: unknown): string {
  return str(field(container, 'image')) ?? '';
}
