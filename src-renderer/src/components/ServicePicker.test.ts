import { describe, expect, it } from 'vitest';
import { overview } from '../test/fixtures';
import { mountWith } from '../test/mount';
import ServicePicker from './ServicePicker.vue';

const ov = overview();
const base = {
  connected: true,
  loading: false,
  error: null,
  overview: ov,
  services: ov.services,
  total: ov.services.length,
  namespaces: ['default', 'shop'],
  namespace: null,
  query: '',
  tab: 'services' as const,
  exposedOnly: false,
  hazards: ov.hazards,
  selected: null,
  locale: 'en' as const,
};

describe('ServicePicker', () => {
  it('asks for a context first, then says it is reading', () => {
    expect(mountWith(ServicePicker, { props: { ...base, connected: false, overview: null } }).text()).toContain('Connect to a context');
    expect(mountWith(ServicePicker, { props: { ...base, loading: true, overview: null } }).text()).toContain('Reading the cluster');
  });

  it('lists each service with type, ports, traffic policies and the hazard badge; picks one', async () => {
    const w = mountWith(ServicePicker, { props: { ...base, selected: { namespace: 'shop', name: 'checkout' } } });
    const frontend = w.get('[data-testid="service-default/frontend"]');
    expect(frontend.text()).toContain('NodePort');
    expect(frontend.text()).toContain('80:30080/TCP');
    expect(frontend.text()).toContain('eTP Cluster · iTP Cluster');
    expect(frontend.get('[data-testid="hazard-badge"]').text()).toBe('◆ medium');
    expect(frontend.get('[data-testid="hazard-badge"]').attributes('title')).toContain('cluster-policy');
    expect(w.get('[data-testid="service-default/kubernetes"]').find('[data-testid="hazard-badge"]').exists()).toBe(false);
    expect(w.get('[data-testid="service-shop/checkout"]').attributes('aria-current')).toBe('true');
    expect(w.text()).toContain('2 nodes · kube-proxy iptables · CNI unknown');
    await frontend.trigger('click');
    expect(w.emitted('select')).toEqual([[{ namespace: 'default', name: 'frontend' }]]);
  });

  it('emits search, namespace and tab changes', async () => {
    const w = mountWith(ServicePicker, { props: base });
    await w.get('[data-testid="service-search"]').setValue('front');
    await w.get('[data-testid="namespace-select"]').setValue('shop');
    await w.get('[data-testid="namespace-select"]').setValue('');
    await w.get('[data-testid="tab-hazards"]').trigger('click');
    expect(w.emitted('update:query')).toEqual([['front']]);
    expect(w.emitted('update:namespace')).toEqual([['shop'], [null]]);
    expect(w.emitted('update:tab')).toEqual([['hazards']]);
  });

  it('shows the whole-cluster hazard scan as a list, translated, and opens a service from it', async () => {
    const w = mountWith(ServicePicker, { props: { ...base, tab: 'hazards', locale: 'zh-CN' }, locale: 'zh-CN' });
    const list = w.get('[data-testid="hazard-list"]');
    expect(list.text()).toContain('◆ 中');
    expect(list.text()).toContain('default/frontend');
    expect(list.text()).toContain('cluster-policy');
    expect(list.text()).toContain('externalTrafficPolicy Cluster');
    expect(w.get('[data-testid="tab-hazards"]').text()).toBe('隐患扫描（1）');
    await list.get('button').trigger('click');
    expect(w.emitted('select')).toEqual([[{ namespace: 'default', name: 'frontend' }]]);
  });

  it('shows a classified error with its action, as text', () => {
    const w = mountWith(ServicePicker, { props: { ...base, overview: null, error: { code: 'k8s.forbidden', message: '<i>forbidden</i> to list services', action: 'Ask for list permission.' } } });
    expect(w.find('i').exists()).toBe(false);
    expect(w.get('[role="alert"]').text()).toContain('<i>forbidden</i> to list services');
    expect(w.get('[role="alert"]').text()).toContain('→ Ask for list permission.');
  });
});

describe('ServicePicker: one Tab stop, arrow keys', () => {
  it('only one service is in the Tab order; ArrowDown / End / Home move focus along the list', async () => {
    const w = mountWith(ServicePicker, { props: base, attachTo: document.body });
    const buttons = () => w.findAll('button.service');
    expect(buttons().map((b) => b.attributes('tabindex'))).toEqual(['0', '-1', '-1']);
    await buttons()[0]!.trigger('focus');
    await w.get('ul.service-list').trigger('keydown', { key: 'ArrowDown' });
    expect(document.activeElement?.getAttribute('data-key')).toBe('default/kubernetes');
    expect(buttons().map((b) => b.attributes('tabindex'))).toEqual(['-1', '0', '-1']);
    await w.get('ul.service-list').trigger('keydown', { key: 'End' });
    expect(document.activeElement?.getAttribute('data-key')).toBe('shop/checkout');
    await w.get('ul.service-list').trigger('keydown', { key: 'Home' });
    expect(document.activeElement?.getAttribute('data-key')).toBe('default/frontend');
    await w.get('[data-testid="exposed-only"]').setValue(true);
    expect(w.emitted('update:exposedOnly')).toEqual([[true]]);
    w.unmount();
  });
});
