import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api/api-error';
import { setApiForTests } from './api/client';
import { useTopologyStore } from './stores/topology';
import { fakeApi } from './test/fake-api';
import type { InspectResult } from '../../src-main/contract';
import { context, seedInspect } from './test/fixtures';

vi.mock('cytoscape', async () => ({ default: (await import('./test/fake-cytoscape')).fakeCytoscape }));

const { mountWith } = await import('./test/mount');
const { default: App } = await import('./App.vue');

afterEach(() => setApiForTests(null));

describe('App shell', () => {
  it('loads info and settings, shows the example picture, and switching language re-renders in Chinese and persists', async () => {
    const fake = fakeApi();
    fake.install();
    const w = mountWith(App);
    await flushPromises();
    expect(w.text()).toContain('Browser mode');
    expect(w.text()).toContain('Clusters');
    expect(w.get('[data-testid="canvas-banner"]').text()).toContain('Example picture');
    const topology = useTopologyStore();
    expect(topology.isExample).toBe(true);
    expect(topology.elements.some((e) => e.data.id === 'snat:node2:198.18.0.12')).toBe(true);
    await w.get('[data-testid="language-select"]').setValue('zh-CN');
    await flushPromises();
    expect(fake.calls.settingsSet).toHaveBeenCalledWith({ language: 'zh-CN' });
    expect(w.text()).toContain('集群');
    expect(document.documentElement.lang).toBe('zh-CN');
    // The picture's own words follow the language.
    expect(topology.elements.find((e) => e.data.id === 'actor:desktop')!.data.label).toContain('本机');
    w.unmount();
  });

  it('reopens the remembered context, lists its services, and a picked service is predicted, followed and remembered', async () => {
    const fake = fakeApi();
    fake.setSettings({ lastContextId: '0123456789abcdef', lastNamespace: 'default' });
    fake.calls.contextsList.mockResolvedValue({ contexts: [context()], problems: [], files: ['/k/config'] });
    fake.install();
    const w = mountWith(App);
    await flushPromises();
    expect(fake.calls.contextsTest).toHaveBeenCalledWith({ id: '0123456789abcdef' });
    expect(fake.calls.overview).toHaveBeenCalledWith({ contextId: '0123456789abcdef' });
    expect((w.get('[data-testid="namespace-select"]').element as HTMLSelectElement).value).toBe('default');
    expect(w.find('[data-testid="service-shop/checkout"]').exists()).toBe(false);
    await w.get('[data-testid="service-default/frontend"]').trigger('click');
    await flushPromises();
    expect(fake.calls.inspect).toHaveBeenCalledWith({ contextId: '0123456789abcdef', namespace: 'default', name: 'frontend', relays: [] });
    expect(fake.calls.follow).toHaveBeenCalledWith({ contextId: '0123456789abcdef', namespace: 'default', name: 'frontend', relays: [] });
    expect(fake.settings().lastNamespace).toBe('default');
    const topology = useTopologyStore();
    expect(topology.isExample).toBe(false);
    expect(w.get('[data-testid="topology-source"]').text()).toContain('Prediction for default/frontend');
    expect(w.get('[data-testid="topology-source"]').text()).toContain('live');
    // A live update for the followed service replaces the prediction; others are ignored.
    const next = seedInspect();
    next.inventory = { ...next.inventory, nodes: next.inventory.nodes.slice(0, 1) };
    fake.fire('inspect.updated', { contextId: '0123456789abcdef', namespace: 'other', name: 'frontend', result: seedInspect(), error: null });
    fake.fire('inspect.updated', { contextId: '0123456789abcdef', namespace: 'default', name: 'frontend', result: next, error: null });
    await flushPromises();
    expect(topology.inspect).toStrictEqual(next);
    // Picking another service stops following the first.
    await w.get('[data-testid="namespace-select"]').setValue('');
    await w.get('[data-testid="service-shop/checkout"]').trigger('click');
    await flushPromises();
    expect(fake.calls.unfollow).toHaveBeenCalledWith({ contextId: '0123456789abcdef', namespace: 'default', name: 'frontend' });
    expect(fake.settings().lastNamespace).toBe('shop');
    w.unmount();
  });

  it('relays declared for a context come back with it, join its prediction, and a change redoes the prediction and is saved', async () => {
    const ctx = '0123456789abcdef';
    const relay = { name: 'public', address: '203.0.113.10', mode: 'l7' as const, proxyProtocol: null, addsXForwardedFor: true, forwardsTo: { node: 'node1', port: 30080 }, listen: null };
    const fake = fakeApi();
    fake.setSettings({ lastContextId: ctx, lastNamespace: 'default', relays: { [ctx]: [relay], fedcba9876543210: [{ ...relay, name: 'other-cluster' }] } });
    fake.calls.contextsList.mockResolvedValue({ contexts: [context()], problems: [], files: ['/k/config'] });
    fake.install();
    const w = mountWith(App);
    await flushPromises();
    expect(w.get('[data-testid="relay-list"]').text()).toContain('public 203.0.113.10');
    expect(w.get('[data-testid="relay-list"]').text()).not.toContain('other-cluster');
    await w.get('[data-testid="service-default/frontend"]').trigger('click');
    await flushPromises();
    expect(fake.calls.inspect).toHaveBeenLastCalledWith({ contextId: ctx, namespace: 'default', name: 'frontend', relays: [relay] });
    expect(fake.calls.follow).toHaveBeenLastCalledWith({ contextId: ctx, namespace: 'default', name: 'frontend', relays: [relay] });
    // Removing the relay in the probe panel: saved for this context only, prediction and follow redone without it.
    await w.get('[data-testid="relay-list"] button').trigger('click');
    await flushPromises();
    expect(fake.calls.settingsSet).toHaveBeenCalledWith({ contextRelays: { contextId: ctx, relays: [] } });
    expect(fake.settings().relays).toEqual({ fedcba9876543210: [{ ...relay, name: 'other-cluster' }] });
    expect(fake.calls.inspect).toHaveBeenCalledTimes(2);
    expect(fake.calls.inspect).toHaveBeenLastCalledWith({ contextId: ctx, namespace: 'default', name: 'frontend', relays: [] });
    expect(fake.calls.follow).toHaveBeenLastCalledWith({ contextId: ctx, namespace: 'default', name: 'frontend', relays: [] });
    w.unmount();
  });

  it('a relay just declared in front of the service switches the picture to the paths through it', async () => {
    const ctx = '0123456789abcdef';
    const relay = { name: 'public', address: '203.0.113.10', mode: 'l7' as const, proxyProtocol: null, addsXForwardedFor: true, forwardsTo: { node: 'node1', port: 30080 }, listen: null };
    const plain = seedInspect();
    // What main answers with the relay: one more answer whose origin is the relay (its paths do not matter here).
    const relayAnswer = { id: 'relay:public>nodePort:30080/TCP@node1', coverage: null, prediction: { origin: { kind: 'relay', relay }, target: { kind: 'nodePort', port: 30080, node: 'node1' }, paths: [] } };
    const withRelay = { ...plain, answers: [...plain.answers, relayAnswer as unknown as InspectResult['answers'][number]] };
    const fake = fakeApi();
    fake.setSettings({ lastContextId: ctx, lastNamespace: 'default' });
    fake.calls.contextsList.mockResolvedValue({ contexts: [context()], problems: [], files: ['/k/config'] });
    fake.calls.inspect.mockImplementation(async (p?: { relays?: unknown[] }) => (p?.relays?.length ? withRelay : plain));
    fake.install();
    const w = mountWith(App);
    await flushPromises();
    await w.get('[data-testid="service-default/frontend"]').trigger('click');
    await flushPromises();
    const topology = useTopologyStore();
    expect(topology.origin).toBeNull();
    const { useWorkflow } = await import('./composables/useWorkflow');
    await useWorkflow().setRelays([relay]);
    await flushPromises();
    expect(topology.origin).toBe('relay:public');
    // A relay that forwards elsewhere (no path for this service) leaves the choice alone.
    topology.setOrigin('desktop');
    fake.calls.inspect.mockImplementation(async () => withRelay);
    await useWorkflow().setRelays([relay, { ...relay, name: 'other', forwardsTo: { node: 'node1', port: 31999 } }]);
    await flushPromises();
    expect(topology.origin).toBe('desktop');
    w.unmount();
  });

  it('an older prediction answering after a newer one does not replace it', async () => {
    const ctx = '0123456789abcdef';
    const relay = { name: 'public', address: '203.0.113.10', mode: 'l4' as const, proxyProtocol: null, addsXForwardedFor: false, forwardsTo: { node: 'node1', port: 30080 }, listen: null };
    const fake = fakeApi();
    fake.setSettings({ lastContextId: ctx, lastNamespace: 'default' });
    fake.calls.contextsList.mockResolvedValue({ contexts: [context()], problems: [], files: ['/k/config'] });
    const slow = seedInspect();
    const fast = seedInspect();
    fast.inventory = { ...fast.inventory, nodes: fast.inventory.nodes.slice(0, 1) };
    let release: () => void = () => undefined;
    fake.calls.inspect.mockImplementationOnce(() => new Promise((r) => (release = () => r(slow)))).mockImplementationOnce(async () => fast);
    fake.install();
    const w = mountWith(App);
    await flushPromises();
    await w.get('[data-testid="service-default/frontend"]').trigger('click');
    await flushPromises();
    const { useWorkflow } = await import('./composables/useWorkflow');
    await useWorkflow().setRelays([relay]);
    release();
    await flushPromises();
    expect(useTopologyStore().inspect).toStrictEqual(fast);
    w.unmount();
  });

  it('shows a clear banner when opened without the bridge token', async () => {
    const fake = fakeApi();
    fake.calls.info.mockRejectedValue(new ApiError({ code: 'bridge-no-token', message: 'no token' }));
    fake.install();
    const w = mountWith(App);
    await flushPromises();
    expect(w.get('[data-testid="problem-banner"]').text()).toContain('#token=');
    w.unmount();
  });
});
