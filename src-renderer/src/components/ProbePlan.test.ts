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

  it('shows main\'s warnings in the UI language (a sentence it does not know as it is)', () => {
    const warnings = ['control-plane nodes left out (cp1): allow them with --tolerate-control-plane', 'node2 is tainted'];
    const zh = mountWith(ProbePlan, { props: { plan: { ...plan, warnings }, canRun: true, busy: false }, locale: 'zh-CN' });
    const shown = zh.findAll('[data-testid="plan-warning"]').map((x) => x.text());
    expect(shown[0]).toContain('cp1');
    expect(shown[0]).not.toContain('left out');
    expect(shown[1]).toBe('⚠ node2 is tainted');
  });

  it('names missing permissions and cannot run', () => {
    const denied = { ...plan, permissions: [{ verb: 'create', resource: 'namespaces', namespace: null, allowed: false }], missingPermissions: ['create namespaces'] };
    const w = mountWith(ProbePlan, { props: { plan: denied, canRun: false, busy: false }, locale: 'zh-CN' });
    expect(w.get('[data-testid="plan-permissions-missing"]').text()).toContain('缺少权限：create namespaces');
    expect(w.text()).toContain('✕ 拒绝');
    expect(w.get('[data-testid="probe-run"]').attributes('disabled')).toBeDefined();
  });
});

describe('ProbePlan: what an SRE reads first', () => {
  it('puts Run before the details, the permissions in one line, the expiry in local time and relative', () => {
    const expiresAt = '2026-12-04T06:27:00.000Z';
    const w = mountWith(ProbePlan, { props: { plan: { ...plan, expiresAt, objects: [...plan.objects, { kind: 'Service', name: 'echo-cluster' }] }, canRun: true, busy: false, target: 'default/frontend', now: new Date('2026-12-04T05:22:00.000Z') } });
    const html = w.html();
    expect(html.indexOf('data-testid="probe-run"')).toBeLessThan(html.indexOf('data-testid="plan-objects"'));
    expect(w.get('[data-testid="plan-permissions-ok"]').text()).toBe(`✓ all ${plan.permissions.length} permissions granted`);
    // The individual checks are behind one expandable line.
    expect(w.get('[data-testid="plan-permissions"]').attributes('open')).toBeUndefined();
    const local = new Date(expiresAt).toLocaleTimeString('en', { hour: '2-digit', minute: '2-digit' });
    expect(w.get('[data-testid="plan-expiry"]').text()).toBe(`The namespace expires in 1.1 h, at ${local} (local time), even if SNATScope is killed.`);
    expect(w.get('[data-testid="plan-objects"]').text()).toContain('copy of default/frontend (probe)');
  });

  it('lists a missing permission at once, with the count', () => {
    const denied = { ...plan, permissions: [...plan.permissions, { verb: 'create', resource: 'services', namespace: 'x', allowed: false }], missingPermissions: ['create services'] };
    const w = mountWith(ProbePlan, { props: { plan: denied, canRun: false, busy: false } });
    expect(w.get('[data-testid="plan-permissions-summary"]').text()).toBe(`✕ 1 of ${denied.permissions.length} permissions missing`);
    expect(w.get('[data-testid="plan-permissions-missing"]').text()).toContain('create services');
  });
});
