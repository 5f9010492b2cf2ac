import { describe, expect, it } from 'vitest';
import type { ExecLogin } from '../../../src-main/contract';
import { useLoginsStore } from '../stores/logins';
import { fakeApi } from '../test/fake-api';
import { mountWith } from '../test/mount';
import ExecLoginPrompt from './ExecLoginPrompt.vue';

const login = (over: Partial<ExecLogin> = {}): ExecLogin => ({
  loginId: '0123456789abcdef',
  contextId: 'aaaaaaaaaaaaaaaa',
  context: 'prod',
  command: 'kubelogin',
  user: 'alice',
  state: 'waiting',
  output: 'To sign in, open https://microsoft.com/devicelogin and enter the code ABCD-1234',
  ...over,
});

describe('ExecLoginPrompt', () => {
  it('shows the plugin output as text, in both languages, and cancels', async () => {
    const w = mountWith(ExecLoginPrompt, { props: { logins: [login({ output: '<img src=x onerror=alert(1)> code ABCD' })] } });
    expect(w.find('[data-testid="exec-login"]').attributes('role')).toBe('alertdialog');
    expect(w.find('img').exists()).toBe(false);
    expect(w.find('[data-testid="exec-login-output"]').text()).toBe('<img src=x onerror=alert(1)> code ABCD');
    expect(w.text()).toContain('Sign-in needed for prod');
    await w.find('[data-testid="exec-login-cancel"]').trigger('click');
    expect(w.emitted('cancel')).toEqual([['0123456789abcdef']]);
    const zh = mountWith(ExecLoginPrompt, { props: { logins: [login()] }, locale: 'zh-CN' });
    expect(zh.text()).toContain('prod 需要登录');
    expect(zh.text()).toContain('取消登录');
  });

  it('renders nothing when no plugin is waiting', () => {
    const w = mountWith(ExecLoginPrompt, { props: { logins: [] } });
    expect(w.find('[data-testid="exec-login"]').exists()).toBe(false);
  });

  it('the store follows contexts.login events: live output, gone when finished, cancel calls main', async () => {
    const fake = fakeApi();
    fake.install();
    mountWith(ExecLoginPrompt, { props: { logins: [] } });
    const store = useLoginsStore();
    store.listen();
    fake.fire('contexts.login', login({ output: '' }));
    expect(store.waiting.map((l) => l.output)).toEqual(['']);
    fake.fire('contexts.login', login({ output: 'enter code XYZ' }));
    expect(store.waiting.map((l) => l.output)).toEqual(['enter code XYZ']);
    await store.cancel('0123456789abcdef');
    expect(fake.calls.cancelLogin).toHaveBeenCalledWith({ loginId: '0123456789abcdef' });
    fake.fire('contexts.login', login({ state: 'finished' }));
    expect(store.waiting).toEqual([]);
  });
});
