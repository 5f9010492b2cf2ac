// Proves the layering lint rules in eslint.config.js fire on violating files (and stay quiet on
// allowed ones), using ESLint's own API against the real config.
import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '..') });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layering lint rules', () => {
  it('core/ may not import electron', async () => {
    expect(await ruleIds("import { app } from 'electron';\nexport const x = app;\n", 'src-main/core/probe/bad.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { readFile } from 'node:fs/promises';\nexport const x = readFile;\n", 'src-main/core/probe/ok.ts')).not.toContain('no-restricted-imports');
  });

  it('core/ may not import the Electron glue', async () => {
    expect(await ruleIds("import { registerIpc } from '../../electron/ipc';\nexport const x = registerIpc;\n", 'src-main/core/probe/bad.ts')).toContain('no-restricted-imports');
  });

  it('the renderer may import only the contract from src-main', async () => {
    const file = 'src-renderer/src/stores/bad.ts';
    expect(await ruleIds("import { createServices } from '../../../src-main/core/services';\nexport const x = createServices;\n", file)).toContain('no-restricted-imports');
    expect(await ruleIds("import { registerIpc } from '../../../src-main/electron/ipc';\nexport const x = registerIpc;\n", file)).toContain('no-restricted-imports');
    expect(await ruleIds("import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n", file)).toContain('no-restricted-imports');
    expect(await ruleIds("import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", file)).toContain('no-restricted-imports');
    expect(await ruleIds("import type { Settings } from '../../../src-main/contract';\nexport type X = Settings;\n", file)).not.toContain('no-restricted-imports');
  });

  it('the renderer takes contract values from the zod-free module, types from anywhere in the contract', async () => {
    const file = 'src-renderer/src/stores/bad.ts';
    expect(await ruleIds("import { PROBE_STEPS } from '../../../src-main/contract';\nexport const x = PROBE_STEPS;\n", file)).toContain('@typescript-eslint/no-restricted-imports');
    expect(await ruleIds("import { ProbeOptions } from '../../../src-main/contract/probe';\nexport const x = ProbeOptions;\n", file)).toContain('@typescript-eslint/no-restricted-imports');
    expect(await ruleIds("import { PROBE_STEPS } from '../../../src-main/contract/constants';\nexport const x = PROBE_STEPS;\n", file)).toEqual([]);
    expect(await ruleIds("import type { ProbeStep } from '../../../src-main/contract';\nexport type X = ProbeStep;\n", file)).toEqual([]);
  });

  it('the contract stays environment-neutral', async () => {
    expect(await ruleIds("import { readFile } from 'node:fs';\nexport const x = readFile;\n", 'src-main/contract/bad.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { createServices } from '../core/services';\nexport const x = createServices;\n", 'src-main/contract/bad.ts')).toContain('no-restricted-imports');
  });

  it('v-html is forbidden in components', async () => {
    const sfc = '<script setup lang="ts">\ndefineProps<{ name: string }>();\n</script>\n\n<template>\n  <div v-html="name"></div>\n</template>\n';
    expect(await ruleIds(sfc, 'src-renderer/src/components/Bad.vue')).toContain('vue/no-v-html');
    const ok = '<script setup lang="ts">\ndefineProps<{ name: string }>();\n</script>\n\n<template>\n  <div>{{ name }}</div>\n</template>\n';
    expect(await ruleIds(ok, 'src-renderer/src/components/Ok.vue')).toEqual([]);
  });
});
