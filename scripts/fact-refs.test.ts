// Every citation of the fact sheet in code and docs ("source-ip-facts §N", "fact sheet §N") must
// name a section that docs/source-ip-facts.md has, so a newcomer can follow it.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const SCANNED = ['src-main', 'src-renderer', 'e2e', 'resources', 'scripts', 'docs', 'README.md'];
const SKIP_DIRS = new Set(['node_modules', 'out', 'dist', 'test-results', 'playwright-report']);
const TEXT = /\.(ts|vue|mjs|js|md|json|yaml|yml)$/;
const REF = /(?:source-ip-facts|fact sheet)\s*§\s*(\d+)/g;

function* files(path: string): Generator<string> {
  const st = statSync(path);
  if (st.isFile()) {
    if (TEXT.test(path)) yield path;
    return;
  }
  for (const entry of readdirSync(path)) if (!SKIP_DIRS.has(entry)) yield* files(join(path, entry));
}

export function sectionsOf(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^## §(\d+)\b/gm)].map((m) => m[1] as string));
}

export function unresolvedRefs(text: string, sections: Set<string>): string[] {
  return [...text.matchAll(REF)].map((m) => m[1] as string).filter((n) => !sections.has(n));
}

describe('fact sheet references', () => {
  const sections = sectionsOf(readFileSync(join(root, 'docs/source-ip-facts.md'), 'utf8'));

  it('the fact sheet has its five sections', () => {
    expect([...sections].sort()).toEqual(['1', '2', '3', '4', '5']);
  });

  it('finds a reference to a missing section (the check itself works)', () => {
    // Built at run time so that this file itself holds no reference to a missing section.
    const sample = ['see source-ip-facts §1 and fact sheet', '§', '9'].join(' ');
    expect(unresolvedRefs(sample, sections)).toEqual(['9']);
  });

  it('every reference in the tree resolves', () => {
    const bad: string[] = [];
    let seen = 0;
    for (const top of SCANNED) {
      for (const file of files(join(root, top))) {
        const text = readFileSync(file, 'utf8');
        seen += [...text.matchAll(REF)].length;
        for (const n of unresolvedRefs(text, sections)) bad.push(`${relative(root, file)}: §${n}`);
      }
    }
    expect(seen).toBeGreaterThan(20);
    expect(bad).toEqual([]);
  });
});
