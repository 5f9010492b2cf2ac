// PATCH bodies: JSON merge patch (RFC 7386), JSON patch (RFC 6902). Strategic merge and apply
// patches are approximated by a merge patch (lists are replaced, not merged by key) — enough for
// kubectl label/annotate/scale/edit and for tests; documented in the README.
import { errors } from './status';

type Json = unknown;

const isObj = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function mergePatch(target: Json, patch: Json): Json {
  if (!isObj(patch)) return patch;
  const out: Record<string, Json> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    // Strategic-merge directives are not modelled; drop them rather than store them.
    if (k.startsWith('$')) continue;
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

interface Op {
  op: string;
  path: string;
  value?: Json;
  from?: string;
}

function parsePointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/')) throw errors.badRequest(`invalid JSON pointer "${p}"`);
  return p.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function getAt(doc: Json, path: string[]): Json {
  let cur: Json = doc;
  for (const seg of path) {
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isObj(cur)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

function container(doc: Json, path: string[]): [Record<string, Json> | Json[], string] {
  const parent = getAt(doc, path.slice(0, -1));
  if (!isObj(parent) && !Array.isArray(parent)) throw errors.badRequest(`jsonpatch: doc is missing path: "/${path.join('/')}": missing value`);
  return [parent, path[path.length - 1]!];
}

export function jsonPatch(doc: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw errors.badRequest('json patch must be an array of operations');
  let out = structuredClone(doc);
  for (const raw of ops as Op[]) {
    const path = parsePointer(raw.path);
    if (path.length === 0) {
      if (raw.op === 'replace' || raw.op === 'add') out = structuredClone(raw.value);
      continue;
    }
    const [parent, key] = container(out, path);
    switch (raw.op) {
      case 'add':
        if (Array.isArray(parent)) parent.splice(key === '-' ? parent.length : Number(key), 0, structuredClone(raw.value));
        else parent[key] = structuredClone(raw.value);
        break;
      case 'replace':
        if (Array.isArray(parent)) parent[Number(key)] = structuredClone(raw.value);
        else {
          if (!(key in parent)) throw errors.badRequest(`jsonpatch replace operation does not apply: doc is missing key: ${raw.path}: missing value`);
          parent[key] = structuredClone(raw.value);
        }
        break;
      case 'remove':
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else {
          if (!(key in parent)) throw errors.badRequest(`jsonpatch remove operation does not apply: doc is missing path: "${raw.path}": missing value`);
          delete parent[key];
        }
        break;
      case 'test':
        if (JSON.stringify(getAt(out, path)) !== JSON.stringify(raw.value)) throw errors.internal(`the server rejected our request due to an error in our request`, 422);
        break;
      case 'copy':
      case 'move': {
        const from = parsePointer(raw.from ?? '');
        const v = structuredClone(getAt(out, from));
        if (raw.op === 'move') {
          const [fp, fk] = container(out, from);
          if (Array.isArray(fp)) fp.splice(Number(fk), 1);
          else delete fp[fk];
        }
        if (Array.isArray(parent)) parent.splice(key === '-' ? parent.length : Number(key), 0, v);
        else parent[key] = v;
        break;
      }
      default:
        throw errors.badRequest(`Unexpected kind: ${raw.op}`);
    }
  }
  return out;
}
