// The probe's terminal table in both languages (issue 15, item 9): the same words as report.md,
// and no untranslated English in zh-CN outside proper nouns and Kubernetes field names (the
// strict check of every CLI and export output, with its allow-list: src-main/cli/zh-cn-text.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSession } from '../../core/export/session-file';
import { markdownReport } from '../../core/export/markdown';
import { renderSessionText } from './probe';

const sample = parseSession(readFileSync(join(import.meta.dirname, '../../../resources/sample/seed-session.json'), 'utf8'));

/** English words the table, the finding and the cleanup line used to leave untranslated. */
const ENGLISH = /\b(desktop|pod on|ok|timeout|completed|cleanup|deleted|yes|no|preserved|dropped|refused|source rewritten|as predicted)\b/i;

describe('renderSessionText', () => {
  it('prints the matrix, the finding and the cleanup in English', () => {
    const text = renderSessionText(sample, 'en');
    expect(text).toMatch(/^ORIGIN\s+ENTRY\s+SERVICE \(POLICY\)\s+RESULT/m);
    expect(text).toContain('desktop');
    expect(text).toMatch(/cleanup: deleted/i);
  });

  it('leaves no English word of its own in zh-CN', () => {
    const text = renderSessionText(sample, 'zh-CN');
    expect(text).toContain('来源');
    expect(text).toContain('清理');
    // Fixes carry kubectl commands and YAML (proper syntax, not prose): look at the rest.
    const prose = text.split(/\n(?=修复建议：)/)[0]!;
    const hits = prose.split('\n').filter((l) => ENGLISH.test(l.replace(/externalTrafficPolicy|internalTrafficPolicy|NodePort|ClusterIP|SNAT|kube-proxy|default\/[a-z-]+|node\d|echo-[a-z0-9-]+/g, '')));
    expect(hits).toEqual([]);
  });
});

describe('report.md: every row has its numbered explanation (issue 15, item 7)', () => {
  it('explains pod-origin rows, not only the desktop ones', () => {
    const md = markdownReport(sample, { locale: 'en' });
    const why = md.slice(md.indexOf('## Why'));
    expect(why).toMatch(/### desktop/);
    expect(why).toMatch(/### pod on node1/);
  });
});
