import { describe, expect, it } from 'vitest';
import type { ExportChoices } from '../stores/sessions';
import { mountWith } from '../test/mount';
import ExportDialog from './ExportDialog.vue';

const choices: ExportChoices = { formats: ['markdown', 'png'], theme: 'light', locale: 'en', redact: false };
const mountDialog = (over: Record<string, unknown> = {}, locale: 'en' | 'zh-CN' = 'en') =>
  mountWith(ExportDialog, { props: { choices, busy: false, error: null, exported: [], locale, ...over }, locale, attachTo: document.body });

describe('ExportDialog', () => {
  it('offers every format, light/dark, the language and a Redact switch, and says credentials are never included', () => {
    const w = mountDialog();
    expect(w.get('[role="dialog"]').attributes('aria-modal')).toBe('true');
    for (const f of ['markdown', 'png', 'svg', 'json', 'mermaid']) expect(w.find(`[data-testid="export-format-${f}"]`).exists()).toBe(true);
    expect((w.get('[data-testid="export-format-markdown"]').element as HTMLInputElement).checked).toBe(true);
    expect((w.get('[data-testid="export-format-svg"]').element as HTMLInputElement).checked).toBe(false);
    expect(w.get('[data-testid="export-redact"]').attributes('role')).toBe('switch');
    expect(w.get('[data-testid="export-credentials-note"]').text()).toContain('Credentials are never included');
    w.unmount();
  });

  it('reports each change as new choices and exports on submit', async () => {
    const w = mountDialog();
    await w.get('[data-testid="export-format-svg"]').setValue(true);
    await w.get('[data-testid="export-format-png"]').setValue(false);
    await w.get('[data-testid="export-theme-dark"]').setValue(true);
    await w.get('[data-testid="export-redact"]').setValue(true);
    await w.get('[data-testid="export-language"]').setValue('zh-CN');
    const updates = w.emitted('update:choices')!.map((e) => e[0] as ExportChoices);
    expect(updates[0]!.formats).toEqual(['markdown', 'png', 'svg']);
    expect(updates[1]!.formats).toEqual(['markdown']);
    expect(updates[2]!.theme).toBe('dark');
    expect(updates[3]!.redact).toBe(true);
    expect(updates[4]!.locale).toBe('zh-CN');
    await w.get('form').trigger('submit');
    expect(w.emitted('export')).toHaveLength(1);
    await w.get('[data-testid="export-close"]').trigger('click');
    expect(w.emitted('close')).toHaveLength(1);
    w.unmount();
  });

  it('cannot export nothing, and shows progress, results and errors (localized)', async () => {
    const none = mountDialog({ choices: { ...choices, formats: [] } });
    expect(none.get('[data-testid="export-run"]').attributes('disabled')).toBeDefined();
    none.unmount();
    const busy = mountDialog({ busy: true });
    expect(busy.get('[data-testid="export-run"]').text()).toBe('Exporting…');
    busy.unmount();
    const done = mountDialog({ exported: ['snatscope-c3d97e-report.md', 'snatscope-c3d97e-diagram.png'] });
    expect(done.get('[data-testid="export-done"]').text()).toContain('snatscope-c3d97e-diagram.png');
    done.unmount();
    const warned = mountDialog({ exported: ['diagram.png'], warnings: ['png-missing-cjk-font'] }, 'zh-CN');
    expect(warned.get('[data-testid="export-warning"]').text()).toContain('没有可用的中文字体');
    warned.unmount();
    const failed = mountDialog({ error: { code: 'session.invalid', message: 'This is not a usable SNATScope session: x', localized: { 'zh-CN': { message: '这不是可用的 SNATScope 会话文件：x' } } } }, 'zh-CN');
    expect(failed.get('[data-testid="export-error"]').text()).toContain('导出失败：这不是可用的 SNATScope 会话文件：x');
    expect(failed.text()).toContain('不会包含任何凭据');
    failed.unmount();
  });
});
