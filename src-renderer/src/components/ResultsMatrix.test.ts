import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../probe/matrix';
import { seedSession } from '../test/fixtures';
import { mountWith } from '../test/mount';
import ResultsMatrix from './ResultsMatrix.vue';

const session = seedSession();
const matrix = buildMatrix(session);

describe('ResultsMatrix', () => {
  it('shows entry × policy per origin with verdict chips: SNAT to node2’s address for Cluster, dropped for Local', async () => {
    const w = mountWith(ResultsMatrix, { props: { matrix, selectedId: null } });
    const desktop = w.get('[data-testid="matrix-desktop"]');
    expect(desktop.find('caption').text()).toBe('From this desktop');
    expect(w.get('[data-testid="cell-desktop-node2-Cluster"]').text()).toBe('SNAT → 198.18.0.12');
    expect(w.get('[data-testid="cell-desktop-node2-Local"]').text()).toBe('✕ dropped');
    expect(w.get('[data-testid="cell-desktop-node1-Local"]').text()).toBe('✓ preserved');
    expect(w.get('[data-testid="cell-desktop-node1-Cluster"]').text()).toBe('SNAT → 198.19.1.1');
    expect(w.get('[data-testid="matrix-pod:node1"]').text()).toContain('ClusterIP');
    await w.get('[data-testid="cell-desktop-node2-Cluster"]').trigger('click');
    expect(w.emitted('select')).toEqual([['desktop|nodePort:node2:30759|echo-cluster']]);
  });

  it('highlights cells that differ from the prediction', () => {
    const w = mountWith(ResultsMatrix, { props: { matrix, selectedId: 'desktop|nodePort:node2:30759|echo-cluster' } });
    const odd = w.get('[data-testid="cell-pod:node1-node2-Local"]');
    expect(odd.classes()).toContain('mismatch');
    expect(odd.text()).toContain('≠ predicted preserved');
    expect(w.get('[data-testid="matrix-mismatches"]').text()).toContain('1 cell');
    expect(w.get('[data-testid="cell-desktop-node2-Cluster"]').attributes('aria-pressed')).toBe('true');
  });

  it('is translated', () => {
    const w = mountWith(ResultsMatrix, { props: { matrix, selectedId: null }, locale: 'zh-CN' });
    expect(w.get('[data-testid="cell-desktop-node2-Local"]').text()).toBe('✕ 被丢弃');
    expect(w.get('[data-testid="matrix-desktop"]').find('caption').text()).toBe('从本机');
  });

  it('shows every source of a cell whose requests saw several, with counts', () => {
    const split = seedSession();
    const cell = split.paths.find((c) => c.id === 'desktop|nodePort:node2:30759|echo-cluster')!;
    cell.observedSplit = [
      { address: '198.18.0.12', count: 14, class: 'node-ip', node: 'node2' },
      { address: '198.19.1.1', count: 6, class: 'bridge-gateway', node: 'node1' },
    ];
    const w = mountWith(ResultsMatrix, { props: { matrix: buildMatrix(split), selectedId: null } });
    expect(w.get('[data-testid="split-desktop-node2-Cluster"]').text()).toBe('14× 198.18.0.12 @node2 · 6× 198.19.1.1 @node1');
    expect(w.find('[data-testid="split-desktop-node1-Cluster"]').exists()).toBe(false);
  });
});
