// The CLI's one output filter (the built CLI end to end: e2e/integration/cli-hostile-output.test.ts).
import { describe, expect, it } from 'vitest';
import { terminalSafe } from './terminal-text';

describe('terminal-safe CLI output', () => {
  it('shows control and bidi characters as visible escapes, keeps newlines, tabs and text', () => {
    expect(terminalSafe('a\u001b]0;pwned\u0007b\r\u009bc\u202ed\te\n中文')).toBe('a\\u001b]0;pwned\\u0007b\\u000d\\u009bc\\u202ed\te\n中文');
  });

  it('keeps JSON valid and equal', () => {
    const value = { key: 'a\u009b\u202eb', n: 1 };
    expect(JSON.parse(terminalSafe(JSON.stringify(value)))).toEqual(value);
  });
});
