import { describe, expect, it } from 'vitest';
import { formatProblem, parseExpectations } from './parse';

const HEAD = 'apiVersion: snatscope.io/v1alpha1\nkind: ClientIPExpectations\n';

describe('parseExpectations', () => {
  it('reads a valid file', () => {
    const r = parseExpectations(`${HEAD}services:\n  - service: default/frontend\n    expect:\n      - { from: desktop, via: any-node, clientIP: preserved }\n`);
    expect(r).toEqual({ ok: true, file: { apiVersion: 'snatscope.io/v1alpha1', kind: 'ClientIPExpectations', services: [{ service: 'default/frontend', expect: [{ from: 'desktop', via: 'any-node', clientIP: 'preserved' }] }] } });
  });

  it('names line and column, the field, and what to write instead', () => {
    const text = `${HEAD}services:\n  - service: default/frontend\n    expect:\n      - from: desktop\n        via: any-nodes\n        clientIP: preservd\n        colour: blue\n`;
    const r = parseExpectations(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.problems.map((p) => formatProblem('e.yaml', p));
    expect(lines).toContain('e.yaml:7:14: services[0].expect[0].via: "any-nodes" is not valid here → write any, any-node, endpoint-nodes, node/<node>, load-balancer or cluster-ip');
    expect(lines).toContain('e.yaml:8:19: services[0].expect[0].clientIP: "preservd" is not valid here → write one of: preserved, x-forwarded-for, x-real-ip, proxy-protocol, visible, snat, dropped');
    expect(lines).toContain('e.yaml:9:9: services[0].expect[0].colour: unknown field "colour"; remove it or check its spelling (docs/expectations.md lists the fields)');
  });

  it('says so in Simplified Chinese', () => {
    const r = parseExpectations(`${HEAD}services:\n  - service: frontend\n    expect: [{ from: desktop, clientIP: preserved }]\n`, 'zh-CN');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(formatProblem('e.yaml', r.problems[0]!)).toBe('e.yaml:4:14: services[0].service: 此处不能写 "frontend" → 请写 <命名空间>/<服务>，例如 default/frontend');
  });

  it('reports YAML syntax errors with their position, and a missing field at the object that lacks it', () => {
    const syntax = parseExpectations(`${HEAD}services: [\n  - x\n`);
    expect(syntax.ok).toBe(false);
    if (!syntax.ok) expect(syntax.problems[0]).toMatchObject({ line: expect.any(Number), message: expect.stringMatching(/^not valid YAML: /) });
    const missing = parseExpectations(`${HEAD}services:\n  - service: default/frontend\n    expect:\n      - from: desktop\n`);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(formatProblem('e.yaml', missing.problems[0]!)).toBe('e.yaml:6:9: services[0].expect[0].clientIP: required field is missing → write one of: preserved, x-forwarded-for, x-real-ip, proxy-protocol, visible, snat, dropped');
    const version = parseExpectations('apiVersion: v1\nkind: ClientIPExpectations\nservices: []\n');
    expect(version.ok).toBe(false);
    if (!version.ok) expect(version.problems.map((p) => formatProblem('e.yaml', p))[0]).toBe('e.yaml:1:13: apiVersion: "v1" is not valid here → write apiVersion: snatscope.io/v1alpha1');
  });

  it('refuses an expectation through a relay the file does not declare, and duplicate relays', () => {
    const relay = '  - { name: public, address: 203.0.113.10, mode: l7, xForwardedFor: true, forwardsTo: { node: node1, port: 30080 } }\n';
    const r = parseExpectations(`${HEAD}relays:\n${relay}${relay}services:\n  - service: default/frontend\n    expect:\n      - { from: relay/edge, clientIP: x-forwarded-for }\n`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => formatProblem('e.yaml', p))).toEqual([
      'e.yaml:5:13: relays[1].name: relay "public" is declared twice',
      'e.yaml:9:17: services[0].expect[0].from: relay "edge" is not declared; add it under relays: (name, address, mode, forwardsTo)',
    ]);
  });

  it('never throws on hostile input: not a mapping, a huge file, an alias bomb', () => {
    for (const text of ['', '42', '- a\n- b', 'x: &a [1]\ny: *a', `${'a'.repeat(1024 * 1024 + 1)}`, 'a: &a [*a, *a]']) {
      const r = parseExpectations(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems.length).toBeGreaterThan(0);
    }
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    const r = parseExpectations(bomb);
    expect(r.ok).toBe(false);
  });
});
