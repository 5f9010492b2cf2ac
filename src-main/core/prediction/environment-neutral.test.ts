// The model runs in the renderer too: no Node built-ins, no electron, and @kubernetes/client-node
// only as types. Checks every non-test module of the model's directories.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const dirs = ['inventory', 'prediction', 'verdict', 'scan', 'explain', 'what-if'];
const ALLOWED = new Set(['ipaddr.js', 'yaml']);

function modules(): string[] {
  return dirs.flatMap((d) =>
    readdirSync(join(root, d))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && (d !== 'inventory' || f === 'types.ts' || f.startsWith('detect-')))
      .map((f) => join(root, d, f)),
  );
}

describe('environment-neutral model modules', () => {
  it.each(modules().map((m) => [m.slice(root.length + 1), m]))('%s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)) {
      const [, , typeOnly, spec] = m;
      if (spec!.startsWith('.')) continue;
      if (spec === '@kubernetes/client-node') {
        expect(typeOnly, `${spec} must be a type-only import`).toBeTruthy();
        continue;
      }
      expect(ALLOWED.has(spec!), `unexpected import ${spec}`).toBe(true);
    }
    expect(text).not.toMatch(/\brequire\(|process\.|globalThis\.(process|Buffer)|\bBuffer\./);
  });
});
