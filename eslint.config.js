import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noElectron = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'electron', message: 'Only main/electron and preload may import electron (DESIGN 2).' }],
    patterns: [{ group: ['electron/*'], message: 'Only main/electron and preload may import electron.' }],
  }],
};

export default tseslint.config(
  { ignores: ['node_modules/', '.cache/', '.devcarry/', '.gl/', 'dist/', 'out/', 'release/', 'test-results/', 'models/', 'assets/', '**/*.js', '!eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['main/core/**', 'main/training/**', 'main/cli/**', 'main/workers/**'], rules: noElectron },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'child_process', 'os', 'worker_threads', 'electron'], message: 'The renderer never imports Node modules; use window.api.' },
          { group: ['**/main/**'], message: 'The renderer talks to main only through preload/contract.ts.' },
        ],
      }],
    },
  },
);
