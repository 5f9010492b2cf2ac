import { describe, expect, it } from 'vitest';
import type { Session } from '../../../src-main/contract';
import { seedSession } from '../test/fixtures';
import { mountWith } from '../test/mount';
import PredictionPanel from './PredictionPanel.vue';
import WhyPanel from './WhyPanel.vue';

/** The seed session as main's prediction document has it: nothing measured, the prediction marker set. */
function predictionOf(s: Session): Session {
  return {
    ...s,
    observations: [],
    paths: s.paths.map((p) => ({ ...p, requests: 0, okRequests: 0, observationIds: [], observedSource: null, observedSources: [], result: 'other', note: [], matches: true, observed: { verdict: 'unknown', class: null, node: null, via: null, rewritingHop: null } })),
    prediction: { assumptions: [{ code: 'assume.proxyModeUnknown', params: {} }], warnings: [] },
  };
}

describe('PredictionPanel', () => {
  const doc = predictionOf(seedSession());

  it('shows the finding and the predicted matrix, marked "Predicted, not measured", and the assumptions', async () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const w = mountWith(PredictionPanel, { props: { document: doc, selectedId: null, locale }, locale });
      expect(w.get('[data-testid="predicted-badge"]').text()).toBe(locale === 'en' ? 'Predicted, not measured' : '仅为预测，未经测量');
      expect(w.get('[data-testid="prediction-finding"]').text().length).toBeGreaterThan(10);
      // Cells show the predicted verdict, not "unknown".
      const cells = w.findAll('[data-testid^="cell-desktop-"]');
      expect(cells.length).toBeGreaterThan(2);
      expect(cells.map((c) => c.get('.chip').attributes('data-verdict'))).not.toContain('unknown');
      expect(w.get('[data-testid="prediction-assumptions"]').text()).toContain(locale === 'en' ? 'Assumptions (1)' : '假设 (1)');
      await cells[0]!.trigger('click');
      expect(w.emitted('select')![0]).toEqual([expect.stringMatching(/^desktop\|/)]);
    }
  });

  it('the Why panel of a predicted cell says it was not measured and shows no observation', () => {
    const cell = doc.paths.find((p) => p.origin.kind === 'desktop' && p.service.policy === 'Cluster')!;
    const w = mountWith(WhyPanel, { props: { cell, fixes: doc.fixes, locale: 'en' } });
    expect(w.get('[data-testid="why-predicted-only"]').text()).toBe('Predicted, not measured');
    expect(w.find('[data-testid="why-match"]').exists()).toBe(false);
    expect(w.text()).not.toContain('requests answered');
    expect(w.get('[data-testid="fix-etp-local"]').text()).toContain("kubectl -n 'default' patch service 'frontend'");
  });
});
