import { describe, expect, it } from 'vitest';
import type { CheckCell } from './cells';
import { evaluateService, holds, matchesVia } from './evaluate';
import { CLIENT_IP } from './schema';

function cell(over: Partial<CheckCell>): CheckCell {
  return { origin: { kind: 'desktop' }, entry: { kind: 'nodePort', node: 'node1', endpointNode: true }, label: 'desktop → node1', verdict: 'preserved', observedAddress: '203.0.113.5', carrier: null, rewritingHop: null, explanation: [], fixes: [], ...over };
}

describe('expectation evaluation', () => {
  it('decides every clientIP value from the verdict and the carrier', () => {
    const table: [Partial<CheckCell>, string[]][] = [
      [{ verdict: 'preserved' }, ['preserved', 'visible']],
      [{ verdict: 'snat', carrier: null }, ['snat']],
      [{ verdict: 'proxied', carrier: 'x-forwarded-for' }, ['x-forwarded-for', 'visible']],
      [{ verdict: 'proxied', carrier: 'proxy-protocol' }, ['proxy-protocol', 'visible']],
      [{ verdict: 'snat', carrier: 'x-real-ip' }, ['x-real-ip', 'visible', 'snat']],
      [{ verdict: 'dropped' }, ['dropped']],
      [{ verdict: 'rejected' }, ['dropped']],
      [{ verdict: 'broken', carrier: 'proxy-protocol' }, []],
      [{ verdict: 'unknown' }, []],
    ];
    for (const [over, ok] of table) {
      expect(CLIENT_IP.filter((w) => holds(w, cell(over))), JSON.stringify(over)).toEqual(ok);
    }
  });

  it('selects entries by via', () => {
    const n1 = cell({}).entry;
    const n2: CheckCell['entry'] = { kind: 'nodePort', node: 'node2', endpointNode: false };
    expect([undefined, 'any', 'any-node', 'endpoint-nodes', 'node/node1', 'node/node2', 'cluster-ip'].map((v) => matchesVia(v, n1))).toEqual([true, true, true, true, true, false, false]);
    expect(['any-node', 'endpoint-nodes', 'node/node2'].map((v) => matchesVia(v, n2))).toEqual([true, false, true]);
    expect(matchesVia('load-balancer', { kind: 'load-balancer' })).toBe(true);
  });

  it('one result per matching path; a failing path carries its explanation and fixes', () => {
    const fix = { id: 'etp-local' as const, title: { code: 'fix.etpLocal.title' as never, params: {} }, description: [], tradeoffs: [], snippets: [] };
    const cells = [cell({}), cell({ entry: { kind: 'nodePort', node: 'node2', endpointNode: false }, verdict: 'snat', observedAddress: '198.18.0.12', rewritingHop: 'node2', fixes: [fix] }), cell({ origin: { kind: 'pod', node: 'node1' }, entry: { kind: 'cluster-ip' } })];
    const results = evaluateService('default/frontend', [{ from: 'desktop', via: 'any-node', clientIP: 'preserved' }], cells, 'en');
    expect(results.map((r) => [r.cell?.entry, r.pass, r.seen])).toEqual([
      [{ kind: 'nodePort', node: 'node1', endpointNode: true }, true, 'client address preserved'],
      [{ kind: 'nodePort', node: 'node2', endpointNode: false }, false, 'SNAT to 198.18.0.12 at node2; client address carried nowhere'],
    ]);
    expect(results[0]!.fixes).toEqual([]);
    expect(results[1]!.fixes).toEqual([fix]);
    expect(evaluateService('default/frontend', [{ from: 'pods', via: 'cluster-ip', clientIP: 'preserved' }], cells, 'zh-CN').map((r) => [r.pass, r.seen])).toEqual([[true, '客户端地址保留']]);
  });

  it('an expectation that matches no path fails (it would otherwise stay green while guarding nothing)', () => {
    const [r] = evaluateService('default/frontend', [{ from: 'relay/public', clientIP: 'x-forwarded-for' }], [cell({})], 'en');
    expect(r).toMatchObject({ pass: false, cell: null, seen: expect.stringContaining('no path matched') });
  });
});
