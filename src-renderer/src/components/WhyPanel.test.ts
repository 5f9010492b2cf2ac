import { flushPromises } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { seedSession } from '../test/fixtures';
import { mountWith } from '../test/mount';
import WhyPanel from './WhyPanel.vue';

const session = seedSession();
const cell = session.paths.find((p) => p.id === 'desktop|nodePort:node2:30759|echo-cluster')!;

describe('WhyPanel', () => {
  it('asks for a cell', () => {
    expect(mountWith(WhyPanel, { props: { cell: null, fixes: [], locale: 'en' } }).text()).toContain('Pick a cell');
  });

  it('explains a cell: observed vs predicted, the numbered flow and the fixes with trade-offs', async () => {
    const w = mountWith(WhyPanel, { props: { cell, fixes: session.fixes, locale: 'en' } });
    expect(w.get('[data-testid="why-title"]').text()).toBe('From this desktop → node2 198.18.0.12:30759, Cluster policy');
    const flow = w.get('[data-testid="why-flow"]').findAll('li').map((li) => li.text());
    expect(flow[0]).toMatch(/^1\. 203\.0\.113\.1 sends a request to 198\.18\.0\.12:30759/);
    expect(flow.some((l) => l.includes('198.18.0.12') && l.includes('MASQUERADE'))).toBe(true);
    const fix = w.get('[data-testid="fix-etp-local"]');
    expect(fix.text()).toContain('externalTrafficPolicy: Local');
    expect(fix.text()).toContain('Trade-offs');
    // Fixes are about the user's service, not the probe's throwaway copy.
    expect(fix.text()).toContain("kubectl -n 'default' patch service 'frontend'");
    expect(w.text()).not.toContain('snatscope-c3d97e');
    await w.get('button.link').trigger('click');
    expect(w.emitted('showInGraph')).toEqual([[cell.id]]);
  });

  it('a dropped Local cell offers the three ways out, never "nothing to fix"', () => {
    const drop = session.paths.find((p) => p.origin.kind === 'desktop' && p.service.policy === 'Local' && p.observed.verdict === 'dropped')!;
    const w = mountWith(WhyPanel, { props: { cell: drop, fixes: session.fixes, locale: 'en' } });
    expect(w.text()).not.toContain('Nothing to fix');
    for (const id of ['local-endpoint-every-node', 'send-to-endpoint-nodes', 'keep-cluster-carry-client']) expect(w.find(`[data-testid="fix-${id}"]`).exists(), id).toBe(true);
  });

  it('copies the numbered flow and each fix', async () => {
    const writeText = vi.fn(async (_text: string) => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const w = mountWith(WhyPanel, { props: { cell, fixes: session.fixes, locale: 'zh-CN' }, locale: 'zh-CN' });
    await w.get('[data-testid="copy-flow"]').trigger('click');
    await flushPromises();
    expect(writeText.mock.calls[0]![0]).toMatch(/^1\. .+\n2\. /);
    expect(w.get('[data-testid="copy-flow"]').text()).toBe('✓ 已复制');
    const fixButtons = w.get('[data-testid="fix-etp-local"]').findAll('button.copy');
    expect(fixButtons.length).toBe(1 + 2);
    await fixButtons[1]!.trigger('click');
    await flushPromises();
    expect(writeText.mock.calls[1]![0]).toContain("kubectl -n 'default' patch service 'frontend'");
  });
});
