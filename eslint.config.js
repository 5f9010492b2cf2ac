// Lint rules that keep the layers honest (see README "Architecture"). A unit test
// (src-main/lint-rules.test.ts) proves each layering rule fires on a violating file.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'url', 'util', 'stream', 'worker_threads'];

export default defineConfig(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'playwright-report/**', 'test-results/**', 'e2e/lint-fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      // Cluster data (pod names, labels) is attacker-controlled: never render it as HTML.
      'vue/no-v-html': 'error',
    },
  },
  {
    // core/ is plain Node: it runs in unit tests, the CLI and the browser-mode bridge.
    files: ['src-main/core/**/*.ts', 'src-main/contract/**/*.ts', 'src-main/bridge/**/*.ts', 'src-main/cli.ts', 'src-main/serve.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'core/ must not import electron: keep Electron glue in src-main/electron/.' }],
          patterns: [{ group: ['**/electron/**', '../electron', '../../electron'], message: 'core/ must not depend on the Electron glue.' }],
        },
      ],
    },
  },
  {
    // The contract is shared with the renderer: environment-neutral, no Node either.
    files: ['src-main/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The contract is shared with the renderer: no electron.' }],
          patterns: [
            { group: nodeBuiltins, message: 'The contract is shared with the renderer: no Node built-ins.' },
            {
              // Only the environment-neutral model (types, explanations) may be shared with the renderer.
              regex: '^\\.\\./core/(?!(inventory/types|inspect/types|probe/session-types|probe/session-messages|prediction/[^/]+|verdict/[^/]+|scan/[^/]+|explain/[^/]+|topology/[^/]+|what-if/(types|catalog|from-fix))$)',
              message: 'The contract may import only the environment-neutral model from core/.',
            },
            { group: ['../electron/**', '../bridge/**', '../host/**'], message: 'The contract must not import main-side code.' },
          ],
        },
      ],
    },
  },
  {
    // The renderer talks to main only through the contract.
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.vue'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer never imports electron: use the contract API (src/api/client.ts).' }],
          patterns: [
            {
              group: ['**/src-main/**', '!**/src-main/contract', '!**/src-main/contract/**'],
              message: 'The renderer may import only the contract from src-main.',
            },
            { group: nodeBuiltins, message: 'The renderer runs in a sandboxed web page: no Node built-ins.' },
          ],
        },
      ],
    },
  },
  {
    // Values from the contract come from its zod-free modules: a value import from the index or a
    // schema module pulls the whole schema library into the window's first bundle (start-up).
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.vue'],
    ignores: ['**/*.test.ts', 'src-renderer/src/test/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: 'src-main/contract(/(?!(constants|build-api|names|model)$)[^/]+)?$',
              allowTypeImports: true,
              message: 'Import contract values from src-main/contract/constants (zod-free); types may come from the index with `import type`.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
