import { describe, expect, it } from 'vitest';
import { mountWith } from '../test/mount';
import SessionBar from './SessionBar.vue';

const props = { hasSession: true, busy: false, opening: false, error: null, saveError: null, locale: 'en' };

describe('SessionBar', () => {
  it('opens a picked file, and saves, exports and reports only when a session is shown', async () => {
    const w = mountWith(SessionBar, { props });
    const input = w.get('[data-testid="session-file-input"]');
    const file = new File(['{}'], 'saved.json', { type: 'application/json' });
    Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
    await input.trigger('change');
    expect(w.emitted('openFile')![0]![0]).toBe(file);
    await w.get('[data-testid="session-save"]').trigger('click');
    await w.get('[data-testid="export-open"]').trigger('click');
    await w.get('[data-testid="report-open"]').trigger('click');
    expect([w.emitted('save'), w.emitted('export'), w.emitted('report')].map((e) => e?.length)).toEqual([1, 1, 1]);
    const empty = mountWith(SessionBar, { props: { ...props, hasSession: false } });
    for (const id of ['session-save', 'export-open', 'report-open']) expect(empty.get(`[data-testid="${id}"]`).attributes('disabled'), id).toBeDefined();
    expect(empty.get('[data-testid="session-open"]').attributes('disabled')).toBeUndefined();
    // No opening while a probe runs.
    expect(mountWith(SessionBar, { props: { ...props, busy: true } }).get('[data-testid="session-open"]').attributes('disabled')).toBeDefined();
  });

  it('shows why a file could not be opened, with the action, in the UI language — as text', () => {
    const error = { code: 'session.invalid', message: 'This is not a usable SNATScope session: it is not valid JSON (<b>x</b>)', action: 'Open a session saved by SNATScope.', localized: { 'zh-CN': { message: '这不是可用的 SNATScope 会话文件：它不是有效的 JSON', action: '请打开由 SNATScope 保存的会话。' } } };
    const en = mountWith(SessionBar, { props: { ...props, error: { name: 'broken.json', error } } });
    const alert = en.get('[data-testid="session-error"]');
    expect(alert.attributes('role')).toBe('alert');
    expect(alert.text()).toContain('Could not open broken.json. This is not a usable SNATScope session: it is not valid JSON (<b>x</b>)');
    expect(alert.find('b').exists()).toBe(false);
    expect(alert.text()).toContain('→ Open a session saved by SNATScope.');
    const zh = mountWith(SessionBar, { props: { ...props, locale: 'zh-CN', error: { name: 'broken.json', error } }, locale: 'zh-CN' });
    expect(zh.get('[data-testid="session-error"]').text()).toContain('无法打开 broken.json。 这不是可用的 SNATScope 会话文件');
    // What only the browser-mode bridge notices: a file over its request limit.
    const big = mountWith(SessionBar, { props: { ...props, error: { name: 'huge.json', error: { code: 'http-413', message: 'request body too large' } } } });
    expect(big.get('[data-testid="session-error"]').text()).toContain('larger than SNATScope opens (64 MiB)');
  });
});
