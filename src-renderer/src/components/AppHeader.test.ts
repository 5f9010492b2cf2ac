import { describe, expect, it } from 'vitest';
import { mountWith } from '../test/mount';
import AppHeader from './AppHeader.vue';

describe('AppHeader', () => {
  it('shows the title and emits language and theme changes', async () => {
    const w = mountWith(AppHeader, { props: { language: 'system', theme: 'system' } });
    expect(w.text()).toContain('SNATScope');
    await w.get('[data-testid="language-select"]').setValue('zh-CN');
    await w.get('[data-testid="theme-select"]').setValue('dark');
    expect(w.emitted('update:language')).toEqual([['zh-CN']]);
    expect(w.emitted('update:theme')).toEqual([['dark']]);
  });
  it('is translated', () => {
    const w = mountWith(AppHeader, { props: { language: 'zh-CN', theme: 'dark' }, locale: 'zh-CN' });
    expect(w.text()).toContain('语言');
    expect(w.text()).toContain('深色');
  });
});
