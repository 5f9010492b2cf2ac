import { describe, expect, it } from 'vitest';
import { buildMenuTemplate } from './menu';

const actions = { openDocs: () => undefined, reload: () => undefined, toggleDevTools: () => undefined };
const labels = (t: ReturnType<typeof buildMenuTemplate>) => JSON.stringify(t, (_k, v: unknown) => (typeof v === 'function' ? undefined : v));

describe('application menu', () => {
  it('has an app menu on macOS only', () => {
    expect(buildMenuTemplate('darwin', 'SNATScope', actions, true)[0]!.label).toBe('SNATScope');
    expect(buildMenuTemplate('linux', 'SNATScope', actions, true)[0]!.label).toBe('File');
  });
  it('offers developer tools only in unpackaged builds', () => {
    expect(labels(buildMenuTemplate('linux', 'S', actions, false))).toContain('Toggle Developer Tools');
    expect(labels(buildMenuTemplate('linux', 'S', actions, true))).not.toContain('Toggle Developer Tools');
  });
});
