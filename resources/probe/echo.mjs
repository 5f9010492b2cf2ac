#!/usr/bin/env node
// SNATScope probe: echo server and measuring client in one dependency-free file.
// It ships into the cluster in a ConfigMap and runs on a stock Node image (18, 20, 22, 24),
// so it uses only node: built-ins and no syntax or API newer than Node 18.
// Usage and the JSON line formats (v1): README.md next to this file.
//   node echo.mjs serve  [--host H] [--port 8080] [--udp-port 8081|off] ...
//   node echo.mjs client --targets 10.0.0.1:30080,udp://10.0.0.1:30081#label ...
import { randomBytes, timingSafeEqual } from 'node:crypto';
import dgram from 'node:dgram';
import dns from 'node:dns';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const SCHEMA_VERSION = 1;
/** Every output line: {kind, v, time, ...fields}. */
const entry = (kind, fields) => ({ kind, v: SCHEMA_VERSION, time: new Date().toISOString(), ...fields });

// ---------------------------------------------------------------------------------------------
// Addresses

const IPV4_OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
// Dotted decimal without leading zeroes (the PROXY spec forbids them: octal confusion).
const IPV4_RE = new RegExp(`^${IPV4_OCTET}(?:\\.${IPV4_OCTET}){3}$`);
const PORT_RE = /^(?:0|[1-9]\d{0,4})$/;

export function isIPv4Strict(s) {
  return typeof s === 'string' && IPV4_RE.test(s);
}

/** IPv6 text (hex groups, optional "::", optional dotted IPv4 tail) -> 16 bytes, or null. */
export function ipv6ToBytes(text) {
  if (typeof text !== 'string' || !/^[0-9A-Fa-f:.]+$/.test(text) || !net.isIPv6(text)) return null;
  let s = text;
  if (s.includes('.')) {
    const cut = s.lastIndexOf(':');
    const tail = s.slice(cut + 1);
    if (!isIPv4Strict(tail)) return null;
    const o = tail.split('.').map(Number);
    s = `${s.slice(0, cut + 1)}${((o[0] << 8) | o[1]).toString(16)}:${((o[2] << 8) | o[3]).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 ? (halves[1] ? halves[1].split(':') : []) : null;
  const groups = tail === null ? head : [...head, ...new Array(8 - head.length - tail.length).fill('0'), ...tail];
  if (groups.length !== 8) return null;
  const out = Buffer.alloc(16);
  for (let i = 0; i < 8; i++) {
    const g = groups[i];
    if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return null;
    out.writeUInt16BE(parseInt(g, 16), i * 2);
  }
  return out;
}

/** 16 bytes -> RFC 5952 text (lowercase, longest zero run compressed, ::ffff:a.b.c.d mapped unless hexOnly). */
export function ipv6FromBytes(b, hexOnly = false) {
  if (b.length !== 16) throw new RangeError('IPv6 address needs 16 bytes');
  const g = [];
  for (let i = 0; i < 8; i++) g.push(b.readUInt16BE(i * 2));
  if (!hexOnly && g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `::ffff:${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  }
  let best = -1;
  let bestLen = 1; // a single zero group is not compressed (RFC 5952 4.2.2)
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** Socket addresses as users think of them: IPv4-mapped IPv6 ("::ffff:10.0.0.1") becomes IPv4. */
export function normaliseIp(addr) {
  if (typeof addr !== 'string' || addr === '') return null;
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr);
  if (m && isIPv4Strict(m[1])) return m[1];
  return addr.toLowerCase();
}

export function hostPort(ip, port) {
  if (ip == null) return null;
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

// ---------------------------------------------------------------------------------------------
// PROXY protocol (haproxy doc/proxy-protocol.txt; fact sheet §4: the only way an L4 proxy can
// pass the client address on). Pure functions: bytes in, a tagged result out, never a throw.

export const V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
const V1_MAGIC = Buffer.from('PROXY', 'latin1');
export const V1_MAX_LENGTH = 107; // worst case "PROXY UNKNOWN <v6> <v6> 65535 65535\r\n", spec §2.1
export const V2_MAX_LENGTH = 16 + 0xffff;
const FAMILIES = ['unspec', 'inet', 'inet6', 'unix'];
const TRANSPORTS = ['unspec', 'stream', 'dgram'];
const ADDRESS_LENGTH = { unspec: 0, inet: 12, inet6: 36, unix: 216 };
const TLV_NAMES = { 0x01: 'ALPN', 0x02: 'AUTHORITY', 0x03: 'CRC32C', 0x04: 'NOOP', 0x05: 'UNIQUE_ID', 0x20: 'SSL', 0x30: 'NETNS' };
const SSL_SUB_NAMES = { 0x21: 'SSL_VERSION', 0x22: 'SSL_CN', 0x23: 'SSL_CIPHER', 0x24: 'SSL_SIG_ALG', 0x25: 'SSL_KEY_ALG' };
const TEXT_TLVS = new Set(['ALPN', 'AUTHORITY', 'NETNS', 'SSL_VERSION', 'SSL_CN', 'SSL_CIPHER', 'SSL_SIG_ALG', 'SSL_KEY_ALG']);
const MAX_TLVS = 32;
const MAX_TLV_TEXT = 256;
const MAX_TLV_HEX = 64;

const INCOMPLETE = Object.freeze({ status: 'incomplete' });
const NONE = Object.freeze({ status: 'none' });
const fail = (reason) => ({ status: 'error', reason });

function startsWithPartial(buf, magic) {
  const n = Math.min(buf.length, magic.length);
  for (let i = 0; i < n; i++) if (buf[i] !== magic[i]) return false;
  return true;
}

/**
 * Look at the first bytes of a connection. Returns
 *   {status:'incomplete'}  too few bytes to decide (wait for more, with a timeout),
 *   {status:'none'}        no PROXY header: the bytes belong to the application protocol,
 *   {status:'error',reason} a malformed header (close the connection),
 *   {status:'ok',length,header} a valid header of `length` bytes.
 * Plain HTTP never starts with "PROXY" or CR LF CR LF NUL, so a client without a header is
 * recognised from its first byte or two and is never kept waiting.
 */
export function parseProxyHeader(input) {
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (buf.length === 0) return INCOMPLETE;
  if (startsWithPartial(buf, V2_SIGNATURE)) return buf.length < 16 ? INCOMPLETE : parseV2(buf);
  if (startsWithPartial(buf, V1_MAGIC)) return buf.length < V1_MAGIC.length ? INCOMPLETE : parseV1(buf);
  return NONE;
}

function parseV1(buf) {
  const limit = Math.min(buf.length, V1_MAX_LENGTH);
  let end = -1;
  for (let i = 0; i < limit; i++) {
    const b = buf[i];
    if (b === 0x0d) {
      if (i + 1 >= V1_MAX_LENGTH) return fail('v1-too-long');
      if (i + 1 >= buf.length) return INCOMPLETE;
      if (buf[i + 1] !== 0x0a) return fail('v1-bare-cr'); // spec: a lone CR or LF must not end the line
      end = i;
      break;
    }
    if (b === 0x0a) return fail('v1-bare-lf');
    if (b < 0x20 || b > 0x7e) return fail('v1-not-ascii');
  }
  if (end < 0) return buf.length >= V1_MAX_LENGTH ? fail('v1-too-long') : INCOMPLETE;
  const line = buf.toString('latin1', 0, end);
  if (line.length < 6 || line[5] !== ' ') return fail('v1-bad-prefix');
  const parts = line.split(' ');
  const proto = parts[1];
  const v1 = (family, transport, source, destination) => ({ status: 'ok', length: end + 2, header: { version: 1, command: 'PROXY', family, transport, source, destination, tlvs: [], line } });
  // UNKNOWN: "the receiver must ignore anything presented before the CRLF".
  if (proto === 'UNKNOWN') return v1('unspec', 'unspec', null, null);
  if (proto !== 'TCP4' && proto !== 'TCP6') return fail('v1-bad-protocol');
  if (parts.length !== 6) return fail('v1-field-count'); // exactly one space between fields
  const [, , src, dst, sport, dport] = parts;
  let source;
  let destination;
  if (proto === 'TCP4') {
    if (!isIPv4Strict(src) || !isIPv4Strict(dst)) return fail('v1-bad-address');
    source = src;
    destination = dst;
  } else {
    // Hex groups and colons only (no dotted tail, no zone): the spec's canonical text form.
    const s6 = /^[0-9A-Fa-f:]+$/.test(src) ? ipv6ToBytes(src) : null;
    const d6 = /^[0-9A-Fa-f:]+$/.test(dst) ? ipv6ToBytes(dst) : null;
    if (!s6 || !d6) return fail('v1-bad-address');
    source = ipv6FromBytes(s6);
    destination = ipv6FromBytes(d6);
  }
  const sp = parsePort(sport);
  const dp = parsePort(dport);
  if (sp === null || dp === null) return fail('v1-bad-port');
  return v1(proto === 'TCP4' ? 'inet' : 'inet6', 'stream', { ip: source, port: sp }, { ip: destination, port: dp });
}

function parsePort(s) {
  if (!PORT_RE.test(s)) return null;
  const n = Number(s);
  return n <= 65535 ? n : null;
}

function parseV2(buf) {
  const verCmd = buf[12];
  const fam = buf[13];
  if (verCmd >> 4 !== 2) return fail('v2-bad-version');
  const cmd = verCmd & 0x0f;
  if (cmd > 1) return fail('v2-bad-command'); // "Receivers must drop connections presenting unexpected values"
  const family = FAMILIES[fam >> 4];
  const transport = TRANSPORTS[fam & 0x0f];
  if (!family) return fail('v2-bad-family');
  if (!transport) return fail('v2-bad-transport');
  const len = buf.readUInt16BE(14);
  const total = 16 + len;
  if (buf.length < total) return INCOMPLETE;
  const hdr = buf.subarray(0, total);
  const header = { version: 2, command: cmd === 0 ? 'LOCAL' : 'PROXY', family, transport, source: null, destination: null, tlvs: [] };
  // LOCAL: health check by the proxy itself; the address block is skipped, never read.
  if (cmd === 0) return { status: 'ok', length: total, header };
  const need = ADDRESS_LENGTH[family];
  if (len < need) return fail('v2-short-address');
  const a = 16;
  if (family === 'inet') {
    header.source = { ip: `${hdr[a]}.${hdr[a + 1]}.${hdr[a + 2]}.${hdr[a + 3]}`, port: hdr.readUInt16BE(a + 8) };
    header.destination = { ip: `${hdr[a + 4]}.${hdr[a + 5]}.${hdr[a + 6]}.${hdr[a + 7]}`, port: hdr.readUInt16BE(a + 10) };
  } else if (family === 'inet6') {
    header.source = { ip: ipv6FromBytes(hdr.subarray(a, a + 16)), port: hdr.readUInt16BE(a + 32) };
    header.destination = { ip: ipv6FromBytes(hdr.subarray(a + 16, a + 32)), port: hdr.readUInt16BE(a + 34) };
  } else if (family === 'unix') {
    header.source = { path: unixPath(hdr.subarray(a, a + 108)) };
    header.destination = { path: unixPath(hdr.subarray(a + 108, a + 216)) };
  }
  const tlvs = parseTlvs(hdr, a + need, total, 0);
  if (tlvs.error) return fail(tlvs.error);
  header.tlvs = tlvs.list;
  if (tlvs.dropped) header.tlvsDropped = tlvs.dropped;
  return { status: 'ok', length: total, header };
}

function unixPath(b) {
  // An abstract-namespace socket starts with NUL; show it as "@name" like ss(8) does.
  const abstract = b[0] === 0 && b.some((x) => x !== 0);
  const body = abstract ? b.subarray(1) : b;
  const nul = body.indexOf(0);
  const text = body.subarray(0, nul < 0 ? body.length : nul).toString('utf8');
  return abstract ? `@${text}` : text;
}

function parseTlvs(hdr, start, end, depth) {
  const list = [];
  let dropped = 0;
  let i = start;
  while (i < end) {
    if (end - i < 3) return { error: 'v2-tlv-truncated' };
    const type = hdr[i];
    const len = hdr.readUInt16BE(i + 1);
    const vs = i + 3;
    const ve = vs + len;
    if (ve > end) return { error: 'v2-tlv-truncated' };
    const t = describeTlv(hdr, type, vs, ve, depth);
    if (t.error) return t;
    if (list.length < MAX_TLVS) list.push(t);
    else dropped++;
    i = ve;
  }
  return { list, dropped };
}

function tlvName(type, depth) {
  const known = depth === 0 ? TLV_NAMES[type] : SSL_SUB_NAMES[type];
  if (known) return known;
  if (type >= 0xe0 && type <= 0xef) return 'CUSTOM';
  if (type >= 0xf0 && type <= 0xf7) return 'EXPERIMENT';
  if (type >= 0xf8) return 'FUTURE';
  return 'UNASSIGNED';
}

function describeTlv(hdr, type, vs, ve, depth) {
  const value = hdr.subarray(vs, ve);
  const name = tlvName(type, depth);
  const t = { type, name, length: value.length };
  const text = (b) => {
    t.text = b.subarray(0, MAX_TLV_TEXT).toString('utf8');
    if (b.length > MAX_TLV_TEXT) t.truncated = true;
  };
  const hex = (b) => {
    t.hex = b.subarray(0, MAX_TLV_HEX).toString('hex');
    if (b.length > MAX_TLV_HEX) t.truncated = true;
  };
  if (TEXT_TLVS.has(name)) text(value);
  else if (name === 'NOOP') {
    /* padding: length only */
  } else if (name === 'CRC32C') {
    if (value.length !== 4) return { error: 'v2-bad-crc32c' };
    // Spec §2.2.3: checksum over the whole header with this field zeroed; mismatch = invalid.
    const copy = Buffer.from(hdr);
    copy.fill(0, vs, ve);
    if (crc32c(copy) !== value.readUInt32BE(0)) return { error: 'v2-crc32c-mismatch' };
    hex(value);
    t.verified = true;
  } else if (name === 'SSL') {
    if (value.length < 5) return { error: 'v2-bad-ssl-tlv' };
    const sub = parseTlvs(hdr, vs + 5, ve, 1);
    if (sub.error) return sub;
    t.ssl = { client: value[0], verify: value.readUInt32BE(1), tlvs: sub.list };
  } else {
    hex(value);
    // Cloud load balancers' custom TLVs (their documentation): AWS 0xEA/0x01 VPC endpoint id,
    // Azure 0xEE/0x01 private-link id (uint32 little-endian), GCP 0xE0 PSC connection id (uint64).
    if (type === 0xea && value[0] === 0x01) { t.vendor = 'aws'; t.text = value.subarray(1, 1 + MAX_TLV_TEXT).toString('utf8'); }
    if (type === 0xee && value[0] === 0x01 && value.length >= 5) { t.vendor = 'azure'; t.text = String(value.readUInt32LE(1)); }
    if (type === 0xe0 && value.length === 8) { t.vendor = 'gcp'; t.text = value.readBigUInt64BE(0).toString(); }
  }
  return t;
}

let crcTable = null;
/** CRC32C (Castagnoli, RFC 4960 appendix B), as the PROXY v2 CRC32C TLV uses. */
export function crc32c(bytes) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** "PROXY TCP4 src dst sport dport\r\n" (or "PROXY UNKNOWN\r\n" without endpoints). Throws on bad input. */
export function buildProxyV1(source, destination) {
  if (!source || !destination) return Buffer.from('PROXY UNKNOWN\r\n', 'latin1');
  checkEndpoint(source);
  checkEndpoint(destination);
  const v4 = isIPv4Strict(source.ip);
  if (v4 !== isIPv4Strict(destination.ip)) throw new Error('PROXY v1 needs source and destination of one family');
  const ip = (x) => (v4 ? x : ipv6FromBytes(ipv6ToBytes(x), true)); // v1 allows hex groups only
  return Buffer.from(`PROXY ${v4 ? 'TCP4' : 'TCP6'} ${ip(source.ip)} ${ip(destination.ip)} ${source.port} ${destination.port}\r\n`, 'latin1');
}

/**
 * A PROXY v2 header. opts: {command:'PROXY'|'LOCAL', transport ('stream' with endpoints), source, destination,
 * tlvs:[{type, value}], crc32c:boolean}. Endpoints are {ip, port}; omit them for family UNSPEC.
 */
export function buildProxyV2(opts = {}) {
  const { command = 'PROXY', transport, source = null, destination = null, tlvs = [], crc32c: withCrc = false } = opts;
  let family = 'unspec';
  let addr = Buffer.alloc(0);
  if (source && destination) {
    checkEndpoint(source);
    checkEndpoint(destination);
    const v4 = isIPv4Strict(source.ip);
    if (v4 !== isIPv4Strict(destination.ip)) throw new Error('PROXY v2 needs source and destination of one family');
    family = v4 ? 'inet' : 'inet6';
    const bytes = (ip) => (v4 ? Buffer.from(ip.split('.').map(Number)) : ipv6ToBytes(ip));
    const ports = Buffer.alloc(4);
    ports.writeUInt16BE(source.port, 0);
    ports.writeUInt16BE(destination.port, 2);
    addr = Buffer.concat([bytes(source.ip), bytes(destination.ip), ports]);
  }
  const parts = [addr];
  for (const t of tlvs) parts.push(tlv(t.type, Buffer.from(t.value)));
  let crcAt = -1;
  if (withCrc) {
    crcAt = 16 + parts.reduce((n, p) => n + p.length, 0) + 3;
    parts.push(tlv(0x03, Buffer.alloc(4)));
  }
  const body = Buffer.concat(parts);
  if (body.length > 0xffff) throw new Error('PROXY v2 header too long');
  const head = Buffer.alloc(16);
  V2_SIGNATURE.copy(head, 0);
  head[12] = 0x20 | (command === 'LOCAL' ? 0 : 1);
  // Without endpoints both nibbles are UNSPEC (\x00), as the spec asks for LOCAL.
  head[13] = (FAMILIES.indexOf(family) << 4) | Math.max(0, TRANSPORTS.indexOf(transport || (family === 'unspec' ? 'unspec' : 'stream')));
  head.writeUInt16BE(body.length, 14);
  const out = Buffer.concat([head, body]);
  if (crcAt >= 0) out.writeUInt32BE(crc32c(out), crcAt);
  return out;
}

function tlv(type, value) {
  const h = Buffer.alloc(3);
  h[0] = type;
  h.writeUInt16BE(value.length, 1);
  return Buffer.concat([h, value]);
}

function checkEndpoint(e) {
  if (!e || (!isIPv4Strict(e.ip) && !ipv6ToBytes(e.ip))) throw new Error(`bad PROXY address: ${e && e.ip}`);
  if (!Number.isInteger(e.port) || e.port < 0 || e.port > 65535) throw new Error(`bad PROXY port: ${e.port}`);
}

/** One-line text for logs: "v2 PROXY inet 203.0.113.7:5000 > 198.18.0.2:30080". */
export function summariseProxy(h) {
  if (!h) return null;
  const ep = (e) => (!e ? '-' : 'path' in e ? e.path : hostPort(e.ip, e.port));
  return `v${h.version} ${h.command} ${h.family} ${ep(h.source)} > ${ep(h.destination)}`;
}

// ---------------------------------------------------------------------------------------------
// Flags: --name value | --name=value; every flag also reads SNATSCOPE_<NAME> from the env.

/** spec: {name: {type:'int'|'string'|'bool', default}}. Returns {values, errors}. */
export function parseFlags(argv, env, spec) {
  const values = {};
  const errors = [];
  const set = (name, raw, from) => {
    const s = spec[name];
    if (s.type === 'bool') values[name] = raw === true || /^(1|true|yes|on)$/i.test(String(raw));
    else if (s.type === 'int') {
      if (!/^-?\d+$/.test(String(raw))) errors.push(`${from}: not an integer: ${raw}`);
      else values[name] = Number(raw);
    } else values[name] = String(raw);
  };
  for (const name of Object.keys(spec)) {
    const envName = `SNATSCOPE_${name.toUpperCase().replace(/-/g, '_')}`;
    if (env[envName] !== undefined && env[envName] !== '') set(name, env[envName], envName);
    else if (spec[name].default !== undefined) values[name] = spec[name].default;
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(arg);
    if (!m || !spec[m[1]]) { errors.push(`unknown argument: ${arg}`); continue; }
    const name = m[1];
    if (m[2] !== undefined) set(name, m[2], `--${name}`);
    else if (spec[name].type === 'bool') set(name, true, `--${name}`);
    else if (i + 1 < argv.length) set(name, argv[++i], `--${name}`);
    else errors.push(`--${name} needs a value`);
  }
  return { values, errors };
}

/** Downward-API identity (see README): POD_NAME, POD_NAMESPACE, POD_IP, NODE_NAME, HOST_IP. */
export function podIdentity(env) {
  const v = (k) => (env[k] ? String(env[k]).slice(0, 253) : null);
  return { name: v('POD_NAME'), namespace: v('POD_NAMESPACE'), ip: v('POD_IP'), node: v('NODE_NAME'), hostIp: v('HOST_IP') };
}

// ---------------------------------------------------------------------------------------------
// serve

const MAX_HEADER_BYTES = 16 * 1024;
const MAX_HEADER_VALUE = 2048;
const MAX_PATH = 2048;
const MAX_BODY = 64 * 1024;
const MAX_ID = 128;

/** Request headers as received: lowercased names, every value kept in order, values capped. */
export function collectHeaders(rawHeaders) {
  const out = Object.create(null); // header names are attacker-chosen ("__proto__")
  let truncated = false;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = String(rawHeaders[i]).toLowerCase();
    let value = String(rawHeaders[i + 1]);
    if (value.length > MAX_HEADER_VALUE) { value = value.slice(0, MAX_HEADER_VALUE); truncated = true; }
    (out[name] || (out[name] = [])).push(value);
  }
  return { headers: out, truncated };
}

/** The request id a datagram carries: its first line, trimmed, at most 128 characters. */
export function datagramId(msg) {
  const head = msg.subarray(0, 512);
  const nl = head.indexOf(0x0a);
  const id = head.subarray(0, nl < 0 ? head.length : nl).toString('utf8').trim().slice(0, MAX_ID);
  return id === '' ? null : id;
}

const SERVE_FLAGS = {
  host: { type: 'string', default: '' },
  key: { type: 'string', default: '' },
  port: { type: 'int', default: 8080 },
  'udp-port': { type: 'string', default: '8081' },
  'sniff-timeout-ms': { type: 'int', default: 5000 },
  'grace-ms': { type: 'int', default: 10000 },
  quiet: { type: 'bool', default: false },
};

/**
 * Start the echo. opts: {host, port, udpPort (number|null), sniffTimeoutMs, graceMs, quiet, env, log}.
 * Resolves {tcp:{ip,port}, udp:{ip,port}|null, close(reason)} once both sockets listen.
 */
// Who gets the full echo: with a run key (--key / SNATSCOPE_KEY), only requests that carry it
// (the probe's own). Anyone else who reaches the port (a public LoadBalancer, a scanner) learns
// just what a verdict needs (the source address and forwarding headers), not the pod, namespace,
// node or every request header.
const FORWARDING_HEADERS = ['x-forwarded-for', 'x-real-ip', 'forwarded'];
export const KEY_HEADER = 'x-snatscope-key';

export function keyMatches(given, key) {
  if (!key) return true;
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

function forwardingOnly(headers) {
  const out = Object.create(null);
  for (const name of FORWARDING_HEADERS) if (headers[name]) out[name] = headers[name];
  return out;
}

export async function startEcho(opts) {
  const env = opts.env || {};
  const log = opts.log || (() => {});
  const pod = podIdentity(env);
  const key = opts.key || '';
  const sniffTimeoutMs = opts.sniffTimeoutMs ?? 5000;
  const graceMs = opts.graceMs ?? 10000;
  let seq = 0;
  let closing = false;
  const proxyOf = new WeakMap();
  const sockets = new Set();
  const sniffing = new Set();

  const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES, connectionsCheckingInterval: 1000 }, onRequest);
  // Slowloris guards: whole header block within 10 s, whole request within 20 s, idle sockets 30 s.
  server.headersTimeout = 10000;
  server.requestTimeout = 20000;
  server.keepAliveTimeout = 5000;
  server.timeout = 30000;
  server.maxHeadersCount = 100;
  server.maxConnections = 4096;
  // The PROXY header comes before HTTP: take over 'connection', strip the header, then hand the
  // socket to http's own connection listener (the same one a plain listen() would have used).
  const [httpConnection] = server.listeners('connection');
  server.removeAllListeners('connection');
  server.on('connection', sniff);
  server.on('clientError', (err, socket) => {
    if (!socket.writable || err.code === 'ECONNRESET') return socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });

  function sniff(socket) {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    if (closing) return socket.destroy();
    sniffing.add(socket);
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => reject('timeout'), sniffTimeoutMs);
    const onError = () => { done(); socket.destroy(); };
    const onClose = () => done();
    const onData = (chunk) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      let r;
      try {
        r = parseProxyHeader(buf);
      } catch {
        r = fail('parser-exception'); // the parser is not expected to throw; never crash if it does
      }
      if (r.status === 'incomplete') return;
      if (r.status === 'error') return reject(r.reason);
      done();
      socket.pause();
      if (r.status === 'ok') proxyOf.set(socket, r.header);
      const rest = r.status === 'ok' ? buf.subarray(r.length) : buf;
      if (rest.length) socket.unshift(rest);
      httpConnection.call(server, socket);
      socket.resume();
    };
    function done() {
      clearTimeout(timer);
      sniffing.delete(socket);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
    }
    function reject(reason) {
      done();
      log(entry('snatscope.rejected', { peer: hostPort(normaliseIp(socket.remoteAddress), socket.remotePort), local: hostPort(normaliseIp(socket.localAddress), socket.localPort), reason }));
      socket.on('error', () => {});
      socket.destroy();
    }
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
  }

  function onRequest(req, res) {
    if (closing) res.setHeader('connection', 'close'); // draining: no keep-alive
    let bodyBytes = 0;
    req.on('data', (c) => { bodyBytes += c.length; if (bodyBytes > MAX_BODY) req.socket.destroy(); });
    req.on('error', () => {});
    const path = String(req.url || '').slice(0, MAX_PATH);
    if (path === '/healthz' || path.startsWith('/healthz?')) {
      res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store', 'content-length': 3 });
      return res.end('ok\n');
    }
    const socket = req.socket;
    const proxy = proxyOf.get(socket) || null;
    const { headers, truncated } = collectHeaders(req.rawHeaders);
    const full = keyMatches(headers[KEY_HEADER]?.[0], key);
    delete headers[KEY_HEADER]; // never echoed back
    const idHeader = headers['x-snatscope-request'];
    const peer = { ip: normaliseIp(socket.remoteAddress), port: socket.remotePort ?? null };
    const echo = full
      ? entry('snatscope.echo', {
          proto: 'tcp',
          seq: ++seq,
          id: idHeader ? idHeader[0].slice(0, MAX_ID) : null,
          peer,
          local: { ip: normaliseIp(socket.localAddress), port: socket.localPort ?? null },
          proxy,
          request: { method: req.method, path, httpVersion: req.httpVersion, headers, truncated },
          pod,
        })
      : entry('snatscope.echo', { proto: 'tcp', seq: ++seq, id: null, peer, proxy: proxy ? { version: proxy.version, source: proxy.source } : null, request: { headers: forwardingOnly(headers) }, limited: true });
    const body = JSON.stringify(echo);
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    const xff = headers['x-forwarded-for'];
    served(echo, { proxy: summariseProxy(proxy), method: req.method, path: path.slice(0, 256), xff: xff ? xff.join(', ').slice(0, 256) : null });
  }

  function served(echo, fields) {
    if (opts.quiet) return;
    const { time, seq: n, proto, id, peer, local } = echo;
    // A limited answer (no run key) has no local address: still logged, never a crash.
    log({ kind: 'snatscope.served', v: SCHEMA_VERSION, time, seq: n, proto, id, peer: hostPort(peer.ip, peer.port), local: local ? hostPort(local.ip, local.port) : null, proxy: null, method: null, path: null, xff: null, ...(echo.limited ? { limited: true } : {}), ...fields });
  }
  const logError = (err) => log(entry('snatscope.error', { message: String(err && err.message) }));

  await new Promise((resolve, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(opts.host ? { port: opts.port, host: opts.host } : { port: opts.port }, () => {
      server.off('error', rejectListen);
      server.on('error', logError);
      resolve();
    });
  });

  let udp = null;
  if (opts.udpPort !== null && opts.udpPort !== undefined) {
    try {
      udp = await bindUdp(opts.host, opts.udpPort);
    } catch (err) {
      server.close();
      throw err;
    }
    udp.on('error', logError);
    const udpLocal = udp.address();
    udp.on('message', (msg, rinfo) => {
      // A datagram proves the key on its second line (the first is the request id).
      const secondLine = msg.subarray(0, 1024).toString('utf8').split('\n')[1];
      if (!keyMatches(secondLine === undefined ? undefined : secondLine.trim(), key)) {
        const limited = entry('snatscope.echo', { proto: 'udp', seq: ++seq, id: null, peer: { ip: normaliseIp(rinfo.address), port: rinfo.port }, limited: true });
        udp.send(Buffer.from(JSON.stringify(limited)), rinfo.port, rinfo.address, () => {});
        return;
      }
      const echo = entry('snatscope.echo', {
        proto: 'udp',
        seq: ++seq,
        id: datagramId(msg),
        peer: { ip: normaliseIp(rinfo.address), port: rinfo.port },
        // Without IP_PKTINFO Node cannot tell which local address a datagram was sent to: this is the bound one.
        local: { ip: normaliseIp(udpLocal.address), port: udpLocal.port },
        proxy: null,
        request: null,
        pod,
      });
      udp.send(Buffer.from(JSON.stringify(echo)), rinfo.port, rinfo.address, () => {});
      served(echo, {});
    });
  }

  const tcpAddr = server.address();
  const udpAddr = udp ? udp.address() : null;
  let closed = null;
  return {
    tcp: { ip: normaliseIp(tcpAddr.address), port: tcpAddr.port },
    udp: udpAddr ? { ip: normaliseIp(udpAddr.address), port: udpAddr.port } : null,
    served: () => seq,
    /** Stop accepting, let in-flight requests finish (Connection: close), force after graceMs. */
    close() {
      if (closed) return closed;
      closing = true;
      closed = new Promise((resolve) => {
        const force = setTimeout(() => { for (const s of sockets) s.destroy(); resolve(); }, graceMs);
        server.close(() => { clearTimeout(force); resolve(); });
        if (typeof server.closeIdleConnections === 'function') server.closeIdleConnections();
        for (const s of sniffing) s.destroy();
        if (udp) udp.close();
      });
      return closed;
    },
  };
}

function bindUdp(host, port) {
  const attempt = (type, address) =>
    new Promise((resolve, reject) => {
      const s = dgram.createSocket({ type });
      s.once('error', (err) => { s.close(); reject(err); });
      s.bind({ port, address }, () => { s.removeAllListeners('error'); resolve(s); });
    });
  if (host) return attempt(net.isIPv6(host) ? 'udp6' : 'udp4', host);
  // Dual-stack like the TCP listener; pods without IPv6 fall back to IPv4 only.
  return attempt('udp6', '::').catch(() => attempt('udp4', '0.0.0.0'));
}

// ---------------------------------------------------------------------------------------------
// client

export const RESULTS = ['ok', 'timeout', 'refused', 'reset', 'unreachable', 'http-error', 'proxy-error', 'other'];
const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);
const MAX_RESPONSE = 256 * 1024;

/**
 * Map a socket error to a result class. ctx: {proxySent, responseStarted}.
 * A peer that closes or resets right after our PROXY header most likely rejected it: proxy-error.
 */
export function classifyError(err, ctx = {}) {
  let e = err;
  if (e && !e.code && Array.isArray(e.errors) && e.errors.length) e = e.errors[0]; // happy-eyeballs AggregateError
  const code = (e && typeof e.code === 'string' && e.code) || (e && e.name) || 'Error';
  const message = String((e && e.message) || e).slice(0, 300);
  const error = { class: code, message };
  if ((code === 'ECONNRESET' || code === 'EPIPE' || code === 'EMPTY_REPLY') && ctx.proxySent && !ctx.responseStarted) return { result: 'proxy-error', error };
  if (code === 'ECONNREFUSED') return { result: 'refused', error };
  if (code === 'ECONNRESET' || code === 'EPIPE') return { result: 'reset', error };
  if (code === 'ETIMEDOUT' || code === 'TIMEOUT') return { result: 'timeout', error };
  if (UNREACHABLE.has(code)) return { result: 'unreachable', error };
  return { result: 'other', error };
}

/** "[udp://|http://]host:port[/path][#label]" list, or a JSON array of target objects. */
export function parseTargets(text) {
  const s = String(text || '').trim();
  if (s === '') return [];
  const list = s.startsWith('[') && !/^\[[0-9a-f:.]*\]:/i.test(s) ? JSON.parse(s) : s.split(',').map((x) => x.trim()).filter(Boolean);
  if (!Array.isArray(list)) throw new Error('targets JSON must be an array');
  return list.map((item) => normaliseTarget(typeof item === 'string' ? targetFromText(item) : item));
}

function targetFromText(item) {
  let rest = item;
  let label;
  const hash = rest.indexOf('#');
  if (hash >= 0) { label = rest.slice(hash + 1); rest = rest.slice(0, hash); }
  let proto = 'http';
  const m = /^([a-z-]+):\/\//.exec(rest);
  if (m) { proto = m[1]; rest = rest.slice(m[0].length); }
  const hp = /^(\[[^\]]+\]|[^:/[\]]+):(\d+)(\/.*)?$/.exec(rest);
  if (!hp) throw new Error(`bad target: ${item}`);
  const host = hp[1].startsWith('[') ? hp[1].slice(1, -1) : hp[1];
  return { host, port: Number(hp[2]), proto, label, path: hp[3] };
}

function normaliseTarget(t) {
  if (!t || typeof t !== 'object') throw new Error('target must be an object');
  const aliases = { http: 'http', tcp: 'http', 'tcp-http': 'http', udp: 'udp' };
  const proto = Object.hasOwn(aliases, t.proto || 'http') ? aliases[t.proto || 'http'] : null;
  if (!proto) throw new Error(`bad target protocol: ${t.proto}`);
  if (typeof t.host !== 'string' || t.host === '' || /[\s/]/.test(t.host)) throw new Error(`bad target host: ${t.host}`);
  if (!Number.isInteger(t.port) || t.port < 1 || t.port > 65535) throw new Error(`bad target port: ${t.port}`);
  const path = t.path === undefined ? undefined : String(t.path);
  if (path !== undefined && !path.startsWith('/')) throw new Error(`bad target path: ${path}`);
  if (t.proxy !== undefined && !['none', 'v1', 'v2'].includes(t.proxy)) throw new Error(`bad proxy: ${t.proxy}`);
  const target = hostPort(t.host, t.port);
  return {
    host: t.host, port: t.port, proto, target, label: t.label === undefined ? target : String(t.label).slice(0, 200),
    path, hostHeader: t.hostHeader === undefined ? undefined : String(t.hostHeader),
    headers: t.headers && typeof t.headers === 'object' ? t.headers : {}, proxy: t.proxy, proxySource: t.proxySource,
  };
}

function parseEndpointText(s) {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(String(s));
  if (!m) throw new Error(`bad endpoint (want ip:port): ${s}`);
  return { ip: m[1] || m[2], port: Number(m[3]) };
}

const ms = (a, b) => Math.round((b - a) * 10) / 10;
const BLANK = Object.freeze({ result: 'other', phase: null, status: null, connectMs: null, totalMs: null, local: null, remote: null, proxySent: null, error: null, echo: null, body: null });

/**
 * setTimeout whose callback waits for one more poll of the sockets. Node runs expired timers before
 * it polls I/O, so a client whose event loop was starved past the deadline (a CPU-throttled pod)
 * would call "timeout" a refusal or reply already queued on its socket. Returns a cancel function.
 */
function deadline(fn, ms) {
  let immediate = null;
  const timer = setTimeout(() => { immediate = setImmediate(fn); }, ms);
  return () => { clearTimeout(timer); if (immediate) clearImmediate(immediate); };
}

/** One HTTP request over a fresh TCP connection; resolves to the fields of a result line. */
function probeHttp(t, o) {
  const start = performance.now();
  const connectLimit = Math.min(o.connectTimeoutMs ?? o.timeoutMs, o.timeoutMs);
  return new Promise((resolve) => {
    let finished = false;
    let phase = 'connect';
    let connectMs = null;
    let local = null;
    let remote = null;
    let proxySent = null;
    let responseStarted = false;
    let sockErr = null;
    let peerEnded = false;
    let req = null;
    const socket = net.connect({ host: t.host, port: t.port });
    const finish = (fields) => {
      if (finished) return;
      finished = true;
      cancelTimer();
      if (req) req.destroy();
      socket.destroy();
      resolve({ ...BLANK, phase: fields.result === 'ok' ? null : phase, connectMs, totalMs: ms(start, performance.now()), local, remote, proxySent, ...fields });
    };
    const fromError = (err) => finish(classifyError(err, { proxySent: !!proxySent, responseStarted }));
    const timeout = () => finish({ result: 'timeout', error: { class: 'TIMEOUT', message: phase === 'connect' ? `no connection within ${connectLimit} ms` : `no complete response within ${o.timeoutMs} ms` } });
    let cancelTimer = deadline(timeout, connectLimit);
    socket.on('error', (err) => { sockErr = sockErr || err; if (!req) fromError(err); });
    socket.on('end', () => { peerEnded = true; });
    socket.once('connect', () => {
      connectMs = ms(start, performance.now());
      local = { ip: normaliseIp(socket.localAddress), port: socket.localPort };
      remote = { ip: normaliseIp(socket.remoteAddress), port: socket.remotePort };
      phase = 'response';
      cancelTimer();
      cancelTimer = deadline(timeout, Math.max(0, o.timeoutMs - connectMs));
      const mode = t.proxy || o.proxy || 'none';
      if (mode !== 'none') {
        try {
          const srcText = t.proxySource || o.proxySource;
          const src = srcText ? parseEndpointText(srcText) : local;
          const header = mode === 'v1' ? buildProxyV1(src, remote) : buildProxyV2({ source: src, destination: remote });
          socket.write(header);
          proxySent = { version: mode === 'v1' ? 1 : 2, source: src, destination: remote };
        } catch (err) {
          return finish({ result: 'proxy-error', error: { class: 'PROXY_BUILD', message: String(err.message).slice(0, 300) } });
        }
      }
      const headers = { host: t.hostHeader || hostPort(t.host, t.port), 'user-agent': 'snatscope-probe/1', accept: 'application/json', 'x-snatscope-request': o.id, ...(o.key ? { [KEY_HEADER]: o.key } : {}), ...t.headers };
      try {
        req = http.request({ createConnection: () => socket, method: 'GET', path: t.path || o.path || '/', headers });
      } catch (err) {
        return finish({ result: 'other', error: { class: err.code || 'BAD_REQUEST', message: String(err.message).slice(0, 300) } });
      }
      req.on('error', (err) => {
        if (sockErr) return fromError(sockErr);
        if (peerEnded && !responseStarted) return fromError({ code: 'EMPTY_REPLY', message: 'connection closed before any response' });
        fromError(err);
      });
      req.on('response', (res) => {
        responseStarted = true;
        const chunks = [];
        let size = 0;
        res.on('data', (c) => {
          size += c.length;
          if (size > MAX_RESPONSE) return finish({ result: 'other', status: res.statusCode, error: { class: 'BODY_TOO_LARGE', message: `response over ${MAX_RESPONSE} bytes` } });
          chunks.push(c);
        });
        res.on('error', (err) => fromError(sockErr || err));
        res.on('aborted', () => fromError(sockErr || { code: 'TRUNCATED', message: 'response cut short' }));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let echo = null;
          try {
            const parsed = JSON.parse(text);
            if (parsed && parsed.kind === 'snatscope.echo') echo = parsed;
          } catch {
            /* not an echo body: reported as a snippet below */
          }
          const status = res.statusCode;
          const body = echo ? null : text.slice(0, 512);
          if (status < 200 || status > 299) return finish({ result: 'http-error', status, echo, body, error: { class: `HTTP_${status}`, message: String(res.statusMessage || '').slice(0, 200) } });
          if (!echo) return finish({ result: 'other', status, body, error: { class: 'NOT_ECHO', message: 'the 2xx body is not a snatscope echo' } });
          finish({ result: 'ok', status, echo });
        });
      });
      req.end();
    });
  });
}

/** One datagram to a UDP echo; waits for the reply that carries our id. */
function probeUdp(t, o) {
  const start = performance.now();
  return new Promise((resolve) => {
    let finished = false;
    let sock = null;
    let local = null;
    let remote = null;
    const finish = (fields) => {
      if (finished) return;
      finished = true;
      cancelTimer();
      if (sock) { try { sock.close(); } catch { /* already closed */ } }
      resolve({ ...BLANK, phase: fields.result === 'ok' ? null : 'response', totalMs: ms(start, performance.now()), local, remote, ...fields });
    };
    const cancelTimer = deadline(() => finish({ result: 'timeout', error: { class: 'TIMEOUT', message: `no reply within ${o.timeoutMs} ms` } }), o.timeoutMs);
    const withAddress = (cb) => (net.isIP(t.host) ? cb(t.host, net.isIP(t.host)) : dns.lookup(t.host, (err, a, fam) => (err ? finish({ ...classifyError(err), phase: 'connect' }) : cb(a, fam))));
    withAddress((address, family) => {
      if (finished) return;
      sock = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
      // A connected UDP socket turns an ICMP port-unreachable into ECONNREFUSED: "refused", not a timeout.
      sock.on('error', (err) => finish(classifyError(err)));
      sock.on('message', (msg) => {
        let echo;
        try { echo = JSON.parse(msg.toString('utf8')); } catch { return; }
        if (!echo || echo.kind !== 'snatscope.echo' || echo.id !== o.id) return; // a stray or late reply
        finish({ result: 'ok', echo });
      });
      sock.connect(t.port, address, () => {
        try {
          const la = sock.address();
          const ra = sock.remoteAddress();
          local = { ip: normaliseIp(la.address), port: la.port };
          remote = { ip: normaliseIp(ra.address), port: ra.port };
          sock.send(Buffer.from(o.key ? `${o.id}\n${o.key}\n` : `${o.id}\n`));
        } catch (err) {
          finish(classifyError(err));
        }
      });
    });
  });
}

const CLIENT_FLAGS = {
  targets: { type: 'string' },
  'targets-file': { type: 'string' },
  concurrency: { type: 'int', default: 16 },
  'timeout-ms': { type: 'int', default: 5000 },
  'connect-timeout-ms': { type: 'int' },
  repeat: { type: 'int', default: 1 },
  path: { type: 'string', default: '/' },
  proxy: { type: 'string', default: 'none' },
  'proxy-source': { type: 'string' },
  run: { type: 'string' },
  key: { type: 'string', default: '' },
  'wait-ms': { type: 'int', default: 0 },
};

/** Run every target `repeat` times with at most `concurrency` in flight; write() gets each line. */
export async function runClient(opts) {
  const write = opts.write;
  // --wait-ms: first wait (unrecorded) until each target answers once, e.g. for kube-proxy to
  // program a Service created a moment ago; a target that never answers is measured anyway.
  if (opts.waitMs > 0) {
    const until = performance.now() + opts.waitMs;
    for (const t of opts.targets) {
      while (performance.now() < until) {
        const r = await (t.proto === 'udp' ? probeUdp(t, { ...opts, timeoutMs: 1000, id: 'wait' }) : probeHttp(t, { ...opts, timeoutMs: 1000, connectTimeoutMs: 1000, id: 'wait' })).catch(() => ({ result: 'other' }));
        if (r.result === 'ok') break;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }
  }
  const run = opts.run || randomBytes(4).toString('hex');
  const from = podIdentity(opts.env || {});
  const jobs = [];
  for (let attempt = 1; attempt <= opts.repeat; attempt++) for (const target of opts.targets) jobs.push({ target, attempt, seq: jobs.length + 1 });
  const counts = Object.fromEntries(RESULTS.map((r) => [r, 0]));
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      const t = job.target;
      const id = `${run}-${job.seq}`;
      const time = new Date().toISOString();
      const o = { ...opts, id };
      let r;
      try {
        r = await (t.proto === 'udp' ? probeUdp(t, o) : probeHttp(t, o));
      } catch (err) {
        r = { ...BLANK, ...classifyError(err) }; // not expected: the probes resolve every failure themselves
      }
      counts[r.result] = (counts[r.result] || 0) + 1;
      write({
        kind: 'snatscope.result', v: SCHEMA_VERSION, run, seq: job.seq, attempt: job.attempt, id, time,
        target: t.target, proto: t.proto, label: t.label,
        result: r.result, phase: r.phase, status: r.status, connectMs: r.connectMs, totalMs: r.totalMs,
        local: r.local, remote: r.remote, proxySent: r.proxySent, error: r.error, echo: r.echo, body: r.body, from,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, jobs.length)) }, worker));
  const summary = { kind: 'snatscope.summary', v: SCHEMA_VERSION, run, requests: jobs.length, counts, totalMs: ms(started, performance.now()), from };
  write(summary);
  return summary;
}

// ---------------------------------------------------------------------------------------------
// CLI

const USAGE = `usage:
  node echo.mjs serve  [--host ADDR] [--port 8080] [--udp-port 8081|off] [--sniff-timeout-ms 5000] [--grace-ms 10000] [--quiet]
  node echo.mjs client (--targets LIST | --targets-file FILE) [--concurrency 16] [--timeout-ms 5000]
                       [--connect-timeout-ms N] [--repeat 1] [--path /] [--proxy none|v1|v2] [--proxy-source IP:PORT] [--run ID]
                       [--wait-ms 0]   (first wait up to N ms for each target to answer once; not recorded)
Every flag can also come from SNATSCOPE_<FLAG> (e.g. SNATSCOPE_TARGETS). See README.md.`;

const printLine = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);

function usageError(messages) {
  process.stderr.write(`${messages.join('\n')}\n${USAGE}\n`);
  return 2;
}

export async function main(argv, env) {
  const [mode, ...rest] = argv;
  if (mode === 'serve') {
    const { values, errors } = parseFlags(rest, env, SERVE_FLAGS);
    const udpText = String(values['udp-port']);
    const udpPort = udpText === 'off' ? null : /^\d+$/.test(udpText) ? Number(udpText) : NaN;
    if (Number.isNaN(udpPort)) errors.push(`bad --udp-port: ${udpText}`);
    if (values.port < 0 || values.port > 65535 || (udpPort !== null && udpPort > 65535)) errors.push('ports must be 0..65535');
    if (errors.length) return usageError(errors);
    let echo;
    try {
      echo = await startEcho({ host: values.host, port: values.port, udpPort, sniffTimeoutMs: values['sniff-timeout-ms'], graceMs: values['grace-ms'], quiet: values.quiet, key: values.key, env, log: printLine });
    } catch (err) {
      process.stderr.write(`snatscope echo: cannot listen: ${err && err.message}\n`);
      return 1;
    }
    printLine(entry('snatscope.listening', { tcp: echo.tcp, udp: echo.udp, pod: podIdentity(env), node: process.version }));
    const reason = await new Promise((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
    });
    await echo.close();
    printLine(entry('snatscope.stopped', { reason, served: echo.served() }));
    return 0;
  }
  if (mode === 'client') {
    const { values, errors } = parseFlags(rest, env, CLIENT_FLAGS);
    let targets = [];
    try {
      if (values['targets-file']) targets = targets.concat(parseTargets(fs.readFileSync(values['targets-file'], 'utf8')));
      if (values.targets) targets = targets.concat(parseTargets(values.targets));
    } catch (err) {
      errors.push(String(err && err.message));
    }
    if (!targets.length && !errors.length) errors.push('no targets');
    if (!['none', 'v1', 'v2'].includes(values.proxy)) errors.push(`bad --proxy: ${values.proxy}`);
    if (values['proxy-source']) { try { parseEndpointText(values['proxy-source']); } catch (err) { errors.push(err.message); } }
    if (values.concurrency < 1 || values.repeat < 1 || values['timeout-ms'] < 1) errors.push('--concurrency, --repeat and --timeout-ms must be >= 1');
    if (values.path && !values.path.startsWith('/')) errors.push('--path must start with /');
    if (errors.length) return usageError(errors);
    await runClient({
      targets, env, write: printLine, run: values.run, concurrency: values.concurrency, repeat: values.repeat, timeoutMs: values['timeout-ms'],
      connectTimeoutMs: values['connect-timeout-ms'], path: values.path, proxy: values.proxy, proxySource: values['proxy-source'], key: values.key, waitMs: values['wait-ms'],
    });
    return 0; // failures are data, not errors
  }
  if (mode === '--help' || mode === 'help' || mode === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  return usageError([mode ? `unknown mode: ${mode}` : 'missing mode']);
}

function isMain() {
  // Compare real paths: a ConfigMap mount reaches the file through symlinks. The name check keeps
  // a bundler that inlines this module into another entry point from running it as a CLI.
  try {
    const self = fs.realpathSync(fileURLToPath(import.meta.url));
    return !!process.argv[1] && /echo\.m?js$/.test(self) && fs.realpathSync(process.argv[1]) === self;
  } catch {
    return false;
  }
}

if (isMain()) {
  main(process.argv.slice(2), process.env).then(
    (code) => { process.exitCode = code; if (code === 0 && process.argv[2] === 'serve') process.exit(0); },
    (err) => { process.stderr.write(`snatscope echo: ${(err && err.stack) || err}\n`); process.exit(1); },
  );
}
