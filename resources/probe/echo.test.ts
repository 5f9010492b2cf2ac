// Unit tests for the echo's pure parts: PROXY v1/v2 parsing against haproxy's
// doc/proxy-protocol.txt examples and malformed headers, and the client's helpers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildProxyV1,
  buildProxyV2,
  classifyError,
  collectHeaders,
  crc32c,
  datagramId,
  ipv6FromBytes,
  ipv6ToBytes,
  normaliseIp,
  parseFlags,
  parseProxyHeader,
  parseTargets,
  podIdentity,
  summariseProxy,
  V2_SIGNATURE,
  type ProxyParse,
} from './echo.mjs';

const ascii = (s: string) => Buffer.from(s, 'latin1');
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const SIG = '0d0a0d0a000d0a515549540a';

function ok(r: ProxyParse) {
  if (r.status !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r;
}
const reason = (r: ProxyParse) => (r.status === 'error' ? r.reason : `not an error: ${r.status}`);

describe('PROXY v1: the spec examples', () => {
  it('parses the TCP4 worst case (56 bytes)', () => {
    const line = 'PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n';
    const r = ok(parseProxyHeader(ascii(line)));
    expect(r.length).toBe(56);
    expect(r.header).toMatchObject({
      version: 1,
      command: 'PROXY',
      family: 'inet',
      transport: 'stream',
      source: { ip: '255.255.255.255', port: 65535 },
      destination: { ip: '255.255.255.255', port: 65535 },
      line: line.slice(0, -2),
    });
  });

  it('parses the TCP6 worst case (104 bytes)', () => {
    const f = 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff';
    const r = ok(parseProxyHeader(ascii(`PROXY TCP6 ${f} ${f} 65535 65535\r\n`)));
    expect(r.length).toBe(104);
    expect(r.header.family).toBe('inet6');
    expect(r.header.source).toEqual({ ip: f, port: 65535 });
  });

  it('accepts UNKNOWN in the short form and the 107-byte worst case, ignoring the rest', () => {
    const short = ok(parseProxyHeader(ascii('PROXY UNKNOWN\r\n')));
    expect(short.length).toBe(15);
    expect(short.header).toMatchObject({ family: 'unspec', transport: 'unspec', source: null, destination: null });
    const f = 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff';
    const worst = ok(parseProxyHeader(ascii(`PROXY UNKNOWN ${f} ${f} 65535 65535\r\n`)));
    expect(worst.length).toBe(107);
    expect(worst.header.source).toBeNull();
  });

  it('parses the example before an HTTP request and leaves the request bytes alone', () => {
    const input = ascii('PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\nGET / HTTP/1.1\r\nHost: 192.168.0.11\r\n\r\n');
    const r = ok(parseProxyHeader(input));
    expect(r.header.source).toEqual({ ip: '192.168.0.1', port: 56324 });
    expect(r.header.destination).toEqual({ ip: '192.168.0.11', port: 443 });
    expect(input.subarray(r.length).toString('latin1').startsWith('GET / HTTP/1.1\r\n')).toBe(true);
  });

  it('reports IPv6 addresses in canonical form (upper case and zero runs accepted)', () => {
    const r = ok(parseProxyHeader(ascii('PROXY TCP6 2001:DB8:0:0:0:0:0:1 ::1 0 80\r\n')));
    expect(r.header.source).toEqual({ ip: '2001:db8::1', port: 0 });
    expect(r.header.destination).toEqual({ ip: '::1', port: 80 });
  });
});

describe('PROXY v1: malformed headers give a clean error', () => {
  const cases: [string, string][] = [
    ['PROXY TCP4 1.2.3.4 5.6.7.8 1 65536\r\n', 'v1-bad-port'],
    ['PROXY TCP4 1.2.3.4 5.6.7.8 01 80\r\n', 'v1-bad-port'], // heading zeroes are forbidden
    ['PROXY TCP4 1.2.3.4 5.6.7.8 -1 80\r\n', 'v1-bad-port'],
    ['PROXY TCP4 1.2.3.4 5.6.7.8 x 80\r\n', 'v1-bad-port'],
    ['PROXY TCP4 01.2.3.4 5.6.7.8 1 80\r\n', 'v1-bad-address'],
    ['PROXY TCP4 256.2.3.4 5.6.7.8 1 80\r\n', 'v1-bad-address'],
    ['PROXY TCP4 ::1 ::1 1 80\r\n', 'v1-bad-address'], // family mismatch
    ['PROXY TCP6 1.2.3.4 5.6.7.8 1 80\r\n', 'v1-bad-address'],
    ['PROXY TCP6 fe80::1%eth0 ::1 1 80\r\n', 'v1-bad-address'], // no zone ids
    ['PROXY TCP6 ::ffff:1.2.3.4 ::1 1 80\r\n', 'v1-bad-address'], // hex groups only
    ['PROXY TCP6 1:2:3:4:5:6:7:8:9 ::1 1 80\r\n', 'v1-bad-address'],
    ['PROXY TCP5 1.2.3.4 5.6.7.8 1 80\r\n', 'v1-bad-protocol'],
    ['PROXY  TCP4 1.2.3.4 5.6.7.8 1 80\r\n', 'v1-bad-protocol'], // two spaces
    ['PROXY TCP4 1.2.3.4  5.6.7.8 1 80\r\n', 'v1-field-count'],
    ['PROXY TCP4 1.2.3.4 5.6.7.8 1 80 \r\n', 'v1-field-count'],
    ['PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n', 'v1-field-count'],
    ['PROXY TCP4 1.2.3.4 5.6.7.8 1 80\n', 'v1-bare-lf'],
    ['PROXY TCP4 1.2.3.4 5.6.7.8 1 80\rX', 'v1-bare-cr'],
    ['PROXYTCP4 1.2.3.4 5.6.7.8 1 80\r\n', 'v1-bad-prefix'],
    ['PROXY\r\n', 'v1-bad-prefix'],
    ['PROXY TCP4 1.2.3.4\x005.6.7.8 1 80\r\n', 'v1-not-ascii'],
    ['PROXY TCP4 1.2.3.4\t5.6.7.8 1 80\r\n', 'v1-not-ascii'],
  ];
  it.each(cases)('%j -> %s', (input, expected) => {
    expect(reason(parseProxyHeader(ascii(input)))).toBe(expected);
  });

  it('rejects non-ASCII bytes', () => {
    expect(reason(parseProxyHeader(Buffer.concat([ascii('PROXY TCP4 1.2.3.4 5.6.7.'), Buffer.from([0xc3, 0xa9]), ascii(' 1 80\r\n')])))).toBe('v1-not-ascii');
  });

  it('rejects a line longer than 107 bytes, with or without a CRLF after it', () => {
    const pad = (n: number) => `PROXY UNKNOWN ${'a'.repeat(n - 16)}\r\n`;
    expect(pad(107)).toHaveLength(107);
    expect(ok(parseProxyHeader(ascii(pad(107)))).length).toBe(107);
    expect(reason(parseProxyHeader(ascii(pad(108))))).toBe('v1-too-long');
    expect(reason(parseProxyHeader(ascii(`PROXY UNKNOWN ${'a'.repeat(200)}`)))).toBe('v1-too-long');
  });
});

describe('PROXY detection', () => {
  it('decides "none" for plain HTTP from the first differing byte, so plain clients never wait', () => {
    for (const s of ['GET / HTTP/1.1\r\n', 'G', 'PO', 'PUT', 'PATCH', 'PRI * HTTP/2.0', '\r\nGET', 'HEAD /']) {
      expect(parseProxyHeader(ascii(s)).status, s).toBe('none');
    }
    // 11 signature bytes then a wrong one: not PROXY v2 (the HTTP parser will reject it).
    expect(parseProxyHeader(hex(`${SIG.slice(0, 22)}58`)).status).toBe('none');
  });

  it('waits while the bytes so far could still be a header', () => {
    for (const s of ['', 'P', 'PROX', 'PROXY', 'PROXY TCP4 1.2', 'PROXY TCP4 1.2.3.4 5.6.7.8 1 80\r']) {
      expect(parseProxyHeader(ascii(s)).status, JSON.stringify(s)).toBe('incomplete');
    }
    expect(parseProxyHeader(hex(SIG)).status).toBe('incomplete');
    expect(parseProxyHeader(hex(`${SIG}2111000c 7f000001`)).status).toBe('incomplete'); // 20 of 28 bytes
  });
});

describe('PROXY v2', () => {
  it('parses a TCP over IPv4 header as haproxy sends it', () => {
    // haproxy "send-proxy-v2" in front of an HTTP request: 172.19.0.1:42578 -> 172.19.0.3:80.
    const input = Buffer.concat([hex(`${SIG} 21 11 000c ac130001 ac130003 a652 0050`), ascii('GET / HTTP/1.1\r\n\r\n')]);
    const r = ok(parseProxyHeader(input));
    expect(r.length).toBe(28);
    expect(r.header).toEqual({
      version: 2,
      command: 'PROXY',
      family: 'inet',
      transport: 'stream',
      source: { ip: '172.19.0.1', port: 42578 },
      destination: { ip: '172.19.0.3', port: 80 },
      tlvs: [],
    });
    expect(summariseProxy(r.header)).toBe('v2 PROXY inet 172.19.0.1:42578 > 172.19.0.3:80');
  });

  it('parses UDP over IPv6 (family 0x22)', () => {
    const src = '20010db8000000000000000000000001';
    const dst = '00000000000000000000000000000001';
    const r = ok(parseProxyHeader(hex(`${SIG} 21 22 0024 ${src} ${dst} 1f90 0035`)));
    expect(r.header).toMatchObject({ family: 'inet6', transport: 'dgram', source: { ip: '2001:db8::1', port: 8080 }, destination: { ip: '::1', port: 53 } });
  });

  it('parses UNIX stream addresses (108 bytes each), abstract sockets shown as @name', () => {
    const path = (s: string, abstract = false) => {
      const b = Buffer.alloc(108);
      b.write(s, abstract ? 1 : 0, 'utf8');
      return b;
    };
    const input = Buffer.concat([hex(`${SIG} 21 31 00d8`), path('/var/run/a.sock'), path('lb', true)]);
    const r = ok(parseProxyHeader(input));
    expect(r.length).toBe(16 + 216);
    expect(r.header).toMatchObject({ family: 'unix', transport: 'stream', source: { path: '/var/run/a.sock' }, destination: { path: '@lb' } });
  });

  it('accepts LOCAL and skips its address block unread (spec: "must not assume zero")', () => {
    const bare = ok(parseProxyHeader(hex(`${SIG} 20 00 0000`)));
    expect(bare.length).toBe(16);
    expect(bare.header).toMatchObject({ command: 'LOCAL', source: null, destination: null, tlvs: [] });
    const withBlock = ok(parseProxyHeader(hex(`${SIG} 20 11 000c ffffffff ffffffff ffff ffff`)));
    expect(withBlock.length).toBe(28);
    expect(withBlock.header.source).toBeNull();
  });

  it('summarises the registered TLVs, SSL sub-TLVs and the cloud vendors\u2019 custom ones', () => {
    const t = (type: number, value: Buffer) => Buffer.concat([Buffer.from([type, value.length >> 8, value.length & 0xff]), value]);
    const ssl = Buffer.concat([Buffer.from([0x01, 0, 0, 0, 0]), t(0x21, ascii('TLSv1.3')), t(0x22, ascii('client.example'))]);
    const tlvs = Buffer.concat([
      t(0x01, ascii('h2')),
      t(0x02, ascii('example.com')),
      t(0x04, Buffer.alloc(3)),
      t(0x05, hex('deadbeef')),
      t(0x20, ssl),
      t(0x30, ascii('blue')),
      t(0xea, Buffer.concat([Buffer.from([0x01]), ascii('vpce-08d2bf15fac5001c9')])),
      t(0xee, hex('0178563412')),
      t(0xe0, hex('0000000000000102')),
      t(0xf3, hex('aa')),
    ]);
    const addr = hex('cb007109 c6120002 d431 7530'); // 203.0.113.9:54321 -> 198.18.0.2:30000
    const len = addr.length + tlvs.length;
    const r = ok(parseProxyHeader(Buffer.concat([hex(`${SIG} 21 11`), Buffer.from([len >> 8, len & 0xff]), addr, tlvs])));
    expect(r.header.source).toEqual({ ip: '203.0.113.9', port: 54321 });
    const byName = (n: string) => r.header.tlvs.filter((x) => x.name === n);
    expect(byName('ALPN')[0]).toMatchObject({ type: 1, text: 'h2' });
    expect(byName('AUTHORITY')[0]).toMatchObject({ text: 'example.com' });
    expect(byName('NOOP')[0]).toEqual({ type: 4, name: 'NOOP', length: 3 });
    expect(byName('UNIQUE_ID')[0]).toMatchObject({ hex: 'deadbeef' });
    expect(byName('SSL')[0]!.ssl).toEqual({
      client: 1,
      verify: 0,
      tlvs: [
        { type: 0x21, name: 'SSL_VERSION', length: 7, text: 'TLSv1.3' },
        { type: 0x22, name: 'SSL_CN', length: 14, text: 'client.example' },
      ],
    });
    expect(byName('NETNS')[0]).toMatchObject({ text: 'blue' });
    expect(byName('CUSTOM').map((x) => [x.vendor, x.text])).toEqual([
      ['aws', 'vpce-08d2bf15fac5001c9'],
      ['azure', String(0x12345678)],
      ['gcp', '258'],
    ]);
    expect(byName('EXPERIMENT')[0]).toMatchObject({ type: 0xf3, hex: 'aa' });
  });

  it('parses TLVs after an UNSPEC address block', () => {
    const r = ok(parseProxyHeader(hex(`${SIG} 21 00 0005 01 0002 6832`)));
    expect(r.header).toMatchObject({ family: 'unspec', source: null, tlvs: [{ name: 'ALPN', text: 'h2' }] });
  });

  it('verifies the CRC32C TLV (RFC 4960 check value) and rejects a header whose checksum is wrong', () => {
    expect(crc32c(ascii('123456789'))).toBe(0xe3069283);
    const h = buildProxyV2({ source: { ip: '203.0.113.9', port: 1 }, destination: { ip: '198.18.0.2', port: 2 }, crc32c: true });
    const r = ok(parseProxyHeader(h));
    expect(r.header.tlvs).toEqual([expect.objectContaining({ name: 'CRC32C', verified: true })]);
    const tampered = Buffer.from(h);
    tampered[16] = 204; // 203.0.113.9 -> 204.0.113.9
    expect(reason(parseProxyHeader(tampered))).toBe('v2-crc32c-mismatch');
  });

  const bad: [string, string][] = [
    [`${SIG} 11 11 000c ac130001 ac130003 a652 0050`, 'v2-bad-version'],
    [`${SIG} 31 11 000c ac130001 ac130003 a652 0050`, 'v2-bad-version'],
    [`${SIG} 22 11 000c ac130001 ac130003 a652 0050`, 'v2-bad-command'],
    [`${SIG} 21 41 000c ac130001 ac130003 a652 0050`, 'v2-bad-family'],
    [`${SIG} 21 13 000c ac130001 ac130003 a652 0050`, 'v2-bad-transport'],
    [`${SIG} 21 11 0008 ac130001 ac130003`, 'v2-short-address'],
    [`${SIG} 21 21 000c ac130001 ac130003 a652 0050`, 'v2-short-address'],
    [`${SIG} 21 11 000e ac130001 ac130003 a652 0050 0100`, 'v2-tlv-truncated'],
    [`${SIG} 21 11 0010 ac130001 ac130003 a652 0050 010005 68`, 'v2-tlv-truncated'],
    [`${SIG} 21 00 0006 20 0003 010000`, 'v2-bad-ssl-tlv'],
    [`${SIG} 21 00 000b 20 0008 0100000000 210005`, 'v2-tlv-truncated'],
    [`${SIG} 21 00 0006 03 0003 000000`, 'v2-bad-crc32c'],
  ];
  it.each(bad)('%s -> %s', (input, expected) => {
    expect(reason(parseProxyHeader(hex(input)))).toBe(expected);
  });
});

describe('PROXY builders (used by the client) round-trip through the parser', () => {
  it('writes the spec text for v1', () => {
    expect(buildProxyV1({ ip: '192.168.0.1', port: 56324 }, { ip: '192.168.0.11', port: 443 }).toString('latin1')).toBe(
      'PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n',
    );
    expect(buildProxyV1(null, null).toString('latin1')).toBe('PROXY UNKNOWN\r\n');
    expect(() => buildProxyV1({ ip: '1.2.3.4', port: 1 }, { ip: '::1', port: 2 })).toThrow(/one family/);
    expect(() => buildProxyV1({ ip: '1.2.3.4', port: 70000 }, { ip: '1.2.3.5', port: 2 })).toThrow(/port/);
  });

  it('writes the same bytes haproxy does for v2', () => {
    expect(buildProxyV2({ source: { ip: '172.19.0.1', port: 42578 }, destination: { ip: '172.19.0.3', port: 80 } }).toString('hex')).toBe(
      `${SIG}2111000cac130001ac130003a6520050`,
    );
    expect(buildProxyV2({ command: 'LOCAL' }).toString('hex')).toBe(`${SIG}20000000`);
  });

  const endpoint = (ip: fc.Arbitrary<string>) => fc.record({ ip, port: fc.integer({ min: 0, max: 65535 }) });
  const pair = fc.oneof(fc.tuple(endpoint(fc.ipV4()), endpoint(fc.ipV4())), fc.tuple(endpoint(fc.ipV6()), endpoint(fc.ipV6())));
  const sameIp = (a: string, b: string) => (a.includes(':') ? ipv6ToBytes(a)!.equals(ipv6ToBytes(b)!) : a === b);

  it('round-trips random endpoints, and every strict prefix is "incomplete"', () => {
    fc.assert(
      fc.property(pair, fc.boolean(), fc.uint8Array({ maxLength: 40 }), ([src, dst], v1, tail) => {
        const h = v1 ? buildProxyV1(src, dst) : buildProxyV2({ source: src, destination: dst, crc32c: true });
        const r = ok(parseProxyHeader(Buffer.concat([h, tail])));
        expect(r.length).toBe(h.length);
        const s = r.header.source as { ip: string; port: number };
        const d = r.header.destination as { ip: string; port: number };
        expect(sameIp(s.ip, src.ip) && s.port === src.port && sameIp(d.ip, dst.ip) && d.port === dst.port).toBe(true);
        for (let k = 1; k < h.length; k++) expect(parseProxyHeader(h.subarray(0, k)).status).toBe('incomplete');
      }),
      { numRuns: 200 },
    );
  });
});

describe('PROXY parser robustness (property tests)', () => {
  const statuses = new Set(['incomplete', 'none', 'error', 'ok']);
  const check = (bytes: Uint8Array) => {
    const r = parseProxyHeader(bytes);
    expect(statuses.has(r.status)).toBe(true);
    if (r.status === 'ok') expect(r.length).toBeGreaterThan(0);
    if (r.status === 'ok') expect(r.length).toBeLessThanOrEqual(bytes.length);
    if (r.status === 'error') expect(r.reason).toMatch(/^v[12]-[a-z0-9-]+$/);
  };

  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), check), { numRuns: 2000 });
  });

  it('never throws on arbitrary bytes after a v1 or v2 prefix (the paths that get parsed)', () => {
    const v2Prefix = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 600 })).map(([vc, fam, len]) => {
      const b = Buffer.alloc(16);
      V2_SIGNATURE.copy(b);
      b[12] = vc & 1 ? 0x21 : vc; // half the time a valid version/command, to reach the deeper paths
      b[13] = fam;
      b.writeUInt16BE(len, 14);
      return b;
    });
    const v1Prefix = fc.constantFrom('PROXY ', 'PROXY TCP4 ', 'PROXY TCP6 ', 'PROXY UNKNOWN', 'PROXY TCP4 1.2.3.4 5.6.7.8 ').map(ascii);
    const asciiTail = fc.string({ maxLength: 120 }).map(ascii);
    fc.assert(
      fc.property(fc.oneof(v1Prefix, v2Prefix), fc.oneof(fc.uint8Array({ maxLength: 700 }), asciiTail), (p, tail) => check(Buffer.concat([p, tail]))),
      { numRuns: 3000 },
    );
  });

  it('never throws when a valid header has one byte changed', () => {
    const base = [
      buildProxyV1({ ip: '203.0.113.9', port: 5000 }, { ip: '198.18.0.2', port: 30080 }),
      buildProxyV2({ source: { ip: '2001:db8::9', port: 1 }, destination: { ip: '2001:db8::2', port: 2 }, tlvs: [{ type: 0x20, value: hex('0100000000 210003 544c53') }], crc32c: true }),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...base), fc.nat(), fc.integer({ min: 0, max: 255 }), (h, at, v) => {
        const m = Buffer.from(h);
        m[at % m.length] = v;
        check(m);
      }),
      { numRuns: 2000 },
    );
  });

  it('handles the largest v2 header (16 + 65535 bytes) quickly', () => {
    const value = Buffer.alloc(0xffff - 12 - 3, 0x41);
    const h = buildProxyV2({ source: { ip: '1.2.3.4', port: 1 }, destination: { ip: '5.6.7.8', port: 2 }, tlvs: [{ type: 0x02, value }] });
    expect(h.length).toBe(16 + 0xffff);
    const r = ok(parseProxyHeader(h));
    expect(r.header.tlvs[0]).toMatchObject({ name: 'AUTHORITY', length: value.length, truncated: true });
    expect(r.header.tlvs[0]!.text).toHaveLength(256);
  });
});

describe('addresses', () => {
  it('normalises IPv4-mapped IPv6 socket addresses to IPv4', () => {
    expect(normaliseIp('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(normaliseIp('::FFFF:127.0.0.1')).toBe('127.0.0.1');
    expect(normaliseIp('2001:DB8::1')).toBe('2001:db8::1');
    expect(normaliseIp('::ffff:999.0.0.1')).toBe('::ffff:999.0.0.1');
    expect(normaliseIp(undefined)).toBeNull();
  });

  it('formats IPv6 per RFC 5952', () => {
    const f = (s: string) => ipv6FromBytes(ipv6ToBytes(s)!);
    expect(f('2001:0db8:0000:0000:0001:0000:0000:0001')).toBe('2001:db8::1:0:0:1');
    expect(f('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1'); // one zero group is not compressed
    expect(f('0:0:0:0:0:0:0:0')).toBe('::');
    expect(f('::ffff:1.2.3.4')).toBe('::ffff:1.2.3.4');
    expect(ipv6FromBytes(ipv6ToBytes('::ffff:1.2.3.4')!, true)).toBe('::ffff:102:304');
    expect(ipv6ToBytes('1::2::3')).toBeNull();
    expect(ipv6ToBytes('fe80::1%eth0')).toBeNull();
  });
});

describe('client helpers', () => {
  it('classifies socket errors into result classes', () => {
    const e = (code: string) => Object.assign(new Error(`x ${code}`), { code });
    expect(classifyError(e('ECONNREFUSED')).result).toBe('refused');
    expect(classifyError(e('ECONNRESET')).result).toBe('reset');
    expect(classifyError(e('EPIPE')).result).toBe('reset');
    expect(classifyError(e('ETIMEDOUT')).result).toBe('timeout');
    expect(classifyError(e('EHOSTUNREACH')).result).toBe('unreachable');
    expect(classifyError(e('ENETUNREACH')).result).toBe('unreachable');
    expect(classifyError(e('ENOTFOUND'))).toEqual({ result: 'other', error: { class: 'ENOTFOUND', message: 'x ENOTFOUND' } });
    // Happy eyeballs (Node >= 20) reports several attempts in one AggregateError.
    expect(classifyError(new AggregateError([e('EHOSTUNREACH'), e('ECONNREFUSED')], 'all failed')).result).toBe('unreachable');
    // A close or reset right after our PROXY header is most likely a rejection of that header.
    expect(classifyError(e('ECONNRESET'), { proxySent: true }).result).toBe('proxy-error');
    expect(classifyError(e('ECONNRESET'), { proxySent: true, responseStarted: true }).result).toBe('reset');
    expect(classifyError({ code: 'EMPTY_REPLY', message: 'closed' }).result).toBe('other');
    expect(classifyError('weird').result).toBe('other');
  });

  it('parses target lists and JSON', () => {
    expect(parseTargets('10.0.0.1:30080, udp://[fd00::1]:30081#n1-udp,http://h.example:80/x?y#lab')).toEqual([
      expect.objectContaining({ host: '10.0.0.1', port: 30080, proto: 'http', target: '10.0.0.1:30080', label: '10.0.0.1:30080' }),
      expect.objectContaining({ host: 'fd00::1', port: 30081, proto: 'udp', target: '[fd00::1]:30081', label: 'n1-udp' }),
      expect.objectContaining({ host: 'h.example', port: 80, path: '/x?y', label: 'lab' }),
    ]);
    expect(parseTargets('[::1]:80')[0]).toMatchObject({ host: '::1', port: 80 });
    const json = parseTargets(JSON.stringify([{ host: '198.18.0.2', port: 30080, proto: 'tcp-http', label: 'a', proxy: 'v2', hostHeader: 'app.example' }]));
    expect(json[0]).toMatchObject({ proto: 'http', proxy: 'v2', hostHeader: 'app.example', label: 'a' });
    for (const badList of ['10.0.0.1', '10.0.0.1:0', '10.0.0.1:70000', 'ftp://1.2.3.4:21', '::1:80', '[{"host":"a","port":1,"proxy":"v3"}]', '[{"host":"a","port":1,"proto":"constructor"}]', '{"host":"a"}']) {
      expect(() => parseTargets(badList), badList).toThrow();
    }
  });

  it('reads flags from argv, then SNATSCOPE_* env, then defaults', () => {
    const spec = { port: { type: 'int' as const, default: 8080 }, 'timeout-ms': { type: 'int' as const }, quiet: { type: 'bool' as const, default: false } };
    expect(parseFlags([], {}, spec)).toEqual({ values: { port: 8080, quiet: false }, errors: [] });
    expect(parseFlags(['--port=9'], { SNATSCOPE_PORT: '7', SNATSCOPE_TIMEOUT_MS: '50' }, spec).values).toEqual({ port: 9, 'timeout-ms': 50, quiet: false });
    expect(parseFlags(['--quiet', '--port', '1'], {}, spec).values).toMatchObject({ quiet: true, port: 1 });
    expect(parseFlags(['--port', 'x', '--nope', '--timeout-ms'], {}, spec).errors).toEqual([
      '--port: not an integer: x',
      'unknown argument: --nope',
      '--timeout-ms needs a value',
    ]);
  });

  it('keeps every header value, lowercases names and survives hostile names', () => {
    const { headers, truncated } = collectHeaders(['X-Forwarded-For', '1.1.1.1', 'x-forwarded-for', '2.2.2.2', '__proto__', 'p', 'Big', 'v'.repeat(5000)]);
    expect(headers['x-forwarded-for']).toEqual(['1.1.1.1', '2.2.2.2']);
    expect(Object.keys(headers)).toContain('__proto__');
    expect(headers['__proto__']).toEqual(['p']);
    expect(headers['big']![0]).toHaveLength(2048);
    expect(truncated).toBe(true);
    expect(JSON.parse(JSON.stringify(headers))).toMatchObject({ 'x-forwarded-for': ['1.1.1.1', '2.2.2.2'] });
  });

  it('takes a datagram id from its first line and reads pod identity from the downward API env', () => {
    expect(datagramId(Buffer.from('run-7\nrest'))).toBe('run-7');
    expect(datagramId(Buffer.from('  x  '))).toBe('x');
    expect(datagramId(Buffer.alloc(0))).toBeNull();
    expect(datagramId(Buffer.from('a'.repeat(300)))).toHaveLength(128);
    expect(podIdentity({ POD_NAME: 'echo-0', POD_NAMESPACE: 'snatscope-x', POD_IP: '198.19.1.5', NODE_NAME: 'node1' })).toEqual({
      name: 'echo-0',
      namespace: 'snatscope-x',
      ip: '198.19.1.5',
      node: 'node1',
      hostIp: null,
    });
  });
});
