import { describe, expect, it } from 'vitest';
import { mountWith } from '../test/mount';
import StatusBar from './StatusBar.vue';

const info = { name: 'SNATScope', version: '0.1.0', platform: 'linux', arch: 'x64', mode: 'browser' as const, versions: { node: '20', electron: null, chrome: null } };

describe('StatusBar', () => {
  it('shows mode, version and connection', () => {
    const w = mountWith(StatusBar, { props: { info, connected: true } });
    expect(w.get('[data-testid="status-mode"]').text()).toBe('Browser mode');
    expect(w.text()).toContain('v0.1.0');
    expect(w.get('[data-testid="status-connection"]').text()).toContain('Connected to the SNATScope service');
  });
  it('shows loading and a disconnected service with a symbol, not only colour', () => {
    const w = mountWith(StatusBar, { props: { info: null, connected: false }, locale: 'zh-CN' });
    expect(w.text()).toContain('正在启动');
    expect(w.get('[data-testid="status-connection"]').text()).toMatch(/^✕ 未连接到 SNATScope 后台服务/);
  });
});
