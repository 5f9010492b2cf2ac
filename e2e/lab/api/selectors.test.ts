import { describe, expect, it } from 'vitest';
import { matchFields, matchLabels, parseFieldSelector, parseLabelSelector } from './selectors';
import { ApiError } from './status';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front', 'app.kubernetes.io/name': 'shop' };
  const m = (s: string, l: Record<string, string> | undefined = labels) => matchLabels(parseLabelSelector(s), l);

  it('supports =, ==, !=, in, notin, exists and !exists', () => {
    expect(m('app=web')).toBe(true);
    expect(m('app==web,tier=front')).toBe(true);
    expect(m('app!=web')).toBe(false);
    expect(m('missing!=x')).toBe(true);
    expect(m('tier in (front, back)')).toBe(true);
    expect(m('tier notin (front,back)')).toBe(false);
    expect(m('tier notin (back)')).toBe(true);
    expect(m('app.kubernetes.io/name')).toBe(true);
    expect(m('!app')).toBe(false);
    expect(m('!missing')).toBe(true);
    expect(m('app', {})).toBe(false);
    expect(m('')).toBe(true);
  });

  it('rejects malformed selectors with a 400 Status', () => {
    try {
      parseLabelSelector('app in (a');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).status.code).toBe(400);
    }
  });
});

describe('field selectors', () => {
  it('matches supported fields and rejects unknown ones like the API', () => {
    const reqs = parseFieldSelector('spec.nodeName=node1,status.phase!=Failed', ['metadata.name', 'spec.nodeName', 'status.phase'], 'pods');
    expect(matchFields(reqs, { 'spec.nodeName': 'node1', 'status.phase': 'Running' })).toBe(true);
    expect(matchFields(reqs, { 'spec.nodeName': 'node1', 'status.phase': 'Failed' })).toBe(false);
    expect(() => parseFieldSelector('spec.bogus=1', ['metadata.name'], 'pods')).toThrow(/field label not supported: spec.bogus/);
  });
});
