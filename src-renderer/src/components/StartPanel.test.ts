import { describe, expect, it } from 'vitest';
import { mountWith } from '../test/mount';
import StartPanel from './StartPanel.vue';

describe('StartPanel (first launch without a kubeconfig)', () => {
  it('offers the sample investigation, clearly labelled as a sample, next to adding a kubeconfig', async () => {
    const w = mountWith(StartPanel, { props: { addError: null, busy: false, locale: 'en' } });
    expect(w.get('h2').text()).toBe('No kubeconfig found');
    expect(w.get('[data-testid="sample-badge"]').text()).toBe('Sample');
    expect(w.text()).toContain('not your cluster');
    await w.get('[data-testid="open-sample"]').trigger('click');
    expect(w.emitted('openSample')).toHaveLength(1);
    await w.get('[data-testid="start-path"]').setValue('  /home/me/kubeconfig.yaml ');
    await w.get('[data-testid="start-add-file"]').trigger('submit');
    expect(w.emitted('addFile')![0]).toEqual(['/home/me/kubeconfig.yaml']);
    await w.get('[data-testid="start-open-saved"]').trigger('click');
    expect(w.emitted('openSaved')).toHaveLength(1);
  });

  it('speaks Chinese and shows why a kubeconfig could not be added', () => {
    const w = mountWith(StartPanel, { props: { addError: { code: 'k8s.kubeconfig.missing', message: 'No such file.', localized: { 'zh-CN': { message: '文件不存在。' } } }, busy: false, locale: 'zh-CN' }, locale: 'zh-CN' });
    expect(w.text()).toContain('打开示例调查');
    expect(w.get('[data-testid="sample-badge"]').text()).toBe('示例');
    expect(w.get('[role="alert"]').text()).toBe('文件不存在。');
  });
});
