import { describe, expect, it } from 'vitest';
import type { ContextSummary } from '../../../src-main/contract';
import { mountWith } from '../test/mount';
import ContextSidebar from './ContextSidebar.vue';

const ctx = (over: Partial<ContextSummary>): ContextSummary => ({
  id: '0123456789abcdef',
  name: 'lab',
  file: '/k/config',
  group: 'env',
  isCurrent: false,
  namespace: null,
  cluster: 'lab-cluster',
  server: 'https://127.0.0.1:6443',
  user: 'admin',
  auth: { kind: 'token', execCommand: null, authProvider: null, insecureSkipTlsVerify: false, proxyUrl: false },
  problem: null,
  ...over,
});

const base = { problems: [], statuses: {}, selectedId: null, addedFiles: [], addError: null };

describe('ContextSidebar', () => {
  it('explains the empty state', () => {
    const w = mountWith(ContextSidebar, { props: { ...base, groups: [] } });
    expect(w.get('[data-testid="sidebar-empty"]').text()).toContain('No kubeconfig contexts');
  });

  it('groups contexts by file, renders names as text, marks current, selected and insecure', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const w = mountWith(ContextSidebar, {
      props: {
        ...base,
        selectedId: 'b000000000000000',
        groups: [
          { file: '/k/a', contexts: [ctx({ id: 'a000000000000000', name: hostile, isCurrent: true })] },
          { file: '/k/b', contexts: [ctx({ id: 'b000000000000000', name: 'prod', auth: { kind: 'exec', execCommand: 'aws', authProvider: null, insecureSkipTlsVerify: true, proxyUrl: false } })] },
        ],
      },
    });
    expect(w.findAll('[data-testid="context-group"]')).toHaveLength(2);
    expect(w.find('img').exists()).toBe(false);
    expect(w.text()).toContain(hostile);
    expect(w.text()).toContain('★');
    expect(w.get('[data-testid="context-prod"]').attributes('aria-current')).toBe('true');
    expect(w.get('[data-testid="context-prod"]').text()).toContain('TLS verification off');
    await w.get(`[data-testid="context-${hostile}"]`).trigger('click');
    expect(w.emitted('select')).toEqual([['a000000000000000']]);
  });

  it('shows connection results and classified errors with the action, in the UI language', async () => {
    const error = { code: 'k8s.net.refused', message: 'Connection to 127.0.0.1:1 was refused.', action: 'Is the API server running?', localized: { 'zh-CN': { message: '连接被拒绝。', action: 'API server 是否在运行？' } } };
    const props = {
      ...base,
      groups: [{ file: '/k/a', contexts: [ctx({ id: 'a000000000000000', name: 'down' }), ctx({ id: 'c000000000000000', name: 'up' })] }],
      statuses: {
        a000000000000000: { id: 'a000000000000000', ok: false, version: null, error, checkedAt: '' },
        c000000000000000: { id: 'c000000000000000', ok: true, version: 'v1.31.0', error: null, checkedAt: '' },
      },
    };
    const en = mountWith(ContextSidebar, { props });
    expect(en.get('[data-testid="context-error"]').text()).toContain('was refused');
    expect(en.get('[data-testid="context-error"]').text()).toContain('→ Is the API server running?');
    expect(en.get('[data-testid="context-up"]').text()).toContain('● connected v1.31.0');
    await en.get('[data-testid="context-error"] button').trigger('click');
    expect(en.emitted('retry')).toEqual([['a000000000000000']]);
    const zh = mountWith(ContextSidebar, { props, locale: 'zh-CN' });
    expect(zh.get('[data-testid="context-error"]').text()).toContain('连接被拒绝');
  });

  it('disables broken contexts, shows file problems and adds a file', async () => {
    const problem = { code: 'k8s.context.cluster-missing', message: 'Context "x" refers to cluster "y", which no kubeconfig file defines.', action: 'Add the cluster entry.' };
    const w = mountWith(ContextSidebar, {
      props: {
        ...base,
        groups: [{ file: '/k/a', contexts: [ctx({ name: 'x', problem })] }],
        problems: [{ file: '/k/bad', error: { code: 'k8s.kubeconfig.invalid', message: 'not valid YAML at line 3' } }],
        addedFiles: ['/k/bad'],
      },
    });
    expect(w.get('[data-testid="context-x"]').attributes('disabled')).toBeDefined();
    expect(w.text()).toContain('which no kubeconfig file defines');
    expect(w.get('[data-testid="file-problem"]').text()).toContain('line 3');
    await w.get('[data-testid="file-problem"] button').trigger('click');
    expect(w.emitted('removeFile')).toEqual([['/k/bad']]);
    await w.get('[data-testid="add-file"] input').setValue('  /home/me/kube.yaml ');
    await w.get('[data-testid="add-file"]').trigger('submit');
    expect(w.emitted('addFile')).toEqual([['/home/me/kube.yaml']]);
  });
});
