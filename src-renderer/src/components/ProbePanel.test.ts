import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { setApiForTests } from '../api/client';
import { useProbeStore } from '../stores/probe';
import { useServicesStore } from '../stores/services';
import { useTopologyStore } from '../stores/topology';
import { fakeApi } from '../test/fake-api';
import { planView, seedSession } from '../test/fixtures';
import { mountWith } from '../test/mount';
import ProbePanel from './ProbePanel.vue';

afterEach(() => setApiForTests(null));

async function setup() {
  const fake = fakeApi();
  fake.calls.plan.mockResolvedValue(planView());
  fake.install();
  const w = mountWith(ProbePanel, { props: { locale: 'en' } });
  const services = useServicesStore();
  services.contextId = '0123456789abcdef';
  services.selected = { namespace: 'default', name: 'frontend' };
  await flushPromises();
  return { fake, w, probe: useProbeStore(), topology: useTopologyStore() };
}

describe('ProbePanel', () => {
  it('through-ingress mode is opt-in, warns, and needs the acknowledgement and a host', async () => {
    const { fake, w } = await setup();
    const box = w.get('[data-testid="probe-ingress"]');
    expect(box.text()).not.toContain('⚠');
    await box.get('input[type="checkbox"]').setValue(true);
    expect(w.get('[data-testid="probe-ingress"]').text()).toContain('⚠');
    const preview = () => w.get('[data-testid="probe-preview"]');
    expect(preview().attributes('disabled')).toBeDefined();
    const inputs = w.findAll('[data-testid="probe-ingress"] input[type="text"]');
    await inputs[1]!.setValue('shop.example');
    expect(preview().attributes('disabled')).toBeDefined();
    await w.get('[data-testid="probe-ingress-ack"]').setValue(true);
    expect(preview().attributes('disabled')).toBeUndefined();
    await preview().trigger('submit');
    await flushPromises();
    expect(fake.calls.plan).toHaveBeenCalledWith(expect.objectContaining({ ingress: { className: 'nginx', host: 'shop.example', acknowledgeRisk: true } }));
  });

  it('node processes are opt-in, say what they need, and reach the plan', async () => {
    const { fake, w } = await setup();
    expect(w.find('[data-testid="probe-nodes-warning"]').exists()).toBe(false);
    await w.get('[data-testid="probe-from-nodes"]').setValue(true);
    expect(w.get('[data-testid="probe-nodes-warning"]').text()).toContain('Pod Security "privileged"');
    await w.get('[data-testid="probe-preview"]').trigger('submit');
    await flushPromises();
    expect(fake.calls.plan).toHaveBeenCalledWith(expect.objectContaining({ origins: { desktop: true, pods: true, nodes: true } }));
  });

  it('LoadBalancer probing is opt-in, warns, suggests this machine\'s address, and sends the edited ranges', async () => {
    const { fake, w } = await setup();
    const services = useServicesStore();
    services.overview = { services: [], hazards: [], proxyMode: 'iptables', cni: 'unknown', nodes: 2, scannedAt: '', desktopAddress: '203.0.113.1' };
    expect(w.find('[data-testid="probe-lb-ranges"]').exists()).toBe(false);
    await w.get('[data-testid="probe-lb-enable"]').setValue(true);
    expect(w.get('[data-testid="probe-lb"]').text()).toContain('⚠');
    const ranges = w.get<HTMLInputElement>('[data-testid="probe-lb-ranges"]');
    expect(ranges.element.value).toBe('203.0.113.1/32');
    expect(w.get('[data-testid="probe-lb-hint"]').text()).toContain('public egress address');
    await ranges.setValue('');
    expect(w.get('[data-testid="probe-preview"]').attributes('disabled')).toBeDefined();
    await ranges.setValue('198.51.100.7/32, 203.0.113.0/28');
    await w.get('[data-testid="probe-preview"]').trigger('submit');
    await flushPromises();
    expect(fake.calls.plan).toHaveBeenCalledWith(expect.objectContaining({ loadBalancer: 'yes', loadBalancerSourceRanges: ['198.51.100.7/32', '203.0.113.0/28'] }));
  });

  it('declares relays and fixed nodePorts, names each wrong field, and sends them with the plan', async () => {
    const { fake, w, probe } = await setup();
    const editor = () => w.get('[data-testid="relay-editor"]');
    const field = (i: number) => w.findAll('[data-testid="relay-form"] input[type="text"]')[i]!;
    // name, address, node, port, test address, test port
    await field(0).setValue('Public Server');
    await field(1).setValue('203.0.113.300');
    await w.get('[data-testid="relay-add"]').trigger('click');
    const errors = w.get('[data-testid="relay-errors"]').text();
    expect(errors).toContain('Name: use lower-case letters');
    expect(errors).toContain('Address: expected an IPv4');
    expect(errors).toContain('Node: expected a node name');
    expect(probe.choices.relays).toEqual([]);
    await field(0).setValue('public');
    await field(1).setValue('203.0.113.11');
    await w.get('[data-testid="relay-form"] select').setValue('l7');
    await w.get('[data-testid="relay-form"] input[type="checkbox"]').setValue(true);
    await field(2).setValue('node1');
    await field(3).setValue('30091');
    await field(4).setValue('203.0.113.11');
    await field(5).setValue('9091');
    await w.get('[data-testid="relay-add"]').trigger('click');
    expect(w.find('[data-testid="relay-errors"]').exists()).toBe(false);
    expect(editor().get('[data-testid="relay-list"]').text()).toContain('public 203.0.113.11 · L7 (HTTP proxy) · X-Forwarded-For · → node1:30091 · measured at 203.0.113.11:9091');
    const ports = w.findAll('[data-testid="relay-fixed-ports"] input');
    await ports[1]!.setValue('30091');
    await ports[0]!.setValue('30091');
    expect(w.get('[data-testid="relay-port-error"]').text()).toContain('different nodePorts');
    expect(w.get('[data-testid="probe-preview"]').attributes('disabled')).toBeDefined();
    await ports[0]!.setValue('');
    await w.get('[data-testid="probe-preview"]').trigger('submit');
    await flushPromises();
    expect(fake.calls.plan).toHaveBeenCalledWith(
      expect.objectContaining({
        fixedNodePorts: { Local: 30091 },
        relays: [{ name: 'public', address: '203.0.113.11', mode: 'l7', proxyProtocol: null, addsXForwardedFor: true, forwardsTo: { node: 'node1', port: 30091 }, listen: { address: '203.0.113.11', port: 9091 } }],
      }),
    );
    await editor().get('[data-testid="relay-list"] button').trigger('click');
    expect(probe.choices.relays).toEqual([]);
  });

  it('offers to remove what a probe left when its cleanup failed, and says what was removed', async () => {
    const { fake, w } = await setup();
    await w.get('[data-testid="probe-preview"]').trigger('submit');
    await flushPromises();
    await w.get('[data-testid="probe-run"]').trigger('click');
    await flushPromises();
    const session = { ...seedSession(), id: 'c3d97e', cleanup: { outcome: 'failed', message: 'Unauthorized — run `snatscope sweep` (or reopen the app) to remove snatscope-c3d97e' } };
    fake.fire('probe.finished', { runId: 'c3d97e', contextId: '0123456789abcdef', session, error: null });
    await flushPromises();
    expect(w.get('[data-testid="probe-cleanup-failed"]').text()).toContain('to remove snatscope-c3d97e');
    fake.calls.sweep.mockResolvedValueOnce({ results: [{ namespace: 'snatscope-c3d97e', reason: 'owner-done', outcome: 'deleted', error: null }] });
    await w.get('[data-testid="probe-sweep"]').trigger('click');
    await flushPromises();
    expect(fake.calls.sweep).toHaveBeenCalledWith({ contextId: '0123456789abcdef' });
    expect(w.get('[data-testid="probe-sweep-result"]').text()).toBe('Removed snatscope-c3d97e.');
    fake.calls.sweep.mockRejectedValueOnce(new (await import('../api/api-error')).ApiError({ code: 'k8s.auth.unauthorized', message: 'The cluster rejected the credentials.' }));
    await w.get('[data-testid="probe-sweep"]').trigger('click');
    await flushPromises();
    expect(w.get('[data-testid="probe-sweep-result"]').text()).toContain('The cluster rejected the credentials.');
  });

  it('shows a saved session as "Results of probe N (from file …)" above "New probe", without a context', async () => {
    fakeApi().install();
    const w = mountWith(ProbePanel, { props: { locale: 'en' } });
    const probe = useProbeStore();
    const session = seedSession();
    probe.session = session;
    const { useSessionsStore } = await import('../stores/sessions');
    useSessionsStore().setOpened({ kind: 'file', name: 'incident.json', session });
    await flushPromises();
    expect(w.get('[data-testid="probe-results-title"]').text()).toBe(`Results of probe ${session.id} (from file incident.json)`);
    const text = w.text();
    expect(text.indexOf('Results of probe')).toBeLessThan(text.indexOf('New probe'));
    expect(text).toContain('Connect to a context to run a new probe.');
    expect(text).not.toContain('Target:');
  });

  it('needs a context', () => {
    fakeApi().install();
    expect(mountWith(ProbePanel, { props: { locale: 'en' } }).text()).toContain('Connect to a context to run a new probe.');
  });

  it('previews the plan for the picked service, runs it, shows progress, then the matrix and the new picture', async () => {
    const { fake, w, probe, topology } = await setup();
    expect(w.get('[data-testid="probe-target"]').text()).toContain('Test default/frontend: copy its ports and policies into a throwaway namespace');
    await w.get('[data-testid="probe-preview"]').trigger('submit');
    await flushPromises();
    expect(fake.calls.plan).toHaveBeenCalledWith(expect.objectContaining({ contextId: '0123456789abcdef', target: { kind: 'service', namespace: 'default', name: 'frontend' }, policies: ['Cluster', 'Local'] }));
    expect(w.get('[data-testid="plan-namespace"]').text()).toBe('snatscope-c3d97e');
    await w.get('[data-testid="probe-run"]').trigger('click');
    await flushPromises();
    expect(fake.calls.run).toHaveBeenCalledWith({ runId: 'c3d97e' });
    fake.fire('probe.progress', { runId: 'c3d97e', step: 'pods', state: 'running', message: null, pods: [{ name: 'echo-0-node1', role: 'echo', node: 'node1', stage: 'pulling', reason: null, message: null, problem: null, restarts: 0, podIP: null }], requests: null, at: '' });
    // Progress of another run is ignored.
    fake.fire('probe.progress', { runId: 'ffffff', step: 'cleanup', state: 'running', message: null, pods: [], requests: null, at: '' });
    await flushPromises();
    expect(w.get('[data-testid="step-pods"]').attributes('data-state')).toBe('running');
    expect(w.get('[data-testid="step-cleanup"]').attributes('data-state')).toBe('pending');
    expect(w.get('[data-testid="pod-echo-0-node1"]').text()).toContain('pulling');
    expect(w.find('[data-testid="probe-cancel"]').exists()).toBe(true);
    const session = seedSession();
    session.id = 'c3d97e';
    fake.fire('probe.finished', { runId: 'c3d97e', contextId: '0123456789abcdef', session, error: null });
    await flushPromises();
    expect(probe.status).toBe('finished');
    expect(w.get('[data-testid="probe-status"]').text()).toContain('✓ Probe completed');
    expect(w.get('[data-testid="probe-finding"]').text()).toContain('node2');
    expect(w.get('[data-testid="cell-desktop-node2-Cluster"]').text()).toBe('SNAT → 198.18.0.12');
    expect(topology.session).toStrictEqual(session);
    expect(topology.view).toBe('observed');
    await w.get('[data-testid="cell-desktop-node2-Cluster"]').trigger('click');
    expect(probe.selectedCellId).toBe('desktop|nodePort:node2:30759|echo-cluster');
  });

  it('cancels a running probe', async () => {
    const { fake, w, probe } = await setup();
    await w.get('[data-testid="probe-preview"]').trigger('submit');
    await flushPromises();
    await w.get('[data-testid="probe-run"]').trigger('click');
    await flushPromises();
    await w.get('[data-testid="probe-cancel"]').trigger('click');
    await flushPromises();
    expect(fake.calls.cancel).toHaveBeenCalledWith({ runId: 'c3d97e' });
    expect(probe.status).toBe('cancelling');
    expect(w.get('[data-testid="probe-cancel"]').text()).toContain('Cancelling');
    const cancelled = { ...seedSession(), status: 'cancelled' as const, paths: [] };
    fake.fire('probe.finished', { runId: 'c3d97e', contextId: '0123456789abcdef', session: cancelled, error: { code: 'probe.cancelled', message: 'Cancelled.' } });
    await flushPromises();
    expect(w.get('[data-testid="probe-status"]').text()).toContain('– Probe cancelled');
    expect(w.find('[data-testid="probe-cancel"]').exists()).toBe(false);
  });

  it('shows why a plan cannot be made, with the action, in the UI language', async () => {
    const { fake, w } = await setup();
    fake.calls.plan.mockRejectedValue(Object.assign(new (await import('../api/api-error')).ApiError({ code: 'k8s.forbidden', message: 'Forbidden.', action: 'Ask an admin.', localized: { 'zh-CN': { message: '被禁止。', action: '请联系管理员。' } } })));
    await w.setProps({ locale: 'zh-CN' });
    await w.get('[data-testid="probe-preview"]').trigger('submit');
    await flushPromises();
    expect(w.get('[data-testid="probe-error"]').text()).toContain('被禁止。');
    expect(w.get('[data-testid="probe-error"]').text()).toContain('→ 请联系管理员。');
  });
});
