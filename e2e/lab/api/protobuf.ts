// kubectl's typed clients send some bodies as Kubernetes protobuf (`auth can-i` →
// SelfSubjectAccessReview, `create namespace` → Namespace). This decodes the "k8s\0" envelope
// (runtime.Unknown) and the few message types those commands send, into the JSON shape. Field
// numbers are from k8s.io/api's generated.proto files. Responses are always JSON, which
// client-go accepts.
import { errors } from './status';

type Fields = Map<number, (Buffer | number)[]>;

function varint(buf: Buffer, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length) throw errors.badRequest('truncated protobuf varint');
    const b = buf[pos++]!;
    result += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return [result, pos];
    shift += 7;
  }
}

export function decodeFields(buf: Buffer): Fields {
  const out: Fields = new Map();
  let pos = 0;
  while (pos < buf.length) {
    const [key, p1] = varint(buf, pos);
    pos = p1;
    const field = Math.floor(key / 8);
    const wire = key & 7;
    let v: Buffer | number;
    if (wire === 0) [v, pos] = varint(buf, pos);
    else if (wire === 2) {
      const [len, p2] = varint(buf, pos);
      v = buf.subarray(p2, p2 + len);
      pos = p2 + len;
    } else if (wire === 1) {
      v = Number(buf.readBigInt64LE(pos));
      pos += 8;
    } else if (wire === 5) {
      v = buf.readInt32LE(pos);
      pos += 4;
    } else throw errors.badRequest(`unsupported protobuf wire type ${wire}`);
    const list = out.get(field) ?? [];
    list.push(v);
    out.set(field, list);
  }
  return out;
}

const str = (f: Fields, n: number): string | undefined => {
  const v = f.get(n)?.[0];
  return Buffer.isBuffer(v) ? v.toString('utf8') : undefined;
};
const msg = (f: Fields, n: number): Fields | undefined => {
  const v = f.get(n)?.[0];
  return Buffer.isBuffer(v) ? decodeFields(v) : undefined;
};
const num = (f: Fields, n: number): number | undefined => {
  const v = f.get(n)?.[0];
  return typeof v === 'number' ? v : undefined;
};
function strMap(f: Fields, n: number): Record<string, string> | undefined {
  const entries = f.get(n);
  if (!entries) return undefined;
  const out: Record<string, string> = {};
  for (const e of entries) {
    const kv = decodeFields(e as Buffer);
    out[str(kv, 1) ?? ''] = str(kv, 2) ?? '';
  }
  return out;
}
function clean<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

function objectMeta(f: Fields | undefined): Record<string, unknown> {
  if (!f) return {};
  return clean({ name: str(f, 1), generateName: str(f, 2), namespace: str(f, 3), labels: strMap(f, 11), annotations: strMap(f, 12) });
}

const DECODERS: Record<string, (f: Fields) => Record<string, unknown>> = {
  SelfSubjectAccessReview: (f) => {
    const spec = msg(f, 2);
    const ra = spec && msg(spec, 1);
    const nra = spec && msg(spec, 2);
    return {
      metadata: objectMeta(msg(f, 1)),
      spec: clean({
        resourceAttributes: ra ? clean({ namespace: str(ra, 1), verb: str(ra, 2), group: str(ra, 3), version: str(ra, 4), resource: str(ra, 5), subresource: str(ra, 6), name: str(ra, 7) }) : undefined,
        nonResourceAttributes: nra ? clean({ path: str(nra, 1), verb: str(nra, 2) }) : undefined,
      }),
    };
  },
  SelfSubjectRulesReview: (f) => {
    const spec = msg(f, 2);
    return { metadata: objectMeta(msg(f, 1)), spec: clean({ namespace: spec && str(spec, 1) }) };
  },
  Namespace: (f) => {
    const spec = msg(f, 2);
    const fin = spec?.get(1)?.map((b) => (b as Buffer).toString('utf8'));
    return { metadata: objectMeta(msg(f, 1)), spec: fin ? { finalizers: fin } : {} };
  },
  DeleteOptions: (f) => {
    const pre = msg(f, 2);
    return clean({ gracePeriodSeconds: num(f, 1), preconditions: pre ? clean({ uid: str(pre, 1), resourceVersion: str(pre, 2) }) : undefined, propagationPolicy: str(f, 4) });
  },
};

export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export function decodeProtobufObject(body: Buffer): Record<string, unknown> {
  if (!body.subarray(0, 4).equals(PROTOBUF_MAGIC)) throw errors.badRequest('protobuf body without the k8s envelope');
  const unknown = decodeFields(body.subarray(4));
  const tm = msg(unknown, 1);
  const apiVersion = tm ? str(tm, 1) : undefined;
  const kind = tm ? str(tm, 2) : undefined;
  const raw = unknown.get(2)?.[0];
  const dec = kind ? DECODERS[kind] : undefined;
  if (!dec || !Buffer.isBuffer(raw)) throw errors.unsupportedMediaType(`application/vnd.kubernetes.protobuf (${kind ?? 'unknown kind'})`);
  return { apiVersion, kind, ...dec(decodeFields(raw)) };
}
