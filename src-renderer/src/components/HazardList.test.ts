import { describe, expect, it } from 'vitest';
import { mountWith } from '../test/mount';
import HazardList from './HazardList.vue';
import type { Hazard } from '../../../src-main/contract';

const hazard: Hazard = {
  id: 'local-partial-coverage:shop/web',
  rule: 'local-partial-coverage',
  severity: 'high',
  service: { namespace: 'shop', name: 'web' },
  ingressClass: null,
  why: [{ code: 'scan.localPartialCoverage', params: { service: 'shop/web', dropping: 160, receiving: 200 } }],
  fixes: [
    {
      id: 'local-endpoint-every-node',
      title: { code: 'fix.endpointEveryNode.title', params: { service: 'shop/web' } },
      description: [],
      tradeoffs: [{ code: 'fix.tradeoff.moreReplicas', params: {} }],
      snippets: [{ language: 'yaml', label: { code: 'fix.snippet.topologySpread', params: {} }, text: 'topologySpreadConstraints:' }],
    },
  ],
  factRef: 'source-ip-facts §2',
};

describe('HazardList', () => {
  it('shows each hazard with its fixes, trade-offs and snippets, as the CLI prints them', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const w = mountWith(HazardList, { props: { hazards: [hazard], locale }, locale });
      const item = w.get('[data-testid="hazard-local-partial-coverage:shop/web"]');
      expect(item.text()).toContain(locale === 'en' ? '160 of 200 nodes drop: no local endpoint' : '200 个节点中有 160 个');
      const fixes = item.get('[data-testid="hazard-fixes-local-partial-coverage:shop/web"]');
      expect(fixes.text()).toContain(locale === 'en' ? 'How to fix it (1)' : '修复方法（1）');
      expect(fixes.get('[data-testid="fix-local-endpoint-every-node"]').text()).toContain('topologySpreadConstraints:');
    }
  });
});
