// Issue 17 item 4: every cluster string of a session, whatever it looks like (names that start
// with a digit, IPv6, LB hostnames, ingress hosts, label keys and values, the image, the
// operator's user/machine/pid in plan.yaml), is a unique marker here; none may survive
// `--redact` in any text export, and addresses that appear only in free text are caught too.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderExports } from './render';
import { collectAliases, redactSession } from './redact';
import { parseSession } from './session-file';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const SAMPLE = readFileSync(join(import.meta.dirname, '../../../resources/sample/seed-session.json'), 'utf8');

/** Fields that hold codes, enums, timestamps or versions of our own, not cluster data. */
const STRUCTURAL = new Set(['kind', 'code', 't', 'version', 'createdAt', 'finishedAt', 'status', 'verdict', 'class', 'result', 'outcome', 'stage', 'role', 'policy', 'type', 'language', 'mode', 'via', 'effect', 'protocol', 'phase', 'problem', 'verb', 'resource', 'addressType', 'externalTrafficPolicy', 'internalTrafficPolicy', 'sessionAffinity', 'ipMode', 'fixIds', 'proxyProtocol', 'detectLocalMode', 'pathType', 'forwardedForHeader', 'controller', 'key', 'i18n']);
/** Free-text fields: they mention cluster values rather than being one. */
const FREE = new Set(['message', 'action', 'warnings', 'evidence', 'error', 'text', 'reason', 'xForwardedFor', 'xRealIp', 'forwarded', 'value', 'params', 'yaml', 'source']);

function enrich(doc: Doc): Doc {
  const inv = doc.inventory;
  inv.nodes[0].addresses.internalIPs.push('fd00:10::11');
  inv.nodes[0].addresses.hostnames = ['7-worker-a.corp.example'];
  inv.nodes[0].zone = 'eu-west-1a';
  inv.nodes[0].labels = { 'team.corp.example/owner': 'payments-eu', 'topology.kubernetes.io/zone': 'eu-west-1a' };
  inv.service = {
    namespace: 'default', name: '3dsecure-api', type: 'LoadBalancer', clusterIPs: ['198.18.240.99', 'fd00:96::99'],
    ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 8443, nodePort: 31443 }],
    externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', healthCheckNodePort: null,
    loadBalancer: { ingress: [{ ip: '2001:db8::443', hostname: 'a1b2-lb.elb.example.com', ipMode: 'VIP' }], loadBalancerClass: 'corp.example/lb', sourceRanges: ['203.0.113.0/24'], proxyProtocol: null },
    externalIPs: [], sessionAffinity: 'None', selector: { app: '3dsecure' }, annotations: { 'corp.example/cost-center': 'cc-4711' }, warnings: [],
  };
  inv.ingresses = [{ namespace: 'web', name: 'shop', className: 'nginx', rules: [{ host: 'shop.corp.example', paths: [{ path: '/pay', pathType: 'Prefix', backend: { service: '3dsecure-api', port: 443 } }] }], defaultBackend: null, tls: true, warnings: [] }];
  doc.cluster.context = '2024-prod-eu';
  inv.cluster.context = '2024-prod-eu';
  doc.plan.image = 'registry.corp.example/mirror/node:22-alpine';
  doc.plan.yaml = doc.plan.yaml.replace('snatscope.io/owner: root', 'snatscope.io/owner: jdoe-admin').replace('snatscope.io/owner-host: vm', 'snatscope.io/owner-host: jdoe-laptop').replace(/owner-pid: "\d+"/, 'owner-pid: "48213"');
  return doc;
}

const isV4 = (s: string) => /^\d{1,3}(\.\d{1,3}){3}(\/\d+)?$/.test(s);
const isV6 = (s: string) => /^[0-9a-f:]+(\/\d+)?$/i.test(s) && s.includes('::');

/** Replaces every cluster value by a unique marker (one per distinct value) and free text by text naming them. */
function markerize(doc: Doc) {
  const markers = new Map<string, string>();
  // Ids are replaced where they are a whole field; free text mentions names and addresses.
  const ids = new Set<string>();
  const free: { holder: Doc; key: string | number }[] = [];
  let n = 0;
  const mark = (v: string) => {
    let m = markers.get(v);
    if (!m) {
      n++;
      m = isV4(v) ? (v.includes('/') ? `10.78.${n}.0/24` : `10.77.${n >> 8}.${n & 255}`) : isV6(v) ? (v.includes('/') ? `fd77:${n}::/64` : `fd77::${n.toString(16)}`) : `${n % 10}zq${n}x-corp`;
      markers.set(v, m);
    }
    return m;
  };
  const visit = (holder: Doc, key: string | number, parentKey: string | null) => {
    const value = holder[key];
    const k = typeof key === 'string' ? key : parentKey;
    if (k !== null && STRUCTURAL.has(k)) return;
    if (k !== null && FREE.has(k)) {
      free.push({ holder, key });
      return;
    }
    if (typeof value === 'string') {
      holder[key] = mark(value);
      if (k === 'id' || k === 'observationIds' || k === 'pathId') ids.add(holder[key]);
    }
    else if (Array.isArray(value)) value.forEach((_, i) => visit(value, i, k));
    else if (value && typeof value === 'object') {
      const record = ['labels', 'annotations', 'selector'].includes(String(k));
      for (const child of Object.keys(value)) {
        if (record) {
          const v = value[child];
          delete value[child];
          value[child.includes('kubernetes.io') ? child : mark(child)] = mark(v);
        } else visit(value, child, k);
      }
    }
  };
  for (const key of Object.keys(doc)) if (!['kind', 'version', 'app', 'timings', 'redacted', 'fixes', 'finding'].includes(key)) visit(doc, key, null);
  const names = [...markers.values()].filter((m) => !ids.has(m));
  let i = 0;
  const fresh: string[] = [];
  const sentence = () => {
    const v4 = `10.99.${i >> 8}.${i & 255}`;
    const v6 = `fd99::${(i + 1).toString(16)}`;
    fresh.push(v4, v6);
    return `see ${names[i++ % names.length]} via ${v4} and [${v6}]:443`;
  };
  // Step parameters of the form { t: key } name catalogue entries, not cluster values.
  const fill = (value: unknown): unknown => (typeof value === 'string' ? sentence() : Array.isArray(value) ? value.map(fill) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([a, b]) => [a, a === 't' ? b : fill(b)])) : value);
  for (const { holder, key } of free) {
    if (key === 'yaml') holder[key] = `${holder[key]}\n# ${sentence()}\n`.replace(/(owner(?:-host|-pid)?): "?([^"\n]*)"?/g, (_m, k: string, v: string) => `${k}: "${mark(v)}"`);
    else holder[key] = fill(holder[key]);
  }
  return { secrets: [...markers.values(), ...fresh], markers };
}

describe('redaction by typed fields', () => {
  const doc = enrich(JSON.parse(SAMPLE) as Doc);
  const { secrets, markers } = markerize(doc);
  const session = parseSession(JSON.stringify(doc));

  it('seeds hundreds of distinct markers, of every shape', () => {
    expect(secrets.length).toBeGreaterThan(200);
    expect(secrets.some((s) => /^\dzq/.test(s))).toBe(true);
    expect(secrets.some((s) => s.startsWith('fd77::'))).toBe(true);
    expect(secrets.some((s) => s.startsWith('fd99::'))).toBe(true);
  });

  it('no marker survives --redact in markdown, svg, json or mermaid', async () => {
    const { files } = await renderExports(session, { formats: ['markdown', 'svg', 'json', 'mermaid'], locale: 'en', theme: 'light', redact: true });
    expect(files.map((f) => f.name).sort()).toHaveLength(4);
    for (const f of files) {
      const text = (f as { text: string }).text;
      const left = secrets.filter((s) => text.includes(s));
      expect(left.map((m) => [...markers].find(([, v]) => v === m)?.[0] ?? m), f.name).toEqual([]);
    }
  }, 60_000);

  it('keeps roles in the aliases and a keyed, per-export server hash', () => {
    const red = redactSession(session);
    expect(red.inventory.nodes[0]!.addresses.internalIPs).toEqual([expect.stringMatching(/^node-1-ip$/), expect.stringMatching(/^node-1-ip-2$/)]);
    expect(red.inventory.service!.loadBalancer.ingress[0]!.ip).toBe('lb-1-ip');
    expect(red.inventory.service!.loadBalancer.ingress[0]!.hostname).toMatch(/^lb-host-\d+$/);
    expect(red.plan.relays!.map((r) => r.address)).toEqual(expect.arrayContaining([expect.stringMatching(/^relay-\d+-ip$/)]));
    expect(red.observations.find((o) => o.origin.kind === 'desktop')!.origin.address).toBe('desktop-ip');
    const again = redactSession(session);
    expect(red.cluster.serverHash).toMatch(/^[0-9a-f]{16}$/);
    expect(red.cluster.serverHash).not.toBe(session.cluster.serverHash);
    expect(again.cluster.serverHash).not.toBe(red.cluster.serverHash);
    expect(collectAliases(session).entries().find(([k]) => k === session.cluster.serverHash)![1]).not.toBe(red.cluster.serverHash);
  });

  it('the redacted session still opens and draws the same matrix', () => {
    const red = parseSession(JSON.stringify(redactSession(session)));
    expect(red.paths).toHaveLength(session.paths.length);
    expect(red.paths.map((p) => p.observed.verdict)).toEqual(session.paths.map((p) => p.observed.verdict));
  });
});
