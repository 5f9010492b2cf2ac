// API responses with unexpected shapes (issue 10 §2): a real HTTPS server answers every request
// of an inspection and a scan with arbitrary or hostile JSON — missing status, wrong types, huge
// labels, unicode/RTL and HTML in names. The result is a prediction or a clear error, never a
// crash or a hang, and the picture can still be built from whatever came back.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContextsService } from '../cluster/contexts-service';
import { b64, httpsServer, makeCa, makeServerCert, type TestServer } from '../cluster/test-support/tls-fixtures';
import { AppError } from '../rpc/app-error';
import { buildTopology } from '../topology';
import { inspectService, readClusterInventory } from './inspect';
import { scanHazards } from '../scan/scan';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let server: TestServer;
let dir: string;
let respond: (path: string) => unknown = () => ({});

const hostileNames = fc.constantFrom('frontend', '\u202Egnp.exe', '<img src=x onerror=alert(1)>', 'ノード一', 'a'.repeat(300), '', '../../etc', '__proto__', 'constructor', 'node\u0000x');
const hostileValue = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.boolean(), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }));
const hugeLabels = fc.constant(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`l${i}.example.com/key`, 'v'.repeat(63)])));
const objectMeta = fc.record({ name: hostileNames, namespace: fc.oneof(hostileNames, fc.constant(undefined)), labels: fc.oneof(hugeLabels, fc.dictionary(fc.string(), hostileValue, { maxKeys: 4 }), hostileValue), annotations: fc.oneof(fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }), hostileValue) }, { requiredKeys: [] });
const item = fc.record({ metadata: fc.oneof(objectMeta, hostileValue), spec: fc.oneof(fc.dictionary(fc.constantFrom('type', 'ports', 'selector', 'clusterIP', 'externalTrafficPolicy', 'podCIDR', 'nodeName', 'containers'), hostileValue), hostileValue), status: fc.oneof(fc.constant(undefined), fc.dictionary(fc.constantFrom('addresses', 'conditions', 'phase', 'podIP', 'loadBalancer'), hostileValue), hostileValue), endpoints: fc.oneof(hostileValue, fc.array(fc.dictionary(fc.constantFrom('addresses', 'conditions', 'nodeName', 'targetRef'), hostileValue), { maxLength: 3 })), data: hostileValue }, { requiredKeys: [] });
const listBody = fc.oneof(fc.record({ items: fc.array(item, { maxLength: 4 }) }), fc.record({ items: hostileValue }), hostileValue, fc.constant({ kind: 'Status', status: 'Failure', code: 404, reason: 'NotFound', message: 'not found' }));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'snatscope-hostile-api-'));
  const ca = await makeCa('hostile-api');
  server = await httpsServer(await makeServerCert(ca, { ip: ['127.0.0.1'] }), (req, res) => {
    const body = respond(req.url ?? '/');
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body ?? null));
  });
  await writeFile(join(dir, 'kubeconfig'), `apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: c\n  cluster: {server: "${server.url}", certificate-authority-data: ${b64(ca.cert)}}\nusers:\n- name: u\n  user: {token: t}\ncontexts:\n- name: c\n  context: {cluster: c, user: u}\n`);
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('hostile API responses', () => {
  it('inspect and scan give a result or a clear error, and the picture still builds', async () => {
    const contexts = new ContextsService({ env: { KUBECONFIG: join(dir, 'kubeconfig') }, home: dir, addedFiles: async () => [] });
    const id = (await contexts.snapshot()).contexts[0]!.id;
    const connection = await contexts.connect(id);
    let results = 0;
    let errors = 0;
    await fc.assert(
      fc.asyncProperty(item, listBody, listBody, listBody, async (service, nodes, slices, pods) => {
        respond = (path) => {
          if (/\/services\/[^/?]+$/.test(path.split('?')[0]!)) return service;
          if (path.startsWith('/api/v1/nodes')) return nodes;
          if (path.includes('/endpointslices')) return slices;
          if (path.includes('/pods')) return pods;
          if (path.startsWith('/version')) return { gitVersion: 'v1.31.0', major: '1', minor: '31' };
          return { items: [] };
        };
        try {
          const r = await inspectService(connection, { namespace: 'default', name: 'frontend' });
          buildTopology({ kind: 'inspect', result: r }, { locale: 'en' });
          results++;
        } catch (e) {
          // A clear error from the API layer (a Status, a transport or a JSON problem), classified
          // the way the app shows it — never a TypeError or RangeError from our own code.
          expect(['AppError', 'ClusterError', 'KubeApiError', 'KubeTransportError'], `${(e as Error).name}: ${(e as Error).message}`).toContain((e as Error).name);
          const classified = e instanceof AppError ? e : connection.classify(e);
          expect(classified.code).toMatch(/^k8s\./);
          expect(classified.message.length).toBeGreaterThan(10);
          errors++;
        }
        const inv = await readClusterInventory(connection).catch(() => null);
        if (inv) scanHazards(inv);
      }),
      { numRuns: 60, seed: 42 },
    );
    contexts.close();
    expect(results + errors).toBe(60);
    expect(results).toBeGreaterThan(0);
  }, 120_000);
});
