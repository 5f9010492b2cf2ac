import { describe, expect, it } from 'vitest';
import { confirmText } from '../../core/security/confirm';
import { dialogConfirm } from './confirm-dialog';

describe('Electron confirmation dialog', () => {
  it('shows main\'s own text, Cancel first and default; only the second button is yes', async () => {
    const shown: unknown[] = [];
    for (const [response, expected] of [[0, false], [1, true]] as const) {
      const confirm = dialogConfirm(async (o) => (shown.push(o), { response }));
      const request = { kind: 'probe.image', image: 'evil.example/miner:latest' } as const;
      expect(await confirm(request, confirmText(request, 'zh-CN'))).toBe(expected);
    }
    expect(shown[0]).toMatchObject({ buttons: ['取消', '允许'], defaultId: 0, cancelId: 0, message: '更改探测镜像？', detail: expect.stringContaining('evil.example/miner:latest') });
  });
});
