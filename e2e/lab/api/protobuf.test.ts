import { describe, expect, it } from 'vitest';
import { decodeProtobufObject, PROTOBUF_MAGIC } from './protobuf';

// A tiny encoder for the test: length-delimited fields only, as kubectl sends strings/messages.
function field(n: number, v: Buffer | string): Buffer {
  const b = typeof v === 'string' ? Buffer.from(v) : v;
  const varint = (x: number) => {
    const out: number[] = [];
    while (x > 127) {
      out.push((x & 127) | 128);
      x >>>= 7;
    }
    out.push(x);
    return Buffer.from(out);
  };
  return Buffer.concat([varint((n << 3) | 2), varint(b.length), b]);
}

describe('protobuf bodies', () => {
  it('decodes a SelfSubjectAccessReview the way kubectl auth can-i sends it', () => {
    const attrs = Buffer.concat([field(1, 'shop'), field(2, 'create'), field(5, 'pods')]);
    const ssar = Buffer.concat([field(1, Buffer.alloc(0)), field(2, field(1, attrs))]);
    const typeMeta = Buffer.concat([field(1, 'authorization.k8s.io/v1'), field(2, 'SelfSubjectAccessReview')]);
    const body = Buffer.concat([PROTOBUF_MAGIC, field(1, typeMeta), field(2, ssar)]);
    expect(decodeProtobufObject(body)).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: {},
      spec: { resourceAttributes: { namespace: 'shop', verb: 'create', resource: 'pods' } },
    });
  });

  it('decodes a Namespace with labels and refuses kinds it does not know', () => {
    const label = Buffer.concat([field(1, 'team'), field(2, 'a')]);
    const ns = field(1, Buffer.concat([field(1, 'foo'), field(11, label)]));
    const tm = Buffer.concat([field(1, 'v1'), field(2, 'Namespace')]);
    expect(decodeProtobufObject(Buffer.concat([PROTOBUF_MAGIC, field(1, tm), field(2, ns)]))).toMatchObject({ kind: 'Namespace', metadata: { name: 'foo', labels: { team: 'a' } } });
    const other = Buffer.concat([field(1, 'v1'), field(2, 'Pod')]);
    expect(() => decodeProtobufObject(Buffer.concat([PROTOBUF_MAGIC, field(1, other), field(2, Buffer.alloc(0))]))).toThrow(/unknown format|Pod/);
  });
});
