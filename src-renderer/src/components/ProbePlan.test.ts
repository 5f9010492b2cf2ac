import { describe, expect, it } from 'vitest';
import { planView } from '../test/fixtures';
import { mountWith } from '../test/mount';
import ProbePlan from './ProbePlan.vue';

const plan = planView();

describe('ProbePlan', () => {
  it('previews what will be created, the image, the nodes, permissions and the YAML; Run', async () => {
    const w = mountWith(ProbePlan, { props: { plan, canRun: true, busy: false } });
    expect(w.get('[data-testid="plan-namespace"]').text()).toBe('snatscope-c3d97e');
    expect(w.text()).toContain('docker.io/library/node:22-alpine');
    expect(w.get('[data-testid="plan-objects"]').text()).toContain('Pod echo-0-node1');
    expect(w.get('[data-testid="plan-permissions-ok"]').text()).toContain('granted');
    expect(w.text()).toContain('✓ allowed');
    expect(w.text()).toContain('create pods -n snatscope-c3d97e');
    expect(w.text()).toContain('⚠ node2 is tainted');
    expect(w.get('[data-testid="plan-yaml"]').text()).toContain('kind: Namespace');
    await w.get('[data-testid="probe-run"]').trigger('click');
    expect(w.emitted('run')).toHaveLength(1);
  });

  it('names missing permissions and cannot run', () => {
    const denied = { ...plan, permissions: [{ verb: 'create', resource: 'namespaces', namespace: null, allowed: false }], missingPermissions: ['create namespaces'] };
    const w = mountWith(ProbePlan, { props: { plan: denied, canRun: false, busy: false }, locale: 'zh-CN' });
    expect(w.get('[data-testid="plan-permissions-missing"]').text()).toContain('缺少权限：create namespaces');
    expect(w.text()).toContain('✕ 拒绝');
    expect(w.get('[data-testid="probe-run"]').attributes('disabled')).toBeDefined();
  });
});
