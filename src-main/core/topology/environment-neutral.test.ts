// The topology module runs in the renderer and in exports without a browser: no Node built-ins,
// no cytoscape, no clock and no randomness (positions must be reproducible).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = import.meta.dirname;
const modules = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('topology modules are pure and environment-neutral', () => {
  it('has modules to check', () => expect(modules.length).toBeGreaterThan(3));
  it.each(modules)('%s', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s+(?:type\s+)?[^'"]*?from\s+'([^']+)'/gm)) {
      expect(m[1]!.startsWith('./') || m[1]!.startsWith('../'), `import ${m[1]}`).toBe(true);
      expect(m[1]).not.toMatch(/cytoscape|electron|\/host\/|\/cluster\//);
    }
    expect(text).not.toMatch(/\brequire\(|process\.|\bBuffer\.|Math\.random|Date\.now|new Date\b|performance\./);
  });
});
